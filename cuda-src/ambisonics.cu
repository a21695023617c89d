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

namespace ambisonics {
// Sections of one channel's cascade the kernel holds: degree 30 (NearFieldFilter's limit) has 15.
constexpr int kMaxSections = 16;
constexpr int kCascadeThreads = 32;
}  // namespace ambisonics

// Recursive filters (near-field compensation): channel c of a planar signal run in place through its cascade of
// second-order sections first[c] ≤ s < first[c+1], {b0, b1, b2, a1, a2} at coeffs[5s..], transposed direct form II in
// double, sample by sample through the whole cascade, the last output rounded to float once. Every product and sum
// is rounded separately (__dmul_rn/__dadd_rn: no contraction into FMA), in the order of the contract's javadoc
// (io.jkernels.kernels.ambisonics.BiquadKernels), so the bits equal CpuBiquadKernels'.
// Launch: one thread per channel (the recursion is sequential in time), block 32 threads, grid ceil(channels/32).
// (N+1)² channels is 16 threads at order 3, so this is latency-bound: per thread, samples × sections × a chain of
// ~4 dependent FP64 operations; more parallelism would need a parallel-prefix form of the recursion.
// Each thread copies its coefficients once into its own column of shared memory ([5·section + j][lane]: lanes on
// consecutive doubles, conflict-free, no barrier since no thread reads another's column) and keeps the state in
// registers, so the sample loop touches global memory only for the signal.
// Floor: 8 bytes per channel and sample (one float read, one written), 8 FP64 flops per section and sample.
// Lanes of a warp touch channels `samples` floats apart: one 32-byte sector per lane per request, 4 of its bytes
// used (FINDING: 12.5 % coalesced by construction; each sector is requested again for the next 7 samples, which a
// real GPU's L1 serves, so DRAM traffic stays ~8 bytes per sample, but the meter counts the requests).
// Cost (instrumented emulation, KernelCostSurvey, 2026-12-01): 12.5 % coalesced, bank conflict 1.00, L2/DRAM 7.99,
// as the access pattern above predicts.
// Cost floor: coalescing>=0.11 conflict<=1.0 l2/dram<=8.5
extern "C" __global__ void __launch_bounds__(32)
    ambisonics_biquad_cascade(const double* __restrict__ coeffs, const int* __restrict__ first, int channels,
                              float* __restrict__ signal, long long samples) {
  __shared__ double k[5 * ambisonics::kMaxSections][ambisonics::kCascadeThreads];
  const int lane = static_cast<int>(threadIdx.x);
  const int c = static_cast<int>(blockIdx.x) * ambisonics::kCascadeThreads + lane;
  if (c >= channels) return;
  const int s0 = __ldg(&first[c]);
  const int n = min(__ldg(&first[c + 1]) - s0, ambisonics::kMaxSections);  // the host rejects more
  if (n <= 0) return;
  for (int i = 0; i < 5 * n; ++i) k[i][lane] = __ldg(&coeffs[5LL * s0 + i]);
  double z1[ambisonics::kMaxSections];
  double z2[ambisonics::kMaxSections];
  for (int s = 0; s < ambisonics::kMaxSections; ++s) {
    z1[s] = 0.0;
    z2[s] = 0.0;
  }
  float* x = signal + static_cast<long long>(c) * samples;
  for (long long t = 0; t < samples; ++t) {
    double v = static_cast<double>(x[t]);
    for (int s = 0; s < ambisonics::kMaxSections; ++s) {
      if (s < n) {
        const double y = __dadd_rn(__dmul_rn(k[5 * s][lane], v), z1[s]);
        z1[s] = __dadd_rn(__dadd_rn(__dmul_rn(k[5 * s + 1][lane], v), -__dmul_rn(k[5 * s + 3][lane], y)), z2[s]);
        z2[s] = __dadd_rn(__dmul_rn(k[5 * s + 2][lane], v), -__dmul_rn(k[5 * s + 4][lane], y));
        v = y;
      }
    }
    x[t] = static_cast<float>(v);
  }
}
