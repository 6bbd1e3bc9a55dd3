#!/usr/bin/env bash
# Side by side with progenitor on this project's own OpenAPI export: generation time (whole
# process), and the compile times of the two client crates. Not part of CI: installing
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
for mode in check debug release; do
  case $mode in
    check) args=(); cmd=check ;;
    debug) args=(); cmd=build ;;
    release) args=(--release); cmd=build ;;
  esac
  ours=$(for _ in $(seq "$runs"); do touch intercom-api/src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo $cmd --quiet "${args[@]}" -p intercom-api; done | median)
  (cd "$theirs" && cargo $cmd --quiet "${args[@]}" >/dev/null 2>&1)
  theirs_t=$(cd "$theirs" && for _ in $(seq "$runs"); do touch src/lib.rs; CARGO_INCREMENTAL=0 seconds cargo $cmd --quiet "${args[@]}"; done | median)
  printf 'cargo %s%s: this project %.2f s, progenitor %.2f s, ratio %s\n' "$cmd" \
    "$( [ ${#args[@]} -gt 0 ] && echo " ${args[*]}" )" "$ours" "$theirs_t" \
    "$(ratio "$ours" "$theirs_t")"
done
