#!/usr/bin/env bash
# Builds a dik site with the parity Hugo project: OUT_DIR/public (Indonesian at the
# root, English under en/) and OUT_DIR/internal, the same files `dik build` writes.
#
# Usage: bench/hugo-parity/build.sh SITE_DIR OUT_DIR
#   SITE_DIR  a dik site: register/ (the entries) and site.yml
#   OUT_DIR   where public/ and internal/ go (created; must not exist or be empty)
# Environment:
#   DATE=2026-11-21   the build date (dik build --date)
#   THEME=...         dik's theme folder for the interface strings and assets
#                     (default: site-templates/ of this repository)
#   HUGO=hugo         the hugo binary
#   SEQUENTIAL=1      build the two sites one after the other instead of side by side
#   KEEP_WORK=1       keep the Hugo project folder (OUT_DIR.hugo) afterwards
#
# The Hugo project is set up in OUT_DIR.hugo the way bench/run.sh sets up bench/hugo:
# a copy of this folder with the register linked as content/; site.yml and the theme's
# strings files go to data/, its assets to static/. The two sites are independent
# Hugo builds (two configs, as dik's targets are independent), run side by side as
# dik renders its two targets side by side.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 2 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
site=$(cd "$1" && pwd)
out=$2
date=${DATE:-2026-11-21}
theme=${THEME:-$here/../../site-templates}
hugo=${HUGO:-hugo}
[ -d "$site/register" ] && [ -f "$site/site.yml" ] || { echo "build.sh: $site has no register/ or site.yml" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out.hugo
rm -rf "$work"
mkdir -p "$work/data/strings" "$work/static"
cp -r "$here/layouts" "$here/data" "$here/public.toml" "$here/internal.toml" "$work/"
cp "$site/site.yml" "$work/data/site.yml"
# dik reads YAML 1.2, Hugo 1.1: an unquoted No (col_no) would be false; quote such words.
for strings in "$theme"/strings.*.yml; do
  name=${strings##*/strings.}
  sed -E 's/^([a-z0-9_]+): *(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/\1: "\2"/' "$strings" \
    >"$work/data/strings/$name"
done
cp -r "$theme/assets" "$work/static/assets"
ln -s "$site/register" "$work/content"

export HUGO_PARAMS_BUILDDATE=$date
run() { # run NAME: one site
  "$hugo" --quiet --source "$work" --config "$work/$1.toml" --destination "$out/$1" \
    --cacheDir "$work/cache-$1" --noBuildLock
}
if [ "${SEQUENTIAL:-0}" = 1 ]; then
  run public
  run internal
else
  run public & public=$!
  run internal & internal=$!
  status=0
  wait $public || status=$?
  wait $internal || status=$?
  [ $status = 0 ] || exit $status
fi
# Hugo writes a redirect from /id/ to the root for the default language of a
# multilingual site, which dik does not write; there is no setting to turn it off.
rm -f "$out/public/id/index.html"
rmdir "$out/public/id" 2>/dev/null || true
[ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
