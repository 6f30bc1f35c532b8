"""The helpers of the rotation steps: errors, settings, one invocation's view of the secret, Secrets
Manager errors explained, and what to check when the database cannot be reached."""

import json
import os

import boto3
import botocore.config
import botocore.exceptions


class RotationError(Exception):
    """A step failed. The message says what to check and never contains a password."""


class LoginRejected(Exception):
    """The database refused the user name or password (as opposed to being unreachable)."""


class Settings:
    """The function's environment variables; the code is the same for every plan."""

    def __init__(self, environ):
        self.endpoint = environ.get("SECRETS_MANAGER_ENDPOINT") or None
        self.exclude_characters = environ.get("EXCLUDE_CHARACTERS", "")
        self.password_length = _whole_number(environ, "PASSWORD_LENGTH", 32, 8, 4096)
        self.tls = environ.get("DB_TLS") or "verify"
        if self.tls not in TLS_MODES:
            raise RotationError("DB_TLS is %r; use verify (the default), require or disable" % self.tls)
        self.ca_bundle = environ.get("DB_CA_BUNDLE") or os.path.join(HERE, "rds-global-bundle.pem")
        if self.tls == "verify" and not os.path.isfile(self.ca_bundle):
            raise RotationError(
                "the CA bundle %s is missing: build the package with build.sh (it downloads the RDS bundle) "
                "or point DB_CA_BUNDLE at the CA file of your database's certificate" % self.ca_bundle
            )


def _whole_number(environ, name, default, lowest, highest):
    text = environ.get(name) or str(default)
    if not text.isdigit() or not lowest <= int(text) <= highest:
        raise RotationError("%s is %r; use a whole number from %d to %d" % (name, text, lowest, highest))
    return int(text)


class Rotation:
    """One invocation of one step: the secret, the version being rotated to, and the settings."""

    def __init__(self, client, arn, token, step, settings):
        self.client = client
        self.arn = arn
        self.token = token
        self.step = step
        self.settings = settings
        self._passwords = set()

    def log(self, message, *args):
        logger.info("%s %s version %s: " + message, self.step, self.arn, self.token, *args)

    def secret(self, stage, version_id=None, secret_id=None, required=("host", "username", "password")):
        """The database credentials held by a version of this secret (or of secret_id)."""
        request = {"SecretId": secret_id or self.arn, "VersionStage": stage}
        if version_id:
            request["VersionId"] = version_id
        response = self.client.get_secret_value(**request)
        where = "%s of %s" % (stage, request["SecretId"])
        try:
            value = json.loads(response.get("SecretString") or "")
        except ValueError:
            raise RotationError("%s is not JSON; it must be a database secret" % where) from None
        if not isinstance(value, dict):
            raise RotationError("%s is not a JSON object; it must be a database secret" % where)
        if isinstance(value.get("password"), str):
            self._passwords.add(value["password"])
        missing = [key for key in required if not isinstance(value.get(key), str) or not value[key]]
        if missing:
            expected = "host, username, password, port, dbname" if "host" in required else "at least username and password"
            raise RotationError("%s lacks %s; a database secret has %s" % (where, ", ".join(missing), expected))
        if value.get("engine") and value["engine"] not in ENGINE_NAMES:
            raise RotationError(
                "%s is for engine %r but this function rotates %s (%s)" % (where, value["engine"], ENGINE_LABEL, ", ".join(ENGINE_NAMES))
            )
        return value

    def optional_secret(self, stage, version_id=None):
        """Like secret(), or None when no version holds a value for that stage."""
        try:
            return self.secret(stage, version_id)
        except botocore.exceptions.ClientError as error:
            if _aws_error_code(error) == "ResourceNotFoundException":
                return None
            raise

    def version_with(self, stage):
        versions = self.client.describe_secret(SecretId=self.arn).get("VersionIdsToStages", {})
        return next((version for version, stages in versions.items() if stage in stages), None)

    def random_password(self):
        request = {"PasswordLength": self.settings.password_length}
        if self.settings.exclude_characters:
            request["ExcludeCharacters"] = self.settings.exclude_characters
        password = self.client.get_random_password(**request)["RandomPassword"]
        self._passwords.add(password)
        return password

    def redact(self, text):
        for password in sorted(self._passwords, key=len, reverse=True):
            if len(password) >= 4:
                text = text.replace(password, "********")
        return text


