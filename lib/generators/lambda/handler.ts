/**
 * The engine-independent part of the rotation function: the entry point, the four steps of the
 * Secrets Manager rotation protocol, the settings read from the environment, and the helpers that
 * read the secret. The database adapter (postgres.ts or mysql.ts) supplies connect(),
 * run_test_query() and the password-changing functions the chosen strategy needs.
 */
import type { PythonPart } from "./python";

export type Strategy = "single" | "alternating";

const imports = {
  standard: ["import collections", "import json", "import logging", "import os", "import threading", "import traceback"],
  thirdParty: ["import boto3", "import botocore.config", "import botocore.exceptions"],
};

const moduleState = String.raw`
logger = logging.getLogger()
logger.setLevel(logging.INFO)

HERE = os.path.dirname(os.path.abspath(__file__))
TLS_MODES = ("verify", "require", "disable")
# The database a secret points at; a rotation never moves a user to another one.
Target = collections.namedtuple("Target", "host port dbname")
_clients = {}
_clients_lock = threading.Lock()  # boto3 sessions are not safe to create from several threads at once
`;

const entryPoint = String.raw`
def lambda_handler(event, context):
    """Runs one rotation step. Secrets Manager calls it with Step = createSecret, setSecret,
    testSecret and finishSecret in turn, and again with the same token after a failure."""
    try:
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    except (KeyError, TypeError):
        raise RotationError("the event must carry SecretId, ClientRequestToken and Step") from None
    rotation = None
    try:
        settings = Settings(os.environ)
        rotation = Rotation(_secrets_manager(settings), arn, token, step, settings)
        _run_step(rotation)
    except RotationError as error:
        message = str(error)
    except botocore.exceptions.ClientError as error:
        message = _explain_aws_error(error)
    except (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError) as error:
        message = (
            "cannot reach Secrets Manager (%s). Check that the function's subnets reach it: an interface "
            "VPC endpoint for secretsmanager with private DNS, or a NAT gateway, and that the security "
            "groups allow HTTPS (443) from the function to the endpoint" % error
        )
    except Exception as error:  # a bug or an unexpected library error: keep where it happened
        where = traceback.format_tb(error.__traceback__)[-1].strip().replace("\n", " | ")
        message = "unexpected %s: %s (at %s)" % (type(error).__name__, error, where)
    else:
        return
    if rotation is not None:
        message = rotation.redact(message)
    logger.error("%s %s version %s failed: %s", step, arn, token, message)
    raise RotationError("%s failed: %s" % (step, message)) from None


def _run_step(rotation):
    """The checks AWS asks of every step, then the step itself."""
    metadata = rotation.client.describe_secret(SecretId=rotation.arn)
    if not metadata.get("RotationEnabled"):
        raise RotationError("rotation is not enabled for this secret; turn it on (RotateSecret) before rotating")
    stages = metadata.get("VersionIdsToStages", {}).get(rotation.token)
    if stages is None:
        raise RotationError("version %s is not a version of this secret (stale or foreign token)" % rotation.token)
    if "AWSCURRENT" in stages:
        rotation.log("this version is already AWSCURRENT; nothing to do")
        return
    if "AWSPENDING" not in stages:
        raise RotationError(
            "version %s is not AWSPENDING (stages: %s); only the pending version can be rotated to"
            % (rotation.token, ", ".join(stages) or "none")
        )
    steps = {
        "createSecret": create_secret,
        "setSecret": set_secret,
        "testSecret": test_secret,
        "finishSecret": finish_secret,
    }
    if rotation.step not in steps:
        raise RotationError("unknown step %r; expected one of %s" % (rotation.step, ", ".join(steps)))
    steps[rotation.step](rotation)
`;

function createSecretStep(strategy: Strategy): string {
  // Alternating users: each rotation hands the new password to the user that is not current.
  const pendingUser =
    strategy === "alternating"
      ? String.raw`
    pending["username"] = other_user(current["username"])
    check_user_name(pending["username"])`
      : "";
  return String.raw`
def create_secret(rotation):
    """Stores a new password as AWSPENDING, unless this version already holds one."""
    current = rotation.secret("AWSCURRENT")
    if rotation.optional_secret("AWSPENDING", rotation.token) is not None:
        rotation.log("AWSPENDING already holds a value; nothing to do")
        return
    pending = dict(current)${pendingUser}
    pending["password"] = rotation.random_password()
    try:
        rotation.client.put_secret_value(
            SecretId=rotation.arn,
            ClientRequestToken=rotation.token,
            SecretString=json.dumps(pending),
            VersionStages=["AWSPENDING"],
        )
    except botocore.exceptions.ClientError as error:
        if _aws_error_code(error) != "ResourceExistsException":
            raise
        # A concurrent invocation stored its value first; that value stands.
        rotation.secret("AWSPENDING", rotation.token)
        rotation.log("another invocation stored AWSPENDING first; keeping its value")
        return
    rotation.log("stored a new password for user %s as AWSPENDING", pending["username"])
`;
}

