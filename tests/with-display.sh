#!/usr/bin/env bash
# Runs a test that needs an X display and a session bus:
#
#   with-display.sh PROGRAM [ARGS...]
#
# On the given X display when it is big enough for the window (1200×760, 24-bit:
# xvfb-run's default 640×480×8 is not), otherwise on a private Xvfb started here;
# inside a private D-Bus session when there is none. When neither a usable
# display nor Xvfb exists, PROGRAM runs without a display and reports its own
# skip (GLib tests print a TAP SKIP per case, scripts exit 77), so a missing
# display never passes.
#
# ATELIER_TEST_XVFB=never uses only the display given, to check those skips on
# a machine that has Xvfb.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

[ $# -ge 1 ] || { echo "usage: with-display.sh PROGRAM [ARGS...]" >&2; exit 2; }

usable_display () {
  [ -n "${DISPLAY:-}" ] || return 1
  # Without xwininfo the size cannot be checked: trust the display.
  command -v xwininfo >/dev/null || return 0
  local width height depth
  read -r width height depth < <(xwininfo -root 2>/dev/null |
    awk '/Width:/{w=$2} /Height:/{h=$2} /Depth:/{d=$2} END{print w+0, h+0, d+0}')
  [ "$width" -ge 1200 ] && [ "$height" -ge 760 ] && [ "$depth" -ge 24 ]
}

xvfb_pid=
child=
tmp=
cleanup () {
  [ -n "$child" ] && kill "$child" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# -displayfd lets the server pick a free display number itself, so tests
# started in parallel never race for the same one (xvfb-run -a can).
start_xvfb () {
  command -v Xvfb >/dev/null || return 1
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/atelier-xvfb-XXXXXX") || return 1
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
    3>"$tmp/display" >"$tmp/log" 2>&1 &
  xvfb_pid=$!
  local number=
  for _ in $(seq 200); do
    read -r number 2>/dev/null <"$tmp/display"
    [ -n "$number" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$number" ]; then
    echo "with-display.sh: Xvfb did not start:" >&2
    cat "$tmp/log" >&2
    return 1
  fi
  export DISPLAY=":$number"
  # One server for everything the test starts.
  unset WAYLAND_DISPLAY
}

if ! usable_display; then
  if [ "${ATELIER_TEST_XVFB:-}" = never ] || ! start_xvfb; then
    # A display too small for the window is as good as none.
    unset DISPLAY
  fi
fi

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null; then
  set -- dbus-run-session -- "$@"
fi
# In the background so a TERM (meson's timeout) reaches the trap at once.
"$@" &
child=$!
wait "$child"
status=$?
child=
exit "$status"
