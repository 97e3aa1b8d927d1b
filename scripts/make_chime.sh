#!/usr/bin/env bash
# Rebuilds assets/sounds/chime.wav: a soft two-note "ding-dong" (E5 then C5, each with two
# quiet overtones and an exponential decay), 22050 Hz mono 16-bit like espeak-ng's output,
# so announcements are joined without resampling. Normalised to -7 dBFS peak, which puts its
# loudness (RMS) near espeak-ng's speech at volume 1.0.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
note() {  # note FILE SECONDS FADE_OUT HZ 2*HZ 3*HZ
    sox -n -r 22050 -c 1 -b 16 "$1" synth "$2" sine "$4" sine "$5" sine "$6" \
        remix 1v0.6,2v0.25,3v0.1 fade p 0.01 "$2" "$3"
}
note "$tmp/ding.wav" 0.9 0.85 659.25 1318.5 1977.75
note "$tmp/dong.wav" 1.2 1.15 523.25 1046.5 1569.75
sox -m "$tmp/ding.wav" "|sox $tmp/dong.wav -p pad 0.45" -r 22050 -c 1 -b 16 assets/sounds/chime.wav norm -7
sox --i -D assets/sounds/chime.wav