const singleUserSetSecret = String.raw`
def set_secret(rotation):
    """Changes the user's password to AWSPENDING, logging in as the user itself: with AWSCURRENT,
    or with AWSPREVIOUS when the database still has the previous password."""
    pending = rotation.secret("AWSPENDING", rotation.token)
    current = rotation.secret("AWSCURRENT")
    target = same_database(pending, current)
    if pending["username"] != current["username"]:
        raise RotationError(
            "AWSPENDING is for user %s but AWSCURRENT for %s; single-user rotation changes one user's password"
            % (pending["username"], current["username"])
        )
    if logs_in(target, pending, rotation.settings):
        rotation.log("the database already accepts AWSPENDING; nothing to do")
        return
    connection, stage = None, None
    for stage in ("AWSCURRENT", "AWSPREVIOUS"):
        known = current if stage == "AWSCURRENT" else rotation.optional_secret(stage)
        if known is None or known["username"] != pending["username"]:
            continue
        try:
            connection = connect(target, known["username"], known["password"], rotation.settings)
            break
        except LoginRejected:
            rotation.log("%s does not log in as %s", stage, known["username"])
    if connection is None:
        if logs_in(target, pending, rotation.settings):
            rotation.log("a concurrent invocation already set AWSPENDING; nothing to do")
            return
        raise RotationError(
            "neither AWSCURRENT nor AWSPREVIOUS logs in as %s on %s:%s, so the password cannot be changed. "
            "It was probably changed outside Secrets Manager: store the database's real password as "
            "AWSCURRENT, then rotate again%s" % (pending["username"], target.host, target.port, login_hint(rotation.settings))
        )
    try:
        set_own_password(connection, pending["username"], pending["password"])
    except RotationError:
        if logs_in(target, pending, rotation.settings):
            rotation.log("a concurrent invocation already set AWSPENDING; nothing to do")
            return
        raise
    finally:
        connection.close()
    rotation.log("changed the password of user %s (logged in with %s)", pending["username"], stage)
`;

const alternatingSetSecret = String.raw`
def set_secret(rotation):
    """Gives the user that is not current the AWSPENDING password, logging in with the admin
    secret named by masterarn; creates <user>_clone with the user's privileges the first time.

    Runs in full every time, even when AWSPENDING already logs in: a login proves nothing about
    privileges (an earlier run may have stopped half way, or the admin may have been refused a
    grant), and every statement is idempotent. Any error fails the step."""
    pending = rotation.secret("AWSPENDING", rotation.token)
    current = rotation.secret("AWSCURRENT")
    target = same_database(pending, current)
    if pending["username"] != other_user(current["username"]):
        raise RotationError(
            "AWSPENDING is for user %s but alternating users expects %s (AWSCURRENT is %s)"
            % (pending["username"], other_user(current["username"]), current["username"])
        )
    # The admin acts only for a secret whose own credentials work, so that whoever can edit this
    # secret cannot use the admin to take over another user (confused deputy).
    if not logs_in(target, current, rotation.settings):
        raise RotationError(
            "AWSCURRENT does not log in as %s on %s:%s; the admin secret is used only for a secret whose "
            "current credentials work. Store the user's real password as AWSCURRENT, then rotate again%s"
            % (current["username"], target.host, target.port, login_hint(rotation.settings))
        )
    base = base_user(current["username"])
    connection = admin_connection(rotation, current, target)
    try:
        if pending["username"] == base:
            set_user_password(connection, base, pending["password"])
        else:
            ensure_clone(connection, base, pending["username"], pending["password"])
    finally:
        connection.close()
    rotation.log("set the password of user %s with the admin secret", pending["username"])


def admin_connection(rotation, current, target):
    """A connection to this secret's database as the admin of the secret named by masterarn."""
    master_arn = current.get("masterarn")
    if not master_arn:
        raise RotationError("the secret has no masterarn: alternating users need the ARN of the admin secret")
    master = rotation.secret("AWSCURRENT", secret_id=master_arn, required=("username", "password"))
    host = master.get("host")
    if host is None:
        # No host: a secret that RDS manages for the master user (named rds!db-... or
        # rds!cluster-...) holds only username and password. Such a secret belongs to the very
        # instance or cluster that this secret points at, so the admin logs in at this secret's
        # host, port and dbname. The RDS API (DescribeDBInstances) is not asked where the instance
        # is: the function's network path reaches only the database and Secrets Manager, and that
        # call would need another VPC endpoint or a NAT gateway and more IAM permissions. The check
        # above still holds: the admin acts only where this secret's own credentials log in.
        rotation.log("the admin secret %s names no host; logging in at this secret's %s:%s", master_arn, target.host, target.port)
    elif not isinstance(host, str) or str(host).lower() != str(target.host).lower():
        raise RotationError(
            "the admin secret %s is for host %s but this secret for %s; the admin password is only sent to its own host"
            % (master_arn, host, target.host)
        )
    try:
        return connect(target, master["username"], master["password"], rotation.settings)
    except LoginRejected:
        raise RotationError(
            "the admin secret %s does not log in as %s on %s:%s: check that it holds the admin's current password%s"
            % (master_arn, master["username"], target.host, target.port, login_hint(rotation.settings))
        ) from None
`;

