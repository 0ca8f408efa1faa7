#!/usr/bin/env bash
# End-to-end: launch the real `atelier` on its offline sandbox, type a prompt,
# press Generate and check the row shows the image (issue 2, item 8).
#
# Runs under tests/with-display.sh, which brings an X server big enough for
# the window and a session bus (meson test does that; by hand:
# `tests/with-display.sh tests/ui/test-e2e.sh tests/ui/drive-e2e.py generate`
# with ATELIER_BIN set). Exit 77 = skipped.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

drive=${1:?usage: test-e2e.sh drive-e2e.py [generate|services|history|variants|core3d|spend|batch|gallery|stream]}
scenario=${2:-generate}
bin=${ATELIER_BIN:?ATELIER_BIN not set}

[ -n "${DISPLAY:-}" ] || { echo "# skip: no usable X display (and no Xvfb)"; exit 77; }
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "# skip: no session bus"; exit 77; }
/usr/bin/python3 -c 'import dogtail' 2>/dev/null || { echo "# skip: python3-dogtail missing"; exit 77; }
launcher=/usr/libexec/at-spi-bus-launcher
[ -x "$launcher" ] || { echo "# skip: at-spi2-core missing"; exit 77; }

tmp=$(mktemp -d /tmp/atelier-e2e-XXXXXX)
artifacts=${ATELIER_ARTIFACTS:-$tmp/artifacts}
mkdir -p "$artifacts" "$tmp/data" "$tmp/config" "$tmp/cache"
rm -f "$artifacts/$scenario"-*.png "$artifacts/$scenario-tree.txt"

export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache
export GSETTINGS_BACKEND=memory GTK_A11Y=atspi GDK_BACKEND=x11
export ATELIER_ARTIFACTS=$artifacts ATELIER_E2E_DATA=$tmp/data
unset NO_AT_BRIDGE
# No real account may leak in: the sandbox must be what answers.
for v in $(env | grep -o '^ATELIER_[A-Z0-9]*_\(URL\|TOKEN\)'); do unset "$v"; done

pids=()
cleanup () {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$launcher" --launch-immediately >/dev/null 2>&1 &
pids+=($!)
sleep 0.5

rm -f "$artifacts/atelier-$scenario.log"
# The driver starts (and restarts) the app itself.
ATELIER_BIN=$bin /usr/bin/python3 "$drive" "$scenario"
status=$?
# A critical warning is a bug even when the window looked right.
if grep -q -- '-CRITICAL \*\*' "$artifacts/atelier-$scenario.log" 2>/dev/null; then
  echo "not ok - atelier logged critical warnings"
  status=1
fi
if [ $status -ne 0 ]; then
  echo "# atelier's log:"
  cat "$artifacts/atelier-$scenario.log"
fi
echo "# screenshots in $artifacts"
exit $status
