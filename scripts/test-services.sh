#!/usr/bin/env bash
# Starts the real database servers that the rotation function is proven against:
# PostgreSQL 15 and MariaDB on 127.0.0.1, both TLS-only with a throwaway CA, each with a
# password-authenticated admin login over TCP. Writes what the tests need to know to a JSON file.
#
# Idempotent: run it as often as you like (it restarts both servers with the same certificates and
# passwords). Needs root and Debian's postgresql-15 and mariadb-server packages.
#
#   bash scripts/test-services.sh
#
# Environment (all optional):
#   ROTATION_WIZARD_SERVICES_FILE  where the JSON goes        (default /tmp/rotation-wizard-services.json)
#   ROTATION_WIZARD_SERVICES_DIR   certificates and passwords (default /var/lib/rotation-wizard-test-services)
set -euo pipefail

services_file="${ROTATION_WIZARD_SERVICES_FILE:-/tmp/rotation-wizard-services.json}"
state_dir="${ROTATION_WIZARD_SERVICES_DIR:-/var/lib/rotation-wizard-test-services}"
pg_version=15
pg_cluster=main
pg_port=5432
mariadb_port=3306
admin_user=rotation_admin

log() { printf 'test-services: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ "$(id -u)" -eq 0 ]] || die "run as root (it configures and restarts the system's database servers)"
command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"
command -v pg_ctlcluster >/dev/null || die "PostgreSQL is missing (apt-get install postgresql)"
command -v mariadb >/dev/null || die "MariaDB is missing (apt-get install mariadb-server)"
[[ -d "/etc/postgresql/${pg_version}/${pg_cluster}" ]] || die "PostgreSQL ${pg_version} cluster '${pg_cluster}' not found"

mkdir -p "$state_dir"
chmod 0755 "$state_dir"

# ---------------------------------------------------------------------------------------------
# Certificates: one CA that signs the servers' certificate, and an unrelated CA that the tests
# use to prove that certificate verification is really on.
make_ca() { # name, common name
  local name="$1" cn="$2"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -keyout "$state_dir/$name.key" -out "$state_dir/$name.pem" -subj "/CN=$cn" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" 2>/dev/null
  chmod 0600 "$state_dir/$name.key"
  chmod 0644 "$state_dir/$name.pem"
}

certs_valid() {
  local f
  for f in ca.pem ca.key other-ca.pem server.pem server.key; do
    [[ -s "$state_dir/$f" ]] || return 1
  done
  openssl x509 -checkend 86400 -noout -in "$state_dir/server.pem" >/dev/null &&
    openssl verify -CAfile "$state_dir/ca.pem" "$state_dir/server.pem" >/dev/null 2>&1
}

if ! certs_valid; then
  log "creating a throwaway CA and a server certificate for localhost/127.0.0.1 in $state_dir"
  make_ca ca "Rotation Wizard test CA"
  make_ca other-ca "Rotation Wizard unrelated CA"
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$state_dir/server.key" \
    -out "$state_dir/server.csr" -subj "/CN=localhost" 2>/dev/null
  cat >"$state_dir/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
  openssl x509 -req -sha256 -days 825 -in "$state_dir/server.csr" \
    -CA "$state_dir/ca.pem" -CAkey "$state_dir/ca.key" -CAcreateserial \
    -extfile "$state_dir/server.ext" -out "$state_dir/server.pem" 2>/dev/null
  chmod 0600 "$state_dir/server.key"
  rm -f "$state_dir/server.csr"
fi

# Each server reads its own copy of the key, owned by its own user (both refuse group-readable keys).
install_server_cert() { # owner, dir
  local owner="$1" dir="$2"
  install -d -m 0750 -o "$owner" -g "$owner" "$dir"
  install -m 0644 -o "$owner" -g "$owner" "$state_dir/server.pem" "$dir/server.pem"
  install -m 0600 -o "$owner" -g "$owner" "$state_dir/server.key" "$dir/server.key"
  install -m 0644 -o "$owner" -g "$owner" "$state_dir/ca.pem" "$dir/ca.pem"
}
install_server_cert postgres "$state_dir/postgres"
install_server_cert mysql "$state_dir/mariadb"

# Admin passwords are made once and kept, so reruns leave the same facts behind.
admin_password() { # file
  local file="$1"
  if [[ ! -s "$file" ]]; then
    # Punctuation on purpose: the tests' own admin connections must quote correctly too.
    printf '%s' "adm-$(openssl rand -hex 12)-'\"\\;" >"$file"
    chmod 0600 "$file"
  fi
  cat "$file"
}
pg_admin_password="$(admin_password "$state_dir/postgres-admin.password")"
mariadb_admin_password="$(admin_password "$state_dir/mariadb-admin.password")"

# SQL string literal with standard quoting ('' for '); both servers run with backslash escapes
# off for these statements (PostgreSQL: standard_conforming_strings; MariaDB: sql_mode below).
sql_literal() { local s="${1//\'/\'\'}"; printf "'%s'" "$s"; }

# ---------------------------------------------------------------------------------------------
# PostgreSQL: TLS only on 127.0.0.1, SCRAM passwords; local socket stays peer-authenticated.
pg_conf_dir="/etc/postgresql/${pg_version}/${pg_cluster}"
cat >"$state_dir/pg_hba.conf" <<'EOF'
# Written by scripts/test-services.sh: TLS-only TCP with SCRAM, peer on the local socket.
local     all  all                    peer
hostnossl all  all  0.0.0.0/0         reject
hostnossl all  all  ::/0              reject
hostssl   all  all  127.0.0.1/32      scram-sha-256
hostssl   all  all  ::1/128           scram-sha-256
EOF
chown postgres:postgres "$state_dir/pg_hba.conf"
chmod 0640 "$state_dir/pg_hba.conf"
mkdir -p "$pg_conf_dir/conf.d"
cat >"$pg_conf_dir/conf.d/90-rotation-wizard-tests.conf" <<EOF
# Written by scripts/test-services.sh for the rotation function tests.
listen_addresses = '127.0.0.1'
port = $pg_port
ssl = on
ssl_cert_file = '$state_dir/postgres/server.pem'
ssl_key_file = '$state_dir/postgres/server.key'
ssl_ca_file = '$state_dir/postgres/ca.pem'
password_encryption = 'scram-sha-256'
hba_file = '$state_dir/pg_hba.conf'
max_connections = 200
EOF

if pg_lsclusters --no-header | awk -v v="$pg_version" -v c="$pg_cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  log "restarting PostgreSQL $pg_version"
  pg_ctlcluster "$pg_version" "$pg_cluster" restart
else
  log "starting PostgreSQL $pg_version"
  pg_ctlcluster "$pg_version" "$pg_cluster" start
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$pg_port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$pg_port" || die "PostgreSQL did not come up on 127.0.0.1:$pg_port (see /var/log/postgresql/)"

runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$pg_port" -d postgres <<EOF
SET standard_conforming_strings = on;
SELECT 'CREATE ROLE $admin_user' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$admin_user') \gexec
ALTER ROLE $admin_user WITH LOGIN SUPERUSER PASSWORD $(sql_literal "$pg_admin_password");
EOF

# ---------------------------------------------------------------------------------------------
# MariaDB: TLS required for every TCP client, on 127.0.0.1.
mariadb_conf=/etc/mysql/mariadb.conf.d/90-rotation-wizard-tests.cnf
cat >"$mariadb_conf" <<EOF
# Written by scripts/test-services.sh for the rotation function tests.
[mariadbd]
bind-address = 127.0.0.1
port = $mariadb_port
ssl_cert = $state_dir/mariadb/server.pem
ssl_key = $state_dir/mariadb/server.key
ssl_ca = $state_dir/mariadb/ca.pem
require_secure_transport = ON
max_connections = 300
EOF
chmod 0644 "$mariadb_conf"

if mariadb-admin --protocol=socket ping >/dev/null 2>&1; then
  log "restarting MariaDB"
  service mariadb restart >/dev/null
else
  log "starting MariaDB"
  service mariadb start >/dev/null
fi
for _ in $(seq 1 60); do
  mariadb-admin --protocol=socket ping >/dev/null 2>&1 && break
  sleep 0.5
done
mariadb-admin --protocol=socket ping >/dev/null 2>&1 || die "MariaDB did not come up (see /var/log/mysql/ or syslog)"

mariadb --protocol=socket <<EOF
SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');
CREATE USER IF NOT EXISTS '$admin_user'@'%';
ALTER USER '$admin_user'@'%' IDENTIFIED BY $(sql_literal "$mariadb_admin_password");
GRANT ALL PRIVILEGES ON *.* TO '$admin_user'@'%' WITH GRANT OPTION;
EOF

# ---------------------------------------------------------------------------------------------
python_bin=/usr/bin/python3
[[ -x "$python_bin" ]] || python_bin=python3
tmp_file="$(mktemp "${services_file}.XXXXXX")"
STATE_DIR="$state_dir" ADMIN_USER="$admin_user" PG_PORT="$pg_port" MARIADB_PORT="$mariadb_port" \
  "$python_bin" - "$tmp_file" <<'EOF'
import json, os, sys
state = os.environ["STATE_DIR"]
def read(name):
    with open(os.path.join(state, name)) as f:
        return f.read()
facts = {
    "caFile": os.path.join(state, "ca.pem"),
    "otherCaFile": os.path.join(state, "other-ca.pem"),
    "postgres": {
        "host": "localhost",
        "port": int(os.environ["PG_PORT"]),
        "dbname": "postgres",
        "adminUser": os.environ["ADMIN_USER"],
        "adminPassword": read("postgres-admin.password"),
    },
    "mariadb": {
        "host": "localhost",
        "port": int(os.environ["MARIADB_PORT"]),
        "adminUser": os.environ["ADMIN_USER"],
        "adminPassword": read("mariadb-admin.password"),
    },
}
with open(sys.argv[1], "w") as f:
    json.dump(facts, f, indent=2)
    f.write("\n")
EOF
chmod 0600 "$tmp_file"
mv "$tmp_file" "$services_file"
log "PostgreSQL on 127.0.0.1:$pg_port and MariaDB on 127.0.0.1:$mariadb_port are up (TLS only); facts in $services_file"
