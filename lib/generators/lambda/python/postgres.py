"""The PostgreSQL adapter of the rotation function (psycopg2). Identifiers are quoted with
psycopg2.sql.Identifier; passwords are bound as parameters, and only as SCRAM-SHA-256 verifiers,
so the plain password never reaches the server (where statement logging or pg_stat_statements
would keep it)."""

import base64
import hashlib
import hmac
import os

import psycopg2
from psycopg2 import sql


ENGINE_LABEL = "PostgreSQL"
ENGINE_NAMES = ("postgres", "postgresql", "aurora-postgresql")
DEFAULT_PORT = 5432
DEFAULT_DBNAME = "postgres"
SCRAM_ITERATIONS = 4096


def connect(target, username, password, settings):
    """A connection as username; LoginRejected when the server refuses the credentials."""
    options = {
        "host": target.host,
        "port": target.port,
        "dbname": target.dbname,
        "user": username,
        "password": password,
        "connect_timeout": 5,
        "application_name": "secrets-manager-rotation",
    }
    if settings.tls == "verify":
        options.update(sslmode="verify-full", sslrootcert=settings.ca_bundle)
    elif settings.tls == "require":
        options.update(sslmode="require")
    else:
        options.update(sslmode="disable")
    try:
        return psycopg2.connect(**options)
    except psycopg2.OperationalError as error:
        text = " ".join(str(error).split())
        if "password authentication failed" in text or ('role "' in text and "does not exist" in text):
            raise LoginRejected(text) from None
        raise RotationError(connection_problem(text, target, settings, _pg_hba_hint(text, settings))) from None


def _pg_hba_hint(text, settings):
    """What to check when the server's pg_hba.conf rules turned the client away; None otherwise."""
    if "pg_hba.conf" not in text.lower():
        return None
    if settings.tls == "disable":
        return "the server's pg_hba.conf rules reject this client, probably because it requires TLS and DB_TLS=disable turns TLS off"
    return "the server's pg_hba.conf rules reject this client (on RDS, see rds.force_ssl in the parameter group)"


def run_test_query(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    connection.rollback()


def _change(connection, what, statements):
    """Runs statements in one transaction, so that a failure leaves nothing half done."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '10s'")
            for statement, parameters in statements(cursor):
                cursor.execute(statement, parameters)
        connection.commit()
    except RotationError:
        connection.rollback()
        raise
    except psycopg2.Error as error:
        connection.rollback()
        text = " ".join((error.pgerror or str(error)).split())
        hint = ""
        if error.pgcode == "42501":
            hint = " The login lacks the privilege: the admin needs CREATEROLE (and ADMIN OPTION on the user's role from PostgreSQL 16)."
        raise RotationError("could not %s: %s%s" % (what, text, hint)) from None


def _password_verifier(password):
    """The SCRAM-SHA-256 verifier PostgreSQL stores for password (RFC 5802/7677)."""
    if not (password.isascii() and password.isprintable()):
        return password  # the server applies SASLprep to anything else itself
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("ascii"), salt, SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()

    def encode(raw):
        return base64.b64encode(raw).decode("ascii")

    return "SCRAM-SHA-256$%d:%s$%s:%s" % (SCRAM_ITERATIONS, encode(salt), encode(stored_key), encode(server_key))


# [single]
def set_own_password(connection, username, password):
    """Changes the password of the logged-in user."""
    statement = sql.SQL("ALTER ROLE {} WITH PASSWORD %s").format(sql.Identifier(username))
    _change(connection, "change the password of %s" % username, lambda cursor: [(statement, (_password_verifier(password),))])


# [/single]
# [alternating]
MAX_USER_NAME_BYTES = 63


def check_user_name(username):
    """PostgreSQL silently truncates longer names, which would rotate the wrong role."""
    if len(username.encode("utf-8")) > MAX_USER_NAME_BYTES:
        raise RotationError(
            "user name %s is longer than PostgreSQL's %d bytes; alternating users need a user name "
            "short enough for the _clone suffix" % (username, MAX_USER_NAME_BYTES)
        )


def set_user_password(connection, username, password):
    """Changes another user's password with the admin's rights."""
    statement = sql.SQL("ALTER ROLE {} WITH PASSWORD %s").format(sql.Identifier(username))
    _change(connection, "change the password of %s" % username, lambda cursor: [(statement, (_password_verifier(password),))])


def ensure_clone(connection, base, clone, password):
    """Creates the clone if needed, makes it a member of the base user's role (so it has the same
    privileges, and owner rights on the base user's objects) and sets its password."""
    check_user_name(clone)
    verifier = _password_verifier(password)

    def statements(cursor):
        # Concurrent invocations take turns (the lock ends with the transaction), so that the one
        # that comes second sees the clone the first created instead of failing to create it again.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(clone),))
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (base,))
        if cursor.fetchone() is None:
            raise RotationError("user %s does not exist, so its clone cannot get its privileges" % base)
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (clone,))
        verb = "ALTER" if cursor.fetchone() else "CREATE"
        yield sql.SQL(verb + " ROLE {} WITH LOGIN INHERIT PASSWORD %s").format(sql.Identifier(clone)), (verifier,)
        yield sql.SQL("GRANT {} TO {}").format(sql.Identifier(base), sql.Identifier(clone)), None

    _change(connection, "create or update user %s as a member of %s" % (clone, base), statements)


def _lock_key(name):
    """A 64-bit advisory lock key for a role name."""
    return int.from_bytes(hashlib.sha256(b"secrets-manager-rotation:" + name.encode("utf-8")).digest()[:8], "big", signed=True)


def missing_privileges(connection, base, user):
    """What user lacks of the base user's privileges: it has them all when it may use the base
    user's role without SET ROLE (a member, with INHERIT); an empty list: nothing is missing."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_has_role(%s, %s, 'USAGE')", (user, base))
            inherits = cursor.fetchone()[0]
        connection.rollback()
    except psycopg2.Error as error:
        connection.rollback()
        raise RotationError("could not compare the privileges of %s and %s: %s" % (user, base, " ".join(str(error).split()))) from None
    return [] if inherits else ["membership in role %s with INHERIT (which carries every privilege of %s)" % (base, base)]
# [/alternating]
