"""A Secrets Manager test double that a real boto3 client talks to.

It speaks the AWS JSON 1.1 protocol (POST /, X-Amz-Target: secretsmanager.<Operation>) on
127.0.0.1 and implements the calls a rotation function makes, with the rules AWS documents:

- DescribeSecret: RotationEnabled, VersionIdsToStages (versions that carry a label).
- GetSecretValue: by VersionStage and/or VersionId (both must name the same version; AWSCURRENT
  when neither); a version without a value (the one RotateSecret creates) is ResourceNotFound.
- PutSecretValue: ClientRequestToken is the version id; the same token with the same value is
  ignored, with another value it is ResourceExistsException; labels move to the new version
  (AWSCURRENT by default), and moving AWSCURRENT leaves AWSPREVIOUS on the old current version.
- UpdateSecretVersionStage: a label attached to another version moves only when
  RemoveFromVersionId names that version (the operation fails otherwise); AWSCURRENT moves
  leave AWSPREVIOUS behind; AWSCURRENT cannot just be removed.
- RotateSecret: stages AWSPENDING on a new, empty version (ClientRequestToken), refused while
  another rotation is unfinished, then "invokes the function" (the `rotator` hook) in the
  background, as the service does.
- How a rotation ends, both ways AWS documents (see FINISH_OUTCOMES): AWSPENDING removed from the
  version that becomes AWSCURRENT, or left on it. And versions that carry no label any more can be
  deleted at once (delete_unlabelled), as AWS may do.
- GetRandomPassword: PasswordLength (1-4096), ExcludeCharacters, Exclude{Numbers,Punctuation,
  Uppercase,Lowercase}, IncludeSpace, RequireEachIncludedType.
A label is on at most one version at any time.

The service side of rotation (RotateSecret's AWSPENDING staging on an empty version) and fault
injection are Python methods for the tests; every request is recorded in `calls`.
The labels' own rules are in secret_versions.py, the HTTP side in secrets_manager_http.py.
"""

import secrets
import string
import threading
import time
import uuid

from secret_versions import CURRENT, PENDING, AwsError, Secret, Version
from secrets_manager_http import serve

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

# The two ends of a successful rotation that AWS documents; a rotation function must work with both.
# - "removes-pending": the user guide's "Lambda rotation functions" page says that finishSecret's
#   UpdateSecretVersionStage, moving AWSCURRENT to the new version, "also removes the AWSPENDING
#   label in the same API call":
#   https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
# - "keeps-pending": the RotateSecret API reference says that when rotation is successful "the
#   AWSPENDING staging label might be attached to the same version as the AWSCURRENT version, or it
#   might not be attached to any version":
#   https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html
# The profile "removes-pending" also deletes versions the moment they lose their last label: the
# DescribeSecret reference (VersionIdsToStages) says "Versions that don't have staging labels are
# considered deprecated and Secrets Manager can delete them", and the double takes that at its
# word, so nothing may depend on reading an unlabelled version.
FINISH_OUTCOMES = {
    "removes-pending": {"pending_after_finish": "removed", "delete_unlabelled": True},
    "keeps-pending": {"pending_after_finish": "kept", "delete_unlabelled": False},
}


