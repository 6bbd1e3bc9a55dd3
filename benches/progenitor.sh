#!/usr/bin/env bash
# Side by side with progenitor on this project's own OpenAPI export: generation time (whole
# process), the compile times of the two client crates (alone, and with the runtime crate each
# is generated against), and the LLVM IR of each library. Not part of CI: installing
# cargo-progenitor takes several minutes.
#
#   bash benches/progenitor.sh [runs]      # default 3 runs each; prints medians and ratios
#
# progenitor refuses an operation with both a typed 200 and an empty 204 (`delete_tag`): the
# script drops that 204 from a copy of the export first.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=target/progenitor
mkdir -p "$work"
tools="$PWD/$work/tools"

if [ ! -x "$tools/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor 0.15.1 into $tools (once)…"
  cargo install --quiet --locked --root "$tools" cargo-progenitor --version 0.15.1
fi

python3 - "$PWD/intercom-api/openapi.json" "$PWD/$work/openapi.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for item in doc["paths"].values():
    for op in item.values():
        if isinstance(op, dict) and "responses" in op:
            codes = op["responses"]
            if "200" in codes and "204" in codes:
                del codes["204"]
json.dump(doc, open(sys.argv[2], "w"), indent=2)
PY

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); python3 -c "print($end - $start)"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

cargo build --quiet --release -p xtask
gen_ours=$(for _ in $(seq "$runs"); do seconds target/release/xtask check; done | median)
gen_theirs=$(for _ in $(seq "$runs"); do
  rm -rf "$work/client"
  seconds "$tools/bin/cargo-progenitor" progenitor -i "$work/openapi.json" -o "$work/client" \
    -n intercom-progenitor -v 0.1.0
done | median)
printf 'generate (whole process): this project %.3f s, progenitor %.3f s, ratio %s\n' \
  "$gen_ours" "$gen_theirs" "$(ratio "$gen_ours" "$gen_theirs")"

# The generated crate builds in its own workspace, with its own target directory.
printf '\n[workspace]\n' >> "$work/client/Cargo.toml"
theirs="$PWD/$work/client"
(cd "$theirs" && cargo build --quiet --release >/dev/null 2>&1 && cargo build --quiet >/dev/null 2>&1)
cargo build --quiet --release -p intercom-api && cargo build --quiet -p intercom-api

# One build of each crate, alternating ours and theirs so that both see the same machine.
#   check, debug, release: the client crate alone, its dependencies built (`touch` its lib.rs);
#   release+runtime: the client crate and the crate it is generated against (our
#   intercom-api-runtime, their progenitor-client), both rebuilt.
build_ours() {
  case $1 in
    check) touch intercom-api/src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo check --quiet -p intercom-api ;;
    debug) touch intercom-api/src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo build --quiet -p intercom-api ;;
    release) touch intercom-api/src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo build --quiet --release -p intercom-api ;;
    release+runtime)
      cargo clean --quiet --release -p intercom-api-runtime -p intercom-api
      CARGO_INCREMENTAL=0 seconds cargo build --quiet --release -p intercom-api ;;
  esac
}
build_theirs() {
  (cd "$theirs" && case $1 in
    check) touch src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo check --quiet ;;
    debug) touch src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo build --quiet ;;
    release) touch src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo build --quiet --release ;;
    release+runtime)
      cargo clean --quiet --release -p progenitor-client -p intercom-progenitor
      CARGO_INCREMENTAL=0 seconds cargo build --quiet --release ;;
  esac)
}
for mode in check debug release release+runtime; do
  ours_runs=(); theirs_runs=()
  for _ in $(seq "$runs"); do
    ours_runs+=("$(build_ours "$mode")")
    theirs_runs+=("$(build_theirs "$mode")")
  done
  ours=$(printf '%s\n' "${ours_runs[@]}" | median)
  theirs_t=$(printf '%s\n' "${theirs_runs[@]}" | median)
  printf 'cargo build, %s: this project %.2f s, progenitor %.2f s, ratio %s\n' "$mode" \
    "$ours" "$theirs_t" "$(ratio "$ours" "$theirs_t")"
done

# The LLVM IR each library hands to LLVM in a release build (cargo-llvm-lines, installed once).
if [ ! -x "$tools/bin/cargo-llvm-lines" ]; then
  cargo install --quiet --locked --root "$tools" cargo-llvm-lines --version 0.4.48
fi
llvm_lines() { "$tools/bin/cargo-llvm-lines" llvm-lines --release "$@" 2>/dev/null | awk '/TOTAL/ {print $1 " lines, " $2 " functions"; exit}'; }
echo "LLVM IR, release: intercom-api $(llvm_lines -p intercom-api --lib)"
echo "LLVM IR, release: intercom-api-runtime $(llvm_lines -p intercom-api-runtime --lib)"
echo "LLVM IR, release: progenitor's client $(cd "$theirs" && llvm_lines --lib)"
