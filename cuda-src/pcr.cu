// PCR family (DeepPCR, Danieli et al., NeurIPS 2023): batched tridiagonal solves by parallel cyclic reduction with
// a pivoting fallback, diagonal and dense linear recurrences (and their adjoints) by scans of affine maps, and the
// MLP primitives of the Newton iteration. Host side: io.jkernels.kernels.cuda.CudaPcrKernels, which computes every
// launch shape below and checks every argument first. Layouts are those of io.jkernels.kernels.pcr.PcrKernels.
// Compiled by nvcc for the GPU and by g++ against emulation/cuda_emulation.h for CI; use only what that header
// supports.

#include "common.cuh"

namespace pcr {
// Tridiagonal routing. The CPU backends' rule (CpuTridiagonalSolver.classify) splits the dominant systems once more: PCR
// is not backward stable as dominance fades (measured: residuals of 1e-5 on weakly dominant systems where Thomas
// gives 1e-7), so it takes only systems whose every row has |l| + |u| ≤ ¾|d| (error growth ≤ 1/(1 − ¾) = 4), and
// the other dominant systems take the CPU's Thomas sweep, one thread per system.
constexpr int kFast = 0;      // dominant by the margin, finite: PCR
constexpr int kPivot = 1;     // not dominant: LU with partial pivoting
constexpr int kPoisoned = 2;  // NaN or ±∞ in its data: NaN out
constexpr int kSweep = 3;     // dominant without the margin: Thomas (then LU if its result is not finite)

// Rows of one subsystem each thread of pcr_tridiag_shared keeps in registers (loops over them have this constant
// trip count, so nvcc unrolls them and the arrays stay in registers; g++ does not know `#pragma unroll`).
constexpr int kRowsPerThread = 4;

// Diagonal scan tiles: 32 columns (a warp-wide coalesced row) × 32·chunk steps, `chunk` consecutive steps per lane
// (Real<T>::kScanChunk: 4 in float32, 2 in float64, so that both tiles take the same 33 KiB of shared memory).
constexpr int kScanColumns = 32;
constexpr int kScanThreads = 256;
constexpr int kScanWarps = kScanThreads / 32;

// The element type of the tridiagonal and recurrence kernels, which are templates instantiated for float (the
// pcr_* kernels) and double (the pcr64_* kernels): the affine-map pair type and the step-by-step rounded operations
// (no FMA contraction), so both instantiations follow the CPU backends' operation order.
template <typename T>
struct Real;

template <>
struct Real<float> {
  using Pair = float2;
  static constexpr int kScanChunk = 4;
  static __device__ __forceinline__ float2 pair(float a, float b) { return make_float2(a, b); }
  static __device__ __forceinline__ float add(float a, float b) { return __fadd_rn(a, b); }
  static __device__ __forceinline__ float sub(float a, float b) { return __fsub_rn(a, b); }
  static __device__ __forceinline__ float mul(float a, float b) { return __fmul_rn(a, b); }
  static __device__ __forceinline__ float rcp(float a) { return __frcp_rn(a); }
  static __device__ __forceinline__ float abs(float a) { return fabsf(a); }
  static __device__ __forceinline__ float nan() { return __int_as_float(0x7fffffff); }
};

template <>
struct Real<double> {
  using Pair = double2;
  static constexpr int kScanChunk = 2;
  static __device__ __forceinline__ double2 pair(double a, double b) { return make_double2(a, b); }
  static __device__ __forceinline__ double add(double a, double b) { return __dadd_rn(a, b); }
  static __device__ __forceinline__ double sub(double a, double b) { return __dsub_rn(a, b); }
  static __device__ __forceinline__ double mul(double a, double b) { return __dmul_rn(a, b); }
  static __device__ __forceinline__ double rcp(double a) { return __drcp_rn(a); }
  static __device__ __forceinline__ double abs(double a) { return fabs(a); }
  static __device__ __forceinline__ double nan() { return __longlong_as_double(0x7fffffffffffffffLL); }
};

// An affine map x ↦ m.x·x + m.y. then(first, second) is "first, then second": x ↦ s.x(f.x x + f.y) + s.y.
template <typename P>
__device__ __forceinline__ P then(P first, P second) {
  P r;
  r.x = second.x * first.x;
  r.y = second.x * first.y + second.y;
  return r;
}

// The activation and its derivative in double, rounded once by the caller: the CPU kernels and the references
// evaluate them the same way (io.jkernels.kernels.pcr.ActivationKind), so all backends agree to the last bit or so.
__device__ double activate(int kind, double z) {
  switch (kind) {
    case 0:
      return tanh(z);
    case 1:
      return z > 0.0 ? z : 0.0;
    case 2: {
      const double k = 0.7978845608028654;  // √(2/π)
      return 0.5 * z * (1.0 + tanh(k * (z + 0.044715 * z * z * z)));
    }
    default:
      return z;
  }
}

__device__ double activateDerivative(int kind, double z) {
  switch (kind) {
    case 0: {
      double t = tanh(z);
      return 1.0 - t * t;
    }
    case 1:
      return z > 0.0 ? 1.0 : 0.0;
    case 2: {
      const double k = 0.7978845608028654;
      const double c = 0.044715;
      double t = tanh(k * (z + c * z * z * z));
      return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * k * (1.0 + 3.0 * c * z * z);
    }
    default:
      return 1.0;
  }
}

// __shfl_up_sync of a map: CUDA shuffles 4- and 8-byte scalars, not float2 or double2.
template <typename P>
__device__ __forceinline__ P shuffleUp(P m, unsigned delta) {
  P r;
  r.x = __shfl_up_sync(jk::kFull, m.x, delta);
  r.y = __shfl_up_sync(jk::kFull, m.y, delta);
  return r;
}
}  // namespace pcr

// ---- residual ----------------------------------------------------------------------------------------------------

// max |x_i − y_i| as float bits in *result (zeroed by the host), or the bits 0x7fffffff (a NaN) when any x_i or y_i
// is NaN or ±∞. Non-negative floats order like their bit patterns, so one atomicMax per block combines the blocks.
// Launch: 1-D, 256 threads, grid = min(ceil(n/256), 16·SMs), grid-stride. Moves 8 bytes per element, 3 flops.
// Cost (instrumented emulation, KernelCostSurvey): unit-stride reads of x and y once; conflict-free warp maxima.
// Cost floor: coalescing>=0.95 conflict<=1.0 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    pcr_max_abs_diff(const float* __restrict__ x, const float* __restrict__ y, long long n,
                     unsigned* __restrict__ result) {
  unsigned m = 0;
  for (long long i = jk::globalThread(); i < n; i += jk::gridThreads()) {
    float a = x[i];
    float b = y[i];
    unsigned bits = (isfinite(a) && isfinite(b)) ? __float_as_uint(fabsf(a - b)) : 0x7fffffffu;
    m = max(m, bits);
  }
  unsigned total = jk::blockMax(m);
  if (threadIdx.x == 0) atomicMax(result, total);
}

// max |x_i − y_i| in float64 as the bits of a double in *result (zeroed by the host), or the bits of a quiet NaN
// (0x7fff…) when any x_i or y_i is NaN or ±∞. Non-negative doubles order like their 64-bit patterns, so a warp
// maximum (shuffles) and one 64-bit atomicMax per warp combine everything (no shared memory).
// Launch: 1-D, 256 threads, grid = min(ceil(n/256), 16·SMs), grid-stride. Moves 16 bytes per element, 3 flops.
// Cost (instrumented emulation, KernelCostSurvey): measured 99.8 % coalesced, 1.00; one atomic per warp.
// Cost floor: coalescing>=0.95 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    pcr64_max_abs_diff(const double* __restrict__ x, const double* __restrict__ y, long long n,
                       unsigned long long* __restrict__ result) {
  unsigned long long m = 0;
  for (long long i = jk::globalThread(); i < n; i += jk::gridThreads()) {
    double a = x[i];
    double b = y[i];
    unsigned long long bits = (isfinite(a) && isfinite(b))
                                  ? static_cast<unsigned long long>(__double_as_longlong(fabs(a - b)))
                                  : 0x7fffffffffffffffULL;
    m = max(m, bits);
  }
  for (int offset = 16; offset > 0; offset >>= 1) m = max(m, __shfl_xor_sync(jk::kFull, m, offset));
  if ((threadIdx.x & 31) == 0) atomicMax(result, m);
}

namespace pcr {
// out_i = x_i + alpha·y_i in T; out may be x (no __restrict__ on those two).
template <typename T>
__device__ __forceinline__ void addScaled(const T* x, T alpha, const T* __restrict__ y, T* out, long long n) {
  for (long long i = jk::globalThread(); i < n; i += jk::gridThreads()) out[i] = x[i] + alpha * y[i];
}
}  // namespace pcr

// out_i = x_i + alpha·y_i (out may be x: no __restrict__ on those two): DeepPCR's correction-form Newton step, the
// residual f(x) − x and the update x + δ. Launch: 1-D, 256 threads, grid-stride over n. Moves 12 bytes per element,
// 2 flops.
// Cost (instrumented emulation, KernelCostSurvey): unit-stride streams, nothing reread.
// Cost floor: coalescing>=0.9 l2/dram<=1.1
extern "C" __global__ void __launch_bounds__(256)
    pcr_add_scaled(const float* x, float alpha, const float* __restrict__ y, float* out, long long n) {
  pcr::addScaled<float>(x, alpha, y, out, n);
}

// pcr_add_scaled in float64 (the same template). Moves 24 bytes per element, 2 flops.
// Cost (instrumented emulation, KernelCostSurvey): measured 99.8 % coalesced, 1.00: unit-stride streams.
// Cost floor: coalescing>=0.9 l2/dram<=1.1
extern "C" __global__ void __launch_bounds__(256)
    pcr64_add_scaled(const double* x, double alpha, const double* __restrict__ y, double* out, long long n) {
  pcr::addScaled<double>(x, alpha, y, out, n);
}

