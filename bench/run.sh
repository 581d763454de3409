#!/usr/bin/env bash
# Builds synthetic registers of several sizes with the release `dik` and, when `hugo`
# is installed, with two Hugo sites on the same files: the minimal one (bench/hugo: a
# public and an internal page per entry, one list page) and the one that writes the
# same files as dik (bench/hugo-parity); prints per size the median wall time, median
# CPU time and median peak memory over several runs, and each Hugo/dik time ratio;
# and, as the floor of any generator writing dik's files here, the wall time of
# `cp -r` of one dik output.
#
# Usage: bench/run.sh [N ...]            (default: 1000 10000 100000)
# Environment:
#   RUNS=5          runs per size below 100,000 entries
#   RUNS_LARGE=3    runs per size from 100,000 entries
#   SEED=1          generator seed (bench/gen_register.py)
#   FORMULAIC=1     registers whose analyses and balancing statements share one legal
#                   formula (gen_register.py --formulaic), as many real ones do
#   BENCH_DIR=...   where registers and outputs go (default: ${TMPDIR:-/tmp}/dik-bench)
#   HUGO=0          skip Hugo even when it is installed
#   PARITY=0        skip the Hugo site that writes dik's files (bench/hugo-parity)
#   PARITY_MAX=10000  the largest size it runs at: it needs about 2.3 GiB at 10,000
#                   entries and grows with the register, past this machine at 100,000
#   DIK=path        the dik binary (default: build .build/release/dik)
#   KEEP=1          keep the generated registers (they are reused when present)
#   SETTLE=40       seconds to wait after deleting one size's outputs before the next
#                   size (see below)
# dik and Hugo runs alternate, so both see the same load on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${RUNS:-5}
runs_large=${RUNS_LARGE:-3}
seed=${SEED:-1}
variant=""
generator_flags=()
if [ "${FORMULAIC:-0}" = 1 ]; then variant="-formulaic"; generator_flags=(--formulaic); fi
work=${BENCH_DIR:-${TMPDIR:-/tmp}/dik-bench}
date=2026-11-21

if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is missing (Debian package 'time')" >&2
  exit 1
fi
if [ -z "${DIK:-}" ]; then
  scripts/ensure-deps.sh
  swift build -c release --product dik >&2
  DIK=$repo/.build/release/dik
fi
use_hugo=0
if [ "${HUGO:-1}" != 0 ] && command -v hugo >/dev/null; then use_hugo=1; fi
use_parity=0
if [ $use_hugo = 1 ] && [ "${PARITY:-1}" != 0 ]; then use_parity=1; fi
parity_max=${PARITY_MAX:-10000}
mkdir -p "$work"

# measure OUT_PREFIX command...: runs it under /usr/bin/time -v; appends
# "wall_seconds cpu_seconds peak_kib" to OUT_PREFIX.times.
measure() {
  local prefix=$1; shift
  local log=$prefix.time
  if ! /usr/bin/time -v -o "$log" "$@" >"$prefix.stdout" 2>"$prefix.stderr"; then
    echo "bench: failed: $*" >&2
    tail -5 "$prefix.stderr" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
    /User time/ { user = $2 } /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$log" >>"$prefix.times"
}

