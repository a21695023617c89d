#!/usr/bin/env bash
# The CUDA backend on a real GPU (an H100/H200 with CUDA 13 and driver 580; no network needed): the GPU conformance
# tests (validation's GpuConformanceTest: every check, large ones included, on the JCuda driver), the apply
# bandwidth benchmark against a device-to-device copy in the same run (goal >= 85%), and DeepPCR's forward and
# backward passes against the sequential pass on the same device at a few (L, width, batch) points. Writes
# validation/reports/gpu-<date>.md naming the device and the commit. Well under 8 minutes.
# Needs the bundle made beforehand by validation/prepare-gpu-bundle.sh (a JDK runtime, jars with the fatbin, the
# JUnit launcher, test classes). Usage: bash validation/gpu-check.sh [bundle-dir]
# The CUDA code is checked three ways: nvcc compiles it in every build (resource report in
# kernels/target/native/ptxas-report.txt), the emulated driver runs it in CI (ConformanceTest, "cuda (emulated)"),
# and this script runs it on a real device.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
B="${1:-$ROOT/.device/gpu-bundle}"
START=$(date +%s)
DATE=$(date -u +%Y-%m-%d)
REPORTS="${GPU_REPORT_DIR:-$ROOT/validation/reports}"
mkdir -p "$REPORTS"
REPORT="$REPORTS/gpu-$DATE.md"
WORK="$(mktemp -d)"

if [ ! -d "$B" ]; then
  echo "gpu-check: no bundle at $B: run validation/prepare-gpu-bundle.sh first (on a machine with JDK 25 and Maven)" >&2
  exit 2
fi
JAVA="$B/jdk/bin/java"
[ -x "$JAVA" ] || JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="$(ls "$B"/lib/*.jar | paste -sd: -):$B/test-classes"
JOPTS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)
COMMIT="$(cat "$B/COMMIT" 2>/dev/null || git rev-parse HEAD 2>/dev/null || echo unknown)"

echo "== java"
JAVA_VERSION="$("$JAVA" -version 2>&1 | head -1)" || { echo "gpu-check: $JAVA does not run" >&2; exit 2; }
echo "$JAVA_VERSION"
echo "== nvidia-smi"
if command -v nvidia-smi >/dev/null 2>&1; then
  GPU="$(nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader 2>&1 | head -1)"
else
  GPU="nvidia-smi not found (no NVIDIA driver here: the GPU tests will skip)"
fi
echo "$GPU"

echo "== GPU conformance tests"
timeout 360 "$JAVA" "${JOPTS[@]}" -jar "$B/junit-console.jar" execute --disable-banner --disable-ansi-colors --details=tree \
  --class-path "$CP" --select-class io.jkernels.validation.GpuConformanceTest --include-tag gpu \
  --reports-dir "$WORK/junit" > "$WORK/tests.txt" 2>&1
TESTS_RC=$?
cat "$WORK/tests.txt"

echo "== GPU benchmark"
timeout 120 "$JAVA" "${JOPTS[@]}" -cp "$CP" io.jkernels.kernels.cuda.CudaBandwidthCheck 512 > "$WORK/bench.txt" 2>&1
BENCH_RC=$?
cat "$WORK/bench.txt"

echo "== GPU benchmark: DeepPCR vs the sequential pass on the same device"
# Rows are printed as they are measured, so a timeout still leaves the points done so far in the report.
timeout 150 "$JAVA" "${JOPTS[@]}" -cp "$CP" io.jkernels.validation.pcr.DeepPcrDeviceTiming cuda \
  > "$WORK/deeppcr.txt" 2>&1
DEEPPCR_RC=$?
cat "$WORK/deeppcr.txt"

echo "== GPU benchmark: convolution, 10 s at 16 kHz with 1 s responses (the scipy anchor's shape)"
timeout 90 "$JAVA" "${JOPTS[@]}" -cp "$CP" io.jkernels.validation.ambisonics.ConvolutionTiming cuda \
  > "$WORK/convolution.txt" 2>&1
CONVOLUTION_RC=$?
cat "$WORK/convolution.txt"

summary() { grep -E "tests (successful|failed|aborted|skipped|found)" "$WORK/tests.txt" | sed 's/^[^0-9]*\([0-9]\)/\1/; s/ *\]$//'; }
FOUND=$(grep -oE '[0-9]+ tests found' "$WORK/tests.txt" | grep -oE '^[0-9]+' || echo 0)
FAILED=$(grep -oE '[0-9]+ tests failed' "$WORK/tests.txt" | grep -oE '^[0-9]+' || echo "?")
if [ "$TESTS_RC" -eq 0 ] && [ "${FAILED}" = "0" ]; then VERDICT="PASS"; else VERDICT="FAIL (junit exit $TESTS_RC)"; fi
if grep -q "CUDA backend unavailable" "$WORK/tests.txt"; then VERDICT="$VERDICT, but the GPU tests SKIPPED: no usable CUDA device"; fi

{
  echo "# GPU check $DATE"
  echo
  echo "- device: $GPU"
  echo "- commit: $COMMIT"
  echo "- java: $JAVA_VERSION"
  echo "- host: $(uname -n), $(nproc) cores; took $(( $(date +%s) - START )) s"
  echo
  echo "## Conformance (GpuConformanceTest on the JCuda driver): $VERDICT"
  echo
  summary | sed 's/^/- /'
  echo
  echo '```'
  grep -E "✘|\[X\]|FAILED|AssertionFailed|Exception" "$WORK/tests.txt" | head -40
  grep -E "Assumption failed|CUDA backend unavailable" "$WORK/tests.txt" | sort -u | head -5
  echo '```'
  echo
  echo "## Benchmark: transport apply vs device-to-device copy (exit $BENCH_RC)"
  echo
  cat "$WORK/bench.txt" | grep -v '^WARNING'
  echo
  echo "## Benchmark: convolution (ConvolutionTiming, best of 8; exit $CONVOLUTION_RC)"
  echo
  grep -v '^WARNING' "$WORK/convolution.txt"
  echo
  echo "## Benchmark: DeepPCR forward and backward vs the sequential pass on the same device (exit $DEEPPCR_RC)"
  echo
  echo "Forward: Newton-PCR (all layers at once, dense PCR of the Jacobians) against mlpForward (a launch per layer)."
  echo "Backward: one adjoint PCR solve against layer-by-layer backpropagation (mlpAdjoint); both include the same"
  echo "linearisation and parameter-gradient kernels. The paper reports up to 30x (forward) and 200x (backward);"
  echo "the rows below are what this library's kernels reach, and the last lines say where DeepPCR wins and loses."
  echo
  grep -v '^WARNING' "$WORK/deeppcr.txt"
  [ "$DEEPPCR_RC" -eq 124 ] && echo "(timed out after 150 s: the points above are those measured)"
} > "$REPORT"
echo "== report: $REPORT"
cat "$REPORT"
rm -rf "$WORK"
[ "$TESTS_RC" -eq 0 ]
