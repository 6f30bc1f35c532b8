#!/usr/bin/env bash
# Packages the rotation function into lambda/build for an arm64 Lambda on python3.13:
# the handler, its pinned database driver (binary wheels for the Lambda's platform, whatever machine
# runs this), and the RDS CA bundle that the function verifies the database's certificate with.
# A database whose certificate your own CA signed: put that CA's PEM file at lambda/custom-ca.pem, and it is
# packaged too (the README says how the function is pointed at it).
# Needs python3 with pip, and curl. Run it before terraform plan/apply, and again after changes.
set -euo pipefail

cd "$(dirname "$0")"
platform='manylinux2014_aarch64'
python_version='3.13'
ca_bundle_url='https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem'

rm -rf build
mkdir -p build
"${PYTHON:-python3}" -m pip install --quiet --platform "$platform" --only-binary=:all: \
  --python-version "$python_version" --implementation cp -r requirements.txt -t build/
cp rotation.py build/
curl --fail --silent --show-error --location --retry 3 -o build/rds-global-bundle.pem "$ca_bundle_url"
if ! grep -q "BEGIN CERTIFICATE" build/rds-global-bundle.pem; then
  echo "build.sh: $ca_bundle_url did not return a certificate bundle" >&2
  exit 1
fi
# build/ is emptied on every run, so your CA lives beside the code and is copied in each time.
if [ -e custom-ca.pem ]; then
  if ! grep -q "BEGIN CERTIFICATE" custom-ca.pem; then
    echo "build.sh: lambda/custom-ca.pem holds no PEM certificate" >&2
    exit 1
  fi
  cp custom-ca.pem build/
  echo "build.sh: packaged your CA, lambda/custom-ca.pem"
fi
echo "build.sh: lambda/build is ready for $platform, Python $python_version"
