#!/usr/bin/env bash
# The main job: the local server and the kiosk on the embedded SQLite, seeded with the demo centre.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python main.py demo "$@"
