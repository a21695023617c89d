// Convolution family: full linear convolution of one signal with several responses by overlap-save, uniformly
// partitioned or with one frame per response (io.jkernels.kernels.convolution.ConvolutionKernels and
// ConvolutionPlan give the math and the plan). Host side:
// io.jkernels.kernels.cuda.CudaConvolutionKernels, which computes every launch shape below and checks every argument
// first. The FFT is our own: real transforms of 2B points through one complex B-point Stockham radix-2 FFT that
// lives entirely in shared memory (B ≤ 2048: two ping-pong buffers of B + 1 float2, 32 KiB), one block per
// transform. Twiddles come from a host-computed table tw[k] = exp(−iπk/B), k < 2B (double, rounded once), so the
// GPU and the emulator use the same values and no fast-math sine enters.
// Compiled by nvcc for the GPU and by g++ against emulation/cuda_emulation.h for CI; use only what that header
// supports.

namespace convolution {

__device__ __forceinline__ float2 cadd(float2 a, float2 b) { return make_float2(a.x + b.x, a.y + b.y); }
__device__ __forceinline__ float2 csub(float2 a, float2 b) { return make_float2(a.x - b.x, a.y - b.y); }
__device__ __forceinline__ float2 cmul(float2 a, float2 b) {
  return make_float2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}
__device__ __forceinline__ float2 conjugate(float2 a) { return make_float2(a.x, -a.y); }

// Complex FFT of x[0..B), exp(−2πi·jk/B), Stockham autosort radix-2 ping-ponging between x and y (both shared,
// B + 1 entries each). Pass with length L = B >> stage and stride s = 2^stage, butterfly t = p·s + q < B/2:
//   y[q + 2ps] = a + b,  y[q + (2p+1)s] = (a − b)·exp(−2πi·p/L),  a = x[q + ps], b = x[q + (p + L/2)s],
// and exp(−2πi·p/L) = tw[2ps]. Returns the buffer holding the result. Every thread of the block calls it.
__device__ float2* stockham(float2* x, float2* y, int b, int logB, const float2* __restrict__ tw) {
  for (int stage = 0; stage < logB; stage++) {
    int half = (b >> stage) >> 1;
    int mask = (1 << stage) - 1;
    for (int t = static_cast<int>(threadIdx.x); t < (b >> 1); t += static_cast<int>(blockDim.x)) {
      int q = t & mask;
      int p = t >> stage;
      int s = 1 << stage;
      float2 a = x[q + p * s];
      float2 c = x[q + (p + half) * s];
      float2 w = __ldg(&tw[2 * p * s]);
      y[q + 2 * p * s] = cadd(a, c);
      y[q + (2 * p + 1) * s] = cmul(csub(a, c), w);
    }
    __syncthreads();
    float2* swap = x;
    x = y;
    y = swap;
  }
  return x;
}

}  // namespace convolution

// Spectra of 2B-point real frames: block (q, r) transforms frame[i] = src[r·rowStride + q·hop + offset + i] for
// i < take with 0 ≤ q·hop + offset + i < rowLength, zero elsewhere (i < 2B), and writes the B + 1 bins
// X[k] = E[k] + W^k·O[k] (W = exp(−iπ/B); E, O: spectra of the even and odd samples, unpacked from the complex
// FFT of z = x_even + i·x_odd) to dst[(r·gridDim.x + q)·(B + 1) + k]. The input segments (hop D, offset −(2B − D),
// take 2B) and the response partitions (hop B, offset 0, take B, or all m taps in one frame) are the two uses.
// Launch: grid (segments or partitions, rows), min(256, B/2) threads, dynamic shared 2·(B + 1) float2.
// Moves 4·take bytes in and 8·(B + 1) out per block; ≈ 5·B·log₂B + 10·B flops per block.
// Cost (instrumented emulation, 2026-12-01): 55 % coalesced, 2-way shared conflicts in the Stockham passes (1.23
// wavefronts per request), L2/DRAM 3.5 (overlapping input frames are re-read by design of overlap-save).
// Cost floor: coalescing>=0.48 conflict<=1.35 l2/dram<=4.1
extern "C" __global__ void __launch_bounds__(256)
    conv_spectra(const float* __restrict__ src, long long rowStride, long long rowLength, long long hop,
                 long long offset, int take, int b, int logB, const float2* __restrict__ tw, float2* __restrict__ dst) {
  extern __shared__ float2 convFrames[];
  float2* x = convFrames;
  float2* y = convFrames + (b + 1);
  long long base = static_cast<long long>(blockIdx.y) * rowStride;
  long long start = static_cast<long long>(blockIdx.x) * hop + offset;
  for (int k = static_cast<int>(threadIdx.x); k < b; k += static_cast<int>(blockDim.x)) {
    long long e = start + 2LL * k;
    float even = (2 * k < take && e >= 0 && e < rowLength) ? src[base + e] : 0.0f;
    float odd = (2 * k + 1 < take && e + 1 >= 0 && e + 1 < rowLength) ? src[base + e + 1] : 0.0f;
    x[k] = make_float2(even, odd);
  }
  __syncthreads();
  float2* z = convolution::stockham(x, y, b, logB, tw);
  float2* out = dst + (static_cast<long long>(blockIdx.y) * gridDim.x + blockIdx.x) * (b + 1);
  for (int k = static_cast<int>(threadIdx.x); k <= b; k += static_cast<int>(blockDim.x)) {
    float2 zk = z[k == b ? 0 : k];
    float2 zc = convolution::conjugate(z[k == 0 ? 0 : b - k]);
    float2 e = make_float2(0.5f * (zk.x + zc.x), 0.5f * (zk.y + zc.y));
    // O = (Z[k] − conj Z[B−k]) / 2i = (d.y − i·d.x) / 2
    float2 d = convolution::csub(zk, zc);
    float2 o = make_float2(0.5f * d.y, -0.5f * d.x);
    out[k] = convolution::cadd(e, convolution::cmul(__ldg(&tw[k]), o));
  }
}