// ---- diagonal recurrences ----------------------------------------------------------------------------------------
// Forward: x_l = a_l x_{l−1} + b_l (x_{−1} = x0). Adjoint: y_l = a_{l+1} y_{l+1} + g_l (y_L = 0), the same scan run
// from the last step (position r = L−1−l), with coefficient 0 at r = 0. Every column is independent. Three passes:
// per tile the composed map of its 32·chunk steps (pcr_diag_scan_tile, mode 0), per column the carry into each tile
// (pcr_diag_carry), per tile the states from the carry (mode 1). One tile skips the first pass. The bodies are
// templates on the element type: pcr_* kernels are their float instantiations, pcr64_* their double ones.

namespace pcr {
// Mode 0: aggregate[tile·width + j] = the composed map of the tile's steps for column j (multiplier, offset).
// Mode 1: x of the tile's steps from carry[tile·width + j], the state before the tile.
// In a tile, lane t of a warp composes the maps of steps chunk·t … chunk·t + chunk − 1 of one column (the per-thread
// chunk), a shuffle scan over the 32 lanes gives each lane the map of everything before its chunk, and the chunk is
// then swept sequentially. Shared memory (scanTile: 2·steps·33 elements) transposes the coalesced 32-column rows
// into per-column chunks.
template <typename T>
__device__ __forceinline__ void diagScanTile(const T* __restrict__ a, const T* __restrict__ b, long long steps,
                                             int width, int reverse, int mode, const T* __restrict__ carry,
                                             typename Real<T>::Pair* __restrict__ aggregate, T* __restrict__ x,
                                             T* scanTile) {
  using Pair = typename Real<T>::Pair;
  constexpr int chunk = Real<T>::kScanChunk;
  constexpr int tileSteps = 32 * chunk;
  T(*sa)[kScanColumns + 1] = reinterpret_cast<T(*)[kScanColumns + 1]>(scanTile);
  T(*sb)[kScanColumns + 1] = sa + tileSteps;
  long long tile = blockIdx.x;
  int col0 = static_cast<int>(blockIdx.y) * kScanColumns;
  long long r0 = tile * tileSteps;
  int lane = static_cast<int>(threadIdx.x & 31);
  int warp = static_cast<int>(threadIdx.x >> 5);
  int j = col0 + lane;
  for (int row = warp; row < tileSteps; row += kScanWarps) {
    long long r = r0 + row;
    T coefficient = T(1);  // identity maps pad the last tile and the columns past the width
    T addend = T(0);
    if (r < steps && j < width) {
      long long l = reverse ? steps - 1 - r : r;
      coefficient = reverse ? (l + 1 < steps ? a[(l + 1) * width + j] : T(0)) : a[l * width + j];
      addend = b[l * width + j];
    }
    sa[row][lane] = coefficient;
    sb[row][lane] = addend;
  }
  __syncthreads();
  for (int c = warp; c < kScanColumns; c += kScanWarps) {
    Pair m = Real<T>::pair(T(1), T(0));
    for (int k = 0; k < chunk; ++k) {
      int row = lane * chunk + k;
      m = then(m, Real<T>::pair(sa[row][c], sb[row][c]));
    }
    for (int d = 1; d < 32; d <<= 1) {  // inclusive scan of the chunk maps over the lanes
      Pair earlier = shuffleUp(m, d);
      if (lane >= d) m = then(earlier, m);
    }
    bool column = col0 + c < width;
    if (mode == 0) {
      if (lane == 31 && column) aggregate[tile * width + col0 + c] = m;
    } else {
      Pair before = shuffleUp(m, 1);
      if (lane == 0) before = Real<T>::pair(T(1), T(0));
      T v = column ? carry[tile * width + col0 + c] : T(0);
      v = before.x * v + before.y;
      for (int k = 0; k < chunk; ++k) {
        int row = lane * chunk + k;
        v = sa[row][c] * v + sb[row][c];
        sb[row][c] = v;
      }
    }
  }
  if (mode == 0) return;  // uniform over the block
  __syncthreads();
  for (int row = warp; row < tileSteps; row += kScanWarps) {
    long long r = r0 + row;
    if (r < steps && j < width) {
      long long l = reverse ? steps - 1 - r : r;
      x[l * width + j] = sb[row][lane];
    }
  }
}

// carry[t·width + j] = the state of column j before tile t: the initial value (x0, or 0 when hasInitial is 0)
// pushed through the aggregates of tiles 0..t−1. One thread per column walks the tiles in order.
template <typename T>
__device__ __forceinline__ void diagCarry(const typename Real<T>::Pair* __restrict__ aggregate,
                                          const T* __restrict__ initial, int hasInitial, long long tiles, int width,
                                          T* __restrict__ carry) {
  long long j = jk::globalThread();
  if (j >= width) return;
  T v = hasInitial ? initial[j] : T(0);
  for (long long t = 0; t < tiles; ++t) {
    carry[t * width + j] = v;
    if (t + 1 < tiles) {
      typename Real<T>::Pair m = aggregate[t * width + j];
      v = m.x * v + m.y;
    }
  }
}
}  // namespace pcr

// pcr::diagScanTile in float32: tiles of 128 steps.
// Launch: grid (ceil(L/128), ceil(width/32)), 256 threads (8 warps, 4 columns each), dynamic shared 2·128·33 floats
// (33 KiB; dynamic rather than static so the emulator poisons it only for this kernel's blocks).
// Moves 8 bytes per element in mode 0 and 12 in mode 1 (a, b in; x out); about 4 flops per element per mode.
// Cost (instrumented emulation, KernelCostSurvey): coalesced 32-column rows; 4-way bank conflicts on the column
// reads (chunk rows are 4 apart; the kernel is bound by DRAM, not by them).
// Cost floor: coalescing>=0.75 conflict<=3.2 l2/dram<=1.4
extern "C" __global__ void __launch_bounds__(256)
    pcr_diag_scan_tile(const float* __restrict__ a, const float* __restrict__ b, long long steps, int width,
                       int reverse, int mode, const float* __restrict__ carry, float2* __restrict__ aggregate,
                       float* __restrict__ x) {
  extern __shared__ float scanTile[];
  pcr::diagScanTile<float>(a, b, steps, width, reverse, mode, carry, aggregate, x, scanTile);
}

// pcr::diagScanTile in float64: tiles of 64 steps (2 per lane), the same 33 KiB of shared memory (2·64·33 doubles).
// Launch: grid (ceil(L/64), ceil(width/32)), 256 threads. Moves 16 bytes per element in mode 0 and 24 in mode 1.
// Cost (instrumented emulation, KernelCostSurvey): measured 88.9 % coalesced, 1.12 sectors per distinct one; conflict degree
// 1.62 (2-way: a warp's 8-byte column reads are two wavefronts of 32 banks, and the chunk rows are 2 apart).
// Cost floor: coalescing>=0.85 conflict<=1.7 l2/dram<=1.2
extern "C" __global__ void __launch_bounds__(256)
    pcr64_diag_scan_tile(const double* __restrict__ a, const double* __restrict__ b, long long steps, int width,
                         int reverse, int mode, const double* __restrict__ carry, double2* __restrict__ aggregate,
                         double* __restrict__ x) {
  extern __shared__ double scanTile64[];
  pcr::diagScanTile<double>(a, b, steps, width, reverse, mode, carry, aggregate, x, scanTile64);
}

// pcr::diagCarry in float32. L/128 dependent steps per column, a small fraction of the two tile passes.
// Launch: 1-D, 256 threads, ceil(width/256) blocks. Moves 12 bytes per tile and column.
// Cost (instrumented emulation, KernelCostSurvey): one thread per column, neighbouring columns in neighbouring lanes.
// Cost floor: coalescing>=0.8 l2/dram<=1.1
extern "C" __global__ void __launch_bounds__(256)
    pcr_diag_carry(const float2* __restrict__ aggregate, const float* __restrict__ initial, int hasInitial,
                   long long tiles, int width, float* __restrict__ carry) {
  pcr::diagCarry<float>(aggregate, initial, hasInitial, tiles, width, carry);
}

// pcr::diagCarry in float64. Launch: as pcr_diag_carry. Moves 24 bytes per tile and column.
// Cost (instrumented emulation, KernelCostSurvey): measured 92.5 % coalesced, 1.05.
// Cost floor: coalescing>=0.9 l2/dram<=1.1
extern "C" __global__ void __launch_bounds__(256)
    pcr64_diag_carry(const double2* __restrict__ aggregate, const double* __restrict__ initial, int hasInitial,
                     long long tiles, int width, double* __restrict__ carry) {
  pcr::diagCarry<double>(aggregate, initial, hasInitial, tiles, width, carry);
}

// ---- dense recurrences -------------------------------------------------------------------------------------------
// Parallel cyclic reduction on affine maps (io.jkernels.kernels.cpu.DenseRecurrencePcr is the executable
// specification): step l holds an augmented width×(width+1) matrix [M_l | v_l]; each round composes it with the map
// `dist` places back (forward) or ahead (adjoint) until every map reaches the start, after ⌈log₂ L⌉ rounds x_l = v_l.
// Maps without a partner that far are composed with the identity (they are copied), so any L works. Templates on
// the element type as the diagonal scan: pcr_* in float, pcr64_* in double.

