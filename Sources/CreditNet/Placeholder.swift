// CreditNet
