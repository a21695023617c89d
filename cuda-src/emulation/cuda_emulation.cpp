// Runtime of the emulated CUDA driver: fibers for the threads of a block, a deterministic cooperative scheduler in
// which barriers and warp collectives are the scheduling points, poisoned shared memory, and the C entry points the
// Java side (EmulatedCudaDriver) calls through FFM.
#include "cuda_emulation.h"

#include <csetjmp>
#include <cstdarg>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#if !defined(__x86_64__)
#include <ucontext.h>
#endif

// The instrumented build (-DJK_EMU_COST, libjkernels_emu_cost.so) tells the cost model about launches, blocks,
// barriers, warp collectives and stacks; the plain build compiles these hooks away.
#if defined(JK_EMU_COST)
#include "cost_model.h"
#define JK_COST_HOOK(call) ::jk_emu::cost::call
#else
#define JK_COST_HOOK(call) ((void)0)
#endif

// Bounds of the static __shared__ section, defined by the linker when some kernel declares static shared memory.
extern "C" char __start_jkshared[] __attribute__((weak));
extern "C" char __stop_jkshared[] __attribute__((weak));

namespace jk_emu {
thread_local Fiber* current = nullptr;
thread_local uint3 block_idx;
thread_local dim3 block_dim;
thread_local dim3 grid_dim;

namespace {
constexpr std::size_t kStackBytes = 256 * 1024;
constexpr std::uint64_t kPoison = ~0ull;
constexpr unsigned kMaxThreads = 1024;
constexpr std::size_t kMaxDynamicShared = 227 * 1024;  // what an sm_90 block may opt in to
constexpr std::size_t kDynamicSlack = 1024;

enum class State { Runnable, WaitBlock, WaitWarp, Done };

struct FiberSlot {
  Fiber fiber;
  State state;
  unsigned waitMask;
  bool started;
  std::jmp_buf env;
  char* stackTop;
#if !defined(__x86_64__)
  ucontext_t context;
#endif
};

struct WarpState {
  std::uint64_t slots[32];
};

struct Launch {
  void (*body)(void**) = nullptr;
  void** args = nullptr;
  std::vector<FiberSlot> fibers;
  std::vector<WarpState> warps;
  unsigned threads = 0;
  std::vector<unsigned char> dynamicShared;
  std::size_t dynamicBytes = 0;
  int syncCount[2] = {0, 0};
  unsigned generation = 0;
  std::string error;
};

std::mutex launchLock;                // one launch at a time: static shared memory and stacks are process-wide
std::vector<char*> stacks;            // kStackBytes each, a guard page below
std::vector<KernelEntry>& registry() {  // a function-local static: registrars run from other files' initialisers
  static std::vector<KernelEntry> entries;
  return entries;
}
Launch* launch = nullptr;
thread_local std::jmp_buf schedulerEnv;
thread_local FiberSlot* running = nullptr;

char* stackFor(unsigned index) {
  while (stacks.size() <= index) {
    long page = sysconf(_SC_PAGESIZE);
    void* mem = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) throw std::bad_alloc();
    mprotect(mem, page, PROT_NONE);  // a stack overflow faults instead of corrupting the next stack
    stacks.push_back(static_cast<char*>(mem) + page + kStackBytes);
    JK_COST_HOOK(stackRange(stacks.back(), kStackBytes));
  }
  return stacks[index];
}

[[noreturn]] void fiberMain() {
  launch->body(launch->args);
  running->state = State::Done;
  _longjmp(schedulerEnv, 1);
}

#if !defined(__x86_64__)
void fiberEntry() { fiberMain(); }
#endif

// Runs one fiber until it waits or finishes.
void resume(FiberSlot* f) {
  running = f;
  current = &f->fiber;
  if (_setjmp(schedulerEnv) == 0) {
    if (!f->started) {
      f->started = true;
#if defined(__x86_64__)
      // Switch to the fiber's stack and call fiberMain, which never returns (it jumps back to schedulerEnv).
      asm volatile("mov %0, %%rsp\n\tcall *%1" : : "r"(f->stackTop), "r"(&fiberMain) : "memory");
      __builtin_unreachable();
#else
      getcontext(&f->context);
      f->context.uc_stack.ss_sp = f->stackTop - kStackBytes;
      f->context.uc_stack.ss_size = kStackBytes;
      f->context.uc_link = nullptr;
      makecontext(&f->context, fiberEntry, 0);
      setcontext(&f->context);
#endif
    } else {
      _longjmp(f->env, 1);
    }
  }
  running = nullptr;
  current = nullptr;
}

void waitAs(State state, unsigned mask) {
  FiberSlot* self = running;
  self->state = state;
  self->waitMask = mask;
  if (_setjmp(self->env) == 0) _longjmp(schedulerEnv, 1);
  current = &self->fiber;
}

void setError(const std::string& message) {
  if (launch->error.empty()) launch->error = message;
}

std::string threadName(const FiberSlot& f) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "thread (%u,%u,%u) of block (%u,%u,%u)", f.fiber.tid.x, f.fiber.tid.y,
                f.fiber.tid.z, block_idx.x, block_idx.y, block_idx.z);
  return buf;
}

