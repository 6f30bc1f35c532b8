# Values from the plan this bundle was generated from.
secret_arn         = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/app-XyZ123"
subnet_ids         = ["subnet-0a1b2c3d"]
security_group_ids = ["sg-0a1b2c3d"]