namespace pcr {
// Initial maps. Forward: [A_l | b_l], except [0 | A_0 x0 + b_0] at l = 0. Adjoint: [A_{l+1}ᵀ | g_l], with M = 0 at
// l = L−1. a is steps×batch×width×width, b steps×batch×width, maps steps×batch×width×(width+1).
template <typename T>
__device__ __forceinline__ void denseInit(const T* __restrict__ a, const T* __restrict__ b, const T* __restrict__ x0,
                                          int steps, int batch, int width, int reverse, T* __restrict__ maps) {
  long long w = width;
  long long n = static_cast<long long>(steps) * batch * w * (w + 1);
  for (long long e = jk::globalThread(); e < n; e += jk::gridThreads()) {
    long long row = e / (w + 1);
    long long jcol = e % (w + 1);
    long long item = row / w;  // l·batch + s
    long long i = row % w;
    long long l = item / batch;
    long long s = item % batch;
    T value;
    if (jcol == w) {
      value = b[item * w + i];
      if (!reverse && l == 0) {
        T sum = T(0);
        for (long long k = 0; k < w; ++k) sum += a[(item * w + i) * w + k] * x0[s * w + k];
        value = sum + value;
      }
    } else if (reverse) {
      value = l + 1 < steps ? a[((item + batch) * w + jcol) * w + i] : T(0);
    } else {
      value = l == 0 ? T(0) : a[(item * w + i) * w + jcol];
    }
    maps[e] = value;
  }
}

// One PCR round as a batched GEMM: out_l = [M_l M_p | M_l v_p + v_l] with p = l − dist (forward) or l + dist
// (adjoint); a map without a partner is copied. A partner that already reaches the start (forward p < dist, adjoint
// p + dist ≥ L) has M_p = 0 exactly, so only the tile holding the v column multiplies; the others write zeros:
// Σ_k (L − 2^(k+1)) full products over the rounds instead of L·⌈log₂ L⌉. Shared-memory panels (panels: 2·T·kc
// elements): T rows of M_l and T columns of [M_p | v_p], kc of the k dimension at a time.
template <typename T>
__device__ __forceinline__ void denseCompose(const T* __restrict__ in, T* __restrict__ out, int steps, int batch,
                                             int width, long long dist, int reverse, int kc, T* panels) {
  int tileEdge = static_cast<int>(blockDim.x);
  T* panelM = panels;                   // [tileEdge][kc]
  T* panelP = panels + tileEdge * kc;   // [kc][tileEdge]
  long long w = width;
  long long stride = w * (w + 1);
  long long item = blockIdx.x;
  long long l = item / batch;
  long long s = item % batch;
  int tilesJ = (width + 1 + tileEdge - 1) / tileEdge;
  int i0 = static_cast<int>(blockIdx.y / tilesJ) * tileEdge;
  int j0 = static_cast<int>(blockIdx.y % tilesJ) * tileEdge;
  int i = i0 + static_cast<int>(threadIdx.y);
  int jcol = j0 + static_cast<int>(threadIdx.x);
  bool inside = i < width && jcol <= width;
  const T* ml = in + item * stride;
  T* dst = out + item * stride;
  long long p = reverse ? l + dist : l - dist;
  if (reverse ? p >= steps : p < 0) {  // no partner: uniform over the block
    if (inside) dst[i * (w + 1) + jcol] = ml[i * (w + 1) + jcol];
    return;
  }
  bool partnerFinal = reverse ? p + dist >= steps : p < dist;
  if (partnerFinal && j0 + tileEdge <= width) {  // M_l · 0: uniform over the block
    if (inside) dst[i * (w + 1) + jcol] = T(0);
    return;
  }
  const T* mp = in + (p * batch + s) * stride;
  int flat = static_cast<int>(threadIdx.y) * tileEdge + static_cast<int>(threadIdx.x);
  T acc = T(0);
  for (int k0 = 0; k0 < width; k0 += kc) {
    int kn = min(kc, width - k0);
    for (int e = flat; e < tileEdge * kc; e += tileEdge * tileEdge) {  // consecutive threads: consecutive k of a row
      int r = e / kc;
      int k = e % kc;
      panelM[e] = (i0 + r < width && k < kn) ? ml[(i0 + r) * (w + 1) + k0 + k] : T(0);
    }
    for (int e = flat; e < kc * tileEdge; e += tileEdge * tileEdge) {  // consecutive threads: consecutive columns
      int k = e / tileEdge;
      int c = e % tileEdge;
      panelP[e] = (k < kn && j0 + c <= width) ? mp[(k0 + k) * (w + 1) + j0 + c] : T(0);
    }
    __syncthreads();
    const T* rowM = panelM + threadIdx.y * kc;
    const T* colP = panelP + threadIdx.x;
    acc = jk::dotStrided(acc, rowM, colP, kn, tileEdge);
    __syncthreads();
  }
  if (inside) dst[i * (w + 1) + jcol] = jcol == width ? acc + ml[i * (w + 1) + width] : acc;
}

// The same round for small widths, one block per map: both matrices in shared memory (maps: w² + w·(w+1) elements),
// each read from global memory once; every thread computes output entries e, e + blockDim, … of the w×(w+1) result.
// With a partner that reaches the start only its v column is loaded and only the v column computed (the rest is 0).
template <typename T>
__device__ __forceinline__ void denseComposeSmall(const T* __restrict__ in, T* __restrict__ out, int steps, int batch,
                                                  int width, long long dist, int reverse, T* maps) {
  int w = width;
  int cols = w + 1;
  int entries = w * cols;
  long long item = blockIdx.x;
  long long l = item / batch;
  long long s = item % batch;
  const T* ml = in + item * entries;
  T* dst = out + item * entries;
  int t0 = static_cast<int>(threadIdx.x);
  int threads = static_cast<int>(blockDim.x);
  long long p = reverse ? l + dist : l - dist;
  if (reverse ? p >= steps : p < 0) {  // no partner: uniform over the block
    for (int e = t0; e < entries; e += threads) dst[e] = ml[e];
    return;
  }
  bool partnerFinal = reverse ? p + dist >= steps : p < dist;  // M_p = 0: uniform over the block
  const T* mp = in + (p * batch + s) * entries;
  T* sM = maps;          // M_l without its v column, w×w
  T* sP = maps + w * w;  // [M_p | v_p], w×(w+1) (only the v column when partnerFinal)
  for (int e = t0; e < w * w; e += threads) sM[e] = ml[(e / w) * cols + e % w];
  if (partnerFinal) {
    for (int k = t0; k < w; k += threads) sP[k * cols + w] = mp[k * cols + w];
  } else {
    for (int e = t0; e < entries; e += threads) sP[e] = mp[e];
  }
  __syncthreads();
  for (int e = t0; e < entries; e += threads) {
    int i = e / cols;
    int j = e % cols;
    T acc = T(0);
    if (j == w || !partnerFinal) {
      const T* row = sM + i * w;
      const T* col = sP + j;
      acc = jk::dotStrided(acc, row, col, w, cols);
    }
    dst[e] = j == w ? acc + ml[e] : acc;
  }
}

// x_l = v_l, the last column of the final maps.
template <typename T>
__device__ __forceinline__ void denseExtract(const T* __restrict__ maps, long long rows, int width,
                                             T* __restrict__ x) {
  long long w = width;
  for (long long r = jk::globalThread(); r < rows; r += jk::gridThreads()) x[r] = maps[r * (w + 1) + w];
}
}  // namespace pcr

// pcr::denseInit in float32.
// Launch: 1-D, 256 threads, grid-stride over steps·batch·width·(width+1). Moves ≈ 8 bytes per map entry.
// Cost (instrumented emulation, KernelCostSurvey): the A_l reads are transposed for the adjoint (lanes w floats
// apart), the writes coalesced; the l = 0 row walk for A_0·x0 is one lane per row (lanes 4·w bytes apart, 12.6 %),
// which the width-65 coverage case weighs more (49.4 % and 2.07 in all; 0.5 and 2 before it, hence 0.45 and 2.2).
// Cost floor: coalescing>=0.45 l2/dram<=2.2
extern "C" __global__ void __launch_bounds__(256)
    pcr_dense_init(const float* __restrict__ a, const float* __restrict__ b, const float* __restrict__ x0,
                   int steps, int batch, int width, int reverse, float* __restrict__ maps) {
  pcr::denseInit<float>(a, b, x0, steps, batch, width, reverse, maps);
}

// pcr::denseInit in float64. Launch: as pcr_dense_init. Moves ≈ 16 bytes per map entry.
// Cost (instrumented emulation, KernelCostSurvey): measured 62.9 % coalesced, 1.66 sectors per distinct one (the transposed adjoint
// reads and the l = 0 row walk, as the float32 kernel, on whole 8-byte elements).
// Cost floor: coalescing>=0.6 l2/dram<=1.75
extern "C" __global__ void __launch_bounds__(256)
    pcr64_dense_init(const double* __restrict__ a, const double* __restrict__ b, const double* __restrict__ x0,
                     int steps, int batch, int width, int reverse, double* __restrict__ maps) {
  pcr::denseInit<double>(a, b, x0, steps, batch, width, reverse, maps);
}

// pcr::denseCompose in float32, kc ≤ 256 (32 KiB of panels at most), widths up to 256 need one barrier pair.
// Launch: grid (steps·batch, ceil(w/T)·ceil((w+1)/T)), block (T, T) with T ∈ {8, 16} chosen by the host to pad
// the least, dynamic shared 2·T·kc floats. Per map: 2·w²·(w+1) flops; reads 2·w·(w+1) floats once per block row
// or column of tiles (L2), writes w·(w+1).
// Cost (instrumented emulation, KernelCostSurvey's coverage case steps = 3, width = 65, T = 16): 69.7 % coalesced,
// not the small kernel's 75 % that was stated unmeasured: a tile row is T = 16 floats (64 bytes) of a map row of
// w + 1 floats, which starts mid-sector (3 sectors for 2 on most panel loads, 62–81 %), and the last tile column
// holds 2 of its 16 columns (the v column tile a final partner leaves, 25 %); the panels are reread once per tile row
// or column (L2: 2.5 sectors requested per distinct one). The panel dot products are conflict-free at kc = 65 (a
// kc that is a multiple of 32 would put the warp's two M rows in one bank: not measured).
// Cost floor: coalescing>=0.65 conflict<=1.0 l2/dram<=2.7
extern "C" __global__ void __launch_bounds__(256)
    pcr_dense_compose(const float* __restrict__ in, float* __restrict__ out, int steps, int batch, int width,
                      long long dist, int reverse, int kc) {
  extern __shared__ float panels[];
  pcr::denseCompose<float>(in, out, steps, batch, width, dist, reverse, kc, panels);
}