unsigned warpLanes(unsigned warp) {
  unsigned first = warp * 32;
  unsigned count = launch->threads - first < 32 ? launch->threads - first : 32;
  return count == 32 ? 0xffffffffu : ((1u << count) - 1);
}

// Releases the lanes of every warp whose collective has all its participants; true if any was released.
bool releaseWarps() {
  bool released = false;
  for (unsigned w = 0; w < launch->warps.size(); ++w) {
    unsigned exist = warpLanes(w);
    unsigned waiting = 0;
    unsigned mask = 0;
    for (unsigned l = 0; l < 32; ++l) {
      if (!(exist >> l & 1)) continue;
      FiberSlot& f = launch->fibers[w * 32 + l];
      if (f.state == State::WaitWarp) {
        waiting |= 1u << l;
        mask = f.waitMask;
      }
    }
    if (waiting == 0) continue;
    unsigned needed = mask & exist;
    if ((needed & waiting) != needed) {
      for (unsigned l = 0; l < 32; ++l) {
        if ((needed >> l & 1) && launch->fibers[w * 32 + l].state == State::Done) {
          setError("lane " + std::to_string(l) + " of warp " + std::to_string(w) +
                   " exited while named in the mask of a warp collective, " + threadName(launch->fibers[w * 32]));
          return false;
        }
      }
      continue;
    }
    for (unsigned l = 0; l < 32; ++l) {
      if (waiting >> l & 1) launch->fibers[w * 32 + l].state = State::Runnable;
    }
    JK_COST_HOOK(warpReleased(w));
    released = true;
  }
  return released;
}

bool runBlockFibers();

bool runBlock() {
  JK_COST_HOOK(blockBegin());
  bool ok = runBlockFibers();
  JK_COST_HOOK(blockEnd());
  return ok;
}

