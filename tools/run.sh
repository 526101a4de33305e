#!/usr/bin/env bash
# Set up and start the program on its embedded default (SQLite in the per-user data folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/system-packages.sh
bash tools/setup-venv.sh requirements.txt
exec .venv/bin/python main.py "$@"
