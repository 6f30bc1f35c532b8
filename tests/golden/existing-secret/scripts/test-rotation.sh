#!/usr/bin/env bash
# Rotates the secret once, now, and reports whether it worked. If a rotation is already under way
# (the first one starts when rotation is turned on), it waits for that one instead of starting another.
# Run it from the bundle's folder after "terraform apply", with the same AWS credentials and region.
#
# Exit status: 0 rotated; 1 the rotation failed or did not finish in time; 2 it could not be checked.
# ROTATION_POLL_SECONDS (default 5) and ROTATION_TIMEOUT_SECONDS (default 300) set how often and
# how long it looks.
set -euo pipefail

poll="$(printenv ROTATION_POLL_SECONDS || echo 5)"
timeout="$(printenv ROTATION_TIMEOUT_SECONDS || echo 300)"
if ! [[ "$poll" =~ ^[0-9]+([.][0-9]+)?$ && "$timeout" =~ ^[0-9]+$ ]]; then
  echo "ROTATION_POLL_SECONDS must be a number of seconds and ROTATION_TIMEOUT_SECONDS a whole number." >&2
  exit 2
fi

secret_arn="$(terraform output -raw secret_arn)" || exit 2
log_group="$(terraform output -raw rotation_log_group 2>/dev/null || true)"

# One describe-secret: "<AWSCURRENT> <AWSPENDING> <AWSPREVIOUS> <on|off>": the versions carrying
# those labels (- for none) and whether rotation is turned on.
labels() {
  local described
  described="$(aws secretsmanager describe-secret --secret-id "$secret_arn" --output json)" || return 1
  python3 -c 'import json, sys
secret = json.loads(sys.argv[1])
stages = secret.get("VersionIdsToStages") or {}
def holder(label):
    return next((v for v, s in stages.items() if label in s), "-")
print(holder("AWSCURRENT"), holder("AWSPENDING"), holder("AWSPREVIOUS"), "on" if secret.get("RotationEnabled") else "off")' "$described"
}

show_logs() {
  if [ -n "$log_group" ]; then
    echo "Last lines of the rotation function's log ($log_group):" >&2
    { aws logs tail "$log_group" --since 1h 2>&1 | tail -n 40; } >&2 || echo "(could not read the log group)" >&2
  else
    echo "This bundle has no log group output; read the rotation function's logs in CloudWatch." >&2
  fi
}

# AWSPENDING on a version other than AWSCURRENT means a rotation is unfinished: wait for it
# (sets target) rather than start another, which Secrets Manager would refuse.
rotation_under_way() {
  local current="$1" pending="$2" enabled="$3"
  [[ "$pending" != "-" && "$pending" != "$current" ]] || return 1
  if [ "$enabled" != "on" ]; then
    echo "Version $pending is still AWSPENDING, but rotation is turned off, so nothing will finish it." >&2
    echo "Turn rotation on again (terraform apply), then run this script again." >&2
    exit 1
  fi
  echo "A rotation is already under way: version $pending is AWSPENDING, $current is AWSCURRENT."
  echo "Waiting for it instead of starting another."
  target="$pending"
}

state="$(labels)" || exit 2
read -r current pending previous enabled <<<"$state"
before="$current"
if ! rotation_under_way "$current" "$pending" "$enabled"; then
  echo "Current version: $current"
  echo "Starting a rotation of $secret_arn ..."
  if response="$(aws secretsmanager rotate-secret --secret-id "$secret_arn" --output json)"; then
    target="$(python3 -c 'import json, sys; print(json.loads(sys.argv[1]).get("VersionId") or "")' "$response")"
    [ -n "$target" ] || { echo "RotateSecret returned no version id." >&2; exit 2; }
    echo "Rotating to version $target."
  else
    # Someone, or the schedule, may have started a rotation meanwhile: then wait for that one.
    state="$(labels)" || exit 2
    read -r current pending previous enabled <<<"$state"
    if ! rotation_under_way "$current" "$pending" "$enabled"; then
      echo "Secrets Manager did not start the rotation (its error is above)." >&2
      exit 1
    fi
  fi
fi

# A rotation takes seconds; a cold function in a VPC is slower to start.
started=$SECONDS
while :; do
  if state="$(labels)"; then
    read -r current pending previous enabled <<<"$state"
    if [ "$previous" = "$target" ]; then
      echo "Rotated: version $target became AWSCURRENT, and another rotation has since replaced it with $current."
      exit 0
    fi
    if [ "$current" = "$target" ]; then
      if [ "$pending" = "$target" ]; then
        echo "Rotated: AWSCURRENT moved from $before to $target (AWSPENDING stays on it too, as AWS allows after a successful rotation)."
      else
        echo "Rotated: AWSCURRENT moved from $before to $target."
      fi
      exit 0
    fi
    if [ "$pending" != "$target" ]; then
      echo "The rotation to version $target ended without making it AWSCURRENT: it was cancelled or replaced." >&2
      echo "AWSCURRENT is $current; AWSPENDING is on $pending (- for none)." >&2
      show_logs
      exit 1
    fi
  else
    state=""
    echo "describe-secret failed; trying again." >&2
  fi
  if (( SECONDS - started >= timeout )); then
    break
  fi
  sleep "$poll"
done

if [ -z "$state" ]; then
  echo "Could not read the secret's labels (the errors are above), so the outcome is unknown." >&2
  exit 2
fi
echo "The rotation to version $target did not finish within $timeout seconds: AWSCURRENT is still $current." >&2
show_logs
echo "Secrets Manager retries a failed rotation from the same pending version. Fix the cause the log shows" >&2
echo "(see the troubleshooting table in README.md), then run this script again: it waits for that rotation." >&2
exit 1
