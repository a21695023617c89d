// The emulator's own negative tests (never shipped, never compiled by nvcc): each broken kernel has a correct twin;
// under emulation the twin must give the right answer and the broken one a visibly wrong one. Launch each with one
// block of n ≤ 1024 threads (a multiple of 32 for the warp kernels); out has n floats.

// Rotation through shared memory: out[t] = in[(t + 1) % n].
extern "C" __global__ void selftest_rotate_ok(const float* in, float* out) {
  __shared__ float tile[1024];
  unsigned t = threadIdx.x, n = blockDim.x;
  tile[t] = in[t];
  __syncthreads();
  out[t] = tile[(t + 1) % n];
}

// Bug: the barrier is missing, so a thread reads a slot its neighbour has not written yet.
extern "C" __global__ void selftest_rotate_missing_sync(const float* in, float* out) {
  __shared__ float tile[1024];
  unsigned t = threadIdx.x, n = blockDim.x;
  tile[t] = in[t];
  out[t] = tile[(t + 1) % n];
}

// Warp sums by shuffles: out[t] = sum of in over t's warp.
extern "C" __global__ void selftest_warp_sum_ok(const float* in, float* out) {
  float v = in[threadIdx.x];
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
  out[threadIdx.x] = v;
}

// Bug: off by one in the butterfly's lane distance.
extern "C" __global__ void selftest_warp_sum_off_by_one(const float* in, float* out) {
  float v = in[threadIdx.x];
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset - 1);
  out[threadIdx.x] = v;
}

// Prefix within each warp by __shfl_up_sync: out[t] = in[warp start] + … + in[t].
extern "C" __global__ void selftest_warp_scan_ok(const float* in, float* out) {
  float v = in[threadIdx.x];
  unsigned lane = threadIdx.x & 31;
  for (unsigned d = 1; d < 32; d <<= 1) {
    float up = __shfl_up_sync(0xffffffffu, v, d);
    if (lane >= d) v += up;
  }
  out[threadIdx.x] = v;
}

// Pairwise sums through dynamic shared memory: out[t] = in[t] + in[t ^ 1].
extern "C" __global__ void selftest_pairs_ok(const float* in, float* out) {
  extern __shared__ float pairs[];
  unsigned t = threadIdx.x;
  pairs[t] = in[t];
  __syncthreads();
  out[t] = pairs[t] + pairs[t ^ 1u];
}

// Bug: reads one slot past what the block wrote (the last thread reads shared memory nothing wrote).
extern "C" __global__ void selftest_pairs_unwritten(const float* in, float* out) {
  extern __shared__ float pairs[];
  unsigned t = threadIdx.x;
  pairs[t] = in[t];
  __syncthreads();
  out[t] = pairs[t] + pairs[t + 1];
}

// Atomics and ballots: out[0] = Σ in (atomicAdd), out[1] = number of positive in (ballot + popc + atomicAdd).
extern "C" __global__ void selftest_atomics_ok(const float* in, float* out, int* count) {
  if (threadIdx.x == 0) {
    out[0] = 0.0f;
    *count = 0;
  }
  __syncthreads();
  atomicAdd(&out[0], in[threadIdx.x]);
  unsigned positive = __ballot_sync(0xffffffffu, in[threadIdx.x] > 0.0f);
  if ((threadIdx.x & 31) == 0) atomicAdd(count, __popc(positive));
  __syncthreads();
  if (threadIdx.x == 0) out[1] = static_cast<float>(*count);
}

// Barrier votes, twice in a row (each result must survive the release of its barrier): out[t] = count of positive
// in, then 1 if any in is negative, then 1 if all in are ≥ −8, for t = 0, 1, 2; a thread past 2 writes nothing.
extern "C" __global__ void selftest_votes_ok(const float* in, float* out) {
  float v = in[threadIdx.x];
  int positive = __syncthreads_count(v > 0.0f);
  int anyNegative = __syncthreads_or(v < 0.0f);
  int allAbove = __syncthreads_and(v >= -8.0f);
  if (threadIdx.x == 0) out[0] = static_cast<float>(positive);
  if (threadIdx.x == 1) out[1] = static_cast<float>(anyNegative);
  if (threadIdx.x == 2) out[2] = static_cast<float>(allAbove);
}

// ---- the cost model's detectors (libjkernels_emu_selftest_cost.so) -------------------------------------------------
// Transposes of one 32×32 tile by one warp of 32 threads: in and out have 1024 floats, out[r·32 + t] = in[t·32 + r].

// Correct twin: rows of 33 floats put the 32 elements of a column in 32 different banks.
// Cost floor: coalescing>=0.99 conflict<=1.0
extern "C" __global__ void selftest_transpose_padded(const float* in, float* out) {
  __shared__ float tile[32][33];
  unsigned t = threadIdx.x;
  for (unsigned r = 0; r < 32; ++r) tile[r][t] = in[r * 32 + t];
  __syncthreads();
  for (unsigned r = 0; r < 32; ++r) out[r * 32 + t] = tile[t][r];
}

// Bug (for the cost model): rows of 32 floats put a whole column in one bank, a 32-way conflict on every read.
extern "C" __global__ void selftest_transpose_conflicted(const float* in, float* out) {
  __shared__ float tile[32][32];
  unsigned t = threadIdx.x;
  for (unsigned r = 0; r < 32; ++r) tile[r][t] = in[r * 32 + t];
  __syncthreads();
  for (unsigned r = 0; r < 32; ++r) out[r * 32 + t] = tile[t][r];
}

// Bug (for the cost model): the transpose without the tile, so the loads walk down a column: each lane reads its
// own 32-byte sector for 4 useful bytes (12.5 % efficiency).
extern "C" __global__ void selftest_transpose_strided(const float* in, float* out) {
  unsigned t = threadIdx.x;
  for (unsigned r = 0; r < 32; ++r) out[r * 32 + t] = in[t * 32 + r];
}
