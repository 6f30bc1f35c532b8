"""Proves one generated rotation function (one engine x strategy) against a real database server.

    /usr/bin/python3 tests/rotation/run_scenarios.py --bundle DIR --engine postgres --strategy single \
        [--finish removes-pending|keeps-pending] [--services /tmp/rotation-wizard-services.json] \
        [--out result.json] [--only SCENARIO]
    /usr/bin/python3 tests/rotation/run_scenarios.py --list

DIR holds the generated lambda/rotation.py. The function's real boto3 client talks to the Secrets
Manager double of this process; the database is the server scripts/test-services.sh started
(MariaDB for both mysql and mariadb). --finish picks how the double ends a successful rotation,
one of the two ways AWS documents (secrets_manager_double.FINISH_OUTCOMES); the scenarios must pass
under both. Each scenario gets its own database user(s) and secret; a scenario that does not apply
to the engine or strategy is not run.
After every step of every rotation, no database user may be on a password that no labelled
version of its secret holds; after every scenario, AWSCURRENT logs in and reads the user's table,
no log line or error message contains a password, and every log line names the secret.
Prints one line per scenario and writes the results as JSON (--out). Exit status 1 if any failed.
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree

import argparse
import contextlib
import json
import logging
import os
import secrets
import signal
import string
import time
import traceback
import uuid

from databases import MariaDB, PlaintextOnlyServer, Postgres, TcpProxy
from driver import STEPS, Driver, load_handler
from secrets_manager_double import FINISH_OUTCOMES, PUNCTUATION, SecretsManagerDouble

DEFAULT_SERVICES_FILE = "/tmp/rotation-wizard-services.json"
SCENARIOS = []


ENGINES = ("postgres", "mysql", "mariadb")
STRATEGIES = ("single", "alternating")


def scenario(name, description, custom_setup=False, engines=ENGINES, strategies=STRATEGIES):
    """Registers a scenario: function(cell), or function(variant, index) -> cell when it sets up
    its own cell(s) (custom_setup); it runs only for the engines and strategies given."""

    def register(function):
        SCENARIOS.append((name, description, function, custom_setup, tuple(engines), tuple(strategies)))
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


# ---- scenarios ------------------------------------------------------------------------------------
@scenario("full-rotation", "one rotation: new AWSCURRENT logs in, old password rejected (alternating: clone gets the user's privileges)")
def full_rotation(cell):
    old = cell.secret()
    token = cell.driver.rotate()
    assert cell.version("AWSCURRENT") == token, "AWSCURRENT is not the rotated version"
    rotated_away(cell, old, cell.secret())
    puts = cell.requests("PutSecretValue")
    assert len(puts) == 1 and puts[0]["ClientRequestToken"] == token and puts[0]["VersionStages"] == ["AWSPENDING"], puts
    if cell.variant.alternating:
        assert cell.db.reads_fixture(cell.clone, cell.secret()["password"], cell.table), "the clone lacks the user's privileges"


@scenario("two-rotations", "two rotations in a row")
def two_rotations(cell):
    first = cell.secret()
    cell.driver.rotate()
    second = cell.secret()
    rotated_away(cell, first, second)
    cell.driver.rotate()
    third = cell.secret()
    rotated_away(cell, second, third)
    assert not cell.logs_in(first), "the password from two rotations ago still logs in"
    if cell.variant.alternating:
        assert third["username"] == cell.base


@scenario("steps-twice", "every step invoked twice in a row")
def steps_twice(cell):
    old = cell.secret()
    cell.driver.rotate(repeat=2)
    rotated_away(cell, old, cell.secret())
    assert len(cell.requests("PutSecretValue")) == 1, "createSecret stored a value twice"
    assert len(cell.requests("UpdateSecretVersionStage")) == 1, "finishSecret moved AWSCURRENT twice"


@scenario("crash-before-finish", "the function crashes after setSecret, before finishSecret; the rotation is resumed")
def crash_before_finish(cell):
    old = cell.secret()
    token = cell.driver.rotate(stop_after="setSecret")
    assert cell.secret() == old, "AWSCURRENT moved although finishSecret never ran"
    assert cell.logs_in(cell.secret("AWSPENDING")), "setSecret did not set AWSPENDING"
    # Like AWS, the double refuses a new rotation while this one is unfinished...
    cell.expect_failure(lambda: cell.driver.rotate(), "previous rotation isn't complete")
    # ...and Secrets Manager retries this one with the same token.
    cell.driver.rotate(token=token)
    assert cell.version("AWSCURRENT") == token
    rotated_away(cell, old, cell.secret())


@scenario("faults-each-step", "an injected Secrets Manager fault in each step, each rotation then resumed")
def faults_each_step(cell):
    faults = {
        "createSecret": (("PutSecretValue", "InternalServiceError", None, False), ("PutSecretValue", "InternalServiceError")),
        "setSecret": (("GetSecretValue", "AccessDeniedException", {"VersionStage": "AWSPENDING"}, False), ("IAM policy",)),
        "testSecret": (("DescribeSecret", None, None, True), ("cannot reach Secrets Manager", "VPC endpoint")),
        "finishSecret": (("UpdateSecretVersionStage", "InternalServiceError", None, False), ("UpdateSecretVersionStage",)),
    }
    for failing_step, ((operation, error, when, drop), fragments) in faults.items():
        old = cell.secret()
        armed = []

        def arm(step, failing_step=failing_step, operation=operation, error=error, when=when, drop=drop):
            if step == failing_step and not armed:
                armed.append(step)
                cell.double.fail(operation, error or "InternalServiceError", when=when, drop=drop)

        token = cell.failed_rotation(failing_step, *fragments, before_step=arm)
        assert cell.secret() == old, "AWSCURRENT changed although %s failed" % failing_step
        if failing_step in ("createSecret", "setSecret"):
            assert cell.logs_in(old), "AWSCURRENT stopped working although %s failed before changing the database" % failing_step
        cell.driver.rotate(token=token)
        rotated_away(cell, old, cell.secret())


@scenario("db-on-previous", "the database is still on the AWSPREVIOUS password of the user being rotated")
def db_on_previous(cell):
    first = cell.secret()
    cell.driver.rotate()
    if cell.variant.alternating:
        # The next rotation is for the original user, which is still on AWSPREVIOUS.
        assert cell.secret("AWSPREVIOUS") == first and cell.logs_in(first)
    else:
        # The database went back to the previous password (e.g. restored from a snapshot).
        cell.db.set_password(cell.base, first["password"])
        assert not cell.logs_in(cell.secret()) and cell.logs_in(cell.secret("AWSPREVIOUS"))
    cell.driver.rotate()
    last = cell.secret()
    assert cell.logs_in(last)
    assert not cell.logs_in(first), "the AWSPREVIOUS password still logs in"
    if not cell.variant.alternating:
        assert any("logged in with AWSPREVIOUS" in line for line in cell.variant.logs.lines), "setSecret did not say it used AWSPREVIOUS"


@scenario("db-unreachable", "the database is unreachable: clear error, nothing changed; resumed once reachable", custom_setup=True)
def db_unreachable(variant, index):
    proxy = TcpProxy(variant.db.port)
    cell = Cell(variant, index, port=proxy.port)
    old = cell.secret()
    token = cell.failed_rotation("setSecret", "cannot connect", str(proxy.port), "security group")
    assert cell.secret() == old and cell.logs_in(old), "a failed rotation changed AWSCURRENT or the password"
    proxy.up()
    try:
        cell.driver.rotate(token=token)
    finally:
        proxy.down()
    rotated_away(cell, old, cell.secret())
    return cell


@scenario("bad-credentials", "the admin secret (alternating) or the user's secret (single) does not match the database", custom_setup=True)
def bad_credentials(variant, index):
    if variant.alternating:
        wrong_master = variant.master_secret("not-the-admin-password")
        cell = Cell(variant, index, master_arn=wrong_master)
        old = cell.secret()
        token = cell.failed_rotation("setSecret", "admin secret", "does not log in")
        cell.assert_unchanged(old)
        assert not cell.db.user_exists(cell.clone), "the clone was created although the admin login failed"
        # The operator fixes the admin secret; the rotation is retried.
        fixed = json.loads(variant.double.value(variant.master_arn))
        variant.double.put_current(wrong_master, json.dumps(fixed))
        cell.driver.rotate(token=token)
        rotated_away(cell, old, cell.secret())
        # Confused deputy: the admin acts only for a secret whose own credentials work...
        other = Cell(variant, index + 50)
        other.double.put_current(other.arn, json.dumps(dict(other.secret(), password="not-the-user-password")))
        other.driver.invariant = None  # AWSCURRENT is wrong on purpose
        other.failed_rotation("setSecret", "AWSCURRENT does not log in", "admin secret is used only")
        assert not cell.db.user_exists(other.clone), "the admin created the clone for a secret whose credentials are wrong"
        # ...and sends the admin password only to the admin secret's own host.
        elsewhere = variant.double.create_secret("rotation-test/master-elsewhere-%s" % other.id, json.dumps(dict(fixed, host="db.elsewhere.invalid")))
        third = Cell(variant, index + 60, master_arn=elsewhere)
        third.failed_rotation("setSecret", "only sent to its own host")
        assert not cell.db.user_exists(third.clone)
        return cell
    cell = Cell(variant, index)
    old = cell.secret()
    outside = fresh_password()
    cell.db.set_password(cell.base, outside)  # someone changed it outside Secrets Manager
    cell.driver.invariant = None  # the database is on a password no version holds, by design here
    token = cell.failed_rotation("setSecret", "neither AWSCURRENT nor AWSPREVIOUS", "outside Secrets Manager")
    assert cell.secret() == old, "AWSCURRENT changed although the rotation failed"
    assert cell.db.can_log_in(cell.base, outside), "the failed rotation changed the password"
    cell.driver.invariant = cell.no_lockout
    # The operator stores the real password as AWSCURRENT; the rotation is retried.
    cell.double.put_current(cell.arn, json.dumps(dict(old, password=outside)))
    cell.driver.rotate(token=token)
    new = cell.secret()
    assert cell.logs_in(new) and not cell.db.can_log_in(cell.base, outside)
    return cell


@scenario("punctuation-passwords", "passwords made of every punctuation character GetRandomPassword can produce", custom_setup=True)
def punctuation_passwords(variant, index):
    every = PUNCTUATION + "Aa1" + PUNCTUATION[::-1]
    cell = Cell(variant, index, password="Start" + PUNCTUATION)
    old = cell.secret()
    cell.double.queue_password(every)
    cell.driver.rotate()
    assert cell.secret()["password"] == every, "the queued password was not used"
    rotated_away(cell, old, cell.secret())
    # And honest random ones, long, with nothing excluded.
    with environment(PASSWORD_LENGTH="100", EXCLUDE_CHARACTERS=""):
        cell.driver.rotate()
        cell.driver.rotate()
    assert len(cell.secret()["password"]) == 100, "PASSWORD_LENGTH was not applied"
    request = cell.double.calls_of("GetRandomPassword")[-1]
    assert request.get("PasswordLength") == 100 and "ExcludeCharacters" not in request, request
    with environment(EXCLUDE_CHARACTERS="'\"\\/@"):
        cell.driver.rotate()
    request = cell.double.calls_of("GetRandomPassword")[-1]
    assert request.get("ExcludeCharacters") == "'\"\\/@", "EXCLUDE_CHARACTERS was not passed on: %r" % request
    assert not set("'\"\\/@") & set(cell.secret()["password"]), "the new password has an excluded character"
    return cell


@scenario("quoted-user-names", "user names that need quoting: quotes, backtick, backslash, space, hyphen", custom_setup=True)
def quoted_user_names(variant, index):
    name = "o'd \"q" + chr(96) + "b\\x-" + variant.tag + "%02d" % index
    cell = Cell(variant, index, user=name)
    first = cell.secret()
    cell.driver.rotate()
    rotated_away(cell, first, cell.secret())
    cell.driver.rotate()  # alternating: back to the original user, through the admin
    assert cell.logs_in(cell.secret())
    if variant.alternating:
        assert cell.db.reads_fixture(cell.clone, cell.secret("AWSPREVIOUS")["password"], cell.table)
    return cell


@scenario("concurrent-steps", "every step invoked by 4 concurrent invocations")
def concurrent_steps(cell):
    old = cell.secret()
    # Slow writes make every invocation read before the first write lands: the races are certain.
    cell.double.delay("PutSecretValue", 0.3)
    cell.double.delay("UpdateSecretVersionStage", 0.3)
    try:
        cell.driver.rotate(threads=4)
    finally:
        cell.double.clear_faults()
    rotated_away(cell, old, cell.secret())
    stored = {json.loads(request["SecretString"])["password"] for request in cell.requests("PutSecretValue")}
    assert len(cell.requests("PutSecretValue")) == 4 and cell.secret()["password"] in stored
    lost_create = sum("another invocation stored AWSPENDING first" in line for line in cell.variant.logs.lines)
    lost_finish = sum("a concurrent invocation already made this version AWSCURRENT" in line for line in cell.variant.logs.lines)
    assert lost_create == 3, "expected 3 createSecret invocations to lose the race, saw %d" % lost_create
    assert lost_finish == 3, "expected 3 finishSecret invocations to lose the race, saw %d" % lost_finish


@scenario("entry-checks", "rotation disabled, foreign token, token without AWSPENDING, token already AWSCURRENT")
def entry_checks(cell):
    old = cell.secret()
    current_version = cell.version("AWSCURRENT")
    token = str(uuid.uuid4())
    cell.double.start_rotation(cell.arn, token)
    cell.double.set_rotation_enabled(cell.arn, False)
    cell.expect_failure(lambda: cell.driver.invoke(token, "createSecret"), "not enabled")
    cell.double.set_rotation_enabled(cell.arn, True)
    cell.expect_failure(lambda: cell.driver.invoke(str(uuid.uuid4()), "createSecret"), "is not a version of this secret")
    cell.expect_failure(lambda: cell.driver.invoke(token, "rotateEverything"), "unknown step")
    cell.driver.rotate(token=token)
    previous_version = cell.version("AWSPREVIOUS")
    assert previous_version == current_version
    cell.expect_failure(lambda: cell.driver.invoke(previous_version, "setSecret"), "is not AWSPENDING")
    calls = len(cell.double.calls)
    for step in STEPS:  # the token is AWSCURRENT now: every step is a no-op
        cell.driver.invoke(token, step)
    assert not [op for op, _ in cell.double.calls[calls:] if op not in ("DescribeSecret",)], "a step did more than check"
    rotated_away(cell, old, cell.secret())


@scenario("tls", "certificate verified by default; wrong CA, DB_TLS=disable and a server without TLS fail closed", custom_setup=True)
def tls(variant, index):
    cell = Cell(variant, index)
    old = cell.secret()
    with environment(DB_CA_BUNDLE=variant.services["otherCaFile"]):
        token = cell.failed_rotation("setSecret", "certificate", "DB_CA_BUNDLE")
    cell.assert_unchanged(old)
    with environment(DB_TLS="disable"):  # the servers require TLS, so plaintext must be refused
        cell.failed_rotation("setSecret", "DB_TLS=disable", token=token)
    cell.assert_unchanged(old)
    with environment(DB_TLS="sometimes"):
        cell.failed_rotation("DB_TLS", "verify", token=token)
    with environment(DB_TLS="verify", DB_CA_BUNDLE="/nonexistent/ca.pem"):
        cell.failed_rotation("CA bundle", "build.sh", token=token)
    cell.assert_unchanged(old)
    # require: encrypted without verification, so the unrelated CA does not matter.
    with environment(DB_TLS="require", DB_CA_BUNDLE=variant.services["otherCaFile"]):
        cell.driver.rotate(token=token)
    rotated_away(cell, old, cell.secret())
    # A server that does not offer TLS never receives the login, in verify or require mode.
    fake = PlaintextOnlyServer("postgres" if variant.engine == "postgres" else "mysql")
    try:
        other = Cell(variant, index + 50, port=fake.port)
        other_token = None
        for mode in ("verify", "require"):
            with environment(DB_TLS=mode):
                other_token = other.failed_rotation("setSecret", "TLS", token=other_token)
        assert fake.logins_received == 0, "the function sent its login to a server without TLS"
    finally:
        fake.close()
    return cell


@scenario(
    "grant-option-partial",
    "the admin holds GRANT OPTION on only some of the user's databases: setSecret fails, retries fail, nothing is promoted; fixed, it rotates",
    custom_setup=True,
    engines=("mysql", "mariadb"),
    strategies=("alternating",),
)
def grant_option_partial(variant, index):
    db = variant.db
    other_db = "rotation_other_%s%02d" % (variant.tag, index)
    admin_user, admin_password = "rw_ladm_%s%02d" % (variant.tag, index), "Adm1n-" + fresh_password(12)
    db.drop_user(admin_user)
    db.create_limited_admin(admin_user, admin_password, [db.fixture_db])  # not other_db
    admin_arn = variant.master_secret(admin_password, user=admin_user)
    cell = Cell(variant, index, master_arn=admin_arn)
    other_table = "other_" + cell.id
    db.create_fixture(other_table, cell.base, database=other_db)
    old = cell.secret()
    token = cell.failed_rotation("setSecret", "copy grant", other_db, "WITH GRANT OPTION")
    cell.assert_unchanged(old)
    pending = cell.secret("AWSPENDING")
    assert not cell.logs_in(pending), "AWSPENDING logs in as the clone although its grants were not all copied"
    # Secrets Manager retries the rotation: it must fail the same way, never promote a partial clone.
    cell.failed_rotation("setSecret", "copy grant", other_db, token=token)
    cell.assert_unchanged(old)
    # testSecret on its own refuses the clone too.
    cell.expect_failure(lambda: cell.driver.invoke(token, "testSecret"), "testSecret", "does not log in")
    # The operator gives the admin what it lacks; the next retry completes the rotation.
    db.grant_database_with_grant_option(admin_user, other_db)
    cell.driver.rotate(token=token)
    rotated_away(cell, old, cell.secret())
    new = cell.secret()
    assert db.reads_fixture(cell.clone, new["password"], other_table, database=other_db), "the clone cannot read the second database"
    assert db.reads_fixture(cell.clone, new["password"], cell.table), "the clone cannot read the first database"
    return cell


@scenario(
    "crash-before-grants",
    "the function is killed after CREATE USER of the clone, before its grants; the retried rotation copies them",
    engines=("mysql", "mariadb"),
    strategies=("alternating",),
)
def crash_before_grants(cell):
    old = cell.secret()
    token = str(uuid.uuid4())
    cell.double.start_rotation(cell.arn, token)
    cell.driver.invoke(token, "createSecret")
    # With the grant tables locked, the function's CREATE USER waits. The function is frozen there,
    # the lock released so that the server runs the statement, and then the function is killed (as
    # a Lambda at its timeout): the clone exists and nothing after CREATE USER ran. (Killed while the
    # statement still waits, the server would drop the statement with the lost client.)
    process = cell.driver.start_in_process(token, "setSecret")
    try:
        with cell.db.grant_tables_locked():
            cell.db.wait_for_statement(cell.variant.master_user, "CREATE USER")
            process.send_signal(signal.SIGSTOP)
        cell.db.wait_for_user(cell.clone)
    finally:
        process.kill()
        process.wait()
    pending = cell.secret("AWSPENDING")
    assert not (cell.logs_in(pending) and cell.db.reads_fixture(cell.clone, pending["password"], cell.table)), (
        "the clone got the user's grants although the function was killed before copying them"
    )
    cell.driver.check()
    cell.driver.rotate(token=token)  # Secrets Manager retries the rotation
    rotated_away(cell, old, cell.secret())
    assert cell.db.reads_fixture(cell.clone, cell.secret()["password"], cell.table), "the clone was promoted without the user's grants"


@scenario(
    "privileges-lost",
    "the clone loses the user's privileges after setSecret: testSecret refuses it; the retried rotation restores them",
    strategies=("alternating",),
)
def privileges_lost(cell):
    old = cell.secret()
    token = cell.driver.rotate(stop_after="setSecret")
    pending = cell.secret("AWSPENDING")
    assert pending["username"] == cell.clone and cell.db.reads_fixture(cell.clone, pending["password"], cell.table)
    cell.db.revoke_clone_privileges(cell.clone, cell.base, cell.table)
    assert not cell.db.reads_fixture(cell.clone, pending["password"], cell.table)
    cell.expect_failure(lambda: cell.driver.invoke(token, "testSecret"), "testSecret", "lacks privileges", cell.base)
    cell.assert_unchanged(old)
    cell.driver.rotate(token=token)  # the retry: setSecret copies the privileges again, although AWSPENDING logs in
    rotated_away(cell, old, cell.secret())
    assert cell.db.reads_fixture(cell.clone, cell.secret()["password"], cell.table), "the clone was promoted without the user's privileges"


@scenario(
    "rds-managed-admin",
    "the admin secret is one RDS manages (rds!db-..., only username and password): the admin logs in at the user's host",
    custom_setup=True,
    strategies=("alternating",),
)
def rds_managed_admin(variant, index):
    admin_arn = variant.master_secret(variant.master_password, host=False, name="rds!db-%s" % uuid.uuid4())
    assert set(json.loads(variant.double.value(admin_arn))) == {"username", "password"}
    cell = Cell(variant, index, master_arn=admin_arn)
    first = cell.secret()
    cell.driver.rotate()  # creates the clone with the admin
    second = cell.secret()
    rotated_away(cell, first, second)
    cell.driver.rotate()  # and back to the user, through the admin again
    rotated_away(cell, second, cell.secret())
    assert any("names no host" in line and admin_arn in line for line in variant.logs.lines), "the function did not say where the admin logged in"
    assert cell.db.reads_fixture(cell.clone, second["password"], cell.table)
    return cell


# ---- running ------------------------------------------------------------------------------------
def run_one(variant, index, name, function, custom_setup):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", help="directory holding the generated lambda/rotation.py")
    parser.add_argument("--engine", choices=ENGINES)
    parser.add_argument("--strategy", choices=STRATEGIES)
    parser.add_argument("--finish", choices=sorted(FINISH_OUTCOMES), default="keeps-pending", help="how the double ends a successful rotation")
    parser.add_argument("--services", default=os.environ.get("ROTATION_WIZARD_SERVICES_FILE", DEFAULT_SERVICES_FILE))
    parser.add_argument("--out", help="write the results as JSON here")
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--list", action="store_true", help="print the scenarios as JSON and exit")
    args = parser.parse_args()
    if args.list:
        print(json.dumps([
            {"name": name, "description": description, "engines": list(engines), "strategies": list(strategies)}
            for name, description, _, _, engines, strategies in SCENARIOS
        ]))
        return 0
    if not (args.bundle and args.engine and args.strategy):
        parser.error("--bundle, --engine and --strategy are required")
    if not os.path.isfile(args.services):
        print("%s is missing: run `bash scripts/test-services.sh` (as root) to start the database servers" % args.services, file=sys.stderr)
        return 2
    with open(args.services) as f:
        services = json.load(f)
    variant = Variant(args.engine, args.strategy, args.bundle, services, args.finish)
    results = []
    try:
        for index, (name, _, function, custom_setup, engines, strategies) in enumerate(SCENARIOS):
            if args.only and name not in args.only:
                continue
            if args.engine not in engines or args.strategy not in strategies:
                continue
            result = run_one(variant, index, name, function, custom_setup)
            results.append(result)
            status = "pass" if result["passed"] else "FAIL"
            print("%-22s %-8s %-12s %-16s %s %5.2fs %s" % (name, args.engine, args.strategy, args.finish, status, result["seconds"], result.get("error", "")), flush=True)
    finally:
        variant.double.stop()
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"engine": args.engine, "strategy": args.strategy, "finish": args.finish, "results": results}, f, indent=2)
    return 0 if all(r["passed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
