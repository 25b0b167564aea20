#!/usr/bin/env bash
# Set up Reader on a fresh Debian/Ubuntu machine: the system libraries Qt needs, a virtualenv in .venv,
# and the app (editable, so the checkout is what runs). With --test, the test dependencies too.
#   bash scripts/bootstrap.sh          app only
#   bash scripts/bootstrap.sh --test   app + test dependencies
#   bash scripts/bootstrap.sh --packaging   app + PyInstaller
set -euo pipefail
cd "$(dirname "$0")/.."

extras=()
for arg in "$@"; do
  case "$arg" in
    --test) extras+=(test) ;;
    --packaging) extras+=(packaging) ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done

# Libraries the Qt wheels load at run time (xcb for a real screen, EGL/GL, fonts, D-Bus, GLib),
# plus python3-venv on Debian where venv is packaged separately. Installed only when missing.
system_packages=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libx11-xcb1 fonts-dejavu-core binutils poppler-utils)
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    missing+=("python3-venv")
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "bootstrap: installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"bootstrap: Reader needs Python 3.11 or newer; this is {sys.version.split()[0]}")
PY

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
spec="."
if [ ${#extras[@]} -gt 0 ]; then
  spec=".[$(IFS=,; echo "${extras[*]}")]"
fi
.venv/bin/python -m pip install --quiet --editable "$spec"
echo "bootstrap: ready (.venv/bin/reader-app)"