// pcr::denseCompose in float64, kc ≤ 128 (the same 32 KiB of panels at most): 2·T·kc doubles of dynamic shared.
// Launch: as pcr_dense_compose. Per map: 2·w²·(w+1) double flops, twice the float32 kernel's bytes.
// Cost (instrumented emulation, KernelCostSurvey): measured 84.6 % coalesced, conflict-free, 1.86 sectors per distinct one on the
// width-46 coverage case (T = 8: a tile row is 64 bytes of doubles).
// Registers: with __launch_bounds__(256) alone ptxas held sm_90 to 48 registers and spilled 24 bytes; a minimum of
// one block per SM lets it take 72 (no spill; still 3 blocks of 256 threads per SM).
// Cost floor: coalescing>=0.8 conflict<=1.0 l2/dram<=2.0
extern "C" __global__ void __launch_bounds__(256, 1)
    pcr64_dense_compose(const double* __restrict__ in, double* __restrict__ out, int steps, int batch, int width,
                        long long dist, int reverse, int kc) {
  extern __shared__ double panels64[];
  pcr::denseCompose<double>(in, out, steps, batch, width, dist, reverse, kc, panels64);
}

// pcr::denseComposeSmall in float32, widths ≤ 64 (2·w·(w+1) floats ≤ 33 KiB).
// Launch: grid = steps·batch, block = min(256, w·(w+1) rounded up to 32), dynamic shared (w² + w·(w+1)) floats.
// Per map: 2·w²·(w+1) flops, reads 2·w·(w+1) floats, writes w·(w+1): the floor for one composition.
// Cost (instrumented emulation, KernelCostSurvey): row-major panels; the 2-way conflicts come from rows of w + 1
// floats at widths where w + 1 is even.
// Cost floor: coalescing>=0.75 conflict<=1.35 l2/dram<=1.7
extern "C" __global__ void __launch_bounds__(256)
    pcr_dense_compose_small(const float* __restrict__ in, float* __restrict__ out, int steps, int batch, int width,
                            long long dist, int reverse) {
  extern __shared__ float maps[];
  pcr::denseComposeSmall<float>(in, out, steps, batch, width, dist, reverse, maps);
}

// pcr::denseComposeSmall in float64, widths ≤ 45 (2·w·(w+1) doubles ≤ 33 KiB).
// Launch: as pcr_dense_compose_small, dynamic shared (w² + w·(w+1)) doubles.
// Cost (instrumented emulation, KernelCostSurvey): measured 91.6 % coalesced, 1.38 sectors per distinct one; conflict
// degree 1.65 (2-way: 8-byte shared accesses take two wavefronts).
// Cost floor: coalescing>=0.85 conflict<=1.75 l2/dram<=1.45
extern "C" __global__ void __launch_bounds__(256)
    pcr64_dense_compose_small(const double* __restrict__ in, double* __restrict__ out, int steps, int batch,
                              int width, long long dist, int reverse) {
  extern __shared__ double maps64[];
  pcr::denseComposeSmall<double>(in, out, steps, batch, width, dist, reverse, maps64);
}

// pcr::denseExtract in float32.
// Launch: 1-D, 256 threads, grid-stride over steps·batch·width. Moves 8 bytes per element.
// Cost (instrumented emulation, KernelCostSurvey): reads one float per map row (stride w + 1): the v column, 4 useful
// bytes per sector, by design of the map layout.
// Cost floor: coalescing>=0.2 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    pcr_dense_extract(const float* __restrict__ maps, long long rows, int width, float* __restrict__ x) {
  pcr::denseExtract<float>(maps, rows, width, x);
}

// pcr::denseExtract in float64. Launch: as pcr_dense_extract. Moves 16 bytes per element.
// Cost (instrumented emulation, KernelCostSurvey): measured 39.9 % coalesced (one double per map row: 8 useful bytes per sector), 1.00.
// Cost floor: coalescing>=0.35 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    pcr64_dense_extract(const double* __restrict__ maps, long long rows, int width, double* __restrict__ x) {
  pcr::denseExtract<double>(maps, rows, width, x);
}

// ---- MLP primitives ----------------------------------------------------------------------------------------------
// Templates on the element type as the solves: pcr_mlp_* are the float instantiations, pcr64_mlp_* the double ones
// (the activation is evaluated in double either way and rounded once to T).

namespace pcr {
// Every layer at once from given states: z = W_l x_{l−1,s} + c_l, values = act(z) (+ x_{l−1,s} when residual),
// slopes = act′(z), offsets = act(z) − slopes ⊙ (W_l x_{l−1,s}). One thread per output unit (l, s, i) with a dot
// product in T in index order (W rows come from L1/L2: the batch elements of a layer share them).
template <typename T>
__device__ __forceinline__ void mlpLinearize(int activation, const T* __restrict__ weights,
                                             const T* __restrict__ biases, const T* __restrict__ inputs,
                                             const T* __restrict__ states, T* __restrict__ values,
                                             T* __restrict__ slopes, T* __restrict__ offsets, int layers, int batch,
                                             int width, int residual) {
  long long w = width;
  long long n = static_cast<long long>(layers) * batch * w;
  for (long long e = jk::globalThread(); e < n; e += jk::gridThreads()) {
    long long item = e / w;
    long long i = e % w;
    long long l = item / batch;
    long long s = item % batch;
    const T* prev = l == 0 ? inputs + s * w : states + (item - batch) * w;
    const T* row = weights + (l * w + i) * w;
    T wx = T(0);
    for (long long k = 0; k < w; ++k) wx += row[k] * prev[k];
    T z = wx + biases[l * w + i];
    T value = static_cast<T>(activate(activation, z));
    T slope = static_cast<T>(activateDerivative(activation, z));
    values[e] = residual ? prev[i] + value : value;
    slopes[e] = slope;
    offsets[e] = value - slope * wx;
  }
}

// J_{l,s} = diag(slopes_{l,s}) W_l, plus I when residual.
template <typename T>
__device__ __forceinline__ void mlpJacobians(const T* __restrict__ weights, const T* __restrict__ slopes,
                                             T* __restrict__ jacobians, int layers, int batch, int width,
                                             int residual) {
  long long w = width;
  long long n = static_cast<long long>(layers) * batch * w * w;
  for (long long e = jk::globalThread(); e < n; e += jk::gridThreads()) {
    long long row = e / w;  // (l·batch + s)·w + i
    long long jcol = e % w;
    long long l = row / (static_cast<long long>(batch) * w);
    long long i = row % w;
    T entry = slopes[row] * weights[(l * w + i) * w + jcol];
    jacobians[e] = residual && jcol == i ? entry + T(1) : entry;
  }
}

// One layer of the sequential pass: x_l = act(W_l x_{l−1} + c_l) (+ x_{l−1} when residual) for every batch element;
// one launch per layer (that is the sequential dependency DeepPCR removes).
template <typename T>
__device__ __forceinline__ void mlpForwardLayer(int activation, const T* __restrict__ weights,
                                                const T* __restrict__ biases, const T* __restrict__ prev,
                                                T* __restrict__ out, int layer, int batch, int width, int residual) {
  long long w = width;
  long long n = static_cast<long long>(batch) * w;
  for (long long e = jk::globalThread(); e < n; e += jk::gridThreads()) {
    long long s = e / w;
    long long i = e % w;
    const T* row = weights + (layer * w + i) * w;
    const T* x = prev + s * w;
    T wx = T(0);
    for (long long k = 0; k < w; ++k) wx += row[k] * x[k];
    T value = static_cast<T>(activate(activation, wx + biases[layer * w + i]));
    out[e] = residual ? x[i] + value : value;
  }
}

// One layer of backpropagation: y_{l−1,s} = W_lᵀ (slopes_{l,s} ⊙ y_{l,s}) (+ y_{l,s} when residual, the skip path,
// taken first as the CPU's sweep starts from it), summed over i in index order as the CPU's axpy sweep does.
// Thread (s, j) reads column j of W_l: adjacent threads read adjacent elements.
template <typename T>
__device__ __forceinline__ void mlpAdjointLayer(const T* __restrict__ weights, const T* __restrict__ slopes,
                                                const T* __restrict__ next, T* __restrict__ out, int layer, int batch,
                                                int width, int residual) {
  long long w = width;
  long long n = static_cast<long long>(batch) * w;
  const T* wl = weights + static_cast<long long>(layer) * w * w;
  for (long long e = jk::globalThread(); e < n; e += jk::gridThreads()) {
    long long s = e / w;
    long long jcol = e % w;
    const T* sl = slopes + s * w;
    const T* y = next + s * w;
    T sum = residual ? y[jcol] : T(0);
    for (long long i = 0; i < w; ++i) sum += (sl[i] * y[i]) * wl[i * w + jcol];
    out[e] = sum;
  }
}

// Parameter gradients: dW_l[i][j] = Σ_s δ_{l,s,i} x_{l−1,s,j} for j < w and dc_l[i] = Σ_s δ_{l,s,i} (the extra
// column j = w), δ = slopes ⊙ y, summed over s in order. Adjacent threads take adjacent j: coalesced x reads.
template <typename T>
__device__ __forceinline__ void mlpParameterGradients(const T* __restrict__ slopes, const T* __restrict__ adjoint,
                                                      const T* __restrict__ inputs, const T* __restrict__ states,
                                                      T* __restrict__ dWeights, T* __restrict__ dBiases, int layers,
                                                      int batch, int width) {
  long long w = width;
  long long n = static_cast<long long>(layers) * w * (w + 1);
  for (long long e = jk::globalThread(); e < n; e += jk::gridThreads()) {
    long long r = e / (w + 1);  // l·w + i
    long long jcol = e % (w + 1);
    long long l = r / w;
    long long i = r % w;
    T sum = T(0);
    for (long long s = 0; s < batch; ++s) {
      long long at = (l * batch + s) * w + i;
      T delta = slopes[at] * adjoint[at];
      if (jcol == w) {
        sum += delta;
      } else {
        const T* prev = l == 0 ? inputs + s * w : states + ((l - 1) * batch + s) * w;
        sum += delta * prev[jcol];
      }
    }
    if (jcol == w) {
      dBiases[r] = sum;
    } else {
      dWeights[r * w + jcol] = sum;
    }
  }
}

// dInputs_s = W_0ᵀ δ_{0,s} (+ y_{0,s} when residual, first, as on the CPU).
template <typename T>
__device__ __forceinline__ void mlpInputGradients(const T* __restrict__ weights, const T* __restrict__ slopes,
                                                  const T* __restrict__ adjoint, T* __restrict__ dInputs, int batch,
                                                  int width, int residual) {
  long long w = width;
  long long n = static_cast<long long>(batch) * w;
  for (long long e = jk::globalThread(); e < n; e += jk::gridThreads()) {
    long long s = e / w;
    long long jcol = e % w;
    T sum = residual ? adjoint[s * w + jcol] : T(0);
    for (long long i = 0; i < w; ++i) sum += (slopes[s * w + i] * adjoint[s * w + i]) * weights[i * w + jcol];
    dInputs[e] = sum;
  }
}
}  // namespace pcr

