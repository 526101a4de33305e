#!/usr/bin/env bash
# Create .venv (Python 3.11) and install the pinned requirements. Usage: tools/setup-venv.sh [requirements file]
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      py="$candidate"; break
    fi
  done
fi
[ -n "$py" ] || { echo "需要 Python 3.11（找不到 python3.11）" >&2; exit 1; }
[ -x .venv/bin/python ] || "$py" -m venv .venv
# Skip pip when the installed set already matches the pinned file (fast re-runs).
stamp=".venv/.installed-$(basename "$req")"
if [ ! -f "$stamp" ] || ! cmp -s "$req" "$stamp" || { [ "$req" != requirements.txt ] && ! cmp -s requirements.txt "$stamp.base"; }; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"; cp requirements.txt "$stamp.base"
fi
