#!/usr/bin/env bash
# intercom-api (and its runtime) builds, warning-free, with default features off, with each TLS feature, and its
# docs build with every feature on (as docs.rs builds them).
#
# The `native-tls` feature compiles OpenSSL bindings on Linux, which need OpenSSL's
# development headers and pkg-config (Debian: libssl-dev, pkg-config). When they are missing,
# this script installs them with apt-get (as root, or through sudo), and fails when it cannot.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

check() {
    echo "-- intercom-api and intercom-api-runtime $*"
    cargo clippy -q -p intercom-api-runtime -p intercom-api --lib "$@" -- -D warnings
}

check --no-default-features
check --no-default-features --features rustls-tls

if [ "$(uname -s)" = Linux ] &&
    ! { command -v pkg-config >/dev/null && pkg-config --exists openssl; }; then
    if command -v apt-get >/dev/null; then
        sudo=""
        if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
        echo "-- installing libssl-dev and pkg-config for the native-tls feature"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libssl-dev pkg-config >/dev/null
    else
        echo "features: the native-tls feature needs OpenSSL's development headers and" \
            "pkg-config; install them (Debian: libssl-dev pkg-config)" >&2
        exit 1
    fi
fi
check --no-default-features --features native-tls
check --features native-tls

echo "-- intercom-api and intercom-api-runtime docs with all features"
RUSTDOCFLAGS="-D warnings" cargo doc -q -p intercom-api-runtime -p intercom-api --no-deps --all-features