// pcr::mlpLinearize in float32.
// Launch: 1-D, 256 threads, grid-stride over layers·batch·width. 2·w flops and (w + 4) floats per output.
// Cost (instrumented emulation, KernelCostSurvey): FINDING: each thread walks a row of W, so lanes are 4·w bytes
// apart (12.5 % on that load, L1-served: 7× L2 traffic).
// Cost floor: coalescing>=0.15 l2/dram<=8
extern "C" __global__ void __launch_bounds__(256)
    pcr_mlp_linearize(int activation, const float* __restrict__ weights, const float* __restrict__ biases,
                      const float* __restrict__ inputs, const float* __restrict__ states, float* __restrict__ values,
                      float* __restrict__ slopes, float* __restrict__ offsets, int layers, int batch, int width,
                      int residual) {
  pcr::mlpLinearize<float>(activation, weights, biases, inputs, states, values, slopes, offsets, layers, batch,
                           width, residual);
}

// pcr::mlpLinearize in float64. Launch: as pcr_mlp_linearize; (w + 4) doubles per output.
// Cost (instrumented emulation, KernelCostSurvey): measured 29.0 % coalesced (the W row walks: lanes 8·w bytes apart), 5.76
// sectors per distinct one (L1-served rereads of W).
// Cost floor: coalescing>=0.25 l2/dram<=6.5
extern "C" __global__ void __launch_bounds__(256)
    pcr64_mlp_linearize(int activation, const double* __restrict__ weights, const double* __restrict__ biases,
                        const double* __restrict__ inputs, const double* __restrict__ states,
                        double* __restrict__ values, double* __restrict__ slopes, double* __restrict__ offsets,
                        int layers, int batch, int width, int residual) {
  pcr::mlpLinearize<double>(activation, weights, biases, inputs, states, values, slopes, offsets, layers, batch,
                            width, residual);
}

// pcr::mlpJacobians in float32. Launch: 1-D, 256 threads, grid-stride over layers·batch·width². Moves 8 bytes per
// entry (W from L2, shared by the batch), 1 flop.
// Cost (instrumented emulation, KernelCostSurvey): coalesced writes; the slope reads repeat per row (L1).
// Cost floor: coalescing>=0.85 l2/dram<=1.6
extern "C" __global__ void __launch_bounds__(256)
    pcr_mlp_jacobians(const float* __restrict__ weights, const float* __restrict__ slopes,
                      float* __restrict__ jacobians, int layers, int batch, int width, int residual) {
  pcr::mlpJacobians<float>(weights, slopes, jacobians, layers, batch, width, residual);
}

// pcr::mlpJacobians in float64. Launch: as pcr_mlp_jacobians; 16 bytes per entry.
// Cost (instrumented emulation, KernelCostSurvey): measured 97.0 % coalesced, 1.36.
// Cost floor: coalescing>=0.9 l2/dram<=1.5
extern "C" __global__ void __launch_bounds__(256)
    pcr64_mlp_jacobians(const double* __restrict__ weights, const double* __restrict__ slopes,
                        double* __restrict__ jacobians, int layers, int batch, int width, int residual) {
  pcr::mlpJacobians<double>(weights, slopes, jacobians, layers, batch, width, residual);
}

// pcr::mlpForwardLayer in float32.
// Launch: 1-D, 256 threads, grid-stride over batch·width. 2·w flops and (w + 2) floats per output.
// Cost (instrumented emulation, KernelCostSurvey): FINDING: each thread walks a row of W (lanes 4·w bytes apart):
// 12.5 % on that load and 29× L2 traffic over DRAM, L1-served.
// Cost floor: coalescing>=0.12 l2/dram<=32
extern "C" __global__ void __launch_bounds__(256)
    pcr_mlp_forward_layer(int activation, const float* __restrict__ weights, const float* __restrict__ biases,
                          const float* __restrict__ prev, float* __restrict__ out, int layer, int batch, int width,
                          int residual) {
  pcr::mlpForwardLayer<float>(activation, weights, biases, prev, out, layer, batch, width, residual);
}

// pcr::mlpForwardLayer in float64. Launch: as pcr_mlp_forward_layer; (w + 2) doubles per output.
// Cost (instrumented emulation, KernelCostSurvey): measured 26.2 % coalesced (W row walks), 12.3 sectors per distinct one.
// Cost floor: coalescing>=0.22 l2/dram<=14
extern "C" __global__ void __launch_bounds__(256)
    pcr64_mlp_forward_layer(int activation, const double* __restrict__ weights, const double* __restrict__ biases,
                            const double* __restrict__ prev, double* __restrict__ out, int layer, int batch,
                            int width, int residual) {
  pcr::mlpForwardLayer<double>(activation, weights, biases, prev, out, layer, batch, width, residual);
}

// pcr::mlpAdjointLayer in float32.
// Launch: 1-D, 256 threads, grid-stride over batch·width; one launch per layer. 3·w flops, (2w + 1) floats per output.
// Cost (instrumented emulation, KernelCostSurvey): column walks of W by neighbouring lanes (coalesced) but short rows
// in the survey's widths.
// Cost floor: coalescing>=0.3 l2/dram<=4.5
extern "C" __global__ void __launch_bounds__(256)
    pcr_mlp_adjoint_layer(const float* __restrict__ weights, const float* __restrict__ slopes,
                          const float* __restrict__ next, float* __restrict__ out, int layer, int batch, int width,
                          int residual) {
  pcr::mlpAdjointLayer<float>(weights, slopes, next, out, layer, batch, width, residual);
}

// pcr::mlpAdjointLayer in float64. Launch: as pcr_mlp_adjoint_layer; (2w + 1) doubles per output.
// Cost (instrumented emulation, KernelCostSurvey): measured 69.2 % coalesced, 4.43 sectors per distinct one.
// Cost floor: coalescing>=0.6 l2/dram<=4.9
extern "C" __global__ void __launch_bounds__(256)
    pcr64_mlp_adjoint_layer(const double* __restrict__ weights, const double* __restrict__ slopes,
                            const double* __restrict__ next, double* __restrict__ out, int layer, int batch,
                            int width, int residual) {
  pcr::mlpAdjointLayer<double>(weights, slopes, next, out, layer, batch, width, residual);
}

// pcr::mlpParameterGradients in float32.
// Launch: 1-D, 256 threads, grid-stride over layers·width·(width+1). 3·batch flops per output.
// Cost (instrumented emulation, KernelCostSurvey): per-layer outer products; the dBiases writes are one lane per row.
// Cost floor: coalescing>=0.55 l2/dram<=3.5
extern "C" __global__ void __launch_bounds__(256)
    pcr_mlp_parameter_gradients(const float* __restrict__ slopes, const float* __restrict__ adjoint,
                                const float* __restrict__ inputs, const float* __restrict__ states,
                                float* __restrict__ dWeights, float* __restrict__ dBiases, int layers, int batch,
                                int width) {
  pcr::mlpParameterGradients<float>(slopes, adjoint, inputs, states, dWeights, dBiases, layers, batch, width);
}

// pcr::mlpParameterGradients in float64. Launch: as pcr_mlp_parameter_gradients.
// Cost (instrumented emulation, KernelCostSurvey): measured 77.7 % coalesced, 4.15 sectors per distinct one (the δ reads
// repeat for every column j of a row).
// Cost floor: coalescing>=0.7 l2/dram<=4.6
extern "C" __global__ void __launch_bounds__(256)
    pcr64_mlp_parameter_gradients(const double* __restrict__ slopes, const double* __restrict__ adjoint,
                                  const double* __restrict__ inputs, const double* __restrict__ states,
                                  double* __restrict__ dWeights, double* __restrict__ dBiases, int layers, int batch,
                                  int width) {
  pcr::mlpParameterGradients<double>(slopes, adjoint, inputs, states, dWeights, dBiases, layers, batch, width);
}

