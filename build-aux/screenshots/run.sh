#!/bin/sh
# Regenerates data/screenshots/*.png from a build directory:
#   build-aux/screenshots/run.sh BUILDDIR
# A province's training year (15 courses in 2026, 60 people) from the
# benchmarks' generator, the Courses page in English and the People page in
# Vietnamese, under Xvfb. Look at the PNGs before committing them.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILDDIR}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Compile with the flags meson uses for the UI tests.
args=$(sed -n '/^build tests\/test-window-vi.p\/test-window-vi.c.o/,/^$/s/^ *ARGS = //p' "$build/build.ninja" | head -1)
link=$(sed -n '/^build tests\/test-window-vi:/,/^$/s/^ *LINK_ARGS = //p' "$build/build.ninja" | head -1)
(cd "$build" && cc $args -I"$src/tests/bench" -o "$tmp/gen-bundle" "$src/build-aux/screenshots/gen-bundle.c" \
   "$src/tests/bench/bench-data.c" $link && cc $args -o "$tmp/shot" "$src/build-aux/screenshots/shot.c" $link)

"$tmp/gen-bundle" "$tmp/raw.json" 60 15 20 7
python3 "$src/build-aux/screenshots/year.py" "$tmp/raw.json" "$tmp/year.json"
"$build/src/cli/taphuan-cli" --db "$tmp/office.db" import "$tmp/year.json" >/dev/null

mkdir -p "$tmp/home/data" "$tmp/home/config" "$tmp/home/cache"
# One display for both shots (xvfb-run -a races when called back to back).
env HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_CONFIG_HOME="$tmp/home/config" \
  XDG_CACHE_HOME="$tmp/home/cache" LC_ALL=C.UTF-8 GSETTINGS_SCHEMA_DIR="$build/data" \
  GSETTINGS_BACKEND=memory GTK_A11Y=none GSK_RENDERER=cairo TAPHUAN_LOCALEDIR="$build/po" \
  xvfb-run -a -s "-screen 0 1280x1024x24" sh -c '
    "$1/shot" "$1/office.db" courses "$2/courses.png" &&
    LANGUAGE=vi "$1/shot" "$1/office.db" people "$2/people-vi.png"' sh "$tmp" "$src/data/screenshots"
