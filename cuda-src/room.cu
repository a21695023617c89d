// Room family: the synthesis half of the image-source method (Allen and Berkley 1979). The host
// (io.jkernels.kernels.cuda.CudaImageSourceKernels) enumerates nothing: the Java API hands it each image's
// fractional delay (samples, ascending within a room), per-band gains and per-channel weights (SH weights of the
// direction of arrival, or 1 for an omni receiver). Compiled by nvcc for the GPU and by g++ against
// emulation/cuda_emulation.h for CI; use only what that header supports.

namespace room {
constexpr float kPi = 3.14159265358979323846f;

// First image index in [first, end) whose delay is > bound (delays ascending).
__device__ __forceinline__ int firstAbove(const float* __restrict__ delays, int first, int end, float bound) {
  int lo = first, hi = end;
  while (lo < hi) {
    int mid = (lo + hi) >> 1;
    if (__ldg(&delays[mid]) > bound) hi = mid; else lo = mid + 1;
  }
  return lo;
}

// Hann-windowed sinc h(x) = sinc(x)·½(1 + cos(πx/W)) for |x| < W (ImageSourceKernels' contract).
__device__ __forceinline__ float windowedSinc(float x, float halfWidth) {
  if (fabsf(x) >= halfWidth) return 0.0f;
  float sinc = fabsf(x) < 1e-6f ? 1.0f : sinf(kPi * x) / (kPi * x);
  return sinc * 0.5f * (1.0f + cosf(kPi * x / halfWidth));
}
}  // namespace room

// One thread per output sample, band and group of up to 4 channels: a gather over the run of images whose window
// reaches the sample (found by binary search on the sorted delays), so no atomics and every output written exactly
// once; the tap is computed once per image and used for the group's 4 channels (4 register accumulators).
// Launch: grid (ceil(samples / blockDim.x), bands·ceil(channels / 4), rooms), block 128 threads (consecutive
// samples, so neighbouring threads read the same images: broadcast loads through the read-only cache).
// Per output: ~2W·density images read (4 + 4 + 16 bytes each, mostly cache hits) and 4 floats written; per image
// reached ~25 flops (sin, cos, divide, 4 FMA). The floor is the output write, rooms·bands·channels·samples·4 bytes,
// far below the flops once images are dense: the kernel is bound by the sin/cos of the taps.
// Cost (instrumented emulation, 2026-12-01): 28 % coalesced and L2/DRAM 19.8 on random image sets (FINDING: each
// output sample's thread gathers the delays/gains of every image near it, so neighbouring threads read the same
// image records many times: cached in L2, not in DRAM). Data-dependent, hence the margin.
// Cost floor: coalescing>=0.2 conflict<=1.0 l2/dram<=30
extern "C" __global__ void room_image_source_synthesize(const float* __restrict__ delays,
                                                        const float* __restrict__ gains,
                                                        const float* __restrict__ weights,
                                                        const int* __restrict__ imageStart, long long totalImages,
                                                        int bands, int channels, int samples, int halfWidth,
                                                        float* __restrict__ out) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= samples) return;
  int groups = (channels + 3) / 4;
  int b = blockIdx.y / groups;
  int c0 = (blockIdx.y - b * groups) * 4;
  int nc = min(4, channels - c0);
  int r = blockIdx.z;
  int first = imageStart[r];
  int end = imageStart[r + 1];
  float w = static_cast<float>(halfWidth);
  float tf = static_cast<float>(t);
  float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (int i = room::firstAbove(delays, first, end, tf - w); i < end; i++) {
    float d = __ldg(&delays[i]);
    if (d >= tf + w) break;
    float tap = __ldg(&gains[static_cast<long long>(b) * totalImages + i]) * room::windowedSinc(tf - d, w);
    const float* wi = weights + static_cast<long long>(i) * channels + c0;
    for (int j = 0; j < 4; j++) {
      if (j < nc) acc[j] = fmaf(tap, __ldg(&wi[j]), acc[j]);
    }
  }
  float* o = out + ((static_cast<long long>(r) * bands + b) * channels + c0) * samples + t;
  for (int j = 0; j < 4; j++) {
    if (j < nc) o[static_cast<long long>(j) * samples] = acc[j];
  }
}
