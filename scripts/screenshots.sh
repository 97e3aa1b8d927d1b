#!/usr/bin/env bash
# Refreshes the committed pictures under docs/ on purpose (test runs save theirs to a temp folder):
# docs/screens (web pages, the voice studio, Kivy display, rating tablet, kiosk screens), docs/reports (PDF pages, scripts/report_previews.py)
# and docs/receipts (receipt and leaflet previews). Look at them before committing.
# Extra arguments replace the default test selection; PY=/path/to/python skips the set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PY:-}" ]; then
  bash scripts/setup.sh
  PY=.venv/bin/python
fi
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  tests=(tests/pages tests/ui/test_display_app.py tests/rating/test_tablet.py tests/voice/test_studio_page.py
         tests/ui/test_appointment_path.py)
fi
export KIVY_NO_ARGS=1 KIVY_NO_CONSOLELOG=1 SCREENSHOT_DIR="$PWD/docs"
screen=(xvfb-run -a -s "-screen 0 1920x1920x24")
"${screen[@]}" "$PY" -m pytest -q "${tests[@]}"
"${screen[@]}" "$PY" -m kiosk.ui.screenshots --out docs/screens
"$PY" -m printers.samples docs/receipts
"$PY" scripts/report_previews.py
git status --short docs/