// pcr::mlpInputGradients in float32. Launch: 1-D, 256 threads, grid-stride over batch·width. 3·w flops per output.
// Cost (instrumented emulation, KernelCostSurvey): one thread per input, W read by columns across the batch.
// Cost floor: coalescing>=0.35 l2/dram<=3.8
extern "C" __global__ void __launch_bounds__(256)
    pcr_mlp_input_gradients(const float* __restrict__ weights, const float* __restrict__ slopes,
                            const float* __restrict__ adjoint, float* __restrict__ dInputs, int batch, int width,
                            int residual) {
  pcr::mlpInputGradients<float>(weights, slopes, adjoint, dInputs, batch, width, residual);
}

// pcr::mlpInputGradients in float64. Launch: as pcr_mlp_input_gradients.
// Cost (instrumented emulation, KernelCostSurvey): measured 67.8 % coalesced, 4.12 sectors per distinct one (W columns reread
// across the batch).
// Registers: as pcr64_dense_compose, a minimum of one block per SM (ptxas spilled 12 bytes on sm_90 without it).
// Cost floor: coalescing>=0.6 l2/dram<=4.6
extern "C" __global__ void __launch_bounds__(256, 1)
    pcr64_mlp_input_gradients(const double* __restrict__ weights, const double* __restrict__ slopes,
                              const double* __restrict__ adjoint, double* __restrict__ dInputs, int batch, int width,
                              int residual) {
  pcr::mlpInputGradients<double>(weights, slopes, adjoint, dInputs, batch, width, residual);
}

// ---- tridiagonal -------------------------------------------------------------------------------------------------
// Route per system (classify), PCR on the dominant ones (global-memory rounds while the interleaved subsystems are
// larger than a block holds, then one block per subsystem in shared memory), LU with partial pivoting for the rest
// and for any PCR result that is not finite, NaN for poisoned systems. lower[s·n] and upper[s·n+n−1] are never read.
// The bodies are templates on the element type: pcr_tridiag_* are their float instantiations, pcr64_tridiag_* their
// double ones (the float64 twins; same routing, same operation order, every value a double).

namespace pcr {
// kind[s] = kPoisoned, kPivot (not dominant: |d_i| < |l_i| + |u_i| on some row, the CPU's rule), kSweep
// (dominant, but |l_i| + |u_i| > ¾|d_i| on some row) or kFast.
template <typename T>
__device__ __forceinline__ void tridiagClassify(const T* __restrict__ lower, const T* __restrict__ diag,
                                                const T* __restrict__ upper, const T* __restrict__ rhs, int n,
                                                int* __restrict__ kind) {
  using R = Real<T>;
  long long base = static_cast<long long>(blockIdx.x) * n;
  int poisoned = 0;
  int nondominant = 0;
  int weak = 0;
  for (int i = static_cast<int>(threadIdx.x); i < n; i += static_cast<int>(blockDim.x)) {
    T l = i > 0 ? lower[base + i] : T(0);
    T u = i < n - 1 ? upper[base + i] : T(0);
    T d = diag[base + i];
    T r = rhs[base + i];
    poisoned |= !(isfinite(l) && isfinite(u) && isfinite(d) && isfinite(r));
    T off = R::add(R::abs(l), R::abs(u));
    nondominant |= !(R::abs(d) >= off);
    weak |= !(off <= T(0.75) * R::abs(d));
  }
  poisoned = __syncthreads_or(poisoned);
  nondominant = __syncthreads_or(nondominant);
  weak = __syncthreads_or(weak);
  if (threadIdx.x == 0) {
    kind[blockIdx.x] = poisoned ? kPoisoned : (nondominant ? kPivot : (weak ? kSweep : kFast));
  }
}

// One PCR round of distance `dist` on every row of every system, from (l, d, u, r) into (l2, d2, u2, r2): row i is
// combined with rows i ± dist so that it couples to i ± 2·dist afterwards (Hockney; Zhang, Cohen & Owens 2010):
// α = −l_i/d_{i−dist}, γ = −u_i/d_{i+dist}, l′ = α l_{i−dist}, u′ = γ u_{i+dist},
// d′ = d_i + α u_{i−dist} + γ l_{i+dist}, r′ = r_i + α r_{i−dist} + γ r_{i+dist}. Rows past either end are identity
// rows. Run on all systems (the non-fast ones compute unused values in their own rows only).
template <typename T>
__device__ __forceinline__ void tridiagGlobalStep(const T* __restrict__ l, const T* __restrict__ d,
                                                  const T* __restrict__ u, const T* __restrict__ r,
                                                  T* __restrict__ l2, T* __restrict__ d2, T* __restrict__ u2,
                                                  T* __restrict__ r2, int n, long long batch, int dist) {
  long long rows = batch * n;
  for (long long e = jk::globalThread(); e < rows; e += jk::gridThreads()) {
    int i = static_cast<int>(e % n);
    T li = i > 0 ? l[e] : T(0);
    T ui = i < n - 1 ? u[e] : T(0);
    T di = d[e];
    T ri = r[e];
    T nl = T(0), nu = T(0);
    if (i - dist >= 0) {
      long long m = e - dist;
      T alpha = -li / d[m];
      nl = i - dist > 0 ? alpha * l[m] : T(0);
      di += alpha * u[m];
      ri += alpha * r[m];
    }
    if (i + dist < n) {
      long long p = e + dist;
      T gamma = -ui / d[p];
      nu = i + dist < n - 1 ? gamma * u[p] : T(0);
      di += gamma * l[p];
      ri += gamma * r[p];
    }
    l2[e] = nl;
    d2[e] = di;
    u2[e] = nu;
    r2[e] = ri;
  }
}

// PCR in shared memory on one subsystem: rows q, q + stride, q + 2·stride, … of system s (after log₂ stride global
// rounds these rows couple only to each other; stride = 1 is the whole system). Solves it in ⌈log₂ m⌉ rounds,
// writes x = r/d of the fast systems and flags retry[s] when a result is not finite (weakly dominant and singular,
// or overflow: the pivoting path decides). rows: 4·kRowsPerThread·blockDim elements of shared memory.
template <typename T>
__device__ __forceinline__ void tridiagShared(const T* __restrict__ l, const T* __restrict__ d,
                                              const T* __restrict__ u, const T* __restrict__ r, int n, int stride,
                                              const int* __restrict__ kind, T* __restrict__ x,
                                              int* __restrict__ retry, T* rows) {
  long long s = blockIdx.x / stride;
  int q = static_cast<int>(blockIdx.x % stride);
  if (kind[s] != kFast) return;  // uniform over the block
  int threads = static_cast<int>(blockDim.x);
  int capacity = threads * kRowsPerThread;
  T* sl = rows;
  T* sd = rows + capacity;
  T* su = rows + 2 * capacity;
  T* sr = rows + 3 * capacity;
  int m = (n - q + stride - 1) / stride;
  long long base = s * n + q;
  for (int t = 0; t < kRowsPerThread; ++t) {
    int k = static_cast<int>(threadIdx.x) + t * threads;
    if (k < m) {
      long long at = base + static_cast<long long>(k) * stride;
      sl[k] = k > 0 ? l[at] : T(0);
      su[k] = k < m - 1 ? u[at] : T(0);
      sd[k] = d[at];
      sr[k] = r[at];
    }
  }
  __syncthreads();
  for (int dist = 1; dist < m; dist <<= 1) {
    T nl[kRowsPerThread], nd[kRowsPerThread], nu[kRowsPerThread], nr[kRowsPerThread];
    for (int t = 0; t < kRowsPerThread; ++t) {
      int k = static_cast<int>(threadIdx.x) + t * threads;
      nl[t] = T(0);
      nu[t] = T(0);
      nd[t] = T(1);
      nr[t] = T(0);
      if (k < m) {
        T dk = sd[k];
        T rk = sr[k];
        if (k - dist >= 0) {
          T alpha = -sl[k] * Real<T>::rcp(sd[k - dist]);
          nl[t] = alpha * sl[k - dist];
          dk += alpha * su[k - dist];
          rk += alpha * sr[k - dist];
        }
        if (k + dist < m) {
          T gamma = -su[k] * Real<T>::rcp(sd[k + dist]);
          nu[t] = gamma * su[k + dist];
          dk += gamma * sl[k + dist];
          rk += gamma * sr[k + dist];
        }
        nd[t] = dk;
        nr[t] = rk;
      }
    }
    __syncthreads();
    for (int t = 0; t < kRowsPerThread; ++t) {
      int k = static_cast<int>(threadIdx.x) + t * threads;
      if (k < m) {
        sl[k] = nl[t];
        sd[k] = nd[t];
        su[k] = nu[t];
        sr[k] = nr[t];
      }
    }
    __syncthreads();
  }
  bool finite = true;
  for (int t = 0; t < kRowsPerThread; ++t) {
    int k = static_cast<int>(threadIdx.x) + t * threads;
    if (k < m) {
      T v = sr[k] / sd[k];
      finite &= static_cast<bool>(isfinite(v));
      x[base + static_cast<long long>(k) * stride] = v;
    }
  }
  if (!finite) retry[s] = 1;  // every writer stores the same value
}

// Weakly dominant systems (kSweep), one thread per system: Thomas' sweep in the CPU backends' operation order
// (CpuTridiagonalSolver.thomas, CpuPcr64Kernels.thomas), rounded step by step (no FMA contraction), so it gives the
// CPU's bits; a non-finite result (weakly dominant and singular, or overflow) sets retry[s] for the pivoting path.
// c' lives in work[i·batch + s] (interleaved by system: neighbouring threads touch neighbouring elements), d' and
// then x in x's rows.
template <typename T>
__device__ __forceinline__ void tridiagSweep(const T* __restrict__ lower, const T* __restrict__ diag,
                                             const T* __restrict__ upper, const T* __restrict__ rhs, int n,
                                             long long batch, const int* __restrict__ kind, T* __restrict__ work,
                                             T* __restrict__ x, int* __restrict__ retry) {
  using R = Real<T>;
  long long s = jk::globalThread();
  if (s >= batch || kind[s] != kSweep) return;
  long long base = s * n;
  T* b = x + base;
  // forward: c'_i = u_i / m_i, d'_i = (r_i − l_i d'_{i−1}) / m_i, m_i = d_i − l_i c'_{i−1}
  T cPrev = T(0);
  T dPrev = T(0);
  for (int i = 0; i < n; ++i) {
    T l = i > 0 ? lower[base + i] : T(0);
    T u = i < n - 1 ? upper[base + i] : T(0);
    T m = R::sub(diag[base + i], R::mul(l, cPrev));
    cPrev = u / m;
    dPrev = R::sub(rhs[base + i], R::mul(l, dPrev)) / m;
    work[static_cast<long long>(i) * batch + s] = cPrev;
    b[i] = dPrev;
  }
  // backward: x_{n−1} = d'_{n−1}, x_i = d'_i − c'_i x_{i+1}
  T next = b[n - 1];
  bool finite = isfinite(next);
  for (int i = n - 2; i >= 0; --i) {
    next = R::sub(b[i], R::mul(work[static_cast<long long>(i) * batch + s], next));
    b[i] = next;
    finite = finite && isfinite(next);
  }
  if (!finite) retry[s] = 1;
}

// The pivoting path, one thread per system that needs it (not dominant, or a non-finite PCR or Thomas result):
// Gaussian elimination with partial pivoting in LAPACK sgtsv's (dgtsv's) order (io.jkernels.kernels.cpu.TridiagonalLu),
// rounded step by step (no FMA contraction) so a zero pivot is found exactly where the CPU backends find it.
// Poisoned systems get NaN. A zero pivot or a non-finite result from finite data lowers *singular to s
// (atomicMin). The solution is built in x's rows; work holds d, du, dl and du2 interleaved by system
// (work[(k·n + i)·batch + s]).
template <typename T>
__device__ __forceinline__ void tridiagPivot(const T* __restrict__ lower, const T* __restrict__ diag,
                                             const T* __restrict__ upper, const T* __restrict__ rhs, int n,
                                             long long batch, const int* __restrict__ kind,
                                             const int* __restrict__ retry, T* __restrict__ work, T* __restrict__ x,
                                             long long* __restrict__ singular) {
  using R = Real<T>;
  long long s = jk::globalThread();
  if (s >= batch) return;
  int k = kind[s];
  long long base = s * n;
  if (k == kPoisoned) {
    for (int i = 0; i < n; ++i) x[base + i] = R::nan();
    return;
  }
  if ((k == kFast || k == kSweep) && retry[s] == 0) return;
  long long nb = static_cast<long long>(n) * batch;
  T* dd = work;           // d[i]
  T* du = work + nb;      // du[i] = A[i][i+1]
  T* dl = work + 2 * nb;  // dl[i] = A[i+1][i]
  T* du2 = work + 3 * nb; // du2[i] = A[i][i+2], fill-in
  T* b = x + base;
#define PCR_AT(i) (static_cast<long long>(i) * batch + s)
  for (int i = 0; i < n; ++i) {
    dd[PCR_AT(i)] = diag[base + i];
    b[i] = rhs[base + i];
    if (i + 1 < n) {
      dl[PCR_AT(i)] = lower[base + i + 1];
      du[PCR_AT(i)] = upper[base + i];
    }
  }
  bool ok = true;
  for (int i = 0; i < n - 1 && ok; ++i) {
    T di = dd[PCR_AT(i)];
    T dli = dl[PCR_AT(i)];
    if (R::abs(di) >= R::abs(dli)) {
      if (di == T(0)) {
        ok = false;
        break;
      }
      T fact = dli / di;
      dd[PCR_AT(i + 1)] = R::sub(dd[PCR_AT(i + 1)], R::mul(fact, du[PCR_AT(i)]));
      b[i + 1] = R::sub(b[i + 1], R::mul(fact, b[i]));
      if (i < n - 2) du2[PCR_AT(i)] = T(0);
    } else {
      T fact = di / dli;
      dd[PCR_AT(i)] = dli;
      T temp = dd[PCR_AT(i + 1)];
      dd[PCR_AT(i + 1)] = R::sub(du[PCR_AT(i)], R::mul(fact, temp));
      if (i < n - 2) {
        T next = du[PCR_AT(i + 1)];
        du2[PCR_AT(i)] = next;
        du[PCR_AT(i + 1)] = -R::mul(fact, next);
      }
      du[PCR_AT(i)] = temp;
      T bi = b[i];
      b[i] = b[i + 1];
      b[i + 1] = R::sub(bi, R::mul(fact, b[i + 1]));
    }
  }
  if (ok && dd[PCR_AT(n - 1)] == T(0)) ok = false;
  if (ok) {
    b[n - 1] = b[n - 1] / dd[PCR_AT(n - 1)];
    if (n > 1) b[n - 2] = R::sub(b[n - 2], R::mul(du[PCR_AT(n - 2)], b[n - 1])) / dd[PCR_AT(n - 2)];
    for (int i = n - 3; i >= 0; --i) {
      b[i] = R::sub(R::sub(b[i], R::mul(du[PCR_AT(i)], b[i + 1])), R::mul(du2[PCR_AT(i)], b[i + 2])) /
             dd[PCR_AT(i)];
    }
    for (int i = 0; i < n && ok; ++i) ok = isfinite(b[i]);
  }
#undef PCR_AT
  if (!ok) atomicMin(singular, s);
}
}  // namespace pcr