// One output block per block: block (j, r) accumulates Y[k] = Σ_p X[j − p]·H[r·P + p] over the partitions whose
// segment exists (0 ≤ j − p < segments), inverts the real FFT (conjugate trick: IFFT(Z) = conj FFT(conj Z)), and
// writes samples 2B − D .. 2B − 1, scaled by 1/(2B), to out[r·total + j·D + u] for j·D + u < total (D = hop: B
// under UPOLS, 2B − m + 1 for plain overlap-save).
// Launch: grid (J, count), min(256, B/2) threads, dynamic shared 2·(B + 1) float2.
// Moves 16·P·(B + 1) bytes in (X and H bins) and 4·D out per block; 8·P·(B + 1) + 5·B·log₂B flops per block.
// Cost (instrumented emulation, 2026-12-01): 65 % coalesced, 1.20 wavefronts per shared request, L2/DRAM 4.6 (every
// output block re-reads the response spectra of all partitions).
// Cost floor: coalescing>=0.58 conflict<=1.32 l2/dram<=5.3
extern "C" __global__ void __launch_bounds__(256)
    conv_accumulate_inverse(const float2* __restrict__ xs, long long segments, const float2* __restrict__ hs,
                            int partitions, float* __restrict__ out, long long total, int b, int hop, int logB,
                            const float2* __restrict__ tw) {
  extern __shared__ float2 convBlocks[];
  float2* acc = convBlocks + (b + 1);
  float2* z = convBlocks;
  long long j = blockIdx.x;
  int r = static_cast<int>(blockIdx.y);
  const float2* h = hs + static_cast<long long>(r) * partitions * (b + 1);
  for (int k = static_cast<int>(threadIdx.x); k <= b; k += static_cast<int>(blockDim.x)) {
    float2 sum = make_float2(0.0f, 0.0f);
    for (int p = 0; p < partitions && j - p >= 0; p++) {
      long long q = j - p;
      if (q < segments) {
        float2 xv = xs[q * (b + 1) + k];
        float2 hv = h[static_cast<long long>(p) * (b + 1) + k];
        sum = convolution::cadd(sum, convolution::cmul(xv, hv));
      }
    }
    acc[k] = sum;
  }
  __syncthreads();
  // Z[k] = E + i·O with E = X[k] + conj X[B−k], O = (X[k] − conj X[B−k])·W^{−k} (both doubled: part of 1/2B);
  // the FFT below runs on conj Z.
  for (int k = static_cast<int>(threadIdx.x); k < b; k += static_cast<int>(blockDim.x)) {
    float2 xk = acc[k];
    float2 xc = convolution::conjugate(acc[b - k]);
    float2 e = convolution::cadd(xk, xc);
    float2 o = convolution::cmul(convolution::csub(xk, xc), convolution::conjugate(__ldg(&tw[k])));
    z[k] = make_float2(e.x - o.y, -(e.y + o.x));
  }
  __syncthreads();
  float2* result = convolution::stockham(z, acc, b, logB, tw);
  float scale = 1.0f / static_cast<float>(2 * b);
  long long first = j * hop;
  float* row = out + static_cast<long long>(r) * total;
  for (int u = static_cast<int>(threadIdx.x); u < hop; u += static_cast<int>(blockDim.x)) {
    long long t = first + u;
    if (t < total) {
      int i = 2 * b - hop + u;
      float2 v = result[i >> 1];
      row[t] = scale * ((i & 1) == 0 ? v.x : -v.y);
    }
  }
}