def _secrets_manager(settings):
    with _clients_lock:
        if settings.endpoint not in _clients:
            config = botocore.config.Config(connect_timeout=5, read_timeout=30)
            _clients[settings.endpoint] = boto3.client("secretsmanager", endpoint_url=settings.endpoint, config=config)
        return _clients[settings.endpoint]


def _aws_error_code(error):
    return error.response.get("Error", {}).get("Code", "")


def _explain_aws_error(error):
    code = _aws_error_code(error)
    text = "Secrets Manager %s failed with %s: %s" % (error.operation_name, code, error.response.get("Error", {}).get("Message", ""))
    if code in ("AccessDeniedException", "AccessDenied", "KMSAccessDeniedException") or "KMS" in code:
        text += (
            ". Check the function's IAM policy (secretsmanager:%s on this secret and the admin secret) and, "
            "for a customer managed key, kms:Decrypt and kms:GenerateDataKey on it" % error.operation_name
        )
    return text


def secret_target(secret):
    """Where a secret's database is: its host, port and database name."""
    port = secret.get("port") or DEFAULT_PORT
    try:
        port = int(port)
    except (TypeError, ValueError):
        raise RotationError("the secret's port %r is not a number" % (port,)) from None
    return Target(secret["host"], port, secret.get("dbname") or DEFAULT_DBNAME)


def same_database(pending, current):
    """The database both versions point at; a rotation must not move a user to another one."""
    target = secret_target(pending)
    if target != secret_target(current):
        raise RotationError(
            "AWSPENDING points at %s:%s/%s but AWSCURRENT at %s:%s/%s; a rotation does not move a user to another database"
            % (target + secret_target(current))
        )
    return target


def logs_in(target, secret, settings):
    """True when the database accepts the secret's credentials; unreachable is an error, not a no."""
    try:
        connection = connect(target, secret["username"], secret["password"], settings)
    except LoginRejected:
        return False
    connection.close()
    return True


def network_hint(target):
    return (
        "check that the function's subnets route to %s, that the database's security group allows the "
        "function's security group on port %s, the network ACLs, and the host name in the secret" % (target.host, target.port)
    )


def login_hint(settings):
    """Some servers that require TLS refuse a plaintext login as if the password were wrong."""
    if settings.tls == "disable":
        return ". With DB_TLS=disable, a server that requires TLS refuses logins this way too: use DB_TLS=verify"
    return ""


def tls_hint(settings):
    if settings.tls == "verify":
        return (
            "DB_TLS=verify needs the server to offer TLS with a certificate for the secret's host name, signed by a CA "
            "in DB_CA_BUNDLE (%s); use the endpoint host name, not an IP or a CNAME the certificate does not name" % settings.ca_bundle
        )
    if settings.tls == "require":
        return "DB_TLS=require needs the server to offer TLS (it does not verify the certificate)"
    return "DB_TLS=disable sends credentials in plaintext; this server seems to require TLS, so use DB_TLS=verify"


# Words in a database driver's connection error that blame the network, or TLS.
NETWORK_WORDS = ("refused", "timeout", "timed out", "translate host name", "name or service", "getaddrinfo", "no route", "unreachable")
TLS_WORDS = ("ssl", "certificate", "tls", "insecure transport")


def connection_problem(text, target, settings, server_hint=None):
    """What to say when connecting failed other than by refused credentials: the driver's text and
    what to check. server_hint is the adapter's reading of a server-side refusal, if it has one."""
    lowered = text.lower()
    if any(word in lowered for word in NETWORK_WORDS):
        hint = network_hint(target)
    elif any(word in lowered for word in TLS_WORDS):
        hint = tls_hint(settings)
    else:
        hint = server_hint or "check the host, port and dbname in the secret"
    return "cannot connect to %s at %s:%s (%s). Check: %s" % (ENGINE_LABEL, target.host, target.port, text, hint)