// pcr::tridiagClassify in float32.
// Launch: grid = batch, block = min(256, n rounded up to 32). Reads 16 bytes per row.
// Cost (instrumented emulation, KernelCostSurvey): one warp per system walks its rows; the verdict is one store per
// system.
// Cost floor: coalescing>=0.55 l2/dram<=1.8
extern "C" __global__ void __launch_bounds__(256)
    pcr_tridiag_classify(const float* __restrict__ lower, const float* __restrict__ diag,
                         const float* __restrict__ upper, const float* __restrict__ rhs, int n,
                         int* __restrict__ kind) {
  pcr::tridiagClassify<float>(lower, diag, upper, rhs, n, kind);
}

// pcr::tridiagClassify in float64. Launch: as pcr_tridiag_classify. Reads 32 bytes per row.
// Cost (instrumented emulation, KernelCostSurvey): measured 85.1 % coalesced, 1.16 sectors per distinct one (8-byte rows fill sectors better than
// the float32 kernel's 67 %).
// Cost floor: coalescing>=0.8 l2/dram<=1.25
extern "C" __global__ void __launch_bounds__(256)
    pcr64_tridiag_classify(const double* __restrict__ lower, const double* __restrict__ diag,
                           const double* __restrict__ upper, const double* __restrict__ rhs, int n,
                           int* __restrict__ kind) {
  pcr::tridiagClassify<double>(lower, diag, upper, rhs, n, kind);
}

// pcr::tridiagGlobalStep in float32.
// Launch: 1-D, 256 threads, grid-stride over batch·n rows. Moves 48 bytes in (three rows, L1/L2 reuse makes it ≈ 16)
// and 16 out per row; 14 flops.
// Cost (instrumented emulation, KernelCostSurvey's 2049-row coverage case, one round at dist 1): the i ± dist rows
// shift a warp's 128 bytes by one float, so 5 sectors for 4 (80 %) on those loads, 85 % in all; every input float is
// read by three rows (L1/L2), 2.3 sectors requested per distinct one. (The floor stated before it was measured was
// coalescing>=0.5: it held, now set at the measured values.)
// Cost floor: coalescing>=0.8 l2/dram<=2.5
extern "C" __global__ void __launch_bounds__(256)
    pcr_tridiag_global_step(const float* __restrict__ l, const float* __restrict__ d, const float* __restrict__ u,
                            const float* __restrict__ r, float* __restrict__ l2, float* __restrict__ d2,
                            float* __restrict__ u2, float* __restrict__ r2, int n, long long batch, int dist) {
  pcr::tridiagGlobalStep<float>(l, d, u, r, l2, d2, u2, r2, n, batch, dist);
}

// pcr::tridiagGlobalStep in float64. Launch: as pcr_tridiag_global_step; twice the bytes per row.
// Cost (instrumented emulation, KernelCostSurvey): measured 92.0 % coalesced, 2.17 sectors per distinct one on the 1025-row
// coverage case.
// Cost floor: coalescing>=0.9 l2/dram<=2.3
extern "C" __global__ void __launch_bounds__(256)
    pcr64_tridiag_global_step(const double* __restrict__ l, const double* __restrict__ d,
                              const double* __restrict__ u, const double* __restrict__ r, double* __restrict__ l2,
                              double* __restrict__ d2, double* __restrict__ u2, double* __restrict__ r2, int n,
                              long long batch, int dist) {
  pcr::tridiagGlobalStep<double>(l, d, u, r, l2, d2, u2, r2, n, batch, dist);
}

