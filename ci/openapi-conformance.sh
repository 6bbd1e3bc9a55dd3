#!/usr/bin/env bash
# Checks what the tests see on the wire against the OpenAPI export (intercom-api/openapi.json):
# every response fixture, every answer intercom-mock gives in the test suites of intercom-mock
# and intercom-api, and every request body the client's wire tests send.
#
# Usage: ci/openapi-conformance.sh
#
# Runs the test executables of both crates once more with recording on (INTERCOM_MOCK_RECORD
# for the mock, INTERCOM_WIRE_RECORD for the wire tests' request check), into
# target/openapi-conformance/,
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
# The test executables of intercom-mock and intercom-api, built as `cargo test --workspace`
# builds them (selecting the two packages alone would unify features differently and rebuild
# them), each run from its package's directory as `cargo test` runs it.
cargo test --workspace --tests --no-run --message-format=json 2>"$record/build.log" |
    python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") != "compiler-artifact" or not message.get("executable"):
        continue
    if not message["profile"]["test"]:
        continue  # the intercom-mock binary, built for the tests that run it
    manifest = message["manifest_path"]
    if manifest.endswith(("/intercom-api/Cargo.toml", "/intercom-mock/Cargo.toml")):
        print(manifest[: -len("/Cargo.toml")] + "\t" + message["executable"])
' >"$record/executables.tsv" || {
    tail -n 40 "$record/build.log" >&2
    exit 1
}
while IFS=$'\t' read -r dir executable; do
    (cd "$dir" && INTERCOM_MOCK_RECORD="$record" INTERCOM_WIRE_RECORD="$record" \
        "$executable" -q >>"$record/tests.log" 2>&1) || {
        tail -n 40 "$record/tests.log" >&2
        echo "openapi-conformance: $executable failed (log: $record/tests.log)" >&2
        exit 1
    }
done <"$record/executables.tsv"
echo "openapi-conformance: ran $(wc -l <"$record/executables.tsv") test executables with recording on"
"$venv/bin/python" ci/openapi_conformance.py --record "$record"
