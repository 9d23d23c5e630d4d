// CreditProtocol
