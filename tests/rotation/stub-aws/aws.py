"""A stand-in for the AWS CLI, for testing scripts/test-rotation.sh against the Secrets Manager
double: only the commands that script runs, with the CLI's output and exit codes.

    aws secretsmanager describe-secret --secret-id ID [--output json]
    aws secretsmanager rotate-secret --secret-id ID [--output json]
    aws logs tail GROUP [--since DURATION]

Secrets Manager commands go through boto3 to the double at $STUB_AWS_ENDPOINT (the CLI is botocore
too); `logs tail` prints $STUB_AWS_LOG_FILE. Exit codes as the AWS CLI documents them
(https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html): 254 when the service
returned an error, 252 for a command or parameter it does not know. Every call is appended to
$STUB_AWS_CALLS (one JSON array per line) when that is set.
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree

import json
import os

import boto3
import botocore.exceptions

SERVICE_ERROR, USAGE_ERROR = 254, 252
SECRETS_MANAGER_COMMANDS = {"describe-secret": "describe_secret", "rotate-secret": "rotate_secret"}


def options(words, allowed):
    """--name value pairs; None when a word is not one of the allowed options."""
    parsed = {}
    while words:
        if len(words) < 2 or words[0] not in allowed:
            return None
        parsed[words[0]] = words[1]
        words = words[2:]
    return parsed


def secrets_manager(command, words):
    parsed = options(words, ("--secret-id", "--output"))
    if parsed is None or "--secret-id" not in parsed or parsed.get("--output", "json") != "json":
        return usage("aws secretsmanager %s %s" % (command, " ".join(words)))
    client = boto3.client("secretsmanager", endpoint_url=os.environ["STUB_AWS_ENDPOINT"])
    try:
        response = getattr(client, SECRETS_MANAGER_COMMANDS[command])(SecretId=parsed["--secret-id"])
    except botocore.exceptions.ClientError as error:
        print("\n%s" % error, file=sys.stderr)  # "An error occurred (Code) when calling the X operation: ..."
        return SERVICE_ERROR
    response.pop("ResponseMetadata", None)
    print(json.dumps(response, indent=4, default=str))
    return 0


def logs_tail(words):
    if not words or options(words[1:], ("--since",)) is None:
        return usage("aws logs tail %s" % " ".join(words))
    with open(os.environ["STUB_AWS_LOG_FILE"]) as f:
        sys.stdout.write(f.read())
    return 0


def usage(command):
    print("stub aws: the test double does not know: %s" % command, file=sys.stderr)
    return USAGE_ERROR


def main(argv):
    if os.environ.get("STUB_AWS_CALLS"):
        with open(os.environ["STUB_AWS_CALLS"], "a") as f:
            f.write(json.dumps(argv) + "\n")
    if len(argv) >= 2 and argv[0] == "secretsmanager" and argv[1] in SECRETS_MANAGER_COMMANDS:
        return secrets_manager(argv[1], argv[2:])
    if argv[:2] == ["logs", "tail"]:
        return logs_tail(argv[2:])
    return usage("aws " + " ".join(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
