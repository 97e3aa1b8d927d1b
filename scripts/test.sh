#!/usr/bin/env bash
# Installs what the tests need, then runs the whole suite on a virtual screen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export KIVY_NO_ARGS=1 KIVY_NO_CONSOLELOG=1
exec xvfb-run -a -s "-screen 0 1920x1920x24" .venv/bin/python -m pytest "$@"
