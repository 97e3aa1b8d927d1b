#!/usr/bin/env bash
# Installs everything the project needs on a Debian machine, idempotently:
# the Debian packages (speech, virtual screen, browser, QR decoder, fonts) and a
# virtual environment in .venv with the project and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(python3-venv xvfb xauth espeak-ng libespeak-ng1 sox alsa-utils zbar-tools
  chromium poppler-utils fonts-noto-core x11-utils libgl1 libgl1-mesa-dri libegl1 libmtdev1 libgles2
  libicu-dev pkg-config g++    # these three build PyICU (Vietnamese collation)
  systemd                      # systemd-analyze verifies the units `main.py install` writes
  postgresql)                  # the province hub (kiosk/hub); tests start a throwaway cluster

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.setup-stamp
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".[dev,voice-check]"
  # vieneu only for its human-speech sample WAVs (tests/voice): its own runtime (gradio,
  # onnxruntime, librosa, model downloads) is never used, so it goes in without dependencies.
  .venv/bin/pip install -q --no-deps "vieneu==3.8.3"
  echo "$want" > "$stamp"
fi
