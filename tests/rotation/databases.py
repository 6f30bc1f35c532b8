"""The tests' own access to the database servers that scripts/test-services.sh started.

Independent of the generated rotation function on purpose: these helpers set up users, change
passwords behind the function's back, and check who can log in, with their own driver code.
Also: a TCP proxy that can be taken down (an unreachable database) and fake servers that do not
offer TLS (to prove the function never falls back to plaintext).
"""

import contextlib
import socket
import ssl
import threading
import time

import psycopg2
import pymysql
from psycopg2 import sql


class _Server:
    """What both servers share: the connection facts, one admin session for all setup and checks,
    and the login probe. Subclasses say how to connect and which errors mean "login refused"."""

    login_error = Exception

    def __init__(self, facts, ca_file, dbname):
        self.host, self.port = facts["host"], facts["port"]
        self.dbname = dbname
        self.admin_user, self.admin_password = facts["adminUser"], facts["adminPassword"]
        self.ca_file = ca_file
        self._admin_connection = None
        self._lock = threading.Lock()

    def _admin(self, statement, parameters=None, fetch=False):
        with self._lock:
            if self._admin_connection is None or self._is_closed(self._admin_connection):
                self._admin_connection = self._connect(self.admin_user, self.admin_password)
            with self._admin_connection.cursor() as cursor:
                cursor.execute(statement, parameters)
                return cursor.fetchall() if fetch else None

    def can_log_in(self, user, password):
        try:
            self._connect(user, password).close()
            return True
        except self.login_error as error:
            if self._refused(error):
                return False
            raise


class Postgres(_Server):
    engine_field = "postgres"
    label = "PostgreSQL"

    login_error = psycopg2.OperationalError

    def __init__(self, facts, ca_file):
        super().__init__(facts, ca_file, facts["dbname"])

    def _connect(self, user, password, port=None):
        connection = psycopg2.connect(
            host=self.host, port=port or self.port, dbname=self.dbname, user=user, password=password,
            sslmode="verify-full", sslrootcert=self.ca_file, connect_timeout=5,
        )
        connection.autocommit = True
        return connection

    @staticmethod
    def _is_closed(connection):
        return connection.closed

    @staticmethod
    def _refused(error):
        return "password authentication failed" in str(error) or "does not exist" in str(error)

    def user_exists(self, user):
        return bool(self._admin("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,), fetch=True))

    def drop_user(self, user):
        if self.user_exists(user):
            self._admin(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(user)))
            self._admin(sql.SQL("DROP ROLE {}").format(sql.Identifier(user)))

    def create_user(self, user, password, admin=False):
        extra = sql.SQL(" CREATEROLE") if admin else sql.SQL("")
        self._admin(sql.SQL("CREATE ROLE {} LOGIN{} PASSWORD %s").format(sql.Identifier(user), extra), (password,))

    def set_password(self, user, password):
        self._admin(sql.SQL("ALTER ROLE {} PASSWORD %s").format(sql.Identifier(user)), (password,))

    def create_fixture(self, table, reader):
        """A table only `reader` (and whoever has its privileges) may read."""
        self._admin(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))
        self._admin(sql.SQL("CREATE TABLE {} (answer int)").format(sql.Identifier(table)))
        self._admin(sql.SQL("INSERT INTO {} VALUES (42)").format(sql.Identifier(table)))
        self._admin(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), sql.Identifier(reader)))

    def drop_fixture(self, table):
        self._admin(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))

    def revoke_clone_privileges(self, clone, base, table):
        """Takes from the clone what it got from the base user: its membership in the base role."""
        self._admin(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(base), sql.Identifier(clone)))

    def reads_fixture(self, user, password, table):
        connection = self._connect(user, password)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("SELECT answer FROM {}").format(sql.Identifier(table)))
                return cursor.fetchone() == (42,)
        except psycopg2.errors.InsufficientPrivilege:
            return False
        finally:
            connection.close()


