"""Scenarios about what the function meets around it: a database it cannot reach, credentials
that do not match, passwords and user names that need care, concurrent invocations, invocations
that must be refused, and TLS.

One of the scenario modules of run_scenarios.py (harness.py holds what they share); each scenario
is a function registered, with the engines and strategies it applies to, in SCENARIOS.
"""

import json
import uuid

from databases import PlaintextOnlyServer, TcpProxy
from driver import STEPS
from harness import Cell, ScenarioList, environment, fresh_password, rotated_away
from secrets_manager_double import PUNCTUATION

SCENARIOS = ScenarioList()


@SCENARIOS.add("db-unreachable", "the database is unreachable: clear error, nothing changed; resumed once reachable", custom_setup=True)
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


@SCENARIOS.add("bad-credentials", "the admin secret (alternating) or the user's secret (single) does not match the database", custom_setup=True)
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


@SCENARIOS.add("punctuation-passwords", "passwords made of every punctuation character GetRandomPassword can produce", custom_setup=True)
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


@SCENARIOS.add("quoted-user-names", "user names that need quoting: quotes, backtick, backslash, space, hyphen", custom_setup=True)
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


@SCENARIOS.add("concurrent-steps", "every step invoked by 4 concurrent invocations")
def concurrent_steps(cell):
    old = cell.secret()
    # Slow writes make every invocation read before the first write lands: the races are certain. The delay
    # is generous because a loaded machine can start one of the four threads late (0.3 s once was not enough).
    cell.double.delay("PutSecretValue", 1.5)
    cell.double.delay("UpdateSecretVersionStage", 1.5)
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


@SCENARIOS.add("entry-checks", "rotation disabled, foreign token, token without AWSPENDING, token already AWSCURRENT")
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


@SCENARIOS.add("tls", "certificate verified by default; wrong CA, DB_TLS=disable and a server without TLS fail closed", custom_setup=True)
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
