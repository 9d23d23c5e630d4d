// CreditClient
