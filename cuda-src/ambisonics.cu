// Ambisonics family: "a small matrix times planar signals" (encoding, rotation, decoding), with keyframed gain
// matrices interpolated per sample (moving sources, crossfaded head-tracking rotations). Host side:
// io.jkernels.kernels.cuda.CudaAmbisonicsKernels, which checks every shape and computes the launch shape; the math
// is written once, in the javadoc of io.jkernels.kernels.ambisonics.MixingKernels. Compiled by nvcc for the GPU and
// by g++ against emulation/cuda_emulation.h for CI; use only what that header supports.

namespace ambisonics {
// Output rows one thread accumulates: each input sample it loads is used this many times from a register.
constexpr int kRows = 8;

// min(1, j/fade) in float32 (IEEE division: the same bits as MixingShape.weight on the CPU).
__device__ __forceinline__ float weight(long long j, int fade) {
  return j >= fade ? 1.0f : __fdiv_rn(static_cast<float>(j), static_cast<float>(fade));
}
}  // namespace ambisonics

// out[o*samples + t] = Σ_i g_oi(t) · in[i*samples + t], g(t) the keyframed matrices of MixingKernels.
// Launch: block 256 threads (one sample each), grid (min(ceil(samples/256), 16·SMs·… capped by the host),
// ceil(outputs/8)); grid-stride over samples. Each thread keeps 8 output rows in registers; the gains it reads are
// the same for the whole warp when hop ≥ 32 (broadcast loads through L1). Coalesced 4-byte loads and stores.
// Floor: (inputs·ceil(outputs/8) + outputs)·4 bytes per sample (inputs re-read per row group, mostly from L2) and
// 2·outputs·inputs flops per sample (4 per term while interpolating); terms whose gains are 0 in both keyframes are
// skipped (block-diagonal rotations).
// Cost (instrumented emulation, KernelCostSurvey, 2026-12-01): 48 % coalesced, L2/DRAM 3.0 on the survey's small
// shapes (FINDING: the gain rows are re-read per output tile; the small cases' short rows leave sectors half used).
// Cost floor: coalescing>=0.4 conflict<=1.0 l2/dram<=3.6
extern "C" __global__ void __launch_bounds__(256)
    ambisonics_mix(const float* __restrict__ gains, int keyframes, long long hop, int fade, int outputs, int inputs,
                   const float* __restrict__ in, float* __restrict__ out, long long samples) {
  const int row0 = static_cast<int>(blockIdx.y) * ambisonics::kRows;
  const int rows = min(ambisonics::kRows, outputs - row0);
  const long long matrix = static_cast<long long>(outputs) * inputs;
  const long long stride = static_cast<long long>(gridDim.x) * blockDim.x;
  for (long long t = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; t < samples; t += stride) {
    long long k = keyframes == 1 ? 0 : t / hop;  // a 64-bit division only where there are keyframes
    bool ramp = k < keyframes - 1;
    float w = 0.0f;
    if (ramp) {
      w = ambisonics::weight(t - k * hop, fade);
    } else {
      k = keyframes - 1;
    }
    const float* g0 = gains + k * matrix + static_cast<long long>(row0) * inputs;
    const float* g1 = g0 + matrix;  // only read while ramping (then keyframe k+1 exists)
    float acc[ambisonics::kRows];
    for (int q = 0; q < ambisonics::kRows; ++q) acc[q] = 0.0f;
    for (int i = 0; i < inputs; ++i) {
      float x = in[static_cast<long long>(i) * samples + t];
      for (int q = 0; q < ambisonics::kRows; ++q) {
        if (q < rows) {
          float a = __ldg(&g0[q * inputs + i]);
          if (ramp) {
            float b = __ldg(&g1[q * inputs + i]);
            if (a == 0.0f && b == 0.0f) continue;
            a = __fadd_rn(a, __fmul_rn(__fsub_rn(b, a), w));
          } else if (a == 0.0f) {
            continue;
          }
          acc[q] = __fadd_rn(acc[q], __fmul_rn(a, x));
        }
      }
    }
    for (int q = 0; q < rows; ++q) out[static_cast<long long>(row0 + q) * samples + t] = acc[q];
  }
}
