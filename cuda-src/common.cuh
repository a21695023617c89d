// Device helpers every kernel family shares: the grid-stride index, warp and block reductions, and the inner
// product of the small batched GEMMs. Included by each family's .cu (nvcc compiles them as one module, so this header
// is guarded); compiled by nvcc and by g++ against emulation/cuda_emulation.h, so use only what that header supports.
#pragma once

namespace jk {
constexpr unsigned kFull = 0xffffffffu;

// The calling thread's index in a 1-D grid, and the stride of a grid-stride loop over it.
__device__ __forceinline__ long long globalThread() {
  return static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ long long gridThreads() { return static_cast<long long>(gridDim.x) * blockDim.x; }

// Sum over the warp (all 32 lanes active); lane 0 holds the total, added in a fixed tree order.
__device__ __forceinline__ double warpSum(double v) {
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down_sync(kFull, v, offset);
  return v;
}

// Maximum over the warp (all 32 lanes active); every lane holds it.
__device__ __forceinline__ unsigned warpMax(unsigned v) {
  for (int offset = 16; offset > 0; offset >>= 1) v = max(v, __shfl_xor_sync(kFull, v, offset));
  return v;
}

// Sum over the block (blockDim.x a multiple of 32, at most 1024). Every thread returns the same total; the partial
// sums are added in warp order, so the result does not depend on scheduling. Contains two barriers: every thread of
// the block must call it.
// The block reductions are not inline: the emulation puts static __shared__ arrays in one section, which an inline
// function's COMDAT copy would conflict with; internal linkage (the unnamed namespace) keeps one copy per family file.
namespace {
[[maybe_unused]] __device__ double blockSum(double v) {
  __shared__ double partial[32];
  v = warpSum(v);
  if ((threadIdx.x & 31) == 0) partial[threadIdx.x >> 5] = v;
  __syncthreads();
  double total = 0.0;
  for (unsigned w = 0; w < blockDim.x / 32; ++w) total += partial[w];
  __syncthreads();  // partial is reused by the next call
  return total;
}

// Maximum over the block (blockDim.x a multiple of 32, at most 1024), valid in thread 0 only. One barrier: every
// thread of the block must call it.
[[maybe_unused]] __device__ unsigned blockMax(unsigned v) {
  __shared__ unsigned partial[32];
  v = warpMax(v);
  if ((threadIdx.x & 31) == 0) partial[threadIdx.x >> 5] = v;
  __syncthreads();
  unsigned total = 0;
  if (threadIdx.x == 0) {
    for (unsigned w = 0; w < blockDim.x / 32; ++w) total = max(total, partial[w]);
  }
  return total;
}
}  // namespace

// One entry of a small GEMM from shared memory: acc + Σ_k row[k]·col[k·colStride], k < n, accumulated in T (float or
// double) in k order, so a caller adding panel after panel gets the same sum as one loop over all k (the batched
// compositions of the dense recurrence; both operands are already in shared memory).
template <typename T>
__device__ __forceinline__ T dotStrided(T acc, const T* row, const T* col, int n, int colStride) {
  for (int k = 0; k < n; ++k) acc += row[k] * col[k * colStride];
  return acc;
}
}  // namespace jk
