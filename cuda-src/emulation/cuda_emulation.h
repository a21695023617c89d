// CUDA compatibility header for the emulated driver: lets g++ (C++20) compile the project's own cuda-src/*.cu so
// that every kernel runs on the CPU in CI. Each block runs as one group of fibers on one OS thread: the fibers are
// the CUDA threads, and every barrier or warp collective is a scheduling point, so __syncthreads really
// synchronises them. Blocks run one after another; launches are serialised. Scheduling is deterministic and
// alternates direction (ascending, then descending thread order) between passes, so a read of a value another
// thread has not yet written shows up whichever thread comes first. Fresh device memory, static and dynamic shared
// memory and missing shuffle sources are poisoned (0xFF bytes: NaN floats, -1 integers).
//
// Supported: __global__, __device__, __host__, __forceinline__, __noinline__, __launch_bounds__, __restrict__,
//   __align__; static __shared__ (blocks scope, any type) and `extern __shared__ T name[];` (dynamic; rewritten by the
//   generator); threadIdx, blockIdx, blockDim, gridDim, warpSize; __syncthreads, __syncthreads_count/_and/_or,
//   __syncwarp, __activemask, __shfl_sync, __shfl_up_sync, __shfl_down_sync, __shfl_xor_sync (4- and 8-byte
//   integers and floating point, as nvcc: not structs such as float2; width ≤ 32), __ballot_sync, __any_sync,
//   __all_sync; atomics (Add, Sub, Exch, Min, Max, CAS, And, Or, Xor on the usual types, Add on float and double);
//   __threadfence*; __ldg; the float/int bit casts, __popc, __clz, __ffs, __brev, __fmaf_rn and friends (and the double __dadd/__dsub/__dmul/__ddiv/__drcp_rn), __expf,
//   __logf, __fdividef, rsqrtf, __saturatef; min/max overloads; the C math library; vector types float2/3/4,
//   double2, int2/4, uint2/4 with make_*; printf.
// Not supported (a kernel must not use them, or must be listed here with the reason it is GPU-only):
//   implicit warp-synchronous code without __syncwarp (lanes do not run in lockstep: this is a bug on Volta+ too),
//   __constant__ memory written from the host, textures and surfaces, cooperative groups, dynamic parallelism,
//   inline PTX (asm), tensor-core intrinsics (wmma/mma), clock()/timers, __nanosleep, shared memory in functions
//   other than the kernel itself that are templates or inline (they would get separate copies per instantiation,
//   as on the GPU, but are not poisoned per block).
// GPU-only kernels: none.
#pragma once

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <utility>

#include <math.h>

// ---- qualifiers --------------------------------------------------------------------------------------------------
#define __global__
#define __device__
#define __host__
#define __constant__
#define __forceinline__ inline __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(...)
#define __align__(n) alignas(n)
// Static shared memory lives in one linker section that the runtime poisons before every block. Blocks run one at
// a time, so a plain static is per-block storage.
#define __shared__ __attribute__((section("jkshared"))) static

// ---- vector types ------------------------------------------------------------------------------------------------
struct uint3 { unsigned x, y, z; };
struct dim3 {
  unsigned x, y, z;
  constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
struct alignas(8) float2 { float x, y; };
struct float3 { float x, y, z; };
struct alignas(16) float4 { float x, y, z, w; };
struct alignas(16) double2 { double x, y; };
struct alignas(8) int2 { int x, y; };
struct alignas(16) int4 { int x, y, z, w; };
struct alignas(8) uint2 { unsigned x, y; };
struct alignas(16) uint4 { unsigned x, y, z, w; };
inline float2 make_float2(float x, float y) { return {x, y}; }
inline float3 make_float3(float x, float y, float z) { return {x, y, z}; }
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }
inline double2 make_double2(double x, double y) { return {x, y}; }
inline int2 make_int2(int x, int y) { return {x, y}; }
inline int4 make_int4(int x, int y, int z, int w) { return {x, y, z, w}; }
inline uint2 make_uint2(unsigned x, unsigned y) { return {x, y}; }
inline uint4 make_uint4(unsigned x, unsigned y, unsigned z, unsigned w) { return {x, y, z, w}; }

