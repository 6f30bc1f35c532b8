import type { FileGenerator } from "./types";

/**
 * scripts/test-rotation.sh: starts one rotation with the AWS CLI and waits for its outcome. It reads
 * everything from `terraform output`, so no plan value is spliced into shell code.
 */
const SCRIPT = String.raw`#!/usr/bin/env bash
# Rotates the secret once, now, and reports whether it worked.
# Run it from the bundle's folder after "terraform apply", with the same AWS credentials and region.
set -euo pipefail

secret_arn="$(terraform output -raw secret_arn)"
log_group="$(terraform output -raw rotation_log_group 2>/dev/null || true)"

stage_version() {
  aws secretsmanager describe-secret --secret-id "$secret_arn" --output json |
    python3 -c 'import json, sys
stages = json.load(sys.stdin).get("VersionIdsToStages", {})
print(next((v for v, s in stages.items() if sys.argv[1] in s), ""))' "$1"
}

before="$(stage_version AWSCURRENT)"
echo "Current version: $before"
echo "Starting a rotation of $secret_arn ..."
aws secretsmanager rotate-secret --secret-id "$secret_arn" >/dev/null

# A rotation takes seconds; give it up to five minutes (a cold function in a VPC is slow to start).
for _ in $(seq 1 60); do
  sleep 5
  current="$(stage_version AWSCURRENT)"
  pending="$(stage_version AWSPENDING)"
  if [ "$current" != "$before" ] && [ -z "$pending" ]; then
    echo "Rotated: AWSCURRENT moved from $before to $current."
    exit 0
  fi
done

echo "The rotation did not finish within five minutes." >&2
if [ -n "$log_group" ]; then
  echo "Last lines of $log_group:" >&2
  aws logs tail "$log_group" --since 10m >&2 || true
fi
echo "See the troubleshooting table in README.md." >&2
exit 1
`;

export const testRotationSh: FileGenerator = () => ({ path: "scripts/test-rotation.sh", content: SCRIPT, executable: true });
