// Transport family (Activation Transport, Rodriguez et al. 2024): per-channel affine maps y = x + λ(ωx + β − x),
// fitted by matching sorted source and target samples. Host side: io.jkernels.kernels.cuda.CudaTransportKernels,
// which computes every launch shape below (the public API has checked the shapes, the checked driver checks every pointer's extent). Data is rows×channels row-major.
// Compiled by nvcc for the GPU and by g++ against emulation/cuda_emulation.h for CI; use only what that header
// supports.

#include "common.cuh"

namespace transport {

__device__ __forceinline__ float infinity() { return __int_as_float(0x7f800000); }

// One transported value. Rounded step by step (no contraction into FMA) so the result is bit for bit the CPU
// backends' float32 expression; the kernel is bound by memory, not by these five flops.
__device__ __forceinline__ float transportValue(float v, float4 p, float strength, int everywhere) {
  bool inside = isfinite(v) && (everywhere || (v >= p.z && v <= p.w));
  float mapped = __fadd_rn(__fmul_rn(p.x, v), p.y);
  return inside ? __fadd_rn(v, __fmul_rn(strength, __fsub_rn(mapped, v))) : v;
}

__device__ __forceinline__ int nextChannel(int c, int channels) { return c + 1 == channels ? 0 : c + 1; }

// Four consecutive elements starting at channel c.
__device__ __forceinline__ float4 transport4(float4 v, int c, int channels, const float4* __restrict__ params,
                                             float strength, int everywhere) {
  v.x = transportValue(v.x, __ldg(&params[c]), strength, everywhere);
  c = nextChannel(c, channels);
  v.y = transportValue(v.y, __ldg(&params[c]), strength, everywhere);
  c = nextChannel(c, channels);
  v.z = transportValue(v.z, __ldg(&params[c]), strength, everywhere);
  c = nextChannel(c, channels);
  v.w = transportValue(v.w, __ldg(&params[c]), strength, everywhere);
  return v;
}

// Sorted sample s (length n) read at the k-th of K common quantile levels p_k = (k + 0.5)/K, linearly interpolated
// between order statistics; exactly s[k] when n == K. Rounded step by step, as the CPU backends compute it.
__device__ double matchedQuantile(const float* s, long long n, long long k, long long K) {
  if (n == K) return s[k];
  double pos = __dadd_rn(__dmul_rn(static_cast<double>(k) + 0.5, static_cast<double>(n)) / static_cast<double>(K), -0.5);
  if (pos <= 0.0) return s[0];
  if (pos >= static_cast<double>(n - 1)) return s[n - 1];
  long long i0 = static_cast<long long>(pos);
  long long i1 = min(i0 + 1, n - 1);
  double t = pos - static_cast<double>(i0);
  double lo = s[i0];
  return __dadd_rn(lo, __dmul_rn(t, static_cast<double>(s[i1]) - lo));
}

// Lower index of the p-th compare-exchange pair of a bitonic step with distance j (a power of two).
__device__ __forceinline__ long long pairLow(long long p, long long j) { return ((p & ~(j - 1)) << 1) | (p & (j - 1)); }
}  // namespace transport

// Packs ω, β, support min and max into one float4 per channel, so that apply reads one 16-byte value per element
// instead of four scattered floats.
// Launch: 1-D, 256 threads, ceil(channels/256) blocks. Moves 32 bytes per channel.
// Cost (instrumented emulation, KernelCostSurvey): unit-stride reads of four arrays, one float4 write per channel,
// each byte once.
// Cost floor: coalescing>=0.95 l2/dram<=1.05
extern "C" __global__ void transport_pack_params(const float* __restrict__ omega, const float* __restrict__ beta,
                                                 const float* __restrict__ lo, const float* __restrict__ hi,
                                                 int channels, float4* __restrict__ params) {
  int c = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (c < channels) params[c] = make_float4(omega[c], beta[c], lo[c], hi[c]);
}

