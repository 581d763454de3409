#!/usr/bin/env bash
# Compares the files of a parity Hugo build with those of `dik build` on the same
# register: counts per path pattern (entry ids as ID, Pasal 17 letters as X) side by
# side, the paths only one of them wrote, and the bytes of each (files only: on disk
# a folder adds 4 KiB to `du`, on tmpfs next to nothing).
#
# With CONTENT=1 it also compares each file both wrote: byte for byte, then with
# blank lines dropped, and counts per pattern the files that still differ.
#
# Usage: [CONTENT=1] bench/hugo-parity/compare.sh HUGO_OUT DIK_OUT
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
hugo_out=$1 dik_out=$2
list() { (cd "$1" && find public internal -type f | LC_ALL=C sort); }
pattern() { sed -E 's#dik-[0-9a-z]+-[0-9]+#ID#g; s#kategori/[a-j]/#kategori/X/#'; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
list "$hugo_out" >"$tmp/hugo"
list "$dik_out" >"$tmp/dik"
pattern <"$tmp/hugo" | sort | uniq -c | awk '{ print $2, $1 }' >"$tmp/hugo.count"
pattern <"$tmp/dik" | sort | uniq -c | awk '{ print $2, $1 }' >"$tmp/dik.count"
printf '%-40s %8s %8s\n' pattern dik hugo
join -a1 -a2 -e0 -o 0,1.2,2.2 "$tmp/dik.count" "$tmp/hugo.count" |
  awk '{ printf "%-40s %8s %8s%s\n", $1, $2, $3, ($2 == $3 ? "" : "   <- differs") }'
echo "files: dik $(wc -l <"$tmp/dik"), hugo $(wc -l <"$tmp/hugo")"
only_dik=$(comm -23 "$tmp/dik" "$tmp/hugo" | wc -l)
only_hugo=$(comm -13 "$tmp/dik" "$tmp/hugo" | wc -l)
echo "paths only dik wrote: $only_dik; only hugo wrote: $only_hugo"
comm -3 "$tmp/dik" "$tmp/hugo" | head -20
bytes() { (cd "$1" && find "$2" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'); }
for part in public internal; do
  echo "bytes $part: dik $(bytes "$dik_out" $part), hugo $(bytes "$hugo_out" $part)"
done
if [ "${CONTENT:-0}" = 1 ]; then
  python3 - "$hugo_out" "$dik_out" "$tmp/dik" <<'PY'
import collections, re, sys
hugo, dik, listing = sys.argv[1:4]
same = blank = 0
differs = collections.Counter()
for path in open(listing).read().split():
    try:
        a = open(f"{dik}/{path}", "rb").read()
        b = open(f"{hugo}/{path}", "rb").read()
    except FileNotFoundError:
        continue
    if a == b:
        same += 1
    elif [l for l in a.splitlines() if l.strip()] == [l for l in b.splitlines() if l.strip()]:
        blank += 1
    else:
        differs[re.sub(r"dik-[0-9a-z]+-[0-9]+", "ID", re.sub(r"kategori/[a-j]/", "kategori/X/", path))] += 1
print(f"content: {same} identical, {blank} identical but for blank lines, {sum(differs.values())} differ")
for pattern, count in sorted(differs.items()):
    print(f"  differ: {pattern} {count}")
PY
fi
