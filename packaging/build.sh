#!/usr/bin/env bash
# Build Reader's desktop bundle for this OS and prove it runs:
#   bash packaging/build.sh [--no-self-test] [--dist DIR] [--work DIR]
# Output: dist/reader-app/ (one folder; run dist/reader-app/reader-app), plus dist/Reader.app on macOS.
# --dist and --work move the output and PyInstaller's scratch folder (tests build in a private place, so
# two test runs in one checkout never delete each other's bundle).
# Needs the packaging extra: bash scripts/bootstrap.sh --packaging
set -euo pipefail
cd "$(dirname "$0")/.."

self_test=1
dist=dist
work=build/pyinstaller
while [ $# -gt 0 ]; do
  case "$1" in
    --no-self-test) self_test=0 ;;
    --dist) dist=${2:?--dist needs a folder}; shift ;;
    --work) work=${2:?--work needs a folder}; shift ;;
    *) echo "build: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in .venv/bin/python .venv/Scripts/python.exe; do
    [ -x "$candidate" ] && python=$candidate && break
  done
fi
if [ -z "$python" ]; then
  echo "build: no .venv found; run: bash scripts/bootstrap.sh --packaging" >&2
  exit 1
fi
if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
  echo "build: PyInstaller is not installed in $python; run: bash scripts/bootstrap.sh --packaging" >&2
  exit 1
fi

started=$(date +%s)
# --clean: every build starts from scratch (about 30 s), so nothing from an earlier build can linger.
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" packaging/reader_app.spec
elapsed=$(( $(date +%s) - started ))

bundle=$dist/reader-app
exe=$bundle/reader-app
[ -f "$bundle/reader-app-cli.exe" ] && exe=$bundle/reader-app-cli.exe  # Windows: the console twin
size=$(du -sk "$bundle" | cut -f1)
echo "build: $bundle built in ${elapsed} s, $(( size / 1024 )) MB unpacked"

if [ "$self_test" -eq 1 ]; then
  "$exe" --self-test
fi
