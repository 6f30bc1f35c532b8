region             = "eu-west-1"
subnet_ids         = ["subnet-0123", "subnet-4567"]
security_group_ids = ["sg-0123"]
