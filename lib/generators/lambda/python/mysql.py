"""The MySQL / MariaDB adapter of the rotation function (PyMySQL). User names, hosts and
passwords reach SQL only as string literals escaped by PyMySQL; grants copied to the clone are
the server's own SHOW GRANTS output with only the grantee replaced."""

# [alternating]
import secrets
# [/alternating]
import ssl

import pymysql
from pymysql.constants import CLIENT


# [mysql]
ENGINE_LABEL = "MySQL"
# [/mysql]
# [mariadb]
ENGINE_LABEL = "MariaDB"
# [/mariadb]
ENGINE_NAMES = ("mysql", "mariadb", "aurora-mysql", "aurora")
DEFAULT_PORT = 3306
DEFAULT_DBNAME = None
ACCESS_DENIED = (1045, 1698)


class TlsOnlyConnection(pymysql.connections.Connection):
    """A PyMySQL connection that refuses to log in without TLS when TLS was asked for (PyMySQL
    itself carries on in plaintext if the server does not offer TLS)."""

    def _request_authentication(self):
        if self.ssl and not self.server_capabilities & CLIENT.SSL:
            raise RotationError(
                "%s at %s:%s does not offer TLS, and DB_TLS asks for it; turn TLS on in the server "
                "(nothing was sent in plaintext)" % (ENGINE_LABEL, self.host, self.port)
            )
        super()._request_authentication()


def _tls_context(settings):
    if settings.tls == "verify":
        try:
            context = ssl.create_default_context(cafile=settings.ca_bundle)
        except (OSError, ssl.SSLError) as error:
            raise RotationError("cannot read the CA bundle %s (DB_CA_BUNDLE): %s" % (settings.ca_bundle, error)) from None
        # The same checks on every Python version (3.13 adds X.509 strict mode) and as libpq.
        context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def connect(target, username, password, settings):
    """A connection as username; LoginRejected when the server refuses the credentials."""
    options = {
        "host": target.host,
        "port": target.port,
        "user": username,
        "password": password,
        "database": target.dbname,
        "connect_timeout": 5,
        "read_timeout": 30,
        "write_timeout": 30,
        "autocommit": True,
        "charset": "utf8mb4",
    }
    if settings.tls == "disable":
        options["ssl_disabled"] = True
    else:
        options["ssl"] = _tls_context(settings)
    try:
        return TlsOnlyConnection(**options)
    except pymysql.err.OperationalError as error:
        code = error.args[0] if error.args else None
        text = " ".join(str(error.args[-1] if error.args else error).split())
        if code in ACCESS_DENIED:
            raise LoginRejected(text) from None
        raise RotationError(connection_problem(text, target, settings)) from None


