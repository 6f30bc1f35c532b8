"""The scenario harness: what every scenario of run_scenarios.py stands on.

- the registry: ScenarioList, whose add() decorator records a scenario with the engines and
  strategies it applies to;
- Variant: one generated function against one database server, with the Secrets Manager double;
- Cell: one scenario's own user(s), table and secret, with the checks made during and after it
  (no lockout after every step; the final checks: AWSCURRENT works, labels are sane, no password
  in any log line or error, every log line names the secret);
- run_one: runs one scenario and reports it as a JSON-ready result.

Kept apart from the scenarios (scenarios_*.py) so that a scenario reads as a story about the
rotation, and the rules every scenario is held to are in one place.
"""

import collections
import contextlib
import json
import logging
import os
import secrets
import string
import time
import traceback
import uuid

from databases import MariaDB, Postgres
from driver import Driver, load_handler
from secrets_manager_double import PUNCTUATION, SecretsManagerDouble

ENGINES = ("postgres", "mysql", "mariadb")
STRATEGIES = ("single", "alternating")

# function(cell), or function(variant, index) -> cell when it sets up its own cell(s) (custom_setup).
Scenario = collections.namedtuple("Scenario", "name description function custom_setup engines strategies")


class ScenarioList(list):
    """The scenarios of one module, in the order they are written."""

    def add(self, name, description, custom_setup=False, engines=ENGINES, strategies=STRATEGIES):
        """Registers a scenario: function(cell), or function(variant, index) -> cell when it sets up
        its own cell(s) (custom_setup); it runs only for the engines and strategies given."""

        def register(function):
            self.append(Scenario(name, description, function, custom_setup, tuple(engines), tuple(strategies)))
            return function

        return register


def fresh_password(length=24):
    alphabet = string.ascii_letters + string.digits + "-_.!~"
    return "".join(secrets.choice(alphabet) for _ in range(length))


@contextlib.contextmanager
def environment(**values):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class LogCapture(logging.Handler):
    """Keeps the log records the rotation function writes."""

    def __init__(self, source_file):
        super().__init__(logging.DEBUG)
        self.source_file = os.path.realpath(source_file)
        self.lines = []

    def emit(self, record):
        if os.path.realpath(record.pathname) == self.source_file:
            self.lines.append(record.getMessage())


class Variant:
    """One generated function against one server, with the Secrets Manager double."""

    tags = {"postgres": "pg", "mysql": "my", "mariadb": "ma"}

    def __init__(self, engine, strategy, bundle, services, finish="keeps-pending"):
        self.engine, self.strategy, self.finish = engine, strategy, finish
        self.alternating = strategy == "alternating"
        self.tag = self.tags[engine] + strategy[0] + finish[0]  # each runner its own users: they run in parallel
        self.services = services
        self.ca_file = services["caFile"]
        self.db = Postgres(services["postgres"], self.ca_file) if engine == "postgres" else MariaDB(services["mariadb"], self.ca_file)
        self.double = SecretsManagerDouble(finish)
        endpoint = self.double.start()
        os.environ.update(
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_REGION="us-east-1",
            AWS_CONFIG_FILE="/dev/null",
            AWS_SHARED_CREDENTIALS_FILE="/dev/null",
            AWS_EC2_METADATA_DISABLED="true",
            AWS_MAX_ATTEMPTS="1",  # injected faults must reach the function, not be retried away
            AWS_RETRY_MODE="standard",
            SECRETS_MANAGER_ENDPOINT=endpoint,
            DB_TLS="verify",
            DB_CA_BUNDLE=self.ca_file,
            PASSWORD_LENGTH="32",
            EXCLUDE_CHARACTERS="",
        )
        source = os.path.join(bundle, "lambda", "rotation.py")
        self.module = load_handler(source, "rotation_%s_%s" % (engine, strategy))
        self.logs = LogCapture(source)
        logging.getLogger().addHandler(self.logs)
        self.cells = []  # the cells of the scenario being run
        self.master_arn = None
        if self.alternating:
            # The admin secret: a user with the rights of an RDS master user, not a superuser.
            self.master_user = "rw_master_" + self.tag
            self.master_password = "Adm1n-" + PUNCTUATION + fresh_password(8)
            self.db.drop_user(self.master_user)
            self.db.create_user(self.master_user, self.master_password, admin=True)
            self.master_arn = self.master_secret(self.master_password)

    def master_secret(self, password, user=None, name=None, host=True):
        """An admin secret; host=False: only username and password, like the secrets RDS manages."""
        value = {"username": user or self.master_user, "password": password}
        if host:
            value.update(engine=self.db.engine_field, host=self.db.host, port=self.db.port)
        name = name or "rotation-test/master-%s-%s" % (self.tag, secrets.token_hex(3))
        return self.double.create_secret(name, json.dumps(value))


