#!/usr/bin/env bash
# Re-extracts the translation template from po/POTFILES.in, merges it into
# po/vi.po, and fails on any untranslated, fuzzy or format-mismatched
# message; also fails when a source file with translatable strings is missing
# from po/POTFILES.in.
set -u
src=${1:?usage: check-po.sh SOURCE_ROOT}
cd "$src" || exit 1
for tool in xgettext msgmerge msgfmt; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# 1. Every file with translatable strings is listed.
grep -v '^#' po/POTFILES.in | sed '/^\s*$/d' | sort -u > "$tmp/listed"
{
  grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext) *\(' src --include='*.c' || true
  grep -rl 'translatable="yes"' ui data --include='*.ui' --include='*.xml' --include='*.in' 2>/dev/null || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
} | sort -u > "$tmp/needed"
missing=$(comm -23 "$tmp/needed" "$tmp/listed")
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"
  printf '  %s\n' $missing
  status=1
fi
gone=$(while read -r f; do [ -e "$f" ] || echo "$f"; done < "$tmp/listed")
if [ -n "$gone" ]; then
  echo "po/POTFILES.in lists files that do not exist:"
  printf '  %s\n' $gone
  status=1
fi

# 2. Re-extract with the keywords of meson's glib preset.
xgettext --package-name=taphuan --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_printerr:1:c-format \
  --flag=g_print:1:c-format --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
  --files-from=po/POTFILES.in --directory="$src" --output="$tmp/taphuan.pot" 2> "$tmp/xgettext.err"
if [ ! -s "$tmp/taphuan.pot" ]; then
  echo "xgettext failed:"; cat "$tmp/xgettext.err"; exit 1
fi

# 3. Merge (fuzzy matching on: a changed message turns fuzzy and fails).
msgmerge --quiet --no-wrap po/vi.po "$tmp/taphuan.pot" -o "$tmp/vi.po" || exit 1
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/vi.po" 2>&1)
check=$?
echo "vi.po: $stats"
if [ $check -ne 0 ]; then
  echo "msgfmt --check found errors (format mismatch, bad plural forms...)."
  status=1
fi
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "Messages needing a Vietnamese translation:"
    msgattrib --untranslated --no-obsolete "$tmp/vi.po" | grep -A1 '^msgid' | grep -v '^--' | head -60
    msgattrib --only-fuzzy --no-obsolete "$tmp/vi.po" | grep -A1 '^msgid' | grep -v '^--' | head -40
    status=1
    ;;
esac
exit $status