// y = x + λ(ωx + β − x) in place, one fused pass, where the value is finite and inside the support (or everywhere).
// Launch: 1-D, 256 threads, grid = min(ceil(n/4/256), 16·SMs), grid-stride; float4 loads and stores when x is
// 16-byte aligned (device allocations are), a scalar tail of n mod 4. Each iteration has two independent float4
// loads in flight per thread (i and i + stride), enough bytes in flight to cover HBM latency on H100/H200.
// Floor: 8 bytes per element (read and write of x) and 5 flops; the 16-byte parameters per channel stay in L1/L2.
// Cost (instrumented emulation, KernelCostSurvey): x moves once, float4 in and out (100 % coalesced, held by
// EmulatedKernelCostTest with 8 bytes per element); the four float4 parameter reads per thread have a 64-byte lane
// stride (50 %) and hit L1/L2, hence the kernel-wide numbers.
// Cost floor: coalescing>=0.55 l2/dram<=4.5
extern "C" __global__ void __launch_bounds__(256)
    transport_apply(float* __restrict__ x, long long n, int channels, const float4* __restrict__ params,
                    float strength, int everywhere) {
  long long stride = jk::gridThreads();
  long long first = jk::globalThread();
  bool aligned = (reinterpret_cast<unsigned long long>(x) & 15ull) == 0;
  long long vectors = aligned ? n / 4 : 0;
  if (first < vectors) {
    float4* x4 = reinterpret_cast<float4*>(x);
    int c0 = static_cast<int>((first * 4) % channels);         // channel of element 4i
    int step = static_cast<int>((stride * 4) % channels);      // channel advance from i to i + stride
    for (long long i = first; i < vectors; i += 2 * stride) {
      long long j = i + stride;
      bool second = j < vectors;
      int c1 = c0 + step >= channels ? c0 + step - channels : c0 + step;
      float4 v = x4[i];
      float4 w = second ? x4[j] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
      v = transport::transport4(v, c0, channels, params, strength, everywhere);
      x4[i] = v;
      if (second) x4[j] = transport::transport4(w, c1, channels, params, strength, everywhere);
      c0 = c1 + step >= channels ? c1 + step - channels : c1 + step;
    }
  }
  for (long long i = vectors * 4 + first; i < n; i += stride) {
    x[i] = transport::transportValue(x[i], __ldg(&params[i % channels]), strength, everywhere);
  }
}

// Column-major copy of a rows×channels matrix, each column padded with +∞ to `padded` rows (a power of two) so the
// bitonic network sorts the padding to the end.
// Launch: grid (ceil(channels/32), min(ceil(padded/32), 65535)), block (32, 8); a 32×33 tile in shared memory keeps
// both the reads and the writes coalesced. Moves rows·channels·4 bytes in, padded·channels·4 out.
// Cost (instrumented emulation, KernelCostSurvey): the tile keeps shared memory conflict-free; in the survey's small
// cases a padded column holds 1 to 16 rows, so a warp's store covers a sector or less.
// Cost floor: coalescing>=0.2 conflict<=1.0 l2/dram<=5
extern "C" __global__ void transport_transpose_pad(const float* __restrict__ in, long long rows, int channels,
                                                   long long padded, float* __restrict__ out) {
  __shared__ float tile[32][33];
  int c0 = static_cast<int>(blockIdx.x) * 32;
  for (long long r0 = static_cast<long long>(blockIdx.y) * 32; r0 < padded;
       r0 += static_cast<long long>(gridDim.y) * 32) {
    for (unsigned dy = threadIdx.y; dy < 32; dy += blockDim.y) {
      long long r = r0 + dy;
      int c = c0 + static_cast<int>(threadIdx.x);
      tile[dy][threadIdx.x] = (r < rows && c < channels) ? in[r * channels + c] : transport::infinity();
    }
    __syncthreads();
    for (unsigned dy = threadIdx.y; dy < 32; dy += blockDim.y) {
      int c = c0 + static_cast<int>(dy);
      long long r = r0 + threadIdx.x;
      if (c < channels && r < padded) out[static_cast<long long>(c) * padded + r] = tile[threadIdx.x][dy];
    }
    __syncthreads();
  }
}

