# Values from the plan this bundle was generated from.
alarm_email = "ops@example.com"
# Not part of the plan, so Terraform asks for them, or add them here: secret_arn.