const alternatingUsers = String.raw`
CLONE_SUFFIX = "_clone"


def base_user(username):
    """The original user of an alternating pair."""
    return username[: -len(CLONE_SUFFIX)] if username.endswith(CLONE_SUFFIX) else username


def other_user(username):
    """The user of the pair that is not this one: app -> app_clone -> app."""
    return base_user(username) if username.endswith(CLONE_SUFFIX) else username + CLONE_SUFFIX
`;

function testSecretStep(strategy: Strategy): string {
  // Alternating users: a login is not enough; the clone must hold what the base user holds.
  const privilegeCheck =
    strategy === "alternating"
      ? String.raw`
    base = base_user(pending["username"])
    if pending["username"] != base:
        admin = admin_connection(rotation, rotation.secret("AWSCURRENT"), target)
        try:
            missing = missing_privileges(admin, base, pending["username"])
        finally:
            admin.close()
        if missing:
            raise RotationError(
                "user %s lacks privileges that %s has: %s. setSecret copies them with the admin secret; "
                "check that its user holds each of them WITH GRANT OPTION, then let the rotation retry"
                % (pending["username"], base, "; ".join(missing))
            )
        rotation.log("user %s holds every privilege of %s", pending["username"], base)`
      : "";
  const summary =
    strategy === "alternating"
      ? "Logs in with AWSPENDING and runs a query; a clone must also hold every privilege of the\n    base user, so that a partial copy can never become AWSCURRENT."
      : "Logs in with AWSPENDING and runs a query.";
  return String.raw`
def test_secret(rotation):
    """${summary}"""
    pending = rotation.secret("AWSPENDING", rotation.token)
    target = secret_target(pending)
    try:
        connection = connect(target, pending["username"], pending["password"], rotation.settings)
    except LoginRejected:
        raise RotationError(
            "AWSPENDING does not log in as %s on %s:%s: setSecret has not run, or the password was changed since"
            % (pending["username"], target.host, target.port)
        ) from None
    try:
        run_test_query(connection)
    finally:
        connection.close()
    rotation.log("AWSPENDING logs in as %s and runs queries", pending["username"])${privilegeCheck}
`;
}

const finishStep = String.raw`
def finish_secret(rotation):
    """Moves AWSCURRENT to this version; Secrets Manager moves AWSPREVIOUS to the old one."""
    current_version = rotation.version_with("AWSCURRENT")
    if current_version == rotation.token:
        rotation.log("this version is already AWSCURRENT; nothing to do")
        return
    try:
        rotation.client.update_secret_version_stage(
            SecretId=rotation.arn,
            VersionStage="AWSCURRENT",
            MoveToVersionId=rotation.token,
            RemoveFromVersionId=current_version,
        )
    except botocore.exceptions.ClientError:
        # A concurrent invocation may have moved the label between our read and our write. AWS
        # documents only that the call then fails, not with which error, so read the labels again.
        if rotation.version_with("AWSCURRENT") == rotation.token:
            rotation.log("a concurrent invocation already made this version AWSCURRENT")
            return
        raise
    rotation.log("moved AWSCURRENT from version %s to this version", current_version)
`;

const support = String.raw`
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
`;

/** The handler and the steps; `adapter` is the chosen engine's part. */
export function handlerParts(strategy: Strategy): PythonPart[] {
  return [
    { imports, blocks: [moduleState, entryPoint] },
    {
      blocks: [
        createSecretStep(strategy),
        strategy === "alternating" ? alternatingSetSecret : singleUserSetSecret,
        testSecretStep(strategy),
        finishStep,
        ...(strategy === "alternating" ? [alternatingUsers] : []),
        support,
      ],
    },
  ];
}