bool runBlockFibers() {
  Launch& L = *launch;
  for (unsigned i = 0; i < L.threads; ++i) {
    FiberSlot& f = L.fibers[i];
    f.state = State::Runnable;
    f.started = false;
    f.stackTop = stackFor(i);
  }
  if (__start_jkshared != nullptr && __stop_jkshared != nullptr) {
    std::memset(__start_jkshared, 0xFF, static_cast<std::size_t>(__stop_jkshared - __start_jkshared));
  }
  std::memset(L.dynamicShared.data(), 0xFF, L.dynamicShared.size());
  for (auto& w : L.warps) std::memset(w.slots, 0xFF, sizeof w.slots);
  L.syncCount[0] = L.syncCount[1] = 0;
  L.generation = 0;
  for (unsigned pass = 0;; ++pass) {
    bool ascending = (pass & 1) == 0;
    for (unsigned k = 0; k < L.threads; ++k) {
      FiberSlot& f = L.fibers[ascending ? k : L.threads - 1 - k];
      if (f.state == State::Runnable) resume(&f);
      if (!L.error.empty()) return false;
    }
    bool allDone = true, anyWarp = false, anyBlock = false;
    for (unsigned i = 0; i < L.threads; ++i) {
      State s = L.fibers[i].state;
      allDone &= s == State::Done;
      anyWarp |= s == State::WaitWarp;
      anyBlock |= s == State::WaitBlock;
    }
    if (allDone) return true;
    if (anyWarp && releaseWarps()) continue;
    if (!L.error.empty()) return false;
    if (anyBlock && !anyWarp) {
      L.generation++;
      JK_COST_HOOK(barrierReleased());
      // Clear the slot the next barrier counts into; the one just completed is still read by its callers.
      L.syncCount[L.generation & 1] = 0;
      for (auto& f : L.fibers) {
        if (f.state == State::WaitBlock) f.state = State::Runnable;
      }
      continue;
    }
    std::string who;
    for (unsigned i = 0; i < L.threads && who.size() < 400; ++i) {
      if (L.fibers[i].state == State::WaitWarp) who += " " + threadName(L.fibers[i]) + " waits at a warp collective;";
      if (L.fibers[i].state == State::WaitBlock) who += " " + threadName(L.fibers[i]) + " waits at __syncthreads;";
    }
    setError("deadlock:" + who);
    return false;
  }
}
}  // namespace

void syncthreads() { waitAs(State::WaitBlock, 0); }

int syncthreads_count(int predicate) {
  int parity = launch->generation & 1;
  launch->syncCount[parity] += predicate != 0;
  syncthreads();
  return launch->syncCount[parity];
}

void syncwarp(unsigned mask) {
  if (!(mask >> running->fiber.lane & 1)) fail("__syncwarp called by a lane outside its mask");
  waitAs(State::WaitWarp, mask);
}

unsigned activemask() {
  unsigned w = running->fiber.warp, mask = 0;
  for (unsigned l = 0; l < 32; ++l) {
    unsigned i = w * 32 + l;
    if (i < launch->threads && launch->fibers[i].state != State::Done) mask |= 1u << l;
  }
  return mask;
}

std::uint64_t warp_exchange(unsigned mask, std::uint64_t bits, int src) {
  WarpState& w = launch->warps[running->fiber.warp];
  w.slots[running->fiber.lane] = bits;
  syncwarp(mask);
  std::uint64_t got = (src >= 0 && src < 32 && (mask >> src & 1)) ? w.slots[src] : kPoison;
  syncwarp(mask);  // nobody overwrites a slot before every lane has read it
  return got;
}

unsigned ballot(unsigned mask, int predicate) {
  WarpState& w = launch->warps[running->fiber.warp];
  w.slots[running->fiber.lane] = predicate != 0;
  syncwarp(mask);
  unsigned result = 0;
  for (unsigned l = 0; l < 32; ++l) {
    if ((mask >> l & 1) && w.slots[l] == 1) result |= 1u << l;
  }
  syncwarp(mask);
  return result;
}

void* dynamic_shared() {
  if (launch->dynamicBytes == 0) fail("extern __shared__ memory used by a launch that requested 0 bytes of it");
  return launch->dynamicShared.data();
}

void fail(const char* message) {
  setError(std::string(message) + " (" + threadName(*running) + ")");
  running->state = State::Done;
  _longjmp(schedulerEnv, 1);
}

Registrar::Registrar(const KernelEntry* entries, int count) {
  for (int i = 0; i < count; ++i) registry().push_back(entries[i]);
}
}  // namespace jk_emu

