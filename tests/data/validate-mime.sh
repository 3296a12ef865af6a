#!/bin/sh
# Validates the shared-mime-info package: builds a MIME database from it alone
# and checks the glob, the parent type and the magic.
# Usage: validate-mime.sh APP_ID FILE
# Exit 0 when valid, 1 on any problem, 77 (skip) when update-mime-database is missing.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 APP_ID FILE" >&2
  exit 1
fi
app_id=$1
file=$2
type=application/x-taphuan-database

if ! command -v update-mime-database >/dev/null 2>&1; then
  echo "SKIP: update-mime-database not found (install shared-mime-info)"
  exit 77
fi

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

status=0
fail () {
  echo "FAIL: $*" >&2
  status=1
}

if [ ! -f "$file" ]; then
  echo "FAIL: $file: no such file" >&2
  exit 1
fi
[ "$(basename "$file")" = "$app_id.mime.xml" ] ||
  fail "$file: the file must be named $app_id.mime.xml"

mkdir -p "$tmpdir/mime/packages"
cp "$file" "$tmpdir/mime/packages/"
# update-mime-database reports parse errors but still exits 0: look at stderr.
errors=$(update-mime-database "$tmpdir/mime" 2>&1 >/dev/null |
         grep -i -E 'error|warning|unknown|invalid' || true)
if [ -n "$errors" ]; then
  echo "$errors" >&2
  fail "$file: update-mime-database complained"
fi

grep -q -x "[0-9]*:$type:\*\.taphuan" "$tmpdir/mime/globs2" 2>/dev/null ||
  fail "$file: no glob *.taphuan for $type"
grep -q -x "$type application/vnd.sqlite3" "$tmpdir/mime/subclasses" 2>/dev/null ||
  fail "$file: $type is not a sub-class of application/vnd.sqlite3"
if ! grep -a -q "$type" "$tmpdir/mime/magic" 2>/dev/null ||
   ! grep -a -q "SQLite format 3" "$tmpdir/mime/magic"; then
  fail "$file: no 'SQLite format 3' magic for $type"
fi
grep -q '<comment>Taphuan database</comment>' "$file" ||
  fail "$file: the comment must be 'Taphuan database'"

[ $status -eq 0 ] && echo "ok: $file"
exit $status