// Bitonic sort steps inside one tile of a padded column, in shared memory: for k = kFirst, 2·kFirst, …, kLast and
// j = min(k, tile)/2 down to 1, compare-exchange (i, i + j), ascending where (i & k) == 0, i counted in the column.
// With kFirst = 2, kLast = tile it sorts each tile; with kFirst = kLast = k > tile it finishes merge step k after
// the global steps j ≥ tile.
// Launch: grid = channels·(padded/tile), block = min(512, tile/2) (a multiple of 32), dynamic shared = tile·4 bytes.
// Moves 8·tile bytes per block (one read, one write); log2(tile)·(log2(tile)+1)/2 shared-memory passes.
// Cost (instrumented emulation, EmulatedKernelCostTest at 512-float tiles, KernelCostSurvey's 8191-row coverage
// case at 4096-float tiles): the tile is read and written unit-stride; compare-exchange pairs fewer than 32 apart
// put up to 3 lanes' words in one bank (1.8 wavefronts per request at both tile sizes).
// Cost floor: coalescing>=0.95 conflict<=1.9 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(512)
    transport_bitonic_shared(float* __restrict__ data, long long padded, int tile, long long kFirst, long long kLast) {
  extern __shared__ float keys[];
  long long tilesPerColumn = padded / tile;
  long long column = blockIdx.x / tilesPerColumn;
  long long tileStart = (blockIdx.x % tilesPerColumn) * tile;
  float* base = data + column * padded + tileStart;
  for (int t = static_cast<int>(threadIdx.x); t < tile; t += static_cast<int>(blockDim.x)) keys[t] = base[t];
  __syncthreads();
  for (long long k = kFirst; k <= kLast; k <<= 1) {
    for (long long j = min(k, static_cast<long long>(tile)) >> 1; j > 0; j >>= 1) {
      for (int p = static_cast<int>(threadIdx.x); p < tile / 2; p += static_cast<int>(blockDim.x)) {
        int i = static_cast<int>(transport::pairLow(p, j));
        bool ascending = ((tileStart + i) & k) == 0;
        float a = keys[i];
        float b = keys[i + j];
        if ((a > b) == ascending) {
          keys[i] = b;
          keys[i + j] = a;
        }
      }
      __syncthreads();
    }
  }
  for (int t = static_cast<int>(threadIdx.x); t < tile; t += static_cast<int>(blockDim.x)) base[t] = keys[t];
}

// One bitonic step (k, j) with j ≥ tile, over every padded column in global memory.
// Launch: 1-D, 256 threads, grid-stride over channels·padded/2 pairs. Moves 16 bytes per pair.
// Cost (instrumented emulation, KernelCostSurvey's 8191-row coverage case: the one step j = 4096 of k = 8192):
// pairs j ≥ tile apart, each half of a pair read and written by consecutive lanes, 99.9 % coalesced, every byte
// once (only columns longer than one 4096-float tile take global steps).
// Cost floor: coalescing>=0.9 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    transport_bitonic_global(float* __restrict__ data, int channels, int logPadded, long long k, long long j) {
  long long half = 1ll << (logPadded - 1);
  long long pairs = half * channels;
  long long stride = static_cast<long long>(gridDim.x) * blockDim.x;
  for (long long q = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; q < pairs; q += stride) {
    long long column = q >> (logPadded - 1);
    long long i = transport::pairLow(q & (half - 1), j);
    float* col = data + (column << logPadded);
    bool ascending = (i & k) == 0;
    float a = col[i];
    float b = col[i + j];
    if ((a > b) == ascending) {
      col[i] = b;
      col[i + j] = a;
    }
  }
}