class Cell:
    """One scenario for one variant: its own user(s), table and secret."""

    def __init__(self, variant, index, user=None, password=None, port=None, master_arn=None):
        self.variant, self.db, self.double = variant, variant.db, variant.double
        self.id = "%s%02d" % (variant.tag, index)
        self.base = user or "rw_" + self.id
        self.clone = self.base + "_clone"
        self.table = "fixture_" + self.id
        self.messages = []  # error messages the function raised, checked for passwords
        self._last_good = {}
        self.checks = 0
        for name in (self.clone, self.base):
            self.db.drop_user(name)
        self.db.drop_fixture(self.table)
        password = password or fresh_password()
        self.db.create_user(self.base, password)
        self.db.create_fixture(self.table, self.base)
        value = {"engine": self.db.engine_field, "host": self.db.host, "username": self.base, "password": password, "port": port or self.db.port}
        if self.db.dbname:
            value["dbname"] = self.db.dbname
        if variant.alternating:
            value["masterarn"] = master_arn or variant.master_arn
        self.arn = self.double.create_secret("rotation-test/" + self.id, json.dumps(value))
        self.driver = Driver(variant.module, self.double, self.arn, invariant=self.no_lockout)
        variant.cells.append(self)

    # ---- reading the secret -------------------------------------------------------------------
    def secret(self, stage="AWSCURRENT"):
        return json.loads(self.double.value(self.arn, stage))

    def version(self, stage):
        return self.double.version_of(self.arn, stage)

    def requests(self, operation):
        """The requests of an operation made for this cell's secret."""
        return [request for request in self.double.calls_of(operation) if request.get("SecretId") == self.arn]

    def labelled_values(self):
        values = []
        for version_id, stages in self.double.stages(self.arn).items():
            try:
                values.append((stages, json.loads(self.double.value(self.arn, version_id=version_id))))
            except Exception:  # the empty AWSPENDING version RotateSecret creates
                pass
        return values

    # ---- checks --------------------------------------------------------------------------------
    def no_lockout(self):
        """No database user of this secret is on a password that no labelled version holds. A user
        that only AWSPENDING names (the clone, while the first rotation creates it) is exempt: no
        client can have its credentials yet."""
        self.checks += 1
        users = [self.base, self.clone] if self.variant.alternating else [self.base]
        values = self.labelled_values()
        for user in users:
            if not self.db.user_exists(user):
                continue
            held = [(stages, value) for stages, value in values if value["username"] == user]
            if held and all(stages == ["AWSPENDING"] for stages, _ in held):
                continue
            held.sort(key=lambda item: item[1]["password"] != self._last_good.get(user))  # cheapest check first
            working = next((value for _, value in held if self.db.can_log_in(user, value["password"])), None)
            if working is not None:
                self._last_good[user] = working["password"]
            else:
                raise AssertionError(
                    "LOCKOUT: database user %r is on a password that no version of the secret holds (versions for it: %s)"
                    % (user, [stages for stages, _ in held])
                )

    def logs_in(self, value):
        return self.db.can_log_in(value["username"], value["password"])

    def expect_failure(self, action, *fragments):
        """Runs action, which must fail with a message containing every fragment."""
        try:
            action()
        except Exception as error:
            message = str(error)
            self.messages.append(message)
            missing = [f for f in fragments if f.lower() not in message.lower()]
            if missing:
                raise AssertionError("the error %r does not mention %s" % (message, missing)) from None
            return message
        raise AssertionError("expected a failure mentioning %s, but it succeeded" % (fragments,))

    def failed_rotation(self, *fragments, token=None, before_step=None):
        """Starts (or resumes, with token) a rotation that must fail mentioning every fragment;
        returns its token, for resuming it."""
        token = token or str(uuid.uuid4())
        self.expect_failure(lambda: self.driver.rotate(token=token, before_step=before_step), *fragments)
        return token

    def assert_unchanged(self, value):
        """After a failed rotation: AWSCURRENT is still the given value, and it logs in."""
        assert self.secret() == value, "AWSCURRENT changed although the rotation failed"
        assert self.logs_in(value), "AWSCURRENT no longer logs in after a failed rotation"

    def final_checks(self):
        current = self.secret()
        assert self.logs_in(current), "AWSCURRENT (%s) does not log in" % current["username"]
        assert self.db.reads_fixture(current["username"], current["password"], self.table), (
            "AWSCURRENT user %s cannot read the table its user was granted" % current["username"]
        )
        stages = [stage for labels in self.double.stages(self.arn).values() for stage in labels]
        for label in ("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS"):
            assert stages.count(label) <= 1, "%s is on %d versions" % (label, stages.count(label))
        pending = self.version("AWSPENDING")
        assert pending in (None, self.version("AWSCURRENT")), "the last rotation did not end: AWSPENDING is on another version than AWSCURRENT"
        cells = self.variant.cells
        passwords = {value["password"] for cell in cells for _, value in cell.labelled_values()}
        passwords |= {json.loads(request["SecretString"])["password"] for request in self.double.calls_of("PutSecretValue")}
        if self.variant.alternating:
            passwords.add(self.variant.master_password)
        for text in self.variant.logs.lines + [message for cell in cells for message in cell.messages]:
            for password in passwords:
                assert password not in text, "a password appears in %r" % text
        unnamed = [line for line in self.variant.logs.lines if not any(cell.arn in line for cell in cells)]
        assert not unnamed, "log lines that do not name the secret: %s" % unnamed[:3]
        assert self.variant.logs.lines, "the function logged nothing"


