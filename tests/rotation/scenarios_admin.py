"""Scenarios of the alternating strategy's admin secret and the clone's grants: an admin with
GRANT OPTION on only some databases, a crash between CREATE USER and the grants, a clone that loses
its privileges, an admin secret that RDS manages.

One of the scenario modules of run_scenarios.py (harness.py holds what they share); each scenario
is a function registered, with the engines and strategies it applies to, in SCENARIOS.
"""

import json
import signal
import uuid

from harness import Cell, ScenarioList, fresh_password, rotated_away

SCENARIOS = ScenarioList()


@SCENARIOS.add(
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


@SCENARIOS.add(
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


@SCENARIOS.add(
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


@SCENARIOS.add(
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