// Per channel, from the sorted padded columns: K = min(na, nb) matched quantile pairs (a_k, b_k); means m_a, m_b;
// ω = Σ ã b̃ / Σ ã² and β = m_b − ω m_a in double (ω = 1, β = m_b − m_a for a constant source column or Σ ã² = 0,
// as io.jkernels.kernels.transport.SortedChannelFit does on the CPU); the source support is the
// column's first and last sorted value. out[5c..5c+4] = ω, β, min, max, degenerate (0 or 1).
// Launch: grid = channels, block = min(256, max(32, K rounded up to a power of two)). Reads 16·K bytes (two passes over both columns), writes 40 bytes per channel;
// about 12 flops in double per pair.
// Cost (instrumented emulation, KernelCostSurvey): the survey's columns are short (K ≤ 16), so most lanes idle in a
// request; the block sums are conflict-free.
// Cost floor: coalescing>=0.15 conflict<=1.0 l2/dram<=8
extern "C" __global__ void __launch_bounds__(256)
    transport_fit_reduce(const float* __restrict__ sortedA, long long paddedA, long long na,
                         const float* __restrict__ sortedB, long long paddedB, long long nb, double* __restrict__ out) {
  long long c = blockIdx.x;
  const float* a = sortedA + c * paddedA;
  const float* b = sortedB + c * paddedB;
  long long K = min(na, nb);
  double sumA = 0.0, sumB = 0.0;
  for (long long k = threadIdx.x; k < K; k += blockDim.x) {
    sumA += transport::matchedQuantile(a, na, k, K);
    sumB += transport::matchedQuantile(b, nb, k, K);
  }
  double meanA = jk::blockSum(sumA) / static_cast<double>(K);
  double meanB = jk::blockSum(sumB) / static_cast<double>(K);
  double sumAB = 0.0, sumAA = 0.0;
  for (long long k = threadIdx.x; k < K; k += blockDim.x) {
    double da = transport::matchedQuantile(a, na, k, K) - meanA;
    double db = transport::matchedQuantile(b, nb, k, K) - meanB;
    sumAB += da * db;
    sumAA += da * da;
  }
  sumAB = jk::blockSum(sumAB);
  sumAA = jk::blockSum(sumAA);
  if (threadIdx.x == 0) {
    // A constant column can leave a rounding residue in Σ ã² (its mean is rounded): test the data, not only the sum;
    // its exact mean is then the value itself.
    bool constant = a[0] == a[na - 1];
    bool degenerate = constant || sumAA == 0.0;
    double omega = degenerate ? 1.0 : sumAB / sumAA;
    out[5 * c] = omega;
    out[5 * c + 1] = degenerate ? meanB - (constant ? static_cast<double>(a[0]) : meanA) : meanB - omega * meanA;
    out[5 * c + 2] = a[0];
    out[5 * c + 3] = a[na - 1];
    out[5 * c + 4] = degenerate ? 1.0 : 0.0;
  }
}

// One order statistic of every sorted padded column: out[c] = sorted[c·padded + index]. The host gathers the two
// order statistics of each source quantile level this way (one launch per distinct index, at most 36) and
// interpolates them as io.jkernels.kernels.transport.SourceQuantiles does, so every backend gives the same floats.
// Launch: 1-D, 256 threads, ceil(channels/256) blocks. Moves 8 bytes per channel.
// Cost (instrumented emulation, 2026-12-01): 99.5 % coalesced, every byte read once.
// Cost floor: coalescing>=0.9 conflict<=1.0 l2/dram<=1.1
extern "C" __global__ void __launch_bounds__(256)
    transport_gather_order_statistic(const float* __restrict__ sorted, long long padded, int channels,
                                     long long index, float* __restrict__ out) {
  int c = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (c < channels) {
    out[c] = sorted[static_cast<long long>(c) * padded + index];
  }
}
