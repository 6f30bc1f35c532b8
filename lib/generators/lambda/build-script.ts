/**
 * lambda/build.sh: packages the rotation function into lambda/build for the chosen architecture
 * and Python version, which Terraform then zips. The values are validated enums; they are still
 * quoted as shell words so the script stays correct whatever they become.
 */
import type { RotationFunctionOptions } from "./index";

export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/** The RDS CA bundle, as build.sh saves it beside the handler (the handler's default DB_CA_BUNDLE). */
export const RDS_CA_FILE = "rds-global-bundle.pem";
/** Your own CA, kept in lambda/ beside the code, so that rebuilding (which empties lambda/build) keeps it. */
export const CUSTOM_CA_FILE = "custom-ca.pem";

/** A single-quoted shell word. */
export function shellWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** "python3.13" -> "3.13" */
export function pythonVersionOf(runtime: string): string {
  const match = /^python(3\.\d{1,2})$/.exec(runtime);
  if (!match?.[1]) throw new Error(`Unsupported Lambda runtime "${runtime}": expected python3.X`);
  return match[1];
}

export function buildScript(options: RotationFunctionOptions): string {
  const platform = `manylinux2014_${options.architecture === "arm64" ? "aarch64" : "x86_64"}`;
  return String.raw`#!/usr/bin/env bash
# Packages the rotation function into lambda/build for an ${options.architecture} Lambda on ${options.runtime}:
# the handler, its pinned database driver (binary wheels for the Lambda's platform, whatever machine
# runs this), and the RDS CA bundle that the function verifies the database's certificate with.
# A database whose certificate your own CA signed: put that CA's PEM file at lambda/${CUSTOM_CA_FILE}, and it is
# packaged too (the README says how the function is pointed at it).
# Needs python3 with pip, and curl. Run it before terraform plan/apply, and again after changes.
set -euo pipefail

cd "$(dirname "$0")"
platform=${shellWord(platform)}
python_version=${shellWord(pythonVersionOf(options.runtime))}
ca_bundle_url=${shellWord(RDS_CA_BUNDLE_URL)}

rm -rf build
mkdir -p build
"${"$"}{PYTHON:-python3}" -m pip install --quiet --platform "$platform" --only-binary=:all: \
  --python-version "$python_version" --implementation cp -r requirements.txt -t build/
cp rotation.py build/
curl --fail --silent --show-error --location --retry 3 -o build/${RDS_CA_FILE} "$ca_bundle_url"
if ! grep -q "BEGIN CERTIFICATE" build/${RDS_CA_FILE}; then
  echo "build.sh: $ca_bundle_url did not return a certificate bundle" >&2
  exit 1
fi
# build/ is emptied on every run, so your CA lives beside the code and is copied in each time.
if [ -e ${CUSTOM_CA_FILE} ]; then
  if ! grep -q "BEGIN CERTIFICATE" ${CUSTOM_CA_FILE}; then
    echo "build.sh: lambda/${CUSTOM_CA_FILE} holds no PEM certificate" >&2
    exit 1
  fi
  cp ${CUSTOM_CA_FILE} build/
  echo "build.sh: packaged your CA, lambda/${CUSTOM_CA_FILE}"
fi
echo "build.sh: lambda/build is ready for $platform, Python $python_version"
`;
}
