#!/usr/bin/env bash
# Installs what the Makefile's targets need, only when missing: Debian packages (apt-get) and
# the npm test tools (Prism). Idempotent and quiet when everything is there.
set -euo pipefail
what=${1:-test}

# Debian packages per target. The window's packages join when the desktop shell lands.
case "$what" in
  run)  pkgs=() ;;
  test) pkgs=(gnome-keyring dbus libsecret-tools) ;;
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

if [ "$what" = test ] && [ ! -x tools/node_modules/.bin/prism ]; then
  echo "Installing Prism (npm) into tools/"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi
