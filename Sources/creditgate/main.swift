print("creditgate")
