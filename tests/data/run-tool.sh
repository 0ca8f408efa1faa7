#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a validator, or skips (exit 77) when it is not installed.
tool=$1
shift
if ! command -v "$tool" >/dev/null 2>&1; then
  echo "$tool is not installed; skipping" >&2
  exit 77
fi
exec "$tool" "$@"
