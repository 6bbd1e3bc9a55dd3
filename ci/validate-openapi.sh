#!/usr/bin/env bash
# Validates OpenAPI documents with openapi-spec-validator.
#
# Usage: ci/validate-openapi.sh FILE.json [FILE.json ...]
#
# The validator lives in a Python virtual environment under target/ (OPENAPI_VENV overrides the
# place). The first run creates it and installs the pinned validator from PyPI; later runs reuse
# it and only validate. Needs python3 (3.9 or later).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 FILE.json [FILE.json ...]" >&2
    exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${OPENAPI_VENV:-$root/target/openapi-venv}"
requirement="openapi-spec-validator==${OPENAPI_SPEC_VALIDATOR_VERSION:-0.9.0}"
stamp="$venv/.installed"
python="${PYTHON:-python3}"

install() {
    echo "validate-openapi: installing $requirement into $venv" >&2
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    if "$python" -m venv "$venv" 2>/dev/null; then
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$requirement"
    else
        # Some distributions ship python3 without ensurepip: make the venv without pip and let
        # the system's pip install into it.
        rm -rf "$venv"
        "$python" -m venv --without-pip "$venv"
        if ! "$python" -m pip --version >/dev/null 2>&1; then
            echo "validate-openapi: $python can neither make a venv with pip nor run pip;" \
                "install the python3-venv (or python3-pip) package" >&2
            exit 1
        fi
        "$python" -m pip --python "$venv/bin/python" install --quiet \
            --disable-pip-version-check "$requirement"
    fi
    echo "$requirement" >"$stamp"
}

if [ ! -x "$venv/bin/openapi-spec-validator" ] || [ ! -f "$stamp" ] ||
    [ "$(cat "$stamp")" != "$requirement" ]; then
    install
fi

status=0
for file in "$@"; do
    if [ ! -f "$file" ]; then
        echo "validate-openapi: no such file: $file" >&2
        status=1
        continue
    fi
    "$venv/bin/openapi-spec-validator" --schema 3.0 "$file" || status=1
done
exit "$status"