# median FILE COLUMN
median() {
  cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# mib KIB: whole MiB (a median of an even number of runs may end in .5)
mib() { awk -v k="$1" 'BEGIN { printf "%d", k / 1024 }'; }

cpu_model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
echo "machine: $(nproc) cores ($cpu_model), $memory; dik $(git rev-parse --short HEAD 2>/dev/null || echo '?');" \
  "$( [ $use_hugo = 1 ] && hugo version | cut -d' ' -f1-2 || echo 'no hugo')${variant:+; formulaic registers}"
echo
echo "| entries | dik wall (s) | dik CPU (s) | dik peak (MiB) | hugo wall (s) | hugo CPU (s) | hugo peak (MiB) | hugo / dik | hugo, dik's files: wall (s) | CPU (s) | peak (MiB) | / dik | cp -r of dik's output (s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

for n in "${sizes[@]}"; do
  site=$work/site-$n-seed$seed$variant
  if [ ! -f "$site/.complete" ]; then
    rm -rf "$site"
    python3 bench/gen_register.py --entries "$n" --seed "$seed" "${generator_flags[@]}" --out "$site" 2>/dev/null
    touch "$site/.complete"
  fi
  result=$work/result-$n$variant
  rm -rf "$result" && mkdir -p "$result"
  hugo_site=$work/hugo-$n
  if [ $use_hugo = 1 ]; then
    rm -rf "$hugo_site" && mkdir -p "$hugo_site"
    cp -r bench/hugo/. "$hugo_site/"
    ln -s "$site/register" "$hugo_site/content"
  fi
  count=$runs
  [ "$n" -ge 100000 ] && count=$runs_large
  # Each run writes into a folder of its own, and the outputs are deleted only after
  # the last run of a size: on ext4 without a journal (as on this project's VMs) the
  # kernel skips inodes freed in the last 5-35 s when it allocates new ones, so
  # deleting a run's output right before the next made every run slower than the one
  # before it (system time 1.1 -> 2.5 s in three runs of 1,000 entries), for both tools.
  parity=0
  [ $use_parity = 1 ] && [ "$n" -le "$parity_max" ] && parity=1
  rm -rf "$work"/out-dik-* "$work"/out-hugo-* "$work"/out-parity-*
  for ((run = 1; run <= count; run++)); do
    measure "$result/dik" "$DIK" build --site "$site" --out "$work/out-dik-$run" --date "$date"
    if [ $use_hugo = 1 ]; then
      rm -rf "$hugo_site/resources"
      measure "$result/hugo" hugo --quiet --source "$hugo_site" --destination "$work/out-hugo-$run"
    fi
    if [ $parity = 1 ]; then
      measure "$result/parity" bench/hugo-parity/build.sh "$site" "$work/out-parity-$run"
    fi
  done
  dik_wall=$(median "$result/dik.times" 1)
  dik_cpu=$(median "$result/dik.times" 2)
  dik_peak=$(median "$result/dik.times" 3)
  row="| $n | $dik_wall | $dik_cpu | $(mib "$dik_peak")"
  if [ $use_hugo = 1 ]; then
    hugo_wall=$(median "$result/hugo.times" 1)
    hugo_cpu=$(median "$result/hugo.times" 2)
    hugo_peak=$(median "$result/hugo.times" 3)
    ratio=$(awk -v h="$hugo_wall" -v d="$dik_wall" 'BEGIN { printf "%.1f×", (d > 0 ? h / d : 0) }')
    row="$row | $hugo_wall | $hugo_cpu | $(mib "$hugo_peak") | $ratio"
  else
    row="$row | – | – | – | –"
  fi
  if [ $parity = 1 ]; then
    parity_wall=$(median "$result/parity.times" 1)
    ratio=$(awk -v h="$parity_wall" -v d="$dik_wall" 'BEGIN { printf "%.1f×", (d > 0 ? h / d : 0) }')
    row="$row | $parity_wall | $(median "$result/parity.times" 2) | $(mib "$(median "$result/parity.times" 3)") | $ratio |"
  else
    row="$row | – | – | – | – |"
  fi
  # The floor no generator of these files can go below on this machine: the kernel's
  # cost of creating the same folders and files, measured by copying dik's output.
  measure "$result/copy" cp -r "$work/out-dik-1" "$work/out-copy"
  row="$row $(cut -d' ' -f1 "$result/copy.times") |"
  echo "$row"
  rm -rf "$work"/out-dik-* "$work"/out-hugo-* "$work"/out-parity-* "$work/out-copy" "$hugo_site"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$site"
  # The next size would otherwise allocate its inodes while those just freed are
  # still "recent" (above): its first runs, dik's and Hugo's, would pay for this size.
  if [ "$n" != "${sizes[${#sizes[@]} - 1]}" ]; then
    sync
    sleep "${SETTLE:-40}"
  fi
done
