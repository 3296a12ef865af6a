#!/bin/sh
# Validates the GSettings schema: compiles it strictly, checks that every key
# documents itself, and reads the defaults back through gsettings.
# Usage: validate-schema.sh APP_ID SCHEMA_FILE
# Exit 0 when valid, 1 on any problem, 77 (skip) when glib-compile-schemas is missing.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 APP_ID SCHEMA_FILE" >&2
  exit 1
fi
app_id=$1
file=$2

if ! command -v glib-compile-schemas >/dev/null 2>&1; then
  echo "SKIP: glib-compile-schemas not found (install libglib2.0-dev-bin)"
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
[ "$(basename "$file")" = "$app_id.gschema.xml" ] ||
  fail "$file: the file must be named $app_id.gschema.xml"

cp "$file" "$tmpdir/"
if ! glib-compile-schemas --strict --dry-run "$tmpdir"; then
  echo "FAIL: $file: glib-compile-schemas --strict rejected the schema" >&2
  exit 1
fi

grep -q "<schemalist gettext-domain=\"taphuan\">" "$file" ||
  fail "$file: <schemalist> must carry gettext-domain=\"taphuan\""
grep -q "<schema id=\"$app_id\" path=\"/$(echo "$app_id" | tr . /)/\">" "$file" ||
  fail "$file: <schema> must have id $app_id and path /$(echo "$app_id" | tr . /)/"

keys=$(grep -c '<key ' "$file")
summaries=$(grep -c '<summary>' "$file")
descriptions=$(grep -c '<description>' "$file")
[ "$keys" -gt 0 ] || fail "$file: no keys"
[ "$summaries" -eq "$keys" ] || fail "$file: $keys keys but $summaries <summary> elements"
[ "$descriptions" -eq "$keys" ] || fail "$file: $keys keys but $descriptions <description> elements"

# Read the defaults back: these are what the application starts with.
if command -v gsettings >/dev/null 2>&1; then
  glib-compile-schemas --strict "$tmpdir" || fail "$file: compiling failed"
  check () {
    got=$(GSETTINGS_BACKEND=memory gsettings --schemadir "$tmpdir" get "$app_id" "$1" 2>&1)
    [ "$got" = "$2" ] || fail "default of $1 is $got, expected $2"
  }
  check window-width 1100
  check window-height 720
  check window-maximized false
  check last-database "''"
  check recent-databases '@as []'
  check ui-language "''"
  check document-language "'vi'"
  check backup-keep-daily 7
  check backup-keep-weekly 4
  check retention-enabled false
  check retention-years 10

  range=$(gsettings --schemadir "$tmpdir" range "$app_id" document-language 2>&1 | tr '\n' ' ')
  [ "$range" = "enum 'vi' 'en' " ] || fail "document-language choices are: $range"
  range=$(gsettings --schemadir "$tmpdir" range "$app_id" ui-language 2>&1 | tr '\n' ' ')
  [ "$range" = "enum '' 'vi' 'en' " ] || fail "ui-language choices are: $range"
else
  echo "note: gsettings not found, defaults not checked"
fi

[ $status -eq 0 ] && echo "ok: $file"
exit $status
