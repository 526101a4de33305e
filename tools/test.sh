#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian-based machine, then lint and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/system-packages.sh
bash tools/setup-venv.sh requirements-dev.txt
.venv/bin/ruff check --no-cache .
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
