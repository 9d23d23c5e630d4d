// CreditStore