// pcr::tridiagShared in float32: up to 512 threads, 2048 rows.
// Launch: grid = batch·stride (block b: system b / stride, residue b % stride), block T threads (a multiple of 32,
// T·4 ≥ m), dynamic shared 16·T·4 bytes. Reads and writes 20 bytes per row once; 14 flops per row and round.
// Cost (instrumented emulation, KernelCostSurvey): rows q, q + stride, … of a subsystem: coalesced at stride 1,
// lanes 8 bytes apart at stride 2 (the 2049-row coverage case after its global round: 59.6 % in all, was 60 % at
// stride 1 only, hence 0.55); the shared rounds are conflict-free at stride 1 and a few 2-way at its 1025-row
// subsystems (1.01 in all; 1.0 before that case); every failing thread writes the same retry flag.
// Cost floor: coalescing>=0.55 conflict<=1.05 l2/dram<=1.7 same-value-writes
extern "C" __global__ void __launch_bounds__(512)
    pcr_tridiag_shared(const float* __restrict__ l, const float* __restrict__ d, const float* __restrict__ u,
                       const float* __restrict__ r, int n, int stride, const int* __restrict__ kind,
                       float* __restrict__ x, int* __restrict__ retry) {
  extern __shared__ float rows[];
  pcr::tridiagShared<float>(l, d, u, r, n, stride, kind, x, retry, rows);
}

// pcr::tridiagShared in float64: up to 256 threads, 1024 rows, dynamic shared 32·T·4 bytes (32 KiB at most).
// Launch: as pcr_tridiag_shared. Reads and writes 40 bytes per row once.
// Cost (instrumented emulation, KernelCostSurvey): measured 80.5 % coalesced, conflict degree 1.03, 1.23 sectors per distinct one.
// Cost floor: coalescing>=0.75 conflict<=1.1 l2/dram<=1.35 same-value-writes
extern "C" __global__ void __launch_bounds__(256)
    pcr64_tridiag_shared(const double* __restrict__ l, const double* __restrict__ d, const double* __restrict__ u,
                         const double* __restrict__ r, int n, int stride, const int* __restrict__ kind,
                         double* __restrict__ x, int* __restrict__ retry) {
  extern __shared__ double rows64[];
  pcr::tridiagShared<double>(l, d, u, r, n, stride, kind, x, retry, rows64);
}

// pcr::tridiagSweep in float32.
// Launch: 1-D, 128 threads, ceil(batch/128) blocks. 24 bytes and 8 flops per row of a swept system.
// Cost (instrumented emulation, KernelCostSurvey): interleaved work array: neighbouring systems in neighbouring
// lanes.
// Cost floor: coalescing>=0.9 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(128)
    pcr_tridiag_sweep(const float* __restrict__ lower, const float* __restrict__ diag,
                      const float* __restrict__ upper, const float* __restrict__ rhs, int n, long long batch,
                      const int* __restrict__ kind, float* __restrict__ work, float* __restrict__ x,
                      int* __restrict__ retry) {
  pcr::tridiagSweep<float>(lower, diag, upper, rhs, n, batch, kind, work, x, retry);
}

// pcr::tridiagSweep in float64. Launch: as pcr_tridiag_sweep. 48 bytes per row of a swept system.
// Cost (instrumented emulation, KernelCostSurvey): measured 91.1 % coalesced, 1.00 (interleaved like the float32 kernel).
// Cost floor: coalescing>=0.9 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(128)
    pcr64_tridiag_sweep(const double* __restrict__ lower, const double* __restrict__ diag,
                        const double* __restrict__ upper, const double* __restrict__ rhs, int n, long long batch,
                        const int* __restrict__ kind, double* __restrict__ work, double* __restrict__ x,
                        int* __restrict__ retry) {
  pcr::tridiagSweep<double>(lower, diag, upper, rhs, n, batch, kind, work, x, retry);
}

// pcr::tridiagPivot in float32.
// Launch: 1-D, 128 threads, ceil(batch/128) blocks. About 40 bytes and 12 flops per row of a pivoted system.
// Cost (instrumented emulation, KernelCostSurvey): interleaved like the sweep.
// Cost floor: coalescing>=0.9 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(128)
    pcr_tridiag_pivot(const float* __restrict__ lower, const float* __restrict__ diag,
                      const float* __restrict__ upper, const float* __restrict__ rhs, int n, long long batch,
                      const int* __restrict__ kind, const int* __restrict__ retry, float* __restrict__ work,
                      float* __restrict__ x, long long* __restrict__ singular) {
  pcr::tridiagPivot<float>(lower, diag, upper, rhs, n, batch, kind, retry, work, x, singular);
}

// pcr::tridiagPivot in float64. Launch: as pcr_tridiag_pivot. About 80 bytes per row of a pivoted system.
// Cost (instrumented emulation, KernelCostSurvey): measured 91.1 % coalesced, 1.00 (interleaved like the sweep).
// Cost floor: coalescing>=0.9 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(128)
    pcr64_tridiag_pivot(const double* __restrict__ lower, const double* __restrict__ diag,
                        const double* __restrict__ upper, const double* __restrict__ rhs, int n, long long batch,
                        const int* __restrict__ kind, const int* __restrict__ retry, double* __restrict__ work,
                        double* __restrict__ x, long long* __restrict__ singular) {
  pcr::tridiagPivot<double>(lower, diag, upper, rhs, n, batch, kind, retry, work, x, singular);
}

// ---- training step (resident DeepPCR, issue 13) ------------------------------------------------------------------
// The two kernels a resident training loop needs besides the MLP passes (io.jkernels.kernels.pcr.TrainingKernels):
// the parameters, the states and the gradients stay on the device, and only the loss (8 bytes) comes back.

// Plain SGD in place: θ_i ← θ_i − (rate·g_i), the product rounded before the difference (__fmul_rn and __fsub_rn
// keep nvcc from contracting them into an FMA), so the device equals the CPU's and Java's θ[i] -= rate * g[i] bit
// for bit.
// Launch: 1-D, 256 threads, grid = min(ceil(count/256), 16·SMs), grid-stride. Moves 12 bytes per parameter, 2 flops.
// Cost (instrumented emulation, KernelCostSurvey): unit-stride, 99.8 % coalesced, every sector once.
// Cost floor: coalescing>=0.95 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    pcr_sgd_update(float* __restrict__ parameters, const float* __restrict__ gradient, float rate,
                   long long count) {
  for (long long i = jk::globalThread(); i < count; i += jk::gridThreads()) {
    parameters[i] = __fsub_rn(parameters[i], __fmul_rn(rate, gradient[i]));
  }
}

// Mean squared error, first pass: d = (double) p − t, gradient = (float) (2d / count) (IEEE double arithmetic,
// rounded once to float: the CPU's bits), and per block the partial Σ d² of its grid-stride elements
// (jk::blockSum, a fixed order) into partial[blockIdx.x]; pcr_sum_partials adds the partials.
// Launch: 1-D, 256 threads, grid = min(ceil(count/256), 16·SMs), grid-stride. Moves 12 bytes per element, 5 flops
// in double. ptxas spills 4 bytes on sm_90 in the double division's slow path (kept: it is what makes the gradient
// the CPU's bits, and the kernel reads only the last layer).
// Cost (instrumented emulation, KernelCostSurvey): unit-stride; the survey's small outputs (7 to 2211 floats) end
// in partial sectors: 91 % coalesced, 1.09 requests per sector.
// Cost floor: coalescing>=0.85 l2/dram<=1.2
extern "C" __global__ void __launch_bounds__(256)
    pcr_mse_gradient(const float* __restrict__ predictions, const float* __restrict__ targets, long long count,
                     float* __restrict__ gradient, double* __restrict__ partial) {
  double n = static_cast<double>(count);
  double sum = 0.0;
  for (long long i = jk::globalThread(); i < count; i += jk::gridThreads()) {
    double d = __dadd_rn(static_cast<double>(predictions[i]), -static_cast<double>(targets[i]));
    sum = __dadd_rn(sum, __dmul_rn(d, d));
    gradient[i] = static_cast<float>(__dmul_rn(2.0, d) / n);
  }
  double total = jk::blockSum(sum);
  if (threadIdx.x == 0) partial[blockIdx.x] = total;
}

// Σ partial[0..blocks) into *result, in a fixed order (thread t adds partials t, t + 256, …; then jk::blockSum), so
// the loss never differs from run to run.
// Launch: one block of 256 threads. Reads 8 bytes per partial (a few thousand at most), writes 8 bytes.
// Cost (instrumented emulation, KernelCostSurvey): a handful of partials per launch in the survey (40 % of a warp's
// sectors used), each read once.
// Cost floor: coalescing>=0.3 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    pcr_sum_partials(const double* __restrict__ partial, int blocks, double* __restrict__ result) {
  double sum = 0.0;
  for (int b = threadIdx.x; b < blocks; b += blockDim.x) sum = __dadd_rn(sum, partial[b]);
  double total = jk::blockSum(sum);
  if (threadIdx.x == 0) *result = total;
}

// Whether x[0..n) is all finite: *flag (zeroed by the host) becomes 1 when some x_i is NaN or ±∞. The public API's
// check of resident arguments, so they need not be copied to the host: only the flag (4 bytes) comes back.
// Launch: 1-D, 256 threads, grid = min(ceil(n/256), 16·SMs), grid-stride. Reads 4 bytes per element once.
// Cost (instrumented emulation, KernelCostSurvey): unit-stride, 99.8 % coalesced, every sector once.
// Cost floor: coalescing>=0.95 l2/dram<=1.05
extern "C" __global__ void __launch_bounds__(256)
    pcr_all_finite(const float* __restrict__ x, long long n, unsigned* __restrict__ flag) {
  unsigned bad = 0;
  for (long long i = jk::globalThread(); i < n; i += jk::gridThreads()) bad |= isfinite(x[i]) ? 0u : 1u;
  unsigned any = jk::blockMax(bad);
  if (threadIdx.x == 0 && any != 0) atomicMax(flag, any);
}
