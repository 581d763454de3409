#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for a set time, seeded with the
# hostile-input corpus from the tests and the demo register. Not part of the test run.
#
#   scripts/fuzz.sh [seconds-per-target, default 1800] [target ...]
#
# Targets: entry (front matter, YAML guard and composer, entry decoder) and escape
# (HTML escaper through a Mustache template, libcmark safe mode). Crashes are written
# to Fuzz/findings/<target>/; see docs/fuzzing.md for how to reproduce and keep them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
seconds="${1:-1800}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(entry escape)

# -sanitize=fuzzer on every module instruments DikCore, Yams and their C code for
# coverage; -enable-testing lets the targets reach the guard's internals.
swift build --package-path Fuzz -c release \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
  -Xcc -fsanitize=fuzzer-no-link,address
bin="$(swift build --package-path Fuzz -c release --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
  -Xcc -fsanitize=fuzzer-no-link,address)"

seeds=Fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds/entry" "$seeds/escape"
DIK_FUZZ_WRITE_SEEDS="$seeds/entry" "$bin/FuzzEntry"
find content/register -name '*.md' -exec cp {} "$seeds/entry/" \;
cp "$seeds"/entry/* "$seeds/escape/"
cat > "$seeds/escape/quote-combining.txt" <<'SEED'
"́ onmouseover=alert(1) <script>alert(1)</script> &amp; 'x'
SEED
cat > "$seeds/escape/markdown-links.txt" <<'SEED'
[x](javascript:alert(1)) <img src=x onerror=alert(1)> [y](JaVa&#115;cript:1) ![z](data:text/html,x)
SEED

# Swift's own crash backtracer fights ASan's; libFuzzer's report is the one we want.
export SWIFT_BACKTRACE=enable=no

pids=()
for target in "${targets[@]}"; do
  case "$target" in
    entry) exe=FuzzEntry ;;
    escape) exe=FuzzEscape ;;
    *) echo "unknown target $target (entry, escape)" >&2; exit 2 ;;
  esac
  corpus="Fuzz/corpus/$target"
  findings="Fuzz/findings/$target"
  mkdir -p "$corpus" "$findings"
  echo "fuzzing $target for ${seconds}s: log in Fuzz/findings/$target.log" >&2
  "$bin/$exe" "$corpus" "$seeds/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 > "Fuzz/findings/$target.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for target in "${targets[@]}"; do tail -n 12 "Fuzz/findings/$target.log"; done
ls Fuzz/findings/*/ 2>/dev/null | grep -E 'crash|timeout|oom|leak' && status=1
exit $status