def run_test_query(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _execute(cursor, what, statement, parameters=None):
    try:
        cursor.execute(statement, parameters)
    except pymysql.err.MySQLError as error:
        code = error.args[0] if error.args else None
        text = " ".join(str(error.args[-1] if error.args else error).split())
        hint = ""
        if code in (1044, 1142, 1227, 1410):
            hint = " The login lacks a privilege it needs for this."
        raise RotationError("could not %s: %s (error %s).%s" % (what, text, code, hint)) from None


# [single]
def set_own_password(connection, username, password):
    """Changes the password of the logged-in user (no privilege needed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT VERSION()")
        version = cursor.fetchone()[0]
        # MariaDB reads SET PASSWORD = '...' as a ready-made hash; MySQL 5.7.6+ as the password.
        statement = "SET PASSWORD = PASSWORD(%s)" if "mariadb" in version.lower() else "SET PASSWORD = %s"
        _execute(cursor, "change the password of %s" % username, statement, (password,))


# [/single]
# [alternating]
# [mysql]
MAX_USER_NAME_LENGTH = 32
# [/mysql]
# [mariadb]
MAX_USER_NAME_LENGTH = 80
# [/mariadb]


def check_user_name(username):
    if len(username) > MAX_USER_NAME_LENGTH:
        raise RotationError(
            "user name %s is longer than %s's %d characters; alternating users need a user name "
            "short enough for the _clone suffix" % (username, ENGINE_LABEL, MAX_USER_NAME_LENGTH)
        )


def _account_hosts(cursor, username):
    """The host parts of the user's accounts ('app'@'%', 'app'@'10.0.%', ...)."""
    _execute(cursor, "look up the accounts of %s in mysql.user" % username, "SELECT Host FROM mysql.user WHERE User = %s", (username,))
    hosts = sorted(row[0] for row in cursor.fetchall())
    if not hosts:
        raise RotationError("user %s does not exist on the server" % username)
    return hosts


def set_user_password(connection, username, password):
    """Changes the password of every account of another user, with the admin's rights."""
    with connection.cursor() as cursor:
        for host in _account_hosts(cursor, username):
            what = "change the password of %s@%s" % (username, host)
            _execute(cursor, what, "ALTER USER %s@%s IDENTIFIED BY %s", (username, host, password))


def ensure_clone(connection, base, clone, password):
    """For every account of the base user: creates the clone's account if needed and gives it the
    same TLS requirement and grants; only then gives the clone the AWSPENDING password, so that a
    clone that logs in with it holds every grant. MySQL commits each of these statements on its
    own, so a new account starts with a throwaway password that is never stored: if the function
    stops before the grants are copied, AWSPENDING does not log in. Every statement is idempotent
    and every error is raised."""
    check_user_name(clone)
    with connection.cursor() as cursor:
        # Keep SHOW GRANTS quoting names with backticks whatever the server's sql_mode says.
        cursor.execute("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'ANSI_QUOTES', '')")
        hosts = _account_hosts(cursor, base)
        for host in hosts:
            account = (clone, host)
            _execute(cursor, "create user %s@%s" % account, "CREATE USER IF NOT EXISTS %s@%s IDENTIFIED BY %s", account + (_throwaway_password(),))
            _copy_tls_requirement(cursor, base, clone, host)
            _copy_grants(cursor, base, clone, host)
        for host in hosts:
            account = (clone, host)
            _execute(cursor, "set the password of %s@%s" % account, "ALTER USER %s@%s IDENTIFIED BY %s", account + (password,))


def _throwaway_password():
    # Letters, digits, - and _, plus one of each class that a password policy plugin may ask for.
    return secrets.token_urlsafe(32) + "-aZ7"


def missing_privileges(connection, base, user):
    """What the base user's accounts hold that user's accounts of the same hosts do not, from
    SHOW GRANTS, read with the admin's rights (an empty list: nothing is missing)."""
    missing = []
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'ANSI_QUOTES', '')")
        for host in _account_hosts(cursor, base):
            _execute(cursor, "look up %s@%s" % (user, host), "SELECT 1 FROM mysql.user WHERE User = %s AND Host = %s", (user, host))
            if cursor.fetchone() is None:
                missing.append("the account %s@%s" % (user, host))
                continue
            held = _privileges(cursor, user, host)
            missing.extend("%s (for %s@%s)" % (item, user, host) for item in sorted(_privileges(cursor, base, host) - held))
    return missing


def _privileges(cursor, user, host):
    _execute(cursor, "read the grants of %s@%s" % (user, host), "SHOW GRANTS FOR %s@%s", (user, host))
    items = set()
    for (grant,) in cursor.fetchall():
        items |= _grant_items(_text(grant), user, host)
    return items


def _grant_items(grant, user, host):
    """One SHOW GRANTS line as comparable items ("SELECT ON <db>.*", "GRANT OPTION ON <db>.*",
    "role <reader>"), without the grantee, its authentication and its limits."""
    start, end, _ = _grantee_position(grant, user, host)
    head, options = grant[:start], grant[end:].upper()
    if not head.upper().startswith("GRANT "):
        return {head.strip()}  # SET DEFAULT ROLE ... FOR the grantee
    body = head[len("GRANT "):]
    mask = _masked(body)
    at = mask.upper().find(" ON ")
    listed = body if at < 0 else body[:at]
    names = []
    begin = 0
    for index, char in enumerate(mask[: len(listed)] + ","):
        if char == ",":
            names.append(listed[begin:index].strip())
            begin = index + 1
    if at < 0:  # roles granted to the user
        admin = " WITH ADMIN OPTION" if "WITH ADMIN OPTION" in options else ""
        return {"role " + name + admin for name in names if name}
    target = body[at + len(" ON "):].strip()
    items = {"%s ON %s" % (name, target) for name in names if name and name.upper() != "USAGE"}
    if "WITH GRANT OPTION" in options:
        items.add("GRANT OPTION ON " + target)
    return items


