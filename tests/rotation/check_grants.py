"""Checks how the generated MySQL/MariaDB function rewrites SHOW GRANTS lines for the clone, on the
formats of servers this machine does not run (MySQL 5.7 and 8.0) as well as MariaDB's.

    /usr/bin/python3 tests/rotation/check_grants.py DIR    (DIR holds a mysql or mariadb
                                                           alternating lambda/rotation.py)
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree

import os

from driver import load_handler

B = chr(96)  # backtick
CLONE = "'app_clone'@'%'"  # what cursor.mogrify("%s@%s", ("app_clone", "%")) gives

CASES = [
    # MySQL 8.0
    ("GRANT USAGE ON *.* TO `app`@`%`", "GRANT USAGE ON *.* TO " + CLONE),
    ("GRANT SELECT, INSERT ON `db`.* TO `app`@`%` WITH GRANT OPTION", "GRANT SELECT, INSERT ON `db`.* TO " + CLONE + " WITH GRANT OPTION"),
    ("GRANT `reader`@`%`,`writer`@`%` TO `app`@`%`", "GRANT `reader`@`%`,`writer`@`%` TO " + CLONE),
    ("GRANT `reader`@`%` TO `app`@`%` WITH ADMIN OPTION", "GRANT `reader`@`%` TO " + CLONE + " WITH ADMIN OPTION"),
    ("GRANT `app`@`%` TO `app`@`%`", "GRANT `app`@`%` TO " + CLONE),  # a role named like the user
    ("GRANT SELECT (`id`, `name`) ON `db`.`t` TO `app`@`%`", "GRANT SELECT (`id`, `name`) ON `db`.`t` TO " + CLONE),
    ("GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO `app`@`%`", "GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO " + CLONE),
    ("GRANT PROXY ON ``@`` TO `app`@`%`", "GRANT PROXY ON ``@`` TO " + CLONE),
    # MySQL 5.7
    ("GRANT USAGE ON *.* TO 'app'@'%'", "GRANT USAGE ON *.* TO " + CLONE),
    ("GRANT SELECT ON `db`.* TO 'app'@'%' WITH GRANT OPTION", "GRANT SELECT ON `db`.* TO " + CLONE + " WITH GRANT OPTION"),
    # MariaDB: authentication and limits are not privileges; roles and default roles are
    (
        "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*0123456789ABCDEF0123456789ABCDEF01234567' WITH MAX_QUERIES_PER_HOUR 10",
        "GRANT USAGE ON *.* TO " + CLONE,
    ),
    ("GRANT ALL PRIVILEGES ON `db`.* TO `app`@`%` WITH GRANT OPTION", "GRANT ALL PRIVILEGES ON `db`.* TO " + CLONE + " WITH GRANT OPTION"),
    ("GRANT `reader` TO `app`@`%`", "GRANT `reader` TO " + CLONE),
    ("SET DEFAULT ROLE `reader` FOR `app`@`%`", "SET DEFAULT ROLE `reader` FOR " + CLONE),
]

# A name that needs quoting, as MariaDB/MySQL 8 print it (backticks doubled).
ODD = "o'd " + B + "x"
ODD_CASES = [("GRANT SELECT ON `db`.* TO `o'd ``x`@`10.0.%`", "GRANT SELECT ON `db`.* TO 'odd_clone'@'10.0.%'")]


def main():
    bundle = sys.argv[1]
    module = load_handler(os.path.join(bundle, "lambda", "rotation.py"), "rotation_grants_check")
    failures = 0
    for grant, expected in CASES:
        failures += check(module._regrant(grant, "app", "%", CLONE), expected, grant)
    for grant, expected in ODD_CASES:
        failures += check(module._regrant(grant, ODD, "10.0.%", "'odd_clone'@'10.0.%'"), expected, grant)
    try:
        module._regrant("GRANT SELECT ON `db`.* TO `someone`@`%`", "app", "%", CLONE)
        print("FAIL a grant for another grantee was rewritten")
        failures += 1
    except module.RotationError:
        print("ok   a grant for another grantee is refused")
    print("%d passed, %d failed" % (len(CASES) + len(ODD_CASES) + 1 - failures, failures))
    return 1 if failures else 0


def check(actual, expected, grant):
    if actual == expected:
        print("ok   %s" % grant)
        return 0
    print("FAIL %s\n     gave     %s\n     expected %s" % (grant, actual, expected))
    return 1


if __name__ == "__main__":
    sys.exit(main())