class SecretsManagerDouble:
    def __init__(self, finish_outcome="keeps-pending"):
        """finish_outcome: one of FINISH_OUTCOMES, how a successful rotation leaves the labels."""
        outcome = FINISH_OUTCOMES[finish_outcome]
        self.finish_outcome = finish_outcome
        self.pending_after_finish = outcome["pending_after_finish"]
        self.delete_unlabelled = outcome["delete_unlabelled"]
        self._lock = threading.RLock()
        self._secrets = {}
        self._faults = []
        self._delays = {}
        self._passwords = []
        self.calls = []
        self._server = None
        # What RotateSecret invokes in the background, like the service invoking the rotation
        # function: rotator(secret_arn, token). None: RotateSecret only stages AWSPENDING.
        self.rotator = None

    # ---- test hooks ---------------------------------------------------------------------------
    def create_secret(self, name, value, rotation_enabled=True):
        with self._lock:
            secret = Secret(name)
            secret.rotation_enabled = rotation_enabled
            self._secrets[secret.arn] = secret
            version = str(uuid.uuid4())
            secret.versions[version] = Version(value)
            secret.attach(CURRENT, version)
            return secret.arn

    def start_rotation(self, secret_id, token):
        """What RotateSecret does before it invokes the function: an empty version carrying
        AWSPENDING. Refused while another version holds AWSPENDING without AWSCURRENT."""
        with self._lock:
            secret = self._find(secret_id)
            if not secret.rotation_enabled:
                raise AwsError("InvalidRequestException", "Rotation is not enabled for this secret.")
            pending, current = secret.holder(PENDING), secret.holder(CURRENT)
            if pending not in (None, current, token):
                # API_RotateSecret: "If the AWSPENDING staging label is present but not attached to the
                # same version as AWSCURRENT, then any later invocation of RotateSecret assumes that a
                # previous rotation request is still in progress and returns an error." The error is
                # InvalidRequestException with this message (as quoted in hashicorp/terraform-provider-aws
                # issue 35023). Nothing depends on the code: scripts/test-rotation.sh looks at the
                # labels before it calls RotateSecret.
                raise AwsError("InvalidRequestException", "A previous rotation isn't complete. That rotation will be reattempted.")
            if token not in secret.versions:
                secret.versions[token] = Version(None)
            secret.attach(PENDING, token)
            self._tidy(secret)

    def set_rotation_enabled(self, secret_id, enabled):
        with self._lock:
            self._find(secret_id).rotation_enabled = enabled

    def put_current(self, secret_id, value):
        """An operator storing a value as AWSCURRENT (PutSecretValue without stages)."""
        return self._put_secret_value({"SecretId": secret_id, "ClientRequestToken": str(uuid.uuid4()), "SecretString": value})

    def value(self, secret_id, stage=CURRENT, version_id=None):
        request = {"SecretId": secret_id, "VersionStage": stage}
        if version_id:
            request = {"SecretId": secret_id, "VersionId": version_id}
        return self._get_secret_value(request)["SecretString"]

    def has_version(self, secret_id, version_id):
        with self._lock:
            return version_id in self._find(secret_id).versions

    def version_of(self, secret_id, stage):
        with self._lock:
            return self._find(secret_id).holder(stage)

    def stages(self, secret_id):
        with self._lock:
            return self._find(secret_id).labelled()

    def fail(self, operation, error="InternalServiceError", times=1, when=None, drop=False):
        """The next `times` calls of operation (whose request contains `when`) fail with `error`
        (HTTP 500 for InternalServiceError, else 400), or lose their connection when drop."""
        with self._lock:
            self._faults.append({"operation": operation, "error": error, "times": times, "when": when or {}, "drop": drop})

    def delay(self, operation, seconds):
        """Every call of operation waits this long before it is handled (0 to stop), so that
        concurrent callers all get past their reads before the first write lands."""
        with self._lock:
            self._delays[operation] = seconds

    def clear_faults(self):
        with self._lock:
            self._faults = []
            self._delays = {}

    def queue_password(self, password):
        """The next GetRandomPassword returns this password."""
        with self._lock:
            self._passwords.append(password)

    def calls_of(self, operation):
        with self._lock:
            return [request for op, request in self.calls if op == operation]

    # ---- server -------------------------------------------------------------------------------
    def start(self):
        self._server, endpoint = serve(self)
        return endpoint

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def dispatch(self, operation, request):
        """Returns (status, body) or None to drop the connection."""
        with self._lock:
            self.calls.append((operation, request))
            fault = self._take_fault(operation, request)
            delay = self._delays.get(operation, 0)
        if delay:
            time.sleep(delay)
        if fault is not None:
            if fault["drop"]:
                return None
            status = 500 if fault["error"] in ("InternalServiceError", "InternalFailure") else 400
            return status, {"__type": fault["error"], "message": "injected fault"}
        handler = {
            "DescribeSecret": self._describe_secret,
            "GetSecretValue": self._get_secret_value,
            "PutSecretValue": self._put_secret_value,
            "UpdateSecretVersionStage": self._update_secret_version_stage,
            "GetRandomPassword": self._get_random_password,
            "RotateSecret": self._rotate_secret,
        }.get(operation)
        if handler is None:
            return 400, {"__type": "UnknownOperationException", "message": "the double does not implement %s" % operation}
        try:
            return 200, handler(request)
        except AwsError as error:
            return error.status, {"__type": error.code, "message": error.message}

    def _take_fault(self, operation, request):
        for fault in self._faults:
            if fault["operation"] == operation and all(request.get(k) == v for k, v in fault["when"].items()):
                fault["times"] -= 1
                if fault["times"] <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # ---- operations ---------------------------------------------------------------------------
    def _tidy(self, secret):
        if self.delete_unlabelled:
            secret.delete_unlabelled()

    def _find(self, secret_id):
        if not secret_id:
            raise AwsError("InvalidParameterException", "SecretId is required.")
        for secret in self._secrets.values():
            if secret_id in (secret.arn, secret.name):
                return secret
        raise AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")

    def _describe_secret(self, request):
        with self._lock:
            secret = self._find(request.get("SecretId"))
            return {
                "ARN": secret.arn,
                "Name": secret.name,
                "RotationEnabled": secret.rotation_enabled,
                "VersionIdsToStages": secret.labelled(),
            }

    def _get_secret_value(self, request):
        with self._lock:
            secret = self._find(request.get("SecretId"))
            version_id, stage = request.get("VersionId"), request.get("VersionStage")
            if not version_id and not stage:
                stage = CURRENT
            version = secret.versions.get(version_id) if version_id else None
            if stage:
                holder = secret.holder(stage)
                if holder is None or (version_id and holder != version_id):
                    # API_GetSecretValue lists ResourceNotFoundException ("Secrets Manager can't find the
                    # resource that you asked for"). createSecret depends on it: a version that
                    # RotateSecret staged but no one has given a value yet is not found, so the function
                    # stores one (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html;
                    # the DescribeSecret reference: "To check if a secret version exists, call GetSecretValue").
                    raise AwsError(
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for VersionId: %s, VersionStage: %s" % (version_id, stage),
                    )
                version_id, version = holder, secret.versions[holder]
            if version is None or version.value is None:
                raise AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for VersionId: %s" % version_id)
            return {
                "ARN": secret.arn,
                "Name": secret.name,
                "VersionId": version_id,
                "SecretString": version.value,
                "VersionStages": sorted(version.stages),
                "CreatedDate": version.created,
            }

    def _put_secret_value(self, request):
        with self._lock:
            secret = self._find(request.get("SecretId"))
            token, value = request.get("ClientRequestToken"), request.get("SecretString")
            if not isinstance(token, str) or not 32 <= len(token) <= 64:
                raise AwsError("InvalidParameterException", "ClientRequestToken must be 32 to 64 characters.")
            if not isinstance(value, str):
                raise AwsError("InvalidParameterException", "SecretString is required (the double does not do SecretBinary).")
            stages = request.get("VersionStages") or [CURRENT]
            version = secret.versions.get(token)
            if version is not None and version.value is not None:
                if version.value != value:
                    # API_PutSecretValue: the same ClientRequestToken with the same data "succeeds but does
                    # nothing"; with different data "the operation fails because you can't modify an
                    # existing version", and the errors it lists include ResourceExistsException. createSecret
                    # depends on it to notice that a concurrent invocation stored its value first
                    # (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html).
                    raise AwsError(
                        "ResourceExistsException",
                        "A version with VersionId %s already exists with a different value; versions cannot be changed." % token,
                    )
                return {"ARN": secret.arn, "Name": secret.name, "VersionId": token, "VersionStages": sorted(version.stages)}
            if version is None:
                version = secret.versions[token] = Version(value)
            version.value = value
            for stage in stages:
                secret.attach(stage, token)
            self._tidy(secret)
            return {"ARN": secret.arn, "Name": secret.name, "VersionId": token, "VersionStages": sorted(version.stages)}

    def _update_secret_version_stage(self, request):
        with self._lock:
            secret = self._find(request.get("SecretId"))
            stage = request.get("VersionStage")
            move_to, remove_from = request.get("MoveToVersionId"), request.get("RemoveFromVersionId")
            if not stage:
                raise AwsError("InvalidParameterException", "VersionStage is required.")
            for version_id in (move_to, remove_from):
                if version_id and version_id not in secret.versions:
                    raise AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret version %s." % version_id)
            holder = secret.holder(stage)
            # API_UpdateSecretVersionStage: when the label is attached to another version and
            # RemoveFromVersionId is missing or names another version, "the operation fails". The page
            # names no error code for it; the double answers InvalidParameterException, and the rotation
            # function does not depend on the code (finishSecret reads the labels again after any error).
            if remove_from and holder != remove_from:
                raise AwsError(
                    "InvalidParameterException",
                    "The staging label %s is attached to version %s, not to RemoveFromVersionId %s." % (stage, holder, remove_from),
                )
            if move_to:
                if holder not in (None, move_to) and remove_from != holder:
                    raise AwsError(
                        "InvalidParameterException",
                        "The staging label %s is attached to version %s; specify it as RemoveFromVersionId to move the label." % (stage, holder),
                    )
                pending_here = stage == CURRENT and PENDING in secret.versions[move_to].stages
                secret.attach(stage, move_to)
                if pending_here and self.pending_after_finish == "removed":
                    secret.versions[move_to].stages.discard(PENDING)  # see FINISH_OUTCOMES
            elif remove_from:
                if stage == CURRENT:
                    raise AwsError("InvalidParameterException", "You can't remove AWSCURRENT; move it to another version instead.")
                secret.versions[remove_from].stages.discard(stage)
            else:
                raise AwsError("InvalidParameterException", "Specify MoveToVersionId, RemoveFromVersionId or both.")
            self._tidy(secret)
            return {"ARN": secret.arn, "Name": secret.name}

    def _rotate_secret(self, request):
        """RotateSecret without new settings: start a rotation with the function already configured.
        The service answers at once and invokes the function asynchronously (API_RotateSecret:
        "Configures and starts the asynchronous process of rotating the secret")."""
        token = request.get("ClientRequestToken") or str(uuid.uuid4())
        with self._lock:
            secret = self._find(request.get("SecretId"))
            if request.get("RotationLambdaARN"):
                secret.rotation_enabled = True
            self.start_rotation(secret.arn, token)
            rotator = self.rotator
        if rotator is not None:
            threading.Thread(target=rotator, args=(secret.arn, token), daemon=True).start()
        return {"ARN": secret.arn, "Name": secret.name, "VersionId": token}

    def _get_random_password(self, request):
        length = request.get("PasswordLength", 32)
        if not isinstance(length, int) or not 1 <= length <= 4096:
            raise AwsError("InvalidParameterException", "PasswordLength must be from 1 to 4096.")
        excluded = set(request.get("ExcludeCharacters") or "")
        kinds = [
            ("ExcludeLowercase", string.ascii_lowercase),
            ("ExcludeUppercase", string.ascii_uppercase),
            ("ExcludeNumbers", string.digits),
            ("ExcludePunctuation", PUNCTUATION),
        ]
        pools = [chars for flag, chars in kinds if not request.get(flag)]
        if request.get("IncludeSpace"):
            pools.append(" ")
        pools = ["".join(c for c in pool if c not in excluded) for pool in pools]
        pools = [pool for pool in pools if pool]
        if not pools:
            raise AwsError("InvalidParameterException", "The password policy excludes every character.")
        require_each = request.get("RequireEachIncludedType", True)
        if require_each and length < len(pools):
            raise AwsError("InvalidParameterException", "PasswordLength is too short to include every character type.")
        with self._lock:
            if self._passwords:
                return {"RandomPassword": self._passwords.pop(0)}
        alphabet = "".join(pools)
        while True:
            password = "".join(secrets.choice(alphabet) for _ in range(length))
            if not require_each or all(any(c in pool for c in password) for pool in pools):
                return {"RandomPassword": password}

