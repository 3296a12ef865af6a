#!/bin/sh
# Validates the AppStream metainfo (the .metainfo.xml.in source or the merged file)
# with appstreamcli, then checks what Flathub needs that older appstreamcli
# versions report only as infos.
# Usage: validate-metainfo.sh APP_ID VERSION FILE...
# Exit 0 when valid, 1 on any problem, 77 (skip) when appstreamcli is missing.
set -u

if [ $# -lt 3 ]; then
  echo "usage: $0 APP_ID VERSION FILE..." >&2
  exit 1
fi
app_id=$1
version=$2
shift 2

if ! command -v appstreamcli >/dev/null 2>&1; then
  echo "SKIP: appstreamcli not found (install appstream)"
  exit 77
fi

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

status=0
fail () {
  echo "FAIL: $*" >&2
  status=1
}

for file in "$@"; do
  if [ ! -f "$file" ]; then
    fail "$file: no such file"
    continue
  fi

  base=$(basename "$file")
  base=${base%.in}
  if [ "$base" != "$app_id.metainfo.xml" ]; then
    fail "$file: the file must be named $app_id.metainfo.xml(.in), not $base"
  fi

  copy="$tmpdir/$app_id.metainfo.xml"
  cp "$file" "$copy"

  # Errors and warnings fail; infos and pedantic hints are allowed.
  out=$(appstreamcli validate --no-net "$copy" 2>&1)
  rc=$?
  echo "$out"
  if [ $rc -ne 0 ]; then
    fail "$file: appstreamcli validate failed (exit $rc)"
  elif printf '%s\n' "$out" | grep -q -E '^(E|W):'; then
    fail "$file: appstreamcli reported errors or warnings"
  fi

  if command -v python3 >/dev/null 2>&1; then
    python3 - "$copy" "$app_id" "$version" <<'PYEOF' || fail "$file: content checks failed"
import re
import sys
import xml.etree.ElementTree as ET

path, app_id, version = sys.argv[1:4]
problems = []
root = ET.parse(path).getroot()

def text(xpath):
    node = root.find(xpath)
    return node.text.strip() if node is not None and node.text else None

def expect(cond, message):
    if not cond:
        problems.append(message)

expect(root.tag == 'component' and root.get('type') == 'desktop-application',
       'root must be <component type="desktop-application">')
expect(text('id') == app_id, f'<id> is {text("id")!r}, expected {app_id!r}')
expect(text('metadata_license') == 'CC0-1.0', 'metadata_license must be CC0-1.0')
expect(text('project_license') == 'GPL-3.0-or-later', 'project_license must be GPL-3.0-or-later')
expect(text('name'), '<name> is missing')
expect(text('summary'), '<summary> is missing')
expect(root.find('description/p') is not None, '<description> needs at least one <p>')

dev = root.find('developer')
expect(dev is not None and dev.get('id') and dev.findtext('name'),
       '<developer id="..."><name>...</name></developer> is missing')

launchables = [l.text for l in root.findall('launchable[@type="desktop-id"]')]
expect(launchables == [app_id + '.desktop'],
       f'<launchable type="desktop-id"> must be {app_id}.desktop, found {launchables}')

rating = root.find('content_rating')
expect(rating is not None and rating.get('type') == 'oars-1.1',
       '<content_rating type="oars-1.1"> is missing')

urls = {u.get('type'): (u.text or '').strip() for u in root.findall('url')}
for kind in ('homepage', 'bugtracker'):
    expect(urls.get(kind, '').startswith('https://'), f'<url type="{kind}"> is missing')

shots = root.findall('screenshots/screenshot')
expect(len(shots) >= 1, 'no <screenshot>')
expect(sum(1 for s in shots if s.get('type') == 'default') == 1,
       'exactly one screenshot must have type="default"')
for s in shots:
    expect(s.findtext('caption'), 'every screenshot needs a <caption>')
    img = s.find('image')
    expect(img is not None and (img.text or '').strip().startswith('https://'),
           'every screenshot needs an https <image>')

colors = {c.get('scheme_preference') for c in root.findall('branding/color[@type="primary"]')}
expect({'light', 'dark'} <= colors, '<branding> needs primary colours for light and dark')
for c in root.findall('branding/color'):
    expect(re.fullmatch(r'#[0-9a-fA-F]{6}', (c.text or '').strip()),
           f'branding colour {c.text!r} is not #rrggbb')

releases = root.findall('releases/release')
expect(releases, 'no <release>')
if releases:
    expect(releases[0].get('version') == version,
           f'newest release is {releases[0].get("version")!r}, '
           f'but the project version is {version!r}')
    for r in releases:
        expect(re.fullmatch(r'\d{4}-\d{2}-\d{2}', r.get('date') or ''),
               f'release {r.get("version")} has no YYYY-MM-DD date')

expect(text('translation[@type="gettext"]') == 'taphuan',
       '<translation type="gettext">taphuan</translation> is missing')
expect('taphuan-cli' in [b.text for b in root.findall('provides/binary')],
       '<provides><binary>taphuan-cli</binary></provides> is missing')
expect(root.find('requires/display_length') is not None, 'requires/display_length is missing')
controls = {c.text for c in root.findall('supports/control')}
expect({'keyboard', 'pointing'} <= controls, 'supports keyboard and pointing are missing')

for p in problems:
    print('  ' + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PYEOF
  else
    echo "note: python3 not found, content checks skipped"
  fi

  [ $status -eq 0 ] && echo "ok: $file"
done

exit $status