// ---- the runtime (cuda_emulation.cpp) ----------------------------------------------------------------------------
namespace jk_emu {
struct Fiber {
  uint3 tid;
  unsigned linear;
  unsigned lane;
  unsigned warp;
};
extern thread_local Fiber* current;
extern thread_local uint3 block_idx;
extern thread_local dim3 block_dim;
extern thread_local dim3 grid_dim;

void syncthreads();
int syncthreads_count(int predicate);
void syncwarp(unsigned mask);
unsigned activemask();
// Every lane in mask publishes `bits`; returns the bits lane src published, or poison if src is outside the mask.
std::uint64_t warp_exchange(unsigned mask, std::uint64_t bits, int src);
unsigned ballot(unsigned mask, int predicate);
void* dynamic_shared();
[[noreturn]] void fail(const char* message);

#if defined(JK_EMU_COST)
// The instrumented build (libjkernels_emu_cost.so, emulation/cost_model.cpp) counts warp collectives and atomics.
namespace cost {
enum Collective { kShuffle, kVote, kSyncwarp, kBarrier, kCollectiveKinds };
void noteCollective(int kind);
// Marks one atomic: counted as such, and its own load and store take part in no request and no race.
struct AtomicScope {
  AtomicScope(const void* p, std::size_t bytes);
  ~AtomicScope();
  AtomicScope(const AtomicScope&) = delete;
  AtomicScope& operator=(const AtomicScope&) = delete;
};
}  // namespace cost
#define JK_EMU_COLLECTIVE(kind) ::jk_emu::cost::noteCollective(::jk_emu::cost::kind)
#define JK_EMU_ATOMIC(p) const ::jk_emu::cost::AtomicScope jk_atomic_scope_(p, sizeof(*(p)))
#else
#define JK_EMU_COLLECTIVE(kind) ((void)0)
#define JK_EMU_ATOMIC(p) ((void)0)
#endif


template <typename T>
T* dynamic_shared_as() {
  return static_cast<T*>(dynamic_shared());
}

template <typename T>
T shuffle(unsigned mask, T value, int src) {
  // nvcc's overloads take int, unsigned, long, long long (and unsigned kinds), float and double only: a struct such
  // as float2 compiles here but not on the GPU, so refuse it here too.
  static_assert(std::is_arithmetic_v<T> && sizeof(T) >= 4 && sizeof(T) <= 8,
                "CUDA shuffles move one 4- or 8-byte integer or floating-point value; shuffle struct members alone");
  JK_EMU_COLLECTIVE(kShuffle);
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T));
  std::uint64_t got = warp_exchange(mask, bits, src);
  T result;
  std::memcpy(&result, &got, sizeof(T));
  return result;
}

// Calls a kernel with its arguments given as cuLaunchKernel gives them: args[i] points at the i-th argument.
template <typename... P, std::size_t... I>
void invoke_indexed(void (*kernel)(P...), void** args, std::index_sequence<I...>) {
  kernel(*static_cast<std::remove_cvref_t<P>*>(args[I])...);
}
template <typename... P>
void invoke(void (*kernel)(P...), void** args) {
  invoke_indexed(kernel, args, std::index_sequence_for<P...>{});
}

struct KernelEntry {
  const char* name;
  void (*body)(void** args);
  const char* floor;  // the kernel's "// Cost floor:" words, or ""
};
struct Registrar {
  Registrar(const KernelEntry* entries, int count);
};
}  // namespace jk_emu

#define threadIdx (static_cast<const uint3&>(::jk_emu::current->tid))
#define blockIdx (static_cast<const uint3&>(::jk_emu::block_idx))
#define blockDim (static_cast<const dim3&>(::jk_emu::block_dim))
#define gridDim (static_cast<const dim3&>(::jk_emu::grid_dim))
constexpr int warpSize = 32;

