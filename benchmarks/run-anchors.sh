#!/usr/bin/env bash
# Builds and runs the peer programs the performance targets are ratios against (../shared/anchors, see its
# README), and prints one "anchor NAME VALUE" line per figure (higher is better). Run it in the same session as the
# JMH benchmarks: only ratios taken side by side on the same machine mean anything.
#
#   benchmarks/run-anchors.sh [--install] [ANCHORS_DIR] [WHAT...]
#     --install    apt-get install the compilers and libraries first (needs root and network)
#     ANCHORS_DIR  the anchors folder (default: $JK_ANCHORS, else shared/anchors beside or inside the checkout)
#     WHAT         any of: c python lsa stream (default: all four)
#   JK_ANCHOR_WHAT=transport|tridiagonal|recurrence|ambisonics|all (default all) narrows the c and python figures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
install=0
if [ "${1:-}" = "--install" ]; then install=1; shift; fi
anchors="${JK_ANCHORS:-}"
if [ -z "$anchors" ]; then
  for candidate in "$root/../shared/anchors" "$root/shared/anchors" "$root/../../shared/anchors"; do
    if [ -f "$candidate/anchor_metrics.c" ]; then anchors="$(cd "$candidate" && pwd)"; break; fi
  done
fi
if [ $# -gt 0 ] && [ -d "$1" ]; then anchors="$1"; shift; fi
[ -f "$anchors/anchor_metrics.c" ] || { echo "run-anchors: no anchors in '$anchors' (pass the folder)" >&2; exit 2; }
what=("$@"); [ ${#what[@]} -gt 0 ] || what=(c python lsa stream)
sub="${JK_ANCHOR_WHAT:-all}"

if [ "$install" = 1 ]; then
  apt-get update -qq
  apt-get install -y -qq gcc g++ liblapacke-dev libopenblas-dev python3-numpy python3-scipy libspatialaudio-dev
fi

out="$root/benchmarks/target/anchors"
mkdir -p "$out"
threads="${OMP_NUM_THREADS:-$(nproc)}"
export OMP_NUM_THREADS="$threads"
echo "# anchors from $anchors on $(uname -n), $(nproc) CPUs, OMP_NUM_THREADS=$threads, $(date -u +%FT%TZ)" >&2

for w in "${what[@]}"; do
  case "$w" in
    c)
      gcc -O3 -march=native -fopenmp "$anchors/anchor_metrics.c" -o "$out/anchor_metrics" -llapacke
      "$out/anchor_metrics" "$sub" ;;
    python)
      # Debian's numpy/scipy live under the system interpreter, not a pyenv one that may shadow it on the PATH.
      case "$sub" in transport|ambisonics|all) /usr/bin/python3 "$anchors/anchor_metrics.py" "$sub" ;; esac ;;
    lsa)
      g++ -O3 -march=native "$anchors/libspatialaudio_bench.cpp" -o "$out/lsa" -lspatialaudio
      # "libspatialaudio order 3: encode+mix 8 sources 80.1 Msource-samples/s; rotate 2.5 Msamples/s; decode ... 6.1 Msamples/s"
      "$out/lsa" | sed -E 's/.*encode\+mix [0-9]+ sources ([0-9.]+) .*rotate ([0-9.]+) .*decode to ([0-9]+) speakers ([0-9.]+).*/anchor lsa_encode_Msource_samples \1\nanchor lsa_rotate_Msamples \2\nanchor lsa_decode_Msamples \4/' ;;
    stream)
      gcc -O3 -march=native -fopenmp "$anchors/stream.c" -o "$out/stream"
      # "copy  GB/s 40.1" / "triad GB/s 50.2" / "inplace-affine GB/s 60.3 (n=... floats)"
      "$out/stream" | sed -E -n 's/^copy +GB\/s ([0-9.]+).*/anchor stream_copy_GBps \1/p; s/^triad +GB\/s ([0-9.]+).*/anchor stream_triad_GBps \1/p; s/^inplace-affine +GB\/s ([0-9.]+).*/anchor stream_inplace_affine_GBps \1/p' ;;
    *) echo "run-anchors: unknown anchor '$w' (expected c, python, lsa, stream)" >&2; exit 2 ;;
  esac
done
