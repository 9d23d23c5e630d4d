print("creditgated")
