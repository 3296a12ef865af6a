#!/bin/sh
# Validates the Flatpak manifests offline: the keys and values this project
# promises (id, runtime, permissions, tests), then a parse by flatpak-builder,
# which only warns about unknown keys, so its output is searched for them.
# Usage: validate-flatpak.sh APP_ID METAINFO MANIFEST...
# Exit 0 when valid, 1 on any problem, 77 (skip) when python3 or
# flatpak-builder is missing (after running every check that can run).
set -u

if [ $# -lt 3 ]; then
  echo "usage: $0 APP_ID METAINFO MANIFEST..." >&2
  exit 1
fi
app_id=$1
metainfo=$2
shift 2

status=0
skipped=
fail () {
  echo "FAIL: $*" >&2
  status=1
}

if command -v python3 >/dev/null 2>&1; then
  python3 - "$app_id" "$metainfo" "$@" <<'PYEOF' || status=1
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

app_id, metainfo = sys.argv[1:3]
manifests = sys.argv[3:]
FINISH_ARGS = ['--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri']
failed = False

meta_id = ET.parse(metainfo).getroot().findtext('id', '').strip()
if meta_id != app_id:
    print(f'FAIL: {metainfo}: <id> is {meta_id!r}, expected {app_id!r}', file=sys.stderr)
    failed = True

for path in manifests:
    problems = []
    def expect(cond, message):
        if not cond:
            problems.append(message)

    try:
        with open(path, encoding='utf-8') as f:
            m = json.load(f)
    except (OSError, ValueError) as e:
        print(f'FAIL: {path}: cannot parse: {e}', file=sys.stderr)
        failed = True
        continue

    name = os.path.basename(path)
    devel = name == app_id + '.Devel.json'
    expect(name in (app_id + '.json', app_id + '.Devel.json'),
           f'file name must be {app_id}.json or {app_id}.Devel.json')
    manifest_id = m.get('id', m.get('app-id'))
    expect(manifest_id == app_id, f'id is {manifest_id!r}, expected {app_id!r} (the metainfo <id>)')
    expect(re.fullmatch(r'[A-Za-z0-9_]+(\.[A-Za-z0-9_]+){2,4}', str(manifest_id)),
           'id must have 3 to 5 components of [A-Za-z0-9_]')
    expect(m.get('runtime') == 'org.gnome.Platform', 'runtime must be org.gnome.Platform')
    expect(m.get('runtime-version') == '51', 'runtime-version must be the string "51"')
    expect(m.get('sdk') == 'org.gnome.Sdk', 'sdk must be org.gnome.Sdk')
    expect(m.get('command') == 'taphuan', f'command is {m.get("command")!r}, expected "taphuan"')
    expect('branch' not in m, 'no top-level "branch" (Flathub sets it)')
    args = m.get('finish-args', [])
    expect(sorted(args) == sorted(FINISH_ARGS) and len(args) == len(FINISH_ARGS),
           f'finish-args must be exactly {FINISH_ARGS}, found {args}')

    modules = m.get('modules', [])
    app = modules[-1] if modules else {}
    if isinstance(app, str):
        app = {}
    expect(app.get('name') == 'taphuan', 'the last module must be "taphuan"')
    expect(app.get('buildsystem') == 'meson', 'the taphuan module must use buildsystem meson')
    expect(app.get('builddir') is True, 'the taphuan module must set builddir true')
    expect('-Dtests=true' in app.get('config-opts', []), 'config-opts must contain -Dtests=true')
    expect(app.get('run-tests') is True, 'the taphuan module must set run-tests true')
    # The build sandbox has no display: the 'ui' suite must not run there.
    expect(app.get('test-rule') == '',
           'test-rule must be "" (plain "ninja test" would run the ui suite)')
    expect(any('meson test' in c and '--no-suite ui' in c for c in app.get('test-commands', [])),
           'test-commands must run "meson test --no-suite ui"')

    sources = app.get('sources', [])
    expect(len(sources) == 1, 'the taphuan module must have exactly one source')
    for s in sources:
        if devel:
            expect(s.get('type') == 'dir' and s.get('path') == '..',
                   'the Devel manifest builds the local checkout: a dir source with path ".."')
        else:
            expect(s.get('type') == 'git', 'the release manifest must use a git source')
            expect(s.get('url', '').startswith('https://'), 'the git source needs an https url')
            expect(s.get('tag'), 'the git source must name a tag')
            expect('branch' not in s, 'the git source must not follow a branch')
            if 'commit' in s:
                expect(re.fullmatch(r'[0-9a-f]{40}', s['commit']),
                       'the git source commit must be 40 hex digits')

    for p in problems:
        print(f'FAIL: {path}: {p}', file=sys.stderr)
    failed = failed or bool(problems)
    if not problems:
        print(f'ok: {path}: keys and values')

sys.exit(1 if failed else 0)
PYEOF
else
  echo "note: python3 not found, manifest values not checked"
  skipped="python3"
fi

if command -v flatpak-builder >/dev/null 2>&1; then
  tmpdir=$(mktemp -d)
  trap 'rm -rf "$tmpdir"' EXIT
  for manifest in "$@"; do
    case $manifest in
      /*) ;;
      *) manifest="$PWD/$manifest" ;;
    esac
    # Run from an empty directory: flatpak-builder may create state there.
    if ! (cd "$tmpdir" && flatpak-builder --show-manifest "$manifest") \
           >"$tmpdir/out" 2>"$tmpdir/err"; then
      cat "$tmpdir/err" >&2
      fail "$manifest: flatpak-builder --show-manifest failed"
    elif grep -q -i 'unknown property' "$tmpdir/err"; then
      grep -i 'unknown property' "$tmpdir/err" >&2
      fail "$manifest: flatpak-builder does not know some keys"
    else
      cat "$tmpdir/err" >&2
      echo "ok: $manifest: flatpak-builder parses it"
    fi
  done
else
  echo "note: flatpak-builder not found, manifests not parsed"
  skipped="$skipped flatpak-builder"
fi

if [ $status -ne 0 ]; then
  exit 1
fi
if [ -n "$skipped" ]; then
  echo "SKIP: missing:$skipped"
  exit 77
fi
exit 0
