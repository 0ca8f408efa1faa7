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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/atelier-display-XXXXXX") || exit 1
xvfb_pid=
holder_pid=
child=
cleanup () {
  # Only the script itself, not a subshell signalled before it exec'd.
  [ "$BASHPID" = "$$" ] || return 0
  [ -n "$child" ] && kill "$child" 2>/dev/null
  [ -n "$holder_pid" ] && kill "$holder_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# xvfb-run starts Xvfb without -noreset: each time its last client leaves, the
# server resets and refuses connections for a moment (EGL then fails with
# "xcb_connect failed" now and then). Holding one connection for the whole run
# rules that out.
hold_display () {
  for _ in $(seq 40); do
    : >"$tmp/hold"
    xprop -root -spy _ATELIER_HOLD >>"$tmp/hold" 2>&1 &
    holder_pid=$!
    # Once connected xprop prints the property's state, then waits; or it
    # says it cannot open the display, and exits.
    for _ in $(seq 100); do
      [ -s "$tmp/hold" ] && break
      sleep 0.01
    done
    grep -q '^_ATELIER_HOLD' "$tmp/hold" && return 0
    kill "$holder_pid" 2>/dev/null
    wait "$holder_pid" 2>/dev/null
    holder_pid=
    sleep 0.05
  done
  return 1
}

big_enough () {
  local width height depth
  read -r width height depth < <(xwininfo -root 2>/dev/null |
    awk '/Width:/{w=$2} /Height:/{h=$2} /Depth:/{d=$2} END{print w+0, h+0, d+0}')
  [ "$width" -ge 1200 ] && [ "$height" -ge 760 ] && [ "$depth" -ge 24 ]
}

# -displayfd lets the server pick a free display number itself, so tests
# started in parallel never race for the same one (xvfb-run -a can).
start_xvfb () {
  [ "${ATELIER_TEST_XVFB:-}" != never ] || return 1
  command -v Xvfb >/dev/null || return 1
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
    3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
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
    cat "$tmp/xvfb.log" >&2
    return 1
  fi
  export DISPLAY=":$number"
  # One server for everything the test starts.
  unset WAYLAND_DISPLAY
}

if [ -z "${DISPLAY:-}" ]; then
  start_xvfb
elif command -v xprop >/dev/null && command -v xwininfo >/dev/null; then
  if ! hold_display || ! big_enough; then
    # A display too small for the window is as good as none.
    if [ -n "$holder_pid" ]; then kill "$holder_pid" 2>/dev/null; holder_pid=; fi
    start_xvfb || unset DISPLAY
  fi
else
  # Without x11-utils the given display can be neither checked nor held:
  # a private server is safer, the given one the fallback.
  saved=$DISPLAY
  start_xvfb || export DISPLAY="$saved"
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
