#!/usr/bin/env bash
# The Spatial LibriSpeech-style generator in × real time: FOA speech + noise + mix + labels for COUNT samples of
# ~10 s speech (espeak-ng, 16 kHz), on all cores, with the default renderer (or RENDERER=...).
#   benchmarks/sls-generator.sh [count] [work-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-16}"
work="${2:-$(mktemp -d -t jk-slsbench-XXXX)}"
mkdir -p "$work/speech" "$work/noise"
text="Spatial audio data sets are built by rendering speech in simulated rooms, with labels for the talker's
direction, the room and its acoustics, so that a model can learn where a voice comes from and how the room sounds."
for i in 1 2 3 4; do
  [ -f "$work/speech/s$i.wav" ] && continue
  espeak-ng -s $((150 + 10 * i)) -w "$work/raw.wav" "$text"
  sox "$work/raw.wav" -r 16000 -b 16 "$work/speech/s$i.wav" trim 0 10
done
[ -f "$work/noise/n.wav" ] || sox -n -r 16000 -b 16 "$work/noise/n.wav" synth 30 brownnoise vol 0.3
rm -rf "$work/out"
echo "sls-bench: $count samples, renderer ${RENDERER:-image-source}, $(nproc) cores, $(date -u +%FT%TZ)"
./jkernels sls generate --speech "$work/speech" --noise "$work/noise" -o "$work/out" --count "$count" \
  --renderer "${RENDERER:-image-source}" "${@:3}"