def _masked(text):
    """text with every character inside quotes, backticks or parentheses replaced by a space, so
    that commas and keywords found in it are the statement's own."""
    out, quote, depth, index = [], None, 0, 0
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\" and quote == "'" and index + 1 < len(text):
                out.append("  ")
                index += 2
                continue
            if char == quote and text[index + 1 : index + 2] == quote:
                out.append("  ")
                index += 2
                continue
            if char == quote:
                quote = None
            out.append(" ")
        elif char in ("'", '"', "`"):
            quote = char
            out.append(" ")
        elif char == "(":
            depth += 1
            out.append(" ")
        elif char == ")":
            depth = max(depth - 1, 0)
            out.append(" ")
        else:
            out.append(char if depth == 0 else " ")
        index += 1
    return "".join(out)


def _copy_tls_requirement(cursor, base, clone, host):
    what = "copy the TLS requirement of %s@%s" % (base, host)
    query = "SELECT ssl_type, ssl_cipher, x509_issuer, x509_subject FROM mysql.user WHERE User = %s AND Host = %s"
    _execute(cursor, what, query, (base, host))
    kind, cipher, issuer, subject = (_text(value) for value in cursor.fetchone())
    if kind == "ANY":
        requirement, values = "SSL", ()
    elif kind == "X509":
        requirement, values = "X509", ()
    elif kind == "SPECIFIED":
        parts = [(name, value) for name, value in (("CIPHER", cipher), ("ISSUER", issuer), ("SUBJECT", subject)) if value]
        requirement = " AND ".join(name + " %s" for name, _ in parts) or "SSL"
        values = tuple(value for _, value in parts)
    else:
        requirement, values = "NONE", ()
    _execute(cursor, what, "ALTER USER %s@%s REQUIRE " + requirement, (clone, host) + values)


def _copy_grants(cursor, base, clone, host):
    _execute(cursor, "read the grants of %s@%s" % (base, host), "SHOW GRANTS FOR %s@%s", (base, host))
    grantee = cursor.mogrify("%s@%s", (clone, host))
    for (grant,) in cursor.fetchall():
        if not _grant_items(_text(grant), base, host):
            continue  # GRANT USAGE ON *.* alone grants nothing, yet needs the global GRANT OPTION
        statement = _regrant(_text(grant), base, host, grantee)
        # The server's own text with only the grantee replaced: no parameters to interpolate.
        what = "copy grant %r to %s@%s (the admin secret's user needs each privilege WITH GRANT OPTION)" % (statement, clone, host)
        _execute(cursor, what, statement)


def _regrant(grant, base, host, grantee):
    """The grant with the new grantee, keeping WITH GRANT/ADMIN OPTION and dropping the account's
    authentication (IDENTIFIED ...) and limits, which are not privileges."""
    start, end, keyword = _grantee_position(grant, base, host)
    options = [option for option in (" WITH GRANT OPTION", " WITH ADMIN OPTION") if option in grant[end:].upper()]
    return grant[:start] + keyword + grantee + "".join(options)


def _grantee_position(grant, user, host):
    """Where " TO <account>" or " FOR <account>" is in a SHOW GRANTS line: (start, end, keyword)."""
    def backticked(name):
        return "`" + name.replace("`", "``") + "`"

    def quoted(name):  # MySQL 5.7 prints accounts as 'user'@'host'
        return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"

    for account in (backticked(user) + "@" + backticked(host), quoted(user) + "@" + quoted(host)):
        for keyword in (" TO ", " FOR "):
            start = grant.rfind(keyword + account)
            end = start + len(keyword + account)
            if start >= 0 and (end == len(grant) or grant[end] == " "):
                return start, end, keyword
    raise RotationError("cannot read a grant of %s@%s: SHOW GRANTS names another grantee" % (user, host))


def _text(value):
    return value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else (value or "")
# [/alternating]