// ---- barriers and warp collectives -------------------------------------------------------------------------------
inline void __syncthreads() {
  JK_EMU_COLLECTIVE(kBarrier);
  ::jk_emu::syncthreads();
}
inline int __syncthreads_count(int p) {
  JK_EMU_COLLECTIVE(kBarrier);
  return ::jk_emu::syncthreads_count(p);
}
inline int __syncthreads_and(int p) {
  JK_EMU_COLLECTIVE(kBarrier);
  return ::jk_emu::syncthreads_count(p) == static_cast<int>(blockDim.x * blockDim.y * blockDim.z);
}
inline int __syncthreads_or(int p) {
  JK_EMU_COLLECTIVE(kBarrier);
  return ::jk_emu::syncthreads_count(p) != 0;
}
inline void __syncwarp(unsigned mask = 0xffffffffu) {
  JK_EMU_COLLECTIVE(kSyncwarp);
  ::jk_emu::syncwarp(mask);
}
inline unsigned __activemask() { return ::jk_emu::activemask(); }

template <typename T>
T __shfl_sync(unsigned mask, T var, int srcLane, int width = 32) {
  int lane = static_cast<int>(::jk_emu::current->lane);
  int base = lane & ~(width - 1);
  return ::jk_emu::shuffle(mask, var, base + (srcLane & (width - 1)));
}
template <typename T>
T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = 32) {
  int lane = static_cast<int>(::jk_emu::current->lane);
  int inSegment = lane & (width - 1);
  int src = inSegment - static_cast<int>(delta) >= 0 ? lane - static_cast<int>(delta) : lane;
  return ::jk_emu::shuffle(mask, var, src);
}
template <typename T>
T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = 32) {
  int lane = static_cast<int>(::jk_emu::current->lane);
  int inSegment = lane & (width - 1);
  int src = inSegment + static_cast<int>(delta) < width ? lane + static_cast<int>(delta) : lane;
  return ::jk_emu::shuffle(mask, var, src);
}
template <typename T>
T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = 32) {
  int lane = static_cast<int>(::jk_emu::current->lane);
  int src = lane ^ laneMask;
  if ((src & ~(width - 1)) != (lane & ~(width - 1))) src = lane;
  return ::jk_emu::shuffle(mask, var, src);
}
inline unsigned __ballot_sync(unsigned mask, int predicate) {
  JK_EMU_COLLECTIVE(kVote);
  return ::jk_emu::ballot(mask, predicate);
}
inline int __any_sync(unsigned mask, int predicate) { return __ballot_sync(mask, predicate) != 0; }
inline int __all_sync(unsigned mask, int predicate) { return (__ballot_sync(mask, predicate) & mask) == (mask & __activemask()); }

inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_system() { std::atomic_thread_fence(std::memory_order_seq_cst); }

// ---- atomics (std::atomic_ref, so they stay correct if blocks ever run on a thread pool) --------------------------
template <typename T>
T jk_atomic_add(T* p, T v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<T>(*p).fetch_add(v);
}
inline int atomicAdd(int* p, int v) { return jk_atomic_add(p, v); }
inline unsigned atomicAdd(unsigned* p, unsigned v) { return jk_atomic_add(p, v); }
inline unsigned long long atomicAdd(unsigned long long* p, unsigned long long v) { return jk_atomic_add(p, v); }
inline float atomicAdd(float* p, float v) { return jk_atomic_add(p, v); }
inline double atomicAdd(double* p, double v) { return jk_atomic_add(p, v); }
inline int atomicSub(int* p, int v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<int>(*p).fetch_sub(v);
}
inline unsigned atomicSub(unsigned* p, unsigned v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<unsigned>(*p).fetch_sub(v);
}
template <typename T>
T jk_atomic_exch(T* p, T v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<T>(*p).exchange(v);
}
inline int atomicExch(int* p, int v) { return jk_atomic_exch(p, v); }
inline unsigned atomicExch(unsigned* p, unsigned v) { return jk_atomic_exch(p, v); }
inline unsigned long long atomicExch(unsigned long long* p, unsigned long long v) { return jk_atomic_exch(p, v); }
inline float atomicExch(float* p, float v) { return jk_atomic_exch(p, v); }
template <typename T>
T jk_atomic_cas(T* p, T expected, T desired) {
  JK_EMU_ATOMIC(p);
  std::atomic_ref<T>(*p).compare_exchange_strong(expected, desired);
  return expected;
}
inline int atomicCAS(int* p, int c, int v) { return jk_atomic_cas(p, c, v); }
inline unsigned atomicCAS(unsigned* p, unsigned c, unsigned v) { return jk_atomic_cas(p, c, v); }
inline unsigned long long atomicCAS(unsigned long long* p, unsigned long long c, unsigned long long v) {
  return jk_atomic_cas(p, c, v);
}
template <typename T, typename Pick>
T jk_atomic_update(T* p, T v, Pick pick) {
  JK_EMU_ATOMIC(p);
  std::atomic_ref<T> ref(*p);
  T old = ref.load();
  while (!ref.compare_exchange_weak(old, pick(old, v))) {
  }
  return old;
}
#define JK_EMU_MINMAX(T)                                                                                      \
  inline T atomicMin(T* p, T v) { return jk_atomic_update(p, v, [](T a, T b) { return b < a ? b : a; }); } \
  inline T atomicMax(T* p, T v) { return jk_atomic_update(p, v, [](T a, T b) { return b > a ? b : a; }); }
