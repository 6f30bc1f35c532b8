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
import json
import os

import scenarios_admin
import scenarios_edges
import scenarios_rotation
from harness import ENGINES, STRATEGIES, Variant, run_one
from secrets_manager_double import FINISH_OUTCOMES

DEFAULT_SERVICES_FILE = "/tmp/rotation-wizard-services.json"
# The order of --list and of the runs; a scenario's position also numbers its cell (its user names).
SCENARIOS = scenarios_rotation.SCENARIOS + scenarios_edges.SCENARIOS + scenarios_admin.SCENARIOS


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
