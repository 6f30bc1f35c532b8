# Values from the plan this bundle was generated from.
subnet_ids = ["subnet-0123456789abcdef0"]
# Not part of the plan, so Terraform asks for them, or add them here: db_host, db_name, db_username.
