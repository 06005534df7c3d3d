#!/usr/bin/env bash
# Installs what a Makefile target needs, only when missing: Debian packages (apt-get), the
# npm tools in tools/ (Prism, the Tauri CLI) and tauri-driver (cargo install). Idempotent, and
# quiet when everything is there, so `make run` / `make test` work on a fresh Debian machine.
set -euo pipefail
what=${1:-test}

# The window needs WebKitGTK to build (it pulls GTK, libsoup, JavaScriptCore and D-Bus headers).
build_pkgs=(libwebkit2gtk-4.1-dev)
case "$what" in
  run)     pkgs=("${build_pkgs[@]}") ;;
  # Xvfb for a display, WebKitWebDriver for tauri-driver, a real Secret Service for the keyring.
  # PostgreSQL for the shop-hub tests: `pg_virtualenv` (postgresql-common) starts a throw-away cluster.
  test)    pkgs=("${build_pkgs[@]}" xvfb xauth webkit2gtk-driver gnome-keyring dbus libsecret-tools postgresql) ;;
  package) pkgs=("${build_pkgs[@]}" dpkg-dev file) ;;
  # The .deb started under Xvfb, its window found with xdotool.
  package-check) pkgs=(xvfb xauth dbus gnome-keyring xdotool) ;;
  # The anchors (sqlite3, curl, Chromium), the process measurements (GNU time) and the window's
  # (Xvfb; Xlib and its DAMAGE extension for scripts/first-paint.py), plus what packaging needs.
  bench)   pkgs=("${build_pkgs[@]}" xvfb xauth gnome-keyring dbus sqlite3 time curl chromium libx11-6 libxdamage1 dpkg-dev file python3 python3-gi gir1.2-webkit2-4.1) ;;
  *) echo "deps.sh: unknown target $what" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$what" != run ] && { [ ! -x tools/node_modules/.bin/prism ] || [ ! -x tools/node_modules/.bin/tauri ] || [ ! -f tools/node_modules/axe-core/axe.min.js ]; }; then
  echo "Installing the npm tools (Prism, axe-core, Tauri CLI) into tools/"
  # npm ci would be stricter, but npm 11 drops the Tauri CLI's optional per-platform packages
  # from the lock file and then refuses it; install keeps to the lock file all the same.
  (cd tools && npm install --no-audit --no-fund --loglevel=error)
fi

if [ "$what" = test ] && ! command -v tauri-driver >/dev/null; then
  echo "Installing tauri-driver (cargo install)"
  cargo install tauri-driver --locked --quiet
fi
