#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for a set time, seeded with the
# hostile-input corpus from the tests and the demo register. Not part of the test run.
#
#   scripts/fuzz.sh [seconds-per-target, default 1800] [target ...]
#
# Targets: entry (front matter, YAML guard and composer, entry decoder), escape
# (HTML escaper through a Mustache template, libcmark safe mode), template (a site's
# templates over the shipped theme: parsed-template checks, partial cycles, delimiter
# changes, rendering a marked payload) and strings (a site's string table through the
# YAML guard). Crashes are written
# to Fuzz/findings/<target>/; see docs/fuzzing.md for how to reproduce and keep them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
seconds="${1:-1800}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(entry escape template strings)

# -sanitize=fuzzer on every module instruments DikCore, Yams and their C code for
# coverage; -enable-testing lets the targets reach the guard's internals.
swift build --package-path Fuzz -c release \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
  -Xcc -fsanitize=fuzzer-no-link,address
bin="$(swift build --package-path Fuzz -c release --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
  -Xcc -fsanitize=fuzzer-no-link,address)"

seeds=Fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds/entry" "$seeds/escape" "$seeds/template" "$seeds/strings"
DIK_FUZZ_WRITE_SEEDS="$seeds/entry" "$bin/FuzzEntry"
find content/register -name '*.md' -exec cp {} "$seeds/entry/" \;
cp "$seeds"/entry/* "$seeds/escape/"
cat > "$seeds/escape/quote-combining.txt" <<'SEED'
"́ onmouseover=alert(1) <script>alert(1)</script> &amp; 'x'
SEED
cat > "$seeds/escape/markdown-links.txt" <<'SEED'
[x](javascript:alert(1)) <img src=x onerror=alert(1)> [y](JaVa&#115;cript:1) ![z](data:text/html,x)
SEED

cp site-templates/*.mustache "$seeds/template/"
printf '{{=<%% %%>=}}<%%&informasi%%>' > "$seeds/template/delimiter.mustache"
printf '{{=<%% %%>=}}<%%informasi%%>' > "$seeds/template/delimiter-escaped.mustache"
printf '{{> a}}\0{{> b}}\0{{#x}}{{> a}}{{/x}}' > "$seeds/template/cycle.mustache"
printf '{{<layout}}{{$main}}{{{informasi}}}{{& id}}{{/main}}{{/layout}}' > "$seeds/template/raw.mustache"
cp site-templates/strings.*.yml "$seeds/strings/"
printf 'a: &a ["x","x"]\nb: [*a,*a]\n' > "$seeds/strings/laughs.yml"
printf '!x judul: A\njudul: B\n"1": x\n1: y\n' > "$seeds/strings/tags.yml"
export DIK_THEME="$PWD/site-templates"

# Swift's own crash backtracer fights ASan's; libFuzzer's report is the one we want.
export SWIFT_BACKTRACE=enable=no

pids=()
for target in "${targets[@]}"; do
  case "$target" in
    entry) exe=FuzzEntry ;;
    escape) exe=FuzzEscape ;;
    template) exe=FuzzTemplate ;;
    strings) exe=FuzzStrings ;;
    *) echo "unknown target $target (entry, escape, template, strings)" >&2; exit 2 ;;
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
