#!/bin/sh
# Validates the desktop entry (the .desktop.in source or the merged file).
# Usage: validate-desktop.sh APP_ID FILE...
# Exit 0 when valid, 1 on any problem, 77 (skip) when desktop-file-validate is missing.
set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 APP_ID FILE..." >&2
  exit 1
fi
app_id=$1
shift

if ! command -v desktop-file-validate >/dev/null 2>&1; then
  echo "SKIP: desktop-file-validate not found (install desktop-file-utils)"
  exit 77
fi

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

status=0
fail () {
  echo "FAIL: $*" >&2
  status=1
}

# The value of KEY in the [Desktop Entry] group (untranslated key only).
get_key () {
  sed -n '/^\[Desktop Entry\]/,/^\[/{
    s/^'"$1"'[[:space:]]*=[[:space:]]*//p
  }' "$2" | head -n 1
}

for file in "$@"; do
  if [ ! -f "$file" ]; then
    fail "$file: no such file"
    continue
  fi

  base=$(basename "$file")
  base=${base%.in}
  if [ "$base" != "$app_id.desktop" ]; then
    fail "$file: the file must be named $app_id.desktop(.in), not $base"
  fi

  # desktop-file-validate insists on the .desktop extension.
  copy="$tmpdir/$app_id.desktop"
  cp "$file" "$copy"

  out=$(desktop-file-validate "$copy" 2>&1)
  rc=$?
  [ -n "$out" ] && echo "$out"
  if [ $rc -ne 0 ]; then
    fail "$file: desktop-file-validate reported errors"
  elif printf '%s\n' "$out" | grep -q -E ': (error|warning): '; then
    fail "$file: desktop-file-validate reported warnings"
  fi

  icon=$(get_key Icon "$copy")
  [ "$icon" = "$app_id" ] || fail "$file: Icon is '$icon', expected '$app_id'"

  exec_line=$(get_key Exec "$copy")
  case "$exec_line" in
    "taphuan "*|taphuan) ;;
    *) fail "$file: Exec is '$exec_line', expected it to run 'taphuan'" ;;
  esac

  mime=$(get_key MimeType "$copy")
  case ";$mime" in
    *";application/x-taphuan-database;"*) ;;
    *) fail "$file: MimeType '$mime' lacks application/x-taphuan-database" ;;
  esac

  for key in Name Comment Categories; do
    [ -n "$(get_key "$key" "$copy")" ] || fail "$file: missing $key"
  done

  [ $status -eq 0 ] && echo "ok: $file"
done

exit $status
