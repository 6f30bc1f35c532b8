"""Scenarios about the rotation itself: one and two rotations, every step repeated, a crash
before finishSecret, a Secrets Manager fault in each step, a database still on AWSPREVIOUS.

One of the scenario modules of run_scenarios.py (harness.py holds what they share); each scenario
is a function registered, with the engines and strategies it applies to, in SCENARIOS.
"""

from harness import ScenarioList, rotated_away

SCENARIOS = ScenarioList()


@SCENARIOS.add("full-rotation", "one rotation: new AWSCURRENT logs in, old password rejected (alternating: clone gets the user's privileges)")
def full_rotation(cell):
    old = cell.secret()
    token = cell.driver.rotate()
    assert cell.version("AWSCURRENT") == token, "AWSCURRENT is not the rotated version"
    rotated_away(cell, old, cell.secret())
    puts = cell.requests("PutSecretValue")
    assert len(puts) == 1 and puts[0]["ClientRequestToken"] == token and puts[0]["VersionStages"] == ["AWSPENDING"], puts
    if cell.variant.alternating:
        assert cell.db.reads_fixture(cell.clone, cell.secret()["password"], cell.table), "the clone lacks the user's privileges"


@SCENARIOS.add("two-rotations", "two rotations in a row")
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


@SCENARIOS.add("steps-twice", "every step invoked twice in a row")
def steps_twice(cell):
    old = cell.secret()
    cell.driver.rotate(repeat=2)
    rotated_away(cell, old, cell.secret())
    assert len(cell.requests("PutSecretValue")) == 1, "createSecret stored a value twice"
    assert len(cell.requests("UpdateSecretVersionStage")) == 1, "finishSecret moved AWSCURRENT twice"


@SCENARIOS.add("crash-before-finish", "the function crashes after setSecret, before finishSecret; the rotation is resumed")
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


@SCENARIOS.add("faults-each-step", "an injected Secrets Manager fault in each step, each rotation then resumed")
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


@SCENARIOS.add("db-on-previous", "the database is still on the AWSPREVIOUS password of the user being rotated")
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
