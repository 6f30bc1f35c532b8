"""Runs the bundle's scripts/test-rotation.sh against the Secrets Manager double, with stand-ins for
`aws` and `terraform` on PATH (stub-aws/), once per outcome a rotation can have.

    /usr/bin/python3 tests/rotation/check_test_rotation_script.py SCRIPT [--only CASE] [--out results.json]
    /usr/bin/python3 tests/rotation/check_test_rotation_script.py --list

The double serves describe-secret and rotate-secret; RotateSecret "invokes the function", here a
stand-in that stores AWSPENDING and moves AWSCURRENT through the same API a rotation function uses
(or stops half way, for a failed rotation). The double ends a rotation either way AWS documents
(AWSPENDING removed, or left on the new AWSCURRENT version). Prints one line per case and
"N passed, M failed"; exit status 1 if any failed.
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid

import boto3

from secrets_manager_double import SecretsManagerDouble

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = os.path.join(HERE, "stub-aws")
LOG_GROUP = "/aws/lambda/app-db-rotation"
FAILURE_LOG = [
    "2025-01-01T00:00:01 [ERROR] setSecret arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db version v failed: "
    "could not copy grant 'GRANT SELECT ON `reports`.* TO ...' (error 1142)",
    "2025-01-01T00:00:02 [ERROR] RotationError: setSecret failed: could not copy grant",
]
CASES = []


def case(name, finish_outcome, timeout=20):
    def register(function):
        CASES.append((name, finish_outcome, timeout, function))
        return function

    return register


class Run:
    """One run of the script: the double, the secret, the stubs, and what came out."""

    def __init__(self, script, finish_outcome, timeout):
        self.script, self.timeout = script, timeout
        self.double = SecretsManagerDouble(finish_outcome)
        self.endpoint = self.double.start()
        self.arn = self.double.create_secret("app-db/rotation-test", json.dumps({"username": "app", "password": "first"}))
        self.first = self.double.version_of(self.arn, "AWSCURRENT")
        self.dir = tempfile.mkdtemp(prefix="test-rotation-sh-")
        self.calls_file = os.path.join(self.dir, "aws-calls.jsonl")
        self.env = dict(
            os.environ,
            PATH=self._stub_bin() + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_CONFIG_FILE="/dev/null",
            AWS_SHARED_CREDENTIALS_FILE="/dev/null",
            AWS_EC2_METADATA_DISABLED="true",
            AWS_MAX_ATTEMPTS="1",
            STUB_AWS_ENDPOINT=self.endpoint,
            STUB_AWS_CALLS=self.calls_file,
            STUB_AWS_LOG_FILE=self._write("logs.txt", "\n".join(FAILURE_LOG) + "\n"),
            STUB_TERRAFORM_OUTPUTS=self._write("outputs.json", json.dumps({"secret_arn": self.arn, "rotation_log_group": LOG_GROUP})),
            ROTATION_POLL_SECONDS="0.1",
            ROTATION_TIMEOUT_SECONDS=str(timeout),
        )
        self.returncode, self.stdout, self.stderr = None, "", ""

    def _write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def _stub_bin(self):
        bin_dir = os.path.join(self.dir, "bin")
        os.mkdir(bin_dir)
        for tool in ("aws", "terraform"):
            path = os.path.join(bin_dir, tool)
            with open(path, "w") as f:
                f.write('#!/bin/sh\nexec /usr/bin/python3 "%s" "$@"\n' % os.path.join(STUBS, tool + ".py"))
            os.chmod(path, 0o755)
        return bin_dir

    def function(self, succeeds=True, delay=0.3):
        """A stand-in rotation function, through the API as a real one: stores AWSPENDING, then
        (when it succeeds) moves AWSCURRENT to it; a failed one stops after storing."""
        client = boto3.client("secretsmanager", endpoint_url=self.endpoint)

        def rotate(arn, token):
            time.sleep(delay)
            client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString=json.dumps({"username": "app", "password": token}), VersionStages=["AWSPENDING"])
            if not succeeds:
                return
            time.sleep(delay)
            current = self.double.version_of(arn, "AWSCURRENT")
            client.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=current)

        return rotate

    def run(self):
        # The script runs in an empty folder, with nothing from the plan on its command line.
        try:
            done = subprocess.run(
                ["bash", self.script], cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=self.timeout + 30
            )
            self.returncode, self.stdout, self.stderr = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as expired:
            self.stdout, self.stderr = _text(expired.stdout), _text(expired.stderr)
            raise AssertionError("the script was still running after %ss" % (self.timeout + 30)) from None

    def aws_calls(self):
        if not os.path.exists(self.calls_file):
            return []
        with open(self.calls_file) as f:
            return [json.loads(line) for line in f]

    def rotate_secret_calls(self):
        return [call for call in self.aws_calls() if call[:2] == ["secretsmanager", "rotate-secret"]]

    def close(self):
        self.double.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def expect(self, condition, message):
        if not condition:
            raise AssertionError("%s\n--- exit status %s\n--- stdout\n%s--- stderr\n%s" % (message, self.returncode, self.stdout, self.stderr))


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else (value or "")


@case("rotated, AWSPENDING removed", "removes-pending")
def rotated_pending_removed(run):
    run.double.rotator = run.function()
    run.run()
    new = run.double.version_of(run.arn, "AWSCURRENT")
    run.expect(new != run.first and run.double.version_of(run.arn, "AWSPENDING") is None, "the rotation did not end as set up")
    run.expect(run.returncode == 0, "a successful rotation must exit 0")
    run.expect("Rotated: AWSCURRENT moved from %s to %s." % (run.first, new) in run.stdout, "the script does not report the rotation")
    run.expect(len(run.rotate_secret_calls()) == 1, "the script must start exactly one rotation")


@case("rotated, AWSPENDING left on the new AWSCURRENT version", "keeps-pending")
def rotated_pending_kept(run):
    run.double.rotator = run.function()
    run.run()
    new = run.double.version_of(run.arn, "AWSCURRENT")
    run.expect(new != run.first and run.double.version_of(run.arn, "AWSPENDING") == new, "the rotation did not end as set up")
    run.expect(run.returncode == 0, "a successful rotation that leaves AWSPENDING on AWSCURRENT must exit 0")
    run.expect("Rotated: AWSCURRENT moved from %s to %s" % (run.first, new) in run.stdout, "the script does not report the rotation")
    run.expect("AWSPENDING stays on it too" in run.stdout, "the script does not say where AWSPENDING is")


@case("a rotation already under way, which then finishes", "removes-pending")
def already_under_way(run):
    # As after "terraform apply" with rotate_immediately: the service started the first rotation.
    token = str(uuid.uuid4())
    run.double.start_rotation(run.arn, token)
    finish = run.function(delay=0)

    def finish_once_the_script_waits():
        # The first DescribeSecret is the script's look before it decides; the second, its first
        # poll: only then does the rotation under way finish.
        while len(run.double.calls_of("DescribeSecret")) < 2:
            time.sleep(0.01)
        finish(run.arn, token)

    threading.Thread(target=finish_once_the_script_waits, daemon=True).start()
    run.double.rotator = run.function()  # would make a second rotation succeed too, if the script started one
    run.run()
    run.expect(run.rotate_secret_calls() == [], "the script called RotateSecret although a rotation was under way")
    run.expect(run.double.version_of(run.arn, "AWSCURRENT") == token, "the rotation under way did not finish")
    run.expect(run.returncode == 0, "waiting for a rotation that succeeds must exit 0")
    run.expect("already under way" in run.stdout and token in run.stdout, "the script does not say that it waits for the rotation under way")
    run.expect("Rotated: AWSCURRENT moved from %s to %s." % (run.first, token) in run.stdout, "the script does not report the rotation")


@case("the rotation fails", "removes-pending", timeout=2)
def rotation_fails(run):
    run.double.rotator = run.function(succeeds=False)
    run.run()
    run.expect(run.double.version_of(run.arn, "AWSCURRENT") == run.first, "the rotation did not fail as set up")
    run.expect(run.returncode == 1, "a failed rotation must exit 1")
    run.expect("did not finish within 2 seconds" in run.stderr, "the script does not say the rotation did not finish")
    run.expect(all(line in run.stderr for line in FAILURE_LOG), "the script does not show the function's last log lines")
    run.expect(["logs", "tail", LOG_GROUP, "--since", "1h"] in run.aws_calls(), "the script did not read the log group from terraform output")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("script", nargs="?", help="the generated scripts/test-rotation.sh")
    parser.add_argument("--only", action="append", help="run only this case (repeatable)")
    parser.add_argument("--out", help="write the results as JSON here")
    parser.add_argument("--list", action="store_true", help="print the case names as JSON and exit")
    args = parser.parse_args()
    if args.list:
        print(json.dumps([name for name, _, _, _ in CASES]))
        return 0
    if not args.script:
        parser.error("the script to test is required")
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
                      AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_MAX_ATTEMPTS="1")
    results = []
    for name, finish_outcome, timeout, function in CASES:
        if args.only and name not in args.only:
            continue
        run = Run(os.path.abspath(args.script), finish_outcome, timeout)
        try:
            function(run)
            results.append({"case": name, "passed": True})
            print("ok   %s" % name, flush=True)
        except Exception as error:
            results.append({"case": name, "passed": False, "error": "%s: %s" % (type(error).__name__, error)})
            print("FAIL %s: %s" % (name, error), flush=True)
        finally:
            run.close()
    failed = sum(not result["passed"] for result in results)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
