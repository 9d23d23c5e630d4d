// CreditServer