// ---- entry points for FFM ----------------------------------------------------------------------------------------
namespace {
void writeError(char* err, int errLen, const std::string& message) {
  if (err == nullptr || errLen <= 0) return;
  std::snprintf(err, static_cast<std::size_t>(errLen), "%s", message.c_str());
}
}  // namespace

extern "C" {
__attribute__((visibility("default"))) int jk_emu_kernel_count() {
  return static_cast<int>(jk_emu::registry().size());
}

__attribute__((visibility("default"))) const char* jk_emu_kernel_name(int index) {
  if (index < 0 || index >= jk_emu_kernel_count()) return nullptr;
  return jk_emu::registry()[static_cast<std::size_t>(index)].name;
}

__attribute__((visibility("default"))) const char* jk_emu_kernel_floor(int index) {
  if (index < 0 || index >= jk_emu_kernel_count()) return nullptr;
  return jk_emu::registry()[static_cast<std::size_t>(index)].floor;
}

// dims: grid x, y, z, block x, y, z. Returns 0, or 1 with a message in err (the launch is then abandoned).
__attribute__((visibility("default"))) int jk_emu_launch(int index, const unsigned* dims, unsigned sharedBytes,
                                                         void** args, char* err, int errLen) {
  using namespace jk_emu;
  if (index < 0 || index >= jk_emu_kernel_count()) {
    writeError(err, errLen, "no emulated kernel with index " + std::to_string(index));
    return 1;
  }
  unsigned long long threads = 1ull * dims[3] * dims[4] * dims[5];
  if (dims[0] == 0 || dims[1] == 0 || dims[2] == 0 || threads == 0 || threads > kMaxThreads) {
    writeError(err, errLen, "invalid launch shape (CUDA_ERROR_INVALID_VALUE)");
    return 1;
  }
  if (sharedBytes > kMaxDynamicShared) {
    writeError(err, errLen, "dynamic shared memory request too large (CUDA_ERROR_INVALID_VALUE)");
    return 1;
  }
  std::lock_guard<std::mutex> guard(launchLock);
  try {
    Launch L;
    L.body = registry()[static_cast<std::size_t>(index)].body;
    L.args = args;
    L.threads = static_cast<unsigned>(threads);
    L.fibers.resize(L.threads);
    L.warps.resize((L.threads + 31) / 32);
    L.dynamicBytes = sharedBytes;
    // Poisoned slack after the requested bytes: a small overrun reads NaN instead of whatever the heap holds.
    L.dynamicShared.resize(sharedBytes + kDynamicSlack);
    for (unsigned z = 0, i = 0; z < dims[5]; ++z) {
      for (unsigned y = 0; y < dims[4]; ++y) {
        for (unsigned x = 0; x < dims[3]; ++x, ++i) {
          L.fibers[i].fiber = Fiber{uint3{x, y, z}, i, i % 32, i / 32};
        }
      }
    }
    launch = &L;
    JK_COST_HOOK(launchBegin(registry()[static_cast<std::size_t>(index)].name, dims, sharedBytes,
                             L.dynamicShared.data(), L.dynamicShared.size(), L.threads));
    block_dim = dim3(dims[3], dims[4], dims[5]);
    grid_dim = dim3(dims[0], dims[1], dims[2]);
    bool ok = true;
    for (unsigned bz = 0; ok && bz < dims[2]; ++bz) {
      for (unsigned by = 0; ok && by < dims[1]; ++by) {
        for (unsigned bx = 0; ok && bx < dims[0]; ++bx) {
          block_idx = uint3{bx, by, bz};
          ok = runBlock();
        }
      }
    }
    launch = nullptr;
    JK_COST_HOOK(launchEnd(ok));
    if (!ok) {
      writeError(err, errLen, L.error);
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    launch = nullptr;
    JK_COST_HOOK(launchEnd(false));
    writeError(err, errLen, std::string("emulated launch failed: ") + e.what());
    return 1;
  }
}
}