class MariaDB(_Server):
    engine_field = "mariadb"
    label = "MariaDB"
    fixture_db = "rotation_fixtures"

    login_error = pymysql.err.OperationalError

    def __init__(self, facts, ca_file):
        super().__init__(facts, ca_file, None)

    def _connect(self, user, password):
        return pymysql.connect(
            host=self.host, port=self.port, user=user, password=password, autocommit=True,
            ssl=ssl.create_default_context(cafile=self.ca_file), connect_timeout=5,
        )

    @staticmethod
    def _is_closed(connection):
        return not connection.open

    @staticmethod
    def _refused(error):
        return error.args[0] == 1045  # access denied

    def user_exists(self, user):
        return bool(self._admin("SELECT 1 FROM mysql.user WHERE User = %s", (user,), fetch=True))

    def drop_user(self, user):
        self._admin("DROP USER IF EXISTS %s@'%%'", (user,))

    def create_user(self, user, password, admin=False):
        self._admin("CREATE USER %s@'%%' IDENTIFIED BY %s", (user, password))
        if admin:
            self._admin("GRANT ALL PRIVILEGES ON *.* TO %s@'%%' WITH GRANT OPTION", (user,))

    def set_password(self, user, password):
        self._admin("ALTER USER %s@'%%' IDENTIFIED BY %s", (user, password))

    def create_fixture(self, table, reader, database=None):
        database = _backticked(database or self.fixture_db)
        self._admin("CREATE DATABASE IF NOT EXISTS " + database)
        self._admin("DROP TABLE IF EXISTS %s.%s" % (database, _backticked(table)))
        self._admin("CREATE TABLE %s.%s (answer int)" % (database, _backticked(table)))
        self._admin("INSERT INTO %s.%s VALUES (42)" % (database, _backticked(table)))
        self._admin("GRANT SELECT ON %s.%s TO %%s@'%%%%'" % (database, _backticked(table)), (reader,))

    def drop_fixture(self, table, database=None):
        self._admin("DROP TABLE IF EXISTS %s.%s" % (_backticked(database or self.fixture_db), _backticked(table)))

    def revoke_clone_privileges(self, clone, base, table):
        """Takes from the clone what it got from the base user: SELECT on the fixture table."""
        self._admin("REVOKE SELECT ON %s.%s FROM %%s@'%%%%'" % (_backticked(self.fixture_db), _backticked(table)), (clone,))

    def create_limited_admin(self, user, password, databases):
        """An admin that may create users and read their grants, but holds GRANT OPTION only on the
        given databases (as when the admin secret's user was set up for some schemas only)."""
        self._admin("CREATE USER %s@'%%' IDENTIFIED BY %s", (user, password))
        self._admin("GRANT CREATE USER ON *.* TO %s@'%%'", (user,))
        self._admin("GRANT SELECT ON mysql.* TO %s@'%%'", (user,))
        for database in databases:
            self.grant_database_with_grant_option(user, database)

    def grant_database_with_grant_option(self, user, database):
        self._admin("GRANT ALL PRIVILEGES ON %s.* TO %%s@'%%%%' WITH GRANT OPTION" % _backticked(database), (user,))

    def reads_fixture(self, user, password, table, database=None):
        connection = self._connect(user, password)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT answer FROM %s.%s" % (_backticked(database or self.fixture_db), _backticked(table)))
                return cursor.fetchone() == (42,)
        except pymysql.err.OperationalError as error:
            if error.args[0] in (1142, 1044):
                return False
            raise
        finally:
            connection.close()

    @contextlib.contextmanager
    def grant_tables_locked(self):
        """Holds a write lock on mysql.tables_priv in a session of its own: every CREATE USER and
        GRANT on the server waits until the block ends."""
        connection = self._connect(self.admin_user, self.admin_password)
        try:
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLES mysql.tables_priv WRITE")
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("UNLOCK TABLES")
            finally:
                connection.close()

    def wait_for_statement(self, user, prefix, timeout=20):
        """Waits until a session of user is running a statement that starts with prefix. Only the
        session id is read back: the statement's text may hold a password."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self._admin(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = %s AND INFO LIKE %s",
                (user, prefix + "%"),
                fetch=True,
            )
            if rows:
                return rows[0][0]
            time.sleep(0.02)
        raise AssertionError("no session of %s ran %s... within %ss" % (user, prefix, timeout))

    def wait_for_user(self, user, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.user_exists(user):
                return
            time.sleep(0.02)
        raise AssertionError("user %s was not created within %ss" % (user, timeout))


def _backticked(name):
    return "`" + name.replace("`", "``") + "`"


class TcpProxy:
    """127.0.0.1:<port> forwarded to a database; down() closes the port (connection refused)."""

    def __init__(self, target_port):
        self.target_port = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener = None

    def up(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self):
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class PlaintextOnlyServer:
    """A fake database server that does not offer TLS. It records whether a client went on to
    send its login (user name and password proof) anyway."""

    def __init__(self, engine):
        self.engine = engine
        self.logins_received = 0
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def close(self):
        self._listener.close()

    def _serve(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            client.settimeout(5)
            try:
                if self.engine == "postgres":
                    self._postgres(client)
                else:
                    self._mysql(client)
            except OSError:
                pass
            finally:
                client.close()

    def _postgres(self, client):
        encryption_requests = ((80877103).to_bytes(4, "big"), (80877104).to_bytes(4, "big"))  # SSL, GSSENC
        while True:
            request = _recv_exactly(client, 8)
            if not request:
                return
            if request[4:8] not in encryption_requests:
                self.logins_received += 1  # a StartupMessage: the client went on without encryption
                return
            client.sendall(b"N")  # "not here"

    def _mysql(self, client):
        capabilities = 0x0200 | 0x8000 | 0x00080000 | 0x0001 | 0x0008  # protocol 41, secure auth, plugin auth; no CLIENT_SSL
        salt = b"12345678901234567890"
        payload = (
            b"\x0a" + b"10.11.0-fake\x00" + (1).to_bytes(4, "little") + salt[:8] + b"\x00"
            + (capabilities & 0xFFFF).to_bytes(2, "little") + b"\x21" + (2).to_bytes(2, "little")
            + (capabilities >> 16).to_bytes(2, "little") + bytes([21]) + b"\x00" * 10 + salt[8:] + b"\x00"
            + b"mysql_native_password\x00"
        )
        client.sendall(len(payload).to_bytes(3, "little") + b"\x00" + payload)
        if client.recv(4):
            self.logins_received += 1  # a HandshakeResponse: user name and password proof in plaintext


def _recv_exactly(client, size):
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data
