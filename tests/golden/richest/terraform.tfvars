# Values from the plan this bundle was generated from.
master_secret_arn        = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/admin-GhIjKl"
master_kms_key_arn       = "arn:aws:kms:eu-west-1:111122223333:key/abcd1234-ab12-cd34-ef56-abcdef123456"
kms_key_arn              = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
subnet_ids               = ["subnet-0a1b2c3d", "subnet-0e1f2a3b"]
vpc_id                   = "vpc-0a1b2c3d"
db_security_group_id     = "sg-0ddd4444"
permissions_boundary_arn = "arn:aws:iam::111122223333:policy/org/boundary"
alarm_email              = "ops@example.com"
# Not part of the plan, so Terraform asks for them, or add them here: db_host, db_name, db_username.