JK_EMU_MINMAX(int)
JK_EMU_MINMAX(unsigned)
JK_EMU_MINMAX(long long)
JK_EMU_MINMAX(unsigned long long)
#undef JK_EMU_MINMAX
inline int atomicAnd(int* p, int v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<int>(*p).fetch_and(v);
}
inline unsigned atomicAnd(unsigned* p, unsigned v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<unsigned>(*p).fetch_and(v);
}
inline int atomicOr(int* p, int v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<int>(*p).fetch_or(v);
}
inline unsigned atomicOr(unsigned* p, unsigned v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<unsigned>(*p).fetch_or(v);
}
inline int atomicXor(int* p, int v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<int>(*p).fetch_xor(v);
}
inline unsigned atomicXor(unsigned* p, unsigned v) {
  JK_EMU_ATOMIC(p);
  return std::atomic_ref<unsigned>(*p).fetch_xor(v);
}

// ---- intrinsics and math -----------------------------------------------------------------------------------------
using std::isfinite;
using std::isinf;
using std::isnan;
template <typename T>
inline T __ldg(const T* p) { return *p; }
inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, 4); return i; }
inline unsigned __float_as_uint(float f) { unsigned i; std::memcpy(&i, &f, 4); return i; }
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
inline float __uint_as_float(unsigned i) { float f; std::memcpy(&f, &i, 4); return f; }
inline long long __double_as_longlong(double d) { long long i; std::memcpy(&i, &d, 8); return i; }
inline double __longlong_as_double(long long i) { double d; std::memcpy(&d, &i, 8); return d; }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz(static_cast<unsigned>(x)); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll(static_cast<unsigned long long>(x)); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
inline unsigned __brev(unsigned x) {
  unsigned r = 0;
  for (int i = 0; i < 32; ++i) r |= ((x >> i) & 1u) << (31 - i);
  return r;
}
inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fdividef(float a, float b) { return a / b; }
inline float __frcp_rn(float a) { return 1.0f / a; }
inline float __fsqrt_rn(float a) { return sqrtf(a); }
inline float __expf(float a) { return expf(a); }
inline float __logf(float a) { return logf(a); }
inline float __sinf(float a) { return sinf(a); }
inline float __cosf(float a) { return cosf(a); }
inline float __powf(float a, float b) { return powf(a, b); }
inline float rsqrtf(float a) { return 1.0f / sqrtf(a); }
inline float __saturatef(float a) { return a < 0.0f ? 0.0f : (a > 1.0f ? 1.0f : (a == a ? a : 0.0f)); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __drcp_rn(double a) { return 1.0 / a; }
inline double __fma_rn(double a, double b, double c) { return fma(a, b, c); }
#define JK_EMU_MINMAX_FN(T)                             \
  inline T min(T a, T b) { return b < a ? b : a; } \
  inline T max(T a, T b) { return b > a ? b : a; }
JK_EMU_MINMAX_FN(int)
JK_EMU_MINMAX_FN(unsigned)
JK_EMU_MINMAX_FN(long long)
JK_EMU_MINMAX_FN(unsigned long long)
JK_EMU_MINMAX_FN(float)
JK_EMU_MINMAX_FN(double)
#undef JK_EMU_MINMAX_FN
