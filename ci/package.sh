#!/usr/bin/env bash
# Proves that the publishable crates, intercom-mock, intercom-api-runtime and intercom-api, package as crates.io
# would take them and build from their packaged form.
#
# Usage: ci/package.sh [extra cargo package flags, e.g. --offline]
#
# `cargo package` writes target/package/<crate>-<version>.crate and verifies each by building
# the unpacked crate, alone: generated code must be inside it, and intercom-api's
# dev-dependency on intercom-mock resolves to the packaged intercom-mock through a local
# registry, not by path. This script then checks what the packages hold: the license texts,
# the README, the generated code, and no dependency by path left in the manifest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# --allow-dirty: CI checks out a clean tree; locally, uncommitted work is packaged as it is.
cargo package -p intercom-mock -p intercom-api-runtime -p intercom-api --allow-dirty "$@"

python3 - <<'PY'
import pathlib, sys, tarfile, tomllib

root = pathlib.Path(".")
version = tomllib.loads((root / "Cargo.toml").read_text())["workspace"]["package"]["version"]
needed = {
    "intercom-mock": ["LICENSE-MIT", "LICENSE-APACHE", "README.md", "src/generated/mod.rs",
                      "src/generated/operations.rs"],
    "intercom-api-runtime": ["LICENSE-MIT", "LICENSE-APACHE", "README.md", "src/de/mod.rs",
                             "src/client.rs"],
    "intercom-api": ["LICENSE-MIT", "LICENSE-APACHE", "README.md", "src/generated/mod.rs",
                     "src/generated/unbound.md", "src/generated/operations/mod.rs",
                     "src/generated/types/mod.rs"],
}
problems = []
for crate, files in needed.items():
    path = root / "target" / "package" / f"{crate}-{version}.crate"
    with tarfile.open(path) as tar:
        names = set(tar.getnames())
        prefix = f"{crate}-{version}/"
        for name in files:
            if prefix + name not in names:
                problems.append(f"{path}: {name} is missing")
        manifest = tomllib.loads(tar.extractfile(prefix + "Cargo.toml").read().decode())
    tables = [("dependencies", manifest.get("dependencies", {})),
              ("dev-dependencies", manifest.get("dev-dependencies", {})),
              ("build-dependencies", manifest.get("build-dependencies", {}))]
    for target, spec in manifest.get("target", {}).items():
        for kind in ("dependencies", "dev-dependencies", "build-dependencies"):
            tables.append((f"target.{target}.{kind}", spec.get(kind, {})))
    for table, deps in tables:
        for name, dep in deps.items():
            if isinstance(dep, dict) and "path" in dep:
                problems.append(f"{path}: [{table}] {name} is a path dependency")
    print(f"{path.name}: {len(names)} files, no path dependency")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
