"""Checks that the Secrets Manager double follows the rules AWS documents, through a real boto3
client (so the rotation scenarios rest on a faithful double).

    /usr/bin/python3 tests/rotation/check_double.py
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree

import os
import time
import uuid

import boto3
import botocore.exceptions

from secrets_manager_double import FINISH_OUTCOMES, PUNCTUATION, SecretsManagerDouble

CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


def code_of(action):
    try:
        action()
    except botocore.exceptions.ClientError as error:
        return error.response["Error"]["Code"]
    return None


@check
def describe_lists_labelled_versions(double, client):
    arn = double.create_secret("describe", "v1")
    first = double.version_of(arn, "AWSCURRENT")
    metadata = client.describe_secret(SecretId=arn)
    assert metadata["ARN"] == arn and metadata["RotationEnabled"] is True
    assert metadata["VersionIdsToStages"] == {first: ["AWSCURRENT"]}
    assert code_of(lambda: client.describe_secret(SecretId="no-such-secret")) == "ResourceNotFoundException"


@check
def put_moves_current_and_previous(double, client):
    arn = double.create_secret("put", "v1")
    first = double.version_of(arn, "AWSCURRENT")
    second = client.put_secret_value(SecretId=arn, ClientRequestToken=str(uuid.uuid4()), SecretString="v2")["VersionId"]
    third = client.put_secret_value(SecretId=arn, ClientRequestToken=str(uuid.uuid4()), SecretString="v3")["VersionId"]
    stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
    assert stages == {second: ["AWSPREVIOUS"], third: ["AWSCURRENT"]}, stages  # first lost its label
    assert first not in stages
    assert client.get_secret_value(SecretId=arn)["SecretString"] == "v3"
    assert client.get_secret_value(SecretId=arn, VersionStage="AWSPREVIOUS")["SecretString"] == "v2"
    assert client.get_secret_value(SecretId=arn, VersionId=first)["SecretString"] == "v1"  # still readable by id


@check
def put_is_idempotent_per_token(double, client):
    arn = double.create_secret("idempotent", "v1")
    token = str(uuid.uuid4())
    client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString="new", VersionStages=["AWSPENDING"])
    client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString="new", VersionStages=["AWSPENDING"])
    assert code_of(
        lambda: client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString="other", VersionStages=["AWSPENDING"])
    ) == "ResourceExistsException"
    assert client.get_secret_value(SecretId=arn, VersionStage="AWSPENDING")["SecretString"] == "new"


@check
def rotation_start_creates_an_empty_pending_version(double, client):
    arn = double.create_secret("rotation", "v1")
    token = str(uuid.uuid4())
    double.start_rotation(arn, token)
    assert client.describe_secret(SecretId=arn)["VersionIdsToStages"][token] == ["AWSPENDING"]
    assert code_of(lambda: client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")) == "ResourceNotFoundException"
    client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString="v2", VersionStages=["AWSPENDING"])
    assert client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")["SecretString"] == "v2"
    current = double.version_of(arn, "AWSCURRENT")
    # VersionId and VersionStage must name the same version.
    assert code_of(lambda: client.get_secret_value(SecretId=arn, VersionId=current, VersionStage="AWSPENDING")) == "ResourceNotFoundException"
    try:  # like RotateSecret: no second rotation while this one is unfinished
        double.start_rotation(arn, str(uuid.uuid4()))
        raise AssertionError("a second rotation started")
    except Exception as error:
        assert "isn't complete" in str(error)


@check
def update_stage_follows_the_move_rules(double, client):
    arn = double.create_secret("stages", "v1")
    old = double.version_of(arn, "AWSCURRENT")
    new = client.put_secret_value(SecretId=arn, ClientRequestToken=str(uuid.uuid4()), SecretString="v2", VersionStages=["AWSPENDING"])["VersionId"]
    move = dict(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=new)
    assert code_of(lambda: client.update_secret_version_stage(**move)) == "InvalidParameterException"  # attached elsewhere
    assert code_of(lambda: client.update_secret_version_stage(RemoveFromVersionId=new, **move)) == "InvalidParameterException"  # wrong version
    assert code_of(lambda: client.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", RemoveFromVersionId=old)) == "InvalidParameterException"
    assert code_of(lambda: client.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=str(uuid.uuid4()))) == "ResourceNotFoundException"
    client.update_secret_version_stage(RemoveFromVersionId=old, **move)
    stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
    assert stages == {old: ["AWSPREVIOUS"], new: ["AWSCURRENT", "AWSPENDING"]}, stages
    client.update_secret_version_stage(SecretId=arn, VersionStage="AWSPENDING", RemoveFromVersionId=new)
    assert client.describe_secret(SecretId=arn)["VersionIdsToStages"][new] == ["AWSCURRENT"]


def finish_a_rotation(double, client, name):
    """A rotation as a function does it, through the API; returns (secret, old version, new version)."""
    arn = double.create_secret(name, "v1")
    old = double.version_of(arn, "AWSCURRENT")
    token = str(uuid.uuid4())
    double.start_rotation(arn, token)
    client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString="v2", VersionStages=["AWSPENDING"])
    client.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=old)
    return arn, old, token


@check
def rotation_ends_with_pending_on_current_when_kept(double, client):
    assert double.finish_outcome == "keeps-pending"  # the default, the double's behaviour before both outcomes
    arn, old, new = finish_a_rotation(double, client, "kept")
    assert client.describe_secret(SecretId=arn)["VersionIdsToStages"] == {old: ["AWSPREVIOUS"], new: ["AWSCURRENT", "AWSPENDING"]}
    double.start_rotation(arn, str(uuid.uuid4()))  # AWSPENDING on AWSCURRENT: the rotation is over, a new one may start


@check
def rotation_ends_without_pending_when_removed(_double, client):
    double = SecretsManagerDouble("removes-pending")
    other = boto3.client("secretsmanager", endpoint_url=double.start())
    try:
        arn, old, new = finish_a_rotation(double, other, "removed")
        assert other.describe_secret(SecretId=arn)["VersionIdsToStages"] == {old: ["AWSPREVIOUS"], new: ["AWSCURRENT"]}
        # Moving another label onto the current version leaves AWSPENDING alone elsewhere.
        token = str(uuid.uuid4())
        double.start_rotation(arn, token)
        assert double.version_of(arn, "AWSPENDING") == token
        # The version that loses its last label is deleted: not listed, not readable by id.
        third = other.put_secret_value(SecretId=arn, ClientRequestToken=str(uuid.uuid4()), SecretString="v3")["VersionId"]
        assert old not in other.describe_secret(SecretId=arn)["VersionIdsToStages"] and not double.has_version(arn, old)
        assert code_of(lambda: other.get_secret_value(SecretId=arn, VersionId=old)) == "ResourceNotFoundException"
        assert other.get_secret_value(SecretId=arn, VersionStage="AWSPREVIOUS")["VersionId"] == new
        assert other.get_secret_value(SecretId=arn)["VersionId"] == third
    finally:
        double.stop()
    assert set(FINISH_OUTCOMES) == {"removes-pending", "keeps-pending"}


@check
def rotate_secret_stages_pending_and_invokes_the_function(double, client):
    arn = double.create_secret("rotate-api", "v1")
    invoked = []
    double.rotator = lambda secret, token: invoked.append((secret, token))
    try:
        token = client.rotate_secret(SecretId=arn)["VersionId"]
        for _ in range(100):  # the function is invoked in the background
            if invoked:
                break
            time.sleep(0.01)
        assert invoked == [(arn, token)], invoked
        assert client.describe_secret(SecretId=arn)["VersionIdsToStages"][token] == ["AWSPENDING"]
        assert code_of(lambda: client.rotate_secret(SecretId=arn)) == "InvalidRequestException"  # unfinished
        assert len(invoked) == 1
    finally:
        double.rotator = None


@check
def random_passwords_follow_the_policy(double, client):
    password = client.get_random_password(PasswordLength=64, ExcludeCharacters="abc'\"\\")["RandomPassword"]
    assert len(password) == 64 and not set("abc'\"\\") & set(password)
    assert any(c in PUNCTUATION for c in password) and any(c.isdigit() for c in password)
    assert client.get_random_password(PasswordLength=10, ExcludePunctuation=True, ExcludeNumbers=True)["RandomPassword"].isalpha()
    assert " " in "".join(client.get_random_password(PasswordLength=200, IncludeSpace=True)["RandomPassword"] for _ in range(3))
    assert code_of(lambda: client.get_random_password(PasswordLength=5000)) == "InvalidParameterException"
    everything = dict(ExcludeLowercase=True, ExcludeUppercase=True, ExcludeNumbers=True, ExcludePunctuation=True)
    assert code_of(lambda: client.get_random_password(**everything)) == "InvalidParameterException"


@check
def faults_are_injected_once(double, client):
    arn = double.create_secret("faults", "v1")
    double.fail("DescribeSecret", "ThrottlingException")
    assert code_of(lambda: client.describe_secret(SecretId=arn)) == "ThrottlingException"
    client.describe_secret(SecretId=arn)
    double.fail("GetSecretValue", drop=True)
    try:
        client.get_secret_value(SecretId=arn)
        raise AssertionError("the dropped connection went unnoticed")
    except botocore.exceptions.HTTPClientError:
        pass
    assert client.get_secret_value(SecretId=arn)["SecretString"] == "v1"


def main():
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
                      AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_MAX_ATTEMPTS="1")
    double = SecretsManagerDouble()
    client = boto3.client("secretsmanager", endpoint_url=double.start())
    failed = 0
    for function in CHECKS:
        try:
            function(double, client)
            print("ok   %s" % function.__name__)
        except Exception as error:
            failed += 1
            print("FAIL %s: %r" % (function.__name__, error))
    double.stop()
    print("%d passed, %d failed" % (len(CHECKS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
