#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the AppStream screenshots (jobs.png, viewer.png, preferences.png)
# from a build, on the offline sandbox, in a private X server:
#
#   bash data/screenshots/take-screenshots.sh _build [MODEL.glb]
#
# MODEL defaults to DamagedHelmet.glb from $ATELIER_SHARED_DIR/gltf-corpus/real.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: take-screenshots.sh BUILDDIR [MODEL.glb]}" && pwd)
model=${2:-${ATELIER_SHARED_DIR:-$here/../../../shared}/gltf-corpus/real/DamagedHelmet.glb}

if [ -z "${ATELIER_SCREENSHOT_INNER:-}" ]; then
  export ATELIER_SCREENSHOT_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x860x24" dbus-run-session -- bash "$0" "$build" "$model"
fi

tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
# A private home, so paths the window shows stay under ~ and nothing touches yours.
export HOME=$tmp/home
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory
export GTK_A11Y=atspi ATELIER_NO_KEYRING=1
export ATELIER_SCREENSHOT_DIR=$here

/usr/libexec/at-spi-bus-launcher --launch-immediately &
sleep 0.5

"$build/src/ui/atelier" &
app=$!
/usr/bin/python3 "$here/drive-screenshots.py" jobs
kill $app; wait $app 2>/dev/null || true

if [ -f "$model" ]; then
  "$build/src/ui/atelier" "$model" &
  app=$!
  /usr/bin/python3 "$here/drive-screenshots.py" viewer
  kill $app; wait $app 2>/dev/null || true
else
  echo "no model at $model: viewer.png not updated" >&2
fi
