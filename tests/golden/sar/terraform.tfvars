# Values from the plan this bundle was generated from.
subnet_ids = ["subnet-0a1b2c3d", "subnet-0e1f2a3b"]
# Not part of the plan, so Terraform asks for them, or add them here: db_host, db_name, db_username.
