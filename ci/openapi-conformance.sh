#!/usr/bin/env bash
# Checks what the tests see on the wire against the OpenAPI export (intercom-api/openapi.json):
# every response fixture, every answer intercom-mock gives in the test suites of intercom-mock
# and intercom-api, and every request body the client's wire tests send.
#
# Usage: ci/openapi-conformance.sh
#
# Runs the tests of both crates once more with recording on (INTERCOM_MOCK_RECORD for the mock,
# INTERCOM_WIRE_RECORD for the wire tests' request check), into target/openapi-conformance/,
# then validates with ci/openapi_conformance.py in the virtual environment that
# ci/validate-openapi.sh builds (openapi-schema-validator comes with openapi-spec-validator).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="${OPENAPI_VENV:-$root/target/openapi-venv}"
record="$root/target/openapi-conformance"

# Builds the venv on first use, and validates the document itself.
bash ci/validate-openapi.sh intercom-api/openapi.json

rm -rf "$record"
mkdir -p "$record"
INTERCOM_MOCK_RECORD="$record" INTERCOM_WIRE_RECORD="$record" \
    cargo test -q -p intercom-mock -p intercom-api --tests >"$record/tests.log" 2>&1 || {
    tail -n 40 "$record/tests.log" >&2
    echo "openapi-conformance: the recorded test run failed (log: $record/tests.log)" >&2
    exit 1
}
"$venv/bin/python" ci/openapi_conformance.py --record "$record"
