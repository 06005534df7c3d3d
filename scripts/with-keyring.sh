#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private session bus.
# Call it through `dbus-run-session -- scripts/with-keyring.sh CMD...`. The keyring files go to
# a temporary XDG_DATA_HOME so tests never touch a user's own keyring.
set -euo pipefail
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
# WebKitGTK and gnome-keyring want a private runtime directory; CI's root session has none.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR}" ]; then
  export XDG_RUNTIME_DIR="$keyring_home/run"
  mkdir -m 700 "$XDG_RUNTIME_DIR"
fi
# Without --unlock and a password on stdin, every write fails with NoStorageAccess.
printf 'paydesk-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
