#!/usr/bin/env bash
# Everything the test suite needs, from a fresh machine (run as root): Debian's Chromium for Playwright,
# PostgreSQL and MariaDB for the rotation function, Python's drivers, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive NEXT_TELEMETRY_DISABLED=1

packages=(chromium postgresql mariadb-server python3-psycopg2 python3-pymysql python3-boto3 pyflakes3 pycodestyle openssl unzip)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
bash scripts/test-services.sh
npm test
