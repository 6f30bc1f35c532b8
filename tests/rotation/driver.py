"""Drives a generated rotation function the way Secrets Manager does.

A rotation starts like RotateSecret: an empty version carrying AWSPENDING for a new token. Then
lambda_handler is called with createSecret, setSecret, testSecret and finishSecret, in order, and
with the same token again when a rotation is resumed. After every step the driver runs the
scenario's invariant (by default: the database is on no password that no secret version holds).

Run as a program, it invokes one step in a process of its own, which a scenario can kill mid-step
(a Lambda invocation that dies, as at its timeout):

    /usr/bin/python3 tests/rotation/driver.py ROTATION_PY SECRET_ARN TOKEN STEP
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree

import importlib.util
import logging
import os
import subprocess
import threading
import uuid

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


class LambdaContext:
    function_name = "rotation-test"
    aws_request_id = "test"

    @staticmethod
    def get_remaining_time_in_millis():
        return 30000


def load_handler(path, name):
    """Imports the generated rotation.py, as the Lambda runtime does."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Driver:
    def __init__(self, module, double, arn, invariant=None):
        self.module = module
        self.double = double
        self.arn = arn
        self.invariant = invariant

    def invoke(self, token, step):
        event = {"SecretId": self.arn, "ClientRequestToken": token, "Step": step}
        return self.module.lambda_handler(event, LambdaContext())

    def invoke_concurrently(self, token, step, threads):
        """The same step by several invocations at once; returns their exceptions."""
        errors = []
        barrier = threading.Barrier(threads)

        def one():
            barrier.wait()
            try:
                self.invoke(token, step)
            except Exception as error:  # collected and asserted on by the scenario
                errors.append(error)

        workers = [threading.Thread(target=one) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        return errors

    def rotate(self, token=None, stop_after=None, repeat=1, threads=1, before_step=None):
        """One rotation (or its resumption when token is given); returns the token.
        stop_after: a step after which the function "crashes" (the rotation stops there).
        repeat: how many times each step is invoked in a row. threads: concurrent invocations.
        before_step: called with the step name before it runs (to arm faults)."""
        token = token or str(uuid.uuid4())
        self.double.start_rotation(self.arn, token)
        for step in STEPS:
            if before_step is not None:
                before_step(step)
            for _ in range(repeat):
                try:
                    if threads > 1:
                        errors = self.invoke_concurrently(token, step, threads)
                        if errors:
                            raise AssertionError("%d of %d concurrent %s invocations failed: %s" % (len(errors), threads, step, errors[0]))
                    else:
                        self.invoke(token, step)
                finally:
                    self.check()  # after a failure too: a failed step must not lock anyone out
            if step == stop_after:
                break
        return token

    def check(self):
        if self.invariant is not None:
            self.invariant()

    def start_in_process(self, token, step):
        """The step in a process of its own (same environment); returns the process, to kill."""
        program = os.path.abspath(__file__)
        return subprocess.Popen(
            [sys.executable, program, self.module.__file__, self.arn, token, step],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def main(path, arn, token, step):
    logging.basicConfig(level=logging.INFO)
    module = load_handler(path, "rotation_in_process")
    module.lambda_handler({"SecretId": arn, "ClientRequestToken": token, "Step": step}, LambdaContext())
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
