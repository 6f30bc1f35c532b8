"""The version-stage model of the Secrets Manager double: a secret, its versions and their
labels, with the rules that hold whatever operation changes them (a label is on at most one
version; AWSCURRENT moving leaves AWSPREVIOUS on the version it left), and AwsError, the error an
operation answers with.

Kept apart from secrets_manager_double.py (the operations and test hooks) and
secrets_manager_http.py (the wire protocol): this is the state every operation reads and writes.
"""

import secrets
import string
import time

ACCOUNT = "123456789012"
REGION = "us-east-1"
CURRENT, PENDING, PREVIOUS = "AWSCURRENT", "AWSPENDING", "AWSPREVIOUS"


class AwsError(Exception):
    def __init__(self, code, message, status=400):
        super().__init__("%s: %s" % (code, message))
        self.code, self.message, self.status = code, message, status


class Version:
    def __init__(self, value):
        self.value = value  # None: created by RotateSecret, not yet given a value
        self.stages = set()
        self.created = time.time()


class Secret:
    def __init__(self, name):
        self.name = name
        suffix = "".join(secrets.choice(string.ascii_letters) for _ in range(6))
        self.arn = "arn:aws:secretsmanager:%s:%s:secret:%s-%s" % (REGION, ACCOUNT, name, suffix)
        self.rotation_enabled = True
        self.versions = {}

    def holder(self, stage):
        return next((vid for vid, v in self.versions.items() if stage in v.stages), None)

    def attach(self, stage, version_id):
        """Attaches a label, taking it off any other version (the one-version-per-label rule)."""
        old = self.holder(stage)
        if old == version_id:
            return
        if old is not None:
            self.versions[old].stages.discard(stage)
        self.versions[version_id].stages.add(stage)
        if stage == CURRENT and old is not None:
            self.attach(PREVIOUS, old)

    def delete_unlabelled(self):
        for version_id in [vid for vid, version in self.versions.items() if not version.stages]:
            del self.versions[version_id]

    def labelled(self):
        return {vid: sorted(v.stages) for vid, v in self.versions.items() if v.stages}
