#!/usr/bin/env bash
# Builds everything and runs the whole test suite: twice in each module (with and without the Vector API module),
# CUDA kernels under the emulated driver, GPU-tagged tests skipped (validation/gpu-check.sh runs those on a GPU).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$JK_ROOT"
exec ./mvnw -B -ntp verify "$@"