def rotated_away(cell, old, new):
    """Checks after one successful rotation from value old to value new."""
    assert new["password"] != old["password"], "the password did not change"
    assert cell.logs_in(new), "the new AWSCURRENT does not log in"
    previous = cell.secret("AWSPREVIOUS")
    assert previous == old, "AWSPREVIOUS is not the version that was current before"
    if cell.variant.alternating:
        assert new["username"] == (cell.clone if old["username"] == cell.base else cell.base), "the users did not alternate"
        assert cell.logs_in(old), "alternating users: the previous user must keep working until the next rotation"
    else:
        assert new["username"] == old["username"]
        assert not cell.logs_in(old), "the old password still logs in"


def run_one(variant, index, name, function, custom_setup):
    """Runs one scenario on fresh cell(s); the result as run_scenarios.py reports it (--out)."""
    started = time.monotonic()
    try:
        variant.cells.clear()
        variant.logs.lines.clear()
        if custom_setup:
            cell = function(variant, index)
        else:
            cell = Cell(variant, index)
            function(cell)
        cell.final_checks()
        return {"scenario": name, "passed": True, "seconds": round(time.monotonic() - started, 2), "invariantChecks": cell.checks}
    except Exception as error:
        detail = "".join(traceback.format_exception(type(error), error, error.__traceback__)[-6:])
        return {"scenario": name, "passed": False, "seconds": round(time.monotonic() - started, 2), "error": "%s: %s" % (type(error).__name__, error), "detail": detail}
