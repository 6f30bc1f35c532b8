"""Checks how the generated MySQL/MariaDB function rewrites SHOW GRANTS lines for the clone, and how
it reads them as privileges to compare the clone with the user (testSecret), on the formats of
servers this machine does not run (MySQL 5.7 and 8.0) as well as MariaDB's.

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


# SHOW GRANTS lines as the privileges testSecret compares (grantee, authentication and limits left out).
ITEM_CASES = [
    ("GRANT USAGE ON *.* TO `app`@`%`", set()),
    ("GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*0123456789ABCDEF0123456789ABCDEF01234567'", set()),
    ("GRANT USAGE ON *.* TO `app`@`%` WITH GRANT OPTION", {"GRANT OPTION ON *.*"}),
    (
        "GRANT SELECT, INSERT ON `db`.* TO `app`@`%` WITH GRANT OPTION",
        {"SELECT ON `db`.*", "INSERT ON `db`.*", "GRANT OPTION ON `db`.*"},
    ),
    ("GRANT SELECT (`id`, `name`), UPDATE (`name`) ON `db`.`t` TO `app`@`%`", {"SELECT (`id`, `name`) ON `db`.`t`", "UPDATE (`name`) ON `db`.`t`"}),
    ("GRANT BACKUP_ADMIN,BINLOG_ADMIN ON *.* TO `app`@`%`", {"BACKUP_ADMIN ON *.*", "BINLOG_ADMIN ON *.*"}),  # MySQL 8 dynamic privileges
    ("GRANT SELECT ON `a, on b`.* TO `app`@`%`", {"SELECT ON `a, on b`.*"}),  # commas and ON inside a name
    ("GRANT `reader`@`%`,`writer`@`%` TO `app`@`%`", {"role `reader`@`%`", "role `writer`@`%`"}),
    ("GRANT `reader` TO `app`@`%` WITH ADMIN OPTION", {"role `reader` WITH ADMIN OPTION"}),
    ("SET DEFAULT ROLE `reader` FOR `app`@`%`", {"SET DEFAULT ROLE `reader`"}),
    ("GRANT SELECT ON `db`.* TO 'app'@'%'", {"SELECT ON `db`.*"}),  # MySQL 5.7
]


def main():
    bundle = sys.argv[1]
    module = load_handler(os.path.join(bundle, "lambda", "rotation.py"), "rotation_grants_check")
    failures = 0
    for grant, expected in CASES:
        failures += check(module._regrant(grant, "app", "%", CLONE), expected, grant)
    for grant, expected in ODD_CASES:
        failures += check(module._regrant(grant, ODD, "10.0.%", "'odd_clone'@'10.0.%'"), expected, grant)
    for grant, expected in ITEM_CASES:
        failures += check(module._grant_items(grant, "app", "%"), expected, "items of " + grant)
    # The clone's own line, once the grant is copied, reads as the same privileges as the user's.
    for grant, _ in CASES[:8]:
        clone_line = module._regrant(grant, "app", "%", "`app_clone`@`%`")
        failures += check(module._grant_items(clone_line, "app_clone", "%"), module._grant_items(grant, "app", "%"), "clone's copy of " + grant)
    try:
        module._regrant("GRANT SELECT ON `db`.* TO `someone`@`%`", "app", "%", CLONE)
        print("FAIL a grant for another grantee was rewritten")
        failures += 1
    except module.RotationError:
        print("ok   a grant for another grantee is refused")
    total = len(CASES) + len(ODD_CASES) + len(ITEM_CASES) + 8 + 1
    print("%d passed, %d failed" % (total - failures, failures))
    return 1 if failures else 0


def check(actual, expected, grant):
    if actual == expected:
        print("ok   %s" % grant)
        return 0
    print("FAIL %s\n     gave     %s\n     expected %s" % (grant, actual, expected))
    return 1


if __name__ == "__main__":
    sys.exit(main())
