// The cost model of the instrumented emulation library (libjkernels_emu_cost.so): what each launch would ask of a
// GPU's memory system, counted from every load and store of every emulated GPU thread.
//
// The kernels' translation units are compiled with -fsanitize=thread, so g++ turns every memory access the
// optimiser keeps into a call __tsan_{read,write}{1,2,4,8,16}(address): those calls land here (no TSan runtime). Each access is classified by address: shared (the static __shared__ section or the
// launch's dynamic shared memory), global (inside a live device allocation, registered by EmulatedCudaDriver through
// jk_emu_device_memory), local (a fibre's stack: what nvcc would keep in registers or local memory) or other (the
// emulator's own state, such as threadIdx, and the kernel's parameter block: not memory traffic on a GPU).
//
// Warp-level requests. Fibres run one at a time, so the accesses of one warp instruction arrive lane by lane. The
// k-th execution of an instruction (its call site, __builtin_return_address) by each lane of a warp is one
// request, as on the GPU for convergent code (a lane that runs a loop fewer times is simply absent from the later
// requests, as an inactive lane would be). Per request, using the documented rules of compute capability 8.0/9.0:
//   global: the distinct 32-byte sectors touched; efficiency = distinct bytes asked for / (sectors · 32).
//   shared: 32 banks of 4 bytes; per phase (a whole warp for ≤ 4-byte accesses, a half-warp for 8, a quarter-warp
//     for 16) the wavefronts are the largest number of distinct 4-byte words that fall in one bank (lanes reading
//     the same word share it); the conflict degree is wavefronts / phases.
// Per launch: the distinct sectors read and written (a DRAM estimate when the footprint fits in L2, which it does
// for the small cases this runs on), barrier instances, warp collectives per warp instruction, atomics, and a
// racecheck: two threads of a block touching one 4-byte word of shared or global memory with no __syncthreads
// between them (or, for lanes of one warp, no warp collective), one of them writing, reported with both sites.
// Atomics take part in no request and no race.
#include "cost_model.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <dlfcn.h>

#include "cuda_emulation.h"

extern "C" char __start_jkshared[] __attribute__((weak));
extern "C" char __stop_jkshared[] __attribute__((weak));

namespace jk_emu::cost {
namespace {
enum Space : std::uint8_t { kGlobal, kShared, kLocal, kOther };
const char* spaceName(Space s) {
  switch (s) {
    case kGlobal: return "global";
    case kShared: return "shared";
    case kLocal: return "local";
    default: return "other";
  }
}

struct Site {
  std::uintptr_t pc;
  Space space;
  bool write;
  unsigned size;
  std::uint64_t requests = 0, lanes = 0, bytes = 0, unique = 0, sectors = 0, wavefronts = 0, ideal = 0;
  unsigned maxWays = 0;
};

struct Race {
  const char* kind;
  Space space;
  std::uintptr_t firstPc, secondPc;
  std::uint64_t count = 0;
  unsigned firstThread, secondThread;
};

struct LaunchRecord {
  std::string kernel;
  unsigned dims[6];
  unsigned sharedBytes;
  bool ok = true;
  std::vector<Site> sites;
  std::vector<Race> races;
  std::uint64_t dramReadSectors = 0, dramWriteSectors = 0, dramReadBytes = 0, dramWriteBytes = 0;
  std::uint64_t barriers = 0, barrierCalls = 0, shuffles = 0, votes = 0, syncwarps = 0;
  std::uint64_t atomicsGlobal = 0, atomicsShared = 0, otherAccesses = 0;
};

struct LaneAccess {
  std::uint32_t lane;
  std::uint32_t size;
  std::uintptr_t addr;
};
struct Request {
  std::uint32_t site;
  std::vector<LaneAccess> lanes;
};

struct Touch {
  std::int32_t thread = -1;
  std::uint32_t warp = 0, warpEpoch = 0, site = 0;
};
struct WordRecord {
  std::uint64_t epoch = ~0ull;
  Touch writer, readers[2];
};

struct SectorMasks {
  std::uint32_t read = 0, write = 0;
};

// Everything below is touched only under the runtime's launch lock (one launch at a time), except the finished
// records, which the Java side reads and resets under recordsLock.
std::mutex recordsLock;
std::vector<LaunchRecord> records;
LaunchRecord building;
LaunchRecord* current_record = nullptr;
std::map<std::uintptr_t, std::size_t> device;  // live device allocations: start -> bytes
std::vector<std::pair<std::uintptr_t, std::uintptr_t>> stacks;
std::uintptr_t dynamicLo = 0, dynamicHi = 0;
unsigned launchThreads = 0;
std::unordered_map<std::uint64_t, std::uint32_t> siteIndex;  // (pc, space, write) of this launch -> sites[i]
std::vector<std::unordered_map<std::uint32_t, std::uint32_t>> occurrences;  // per thread: site -> executions
std::unordered_map<std::uint64_t, Request> requests;                       // (execution, site, warp) -> lanes
std::unordered_map<std::uint64_t, SectorMasks> footprint;                  // sector -> bytes read / written
std::unordered_map<std::uintptr_t, WordRecord> words;                      // racecheck, per block
std::map<std::tuple<const char*, std::uint32_t, std::uint32_t>, std::size_t> raceIndex;
std::vector<std::uint32_t> warpEpochs;
std::vector<std::uint32_t> collectiveCounts;  // per thread, kCollectiveKinds each
std::uint64_t blockEpoch = 0;
std::uint64_t countedAccesses = 0;  // global and shared lane accesses since the last reset
thread_local int suppressed = 0;  // > 0 inside an atomic

Space classify(std::uintptr_t a) {
  if (__start_jkshared != nullptr && a >= reinterpret_cast<std::uintptr_t>(__start_jkshared) &&
      a < reinterpret_cast<std::uintptr_t>(__stop_jkshared)) {
    return kShared;
  }
  if (a >= dynamicLo && a < dynamicHi) return kShared;
  auto it = device.upper_bound(a);
  if (it != device.begin()) {
    --it;
    if (a < it->first + it->second) return kGlobal;
  }
  auto s = std::upper_bound(stacks.begin(), stacks.end(), std::make_pair(a, ~std::uintptr_t{0}));
  if (s != stacks.begin() && a < std::prev(s)->second) return kLocal;
  return kOther;
}

std::uint32_t siteFor(std::uintptr_t pc, Space space, bool write, unsigned size) {
  std::uint64_t key = (static_cast<std::uint64_t>(pc) << 3) | (static_cast<std::uint64_t>(space) << 1) | write;
  auto [it, fresh] = siteIndex.try_emplace(key, static_cast<std::uint32_t>(current_record->sites.size()));
  if (fresh) {
    Site s{};
    s.pc = pc;
    s.space = space;
    s.write = write;
    s.size = size;
    current_record->sites.push_back(s);
  }
  return it->second;
}

bool ordered(const Touch& before, const Touch& now) {
  return before.warp == now.warp && before.warpEpoch < now.warpEpoch;
}

void race(const char* kind, Space space, const Touch& first, const Touch& second) {
  auto key = std::make_tuple(kind, first.site, second.site);
  auto [it, fresh] = raceIndex.try_emplace(key, current_record->races.size());
  if (fresh) {
    current_record->races.push_back(Race{kind, space, current_record->sites[first.site].pc,
                                         current_record->sites[second.site].pc, 0,
                                         static_cast<unsigned>(first.thread), static_cast<unsigned>(second.thread)});
  }
  current_record->races[it->second].count++;
}

void racecheck(std::uintptr_t a, std::size_t n, bool write, Space space, std::uint32_t site) {
  const Fiber* f = ::jk_emu::current;
  Touch now{static_cast<std::int32_t>(f->linear), f->warp, warpEpochs[f->warp], site};
  for (std::uintptr_t w = a >> 2; w <= (a + n - 1) >> 2; ++w) {
    WordRecord& r = words[w];
    if (r.epoch != blockEpoch) r = WordRecord{blockEpoch, {}, {}};
    auto conflicts = [&](const Touch& t) { return t.thread >= 0 && t.thread != now.thread && !ordered(t, now); };
    if (conflicts(r.writer)) race(write ? "write-after-write" : "read-after-write", space, r.writer, now);
    if (write) {
      for (const Touch& t : r.readers) {
        if (conflicts(t)) {
          race("write-after-read", space, t, now);
          break;
        }
      }
      r.writer = now;
      r.readers[0] = r.readers[1] = Touch{};
    } else if (r.readers[0].thread < 0 || r.readers[0].thread == now.thread) {
      r.readers[0] = now;
    } else {
      r.readers[1] = now;
    }
  }
}

void access(std::uintptr_t a, std::size_t n, bool write, std::uintptr_t pc) {
  if (current_record == nullptr || suppressed > 0 || ::jk_emu::current == nullptr || n == 0) return;
  Space space = classify(a);
  if (space == kOther) {
    current_record->otherAccesses++;
    return;
  }
  std::uint32_t site = siteFor(pc, space, write, static_cast<unsigned>(n));
  if (space == kLocal) {  // per lane: a GPU thread's own registers or local memory, not a warp request
    Site& s = current_record->sites[site];
    s.lanes++;
    s.bytes += n;
    return;
  }
  countedAccesses++;
  const Fiber* f = ::jk_emu::current;
  std::uint64_t k = occurrences[f->linear][site]++;
  std::uint64_t key = (k << 26) | (static_cast<std::uint64_t>(site) << 5) | f->warp;
  Request& r = requests[key];
  r.site = site;
  r.lanes.push_back(LaneAccess{f->lane, static_cast<std::uint32_t>(n), a});
  if (space == kGlobal) {
    for (std::uintptr_t b = a; b < a + n;) {
      std::uintptr_t sector = b >> 5;
      std::uintptr_t end = std::min<std::uintptr_t>(a + n, (sector + 1) << 5);
      std::uint64_t width = end - b;
      std::uint32_t bits = (width == 32 ? ~0u : ((1u << width) - 1)) << (b & 31);
      SectorMasks& m = footprint[sector];
      (write ? m.write : m.read) |= bits;
      b = end;
    }
  }
  racecheck(a, n, write, space, site);
}

void finishRequest(const Request& r) {
  Site& s = current_record->sites[r.site];
  s.requests++;
  s.lanes += r.lanes.size();
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
  for (const LaneAccess& l : r.lanes) {
    s.bytes += l.size;
    ranges.emplace_back(l.addr, l.addr + l.size);
  }
  std::sort(ranges.begin(), ranges.end());
  std::uint64_t unique = 0;
  std::uintptr_t reach = 0;
  for (auto [lo, hi] : ranges) {
    lo = std::max(lo, reach);
    if (hi > lo) unique += hi - lo;
    reach = std::max(reach, hi);
  }
  s.unique += unique;
  if (s.space == kGlobal) {
    std::vector<std::uintptr_t> sectors;
    for (auto [lo, hi] : ranges) {
      for (std::uintptr_t sec = lo >> 5; sec <= (hi - 1) >> 5; ++sec) sectors.push_back(sec);
    }
    std::sort(sectors.begin(), sectors.end());
    s.sectors += static_cast<std::uint64_t>(std::unique(sectors.begin(), sectors.end()) - sectors.begin());
    return;
  }
  // Shared: wavefronts per phase = the most distinct words in one bank.
  unsigned lanesPerPhase = s.size <= 4 ? 32 : 128 / std::min(16u, s.size);
  std::map<unsigned, std::vector<std::uintptr_t>> phases;
  for (const LaneAccess& l : r.lanes) {
    auto& w = phases[l.lane / lanesPerPhase];
    for (std::uintptr_t word = l.addr >> 2; word <= (l.addr + l.size - 1) >> 2; ++word) w.push_back(word);
  }
  for (auto& [phase, w] : phases) {
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    unsigned perBank[32] = {};
    unsigned ways = 0;
    for (std::uintptr_t word : w) ways = std::max(ways, ++perBank[word & 31]);
    s.wavefronts += ways;
    s.ideal += 1;
    s.maxWays = std::max(s.maxWays, ways);
  }
}

std::string hex(std::uintptr_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(v));
  return buf;
}

// file:line of each pc, through addr2line on the library that holds it; the pc itself where that fails.
std::map<std::uintptr_t, std::string> symbolise(const std::vector<std::uintptr_t>& pcs) {
  std::map<std::uintptr_t, std::string> out;
  std::map<std::string, std::vector<std::pair<std::uintptr_t, std::uintptr_t>>> byLibrary;
  for (std::uintptr_t pc : pcs) {
    out[pc] = hex(pc);
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(pc), &info) != 0 && info.dli_fname != nullptr) {
      byLibrary[info.dli_fname].emplace_back(pc, pc - 1 - reinterpret_cast<std::uintptr_t>(info.dli_fbase));
    }
  }
  for (auto& [library, list] : byLibrary) {
    for (std::size_t from = 0; from < list.size(); from += 200) {
      std::string command = "addr2line -e '" + library + "'";
      std::size_t to = std::min(list.size(), from + 200);
      for (std::size_t i = from; i < to; ++i) command += " " + hex(list[i].second);
      command += " 2>/dev/null";
      FILE* p = popen(command.c_str(), "r");
      if (p == nullptr) continue;
      char line[4096];
      for (std::size_t i = from; i < to && std::fgets(line, sizeof line, p) != nullptr; ++i) {
        std::string s(line);
        s = s.substr(0, s.find_first_of(" \n"));
        if (!s.empty() && s.find("??") == std::string::npos) {
          std::size_t slash = s.rfind('/');
          out[list[i].first] = slash == std::string::npos ? s : s.substr(slash + 1);
        }
      }
      pclose(p);
    }
  }
  return out;
}

std::map<std::uintptr_t, std::string> symbols;  // cache over reports
}  // namespace

void stackRange(char* top, std::size_t bytes) {
  auto hi = reinterpret_cast<std::uintptr_t>(top);
  stacks.emplace_back(hi - bytes, hi);
  std::sort(stacks.begin(), stacks.end());
}

void launchBegin(const char* kernel, const unsigned* dims, unsigned sharedBytes, const void* dynamicShared,
                 std::size_t dynamicBytes, unsigned threads) {
  building = LaunchRecord{};
  current_record = &building;
  current_record->kernel = kernel;
  std::memcpy(current_record->dims, dims, sizeof current_record->dims);
  current_record->sharedBytes = sharedBytes;
  dynamicLo = reinterpret_cast<std::uintptr_t>(dynamicShared);
  dynamicHi = dynamicLo + dynamicBytes;
  launchThreads = threads;
  siteIndex.clear();
  footprint.clear();
  raceIndex.clear();
}

void blockBegin() {
  occurrences.assign(launchThreads, {});
  requests.clear();
  words.clear();
  warpEpochs.assign((launchThreads + 31) / 32, 0);
  collectiveCounts.assign(static_cast<std::size_t>(launchThreads) * kCollectiveKinds, 0);
  blockEpoch = 0;
}

void barrierReleased() {
  blockEpoch++;
  if (current_record != nullptr) current_record->barriers++;
}

void warpReleased(unsigned w) {
  if (w < warpEpochs.size()) warpEpochs[w]++;
}

void blockEnd() {
  if (current_record == nullptr) return;
  for (const auto& [key, r] : requests) finishRequest(r);
  requests.clear();
  // Warp collectives per warp instruction: per warp, the most any lane executed (a convergent warp's lanes execute
  // each one together). __syncthreads per thread: the per-thread call count (barrier instances are counted apart).
  auto count = [&](unsigned t, unsigned kind) {
    return collectiveCounts[static_cast<std::size_t>(t) * kCollectiveKinds + kind];
  };
  std::uint64_t* perWarp[] = {&current_record->shuffles, &current_record->votes, &current_record->syncwarps};
  for (unsigned kind = 0; kind < 3; ++kind) {
    for (unsigned w = 0; w * 32 < launchThreads; ++w) {
      std::uint32_t most = 0;
      for (unsigned t = w * 32; t < launchThreads && t < w * 32 + 32; ++t) most = std::max(most, count(t, kind));
      *perWarp[kind] += most;
    }
  }
  for (unsigned t = 0; t < launchThreads; ++t) current_record->barrierCalls += count(t, kBarrier);
}

void launchEnd(bool ok) {
  if (current_record == nullptr) return;
  current_record->ok = ok;
  for (const auto& [sector, m] : footprint) {
    if (m.read != 0) {
      current_record->dramReadSectors++;
      current_record->dramReadBytes += static_cast<unsigned>(__builtin_popcount(m.read));
    }
    if (m.write != 0) {
      current_record->dramWriteSectors++;
      current_record->dramWriteBytes += static_cast<unsigned>(__builtin_popcount(m.write));
    }
  }
  footprint.clear();
  words.clear();
  {
    std::lock_guard<std::mutex> guard(recordsLock);
    records.push_back(std::move(building));
  }
  current_record = nullptr;
  dynamicLo = dynamicHi = 0;
}

void noteCollective(int kind) {
  if (current_record == nullptr || ::jk_emu::current == nullptr) return;
  collectiveCounts[static_cast<std::size_t>(::jk_emu::current->linear) * kCollectiveKinds +
                   static_cast<unsigned>(kind)]++;
}

AtomicScope::AtomicScope(const void* p, std::size_t) {
  suppressed++;
  if (current_record == nullptr) return;
  Space s = classify(reinterpret_cast<std::uintptr_t>(p));
  (s == kShared ? current_record->atomicsShared : current_record->atomicsGlobal)++;
}

AtomicScope::~AtomicScope() { suppressed--; }
}  // namespace jk_emu::cost

// ---- the instrumentation's callbacks (GCC's -fsanitize=thread ABI; no TSan runtime) -------------------------------
#define JK_COST_CALLBACKS(n)                                                                                \
  extern "C" __attribute__((visibility("default"))) void __tsan_read##n(void* a) {                        \
    jk_emu::cost::access(reinterpret_cast<std::uintptr_t>(a), n, false,                                   \
                         reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)));                  \
  }                                                                                                       \
  extern "C" __attribute__((visibility("default"))) void __tsan_write##n(void* a) {                       \
    jk_emu::cost::access(reinterpret_cast<std::uintptr_t>(a), n, true,                                    \
                         reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)));                  \
  }                                                                                                       \
  extern "C" __attribute__((visibility("default"))) void __tsan_unaligned_read##n(void* a) {              \
    jk_emu::cost::access(reinterpret_cast<std::uintptr_t>(a), n, false,                                   \
                         reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)));                  \
  }                                                                                                       \
  extern "C" __attribute__((visibility("default"))) void __tsan_unaligned_write##n(void* a) {             \
    jk_emu::cost::access(reinterpret_cast<std::uintptr_t>(a), n, true,                                    \
                         reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)));                  \
  }
JK_COST_CALLBACKS(1)
JK_COST_CALLBACKS(2)
JK_COST_CALLBACKS(4)
JK_COST_CALLBACKS(8)
JK_COST_CALLBACKS(16)
#undef JK_COST_CALLBACKS
extern "C" __attribute__((visibility("default"))) void __tsan_read_range(void* a, std::size_t n) {
  jk_emu::cost::access(reinterpret_cast<std::uintptr_t>(a), n, false,
                       reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)));
}
extern "C" __attribute__((visibility("default"))) void __tsan_write_range(void* a, std::size_t n) {
  jk_emu::cost::access(reinterpret_cast<std::uintptr_t>(a), n, true,
                       reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)));
}
extern "C" __attribute__((visibility("default"))) void __tsan_init() {}
extern "C" __attribute__((visibility("default"))) void __tsan_func_entry(void*) {}
extern "C" __attribute__((visibility("default"))) void __tsan_func_exit() {}

// The atomics the instrumentation hands over: done here, with the same builtins, uncounted (the header's
// AtomicScope has counted them). mo is a std::memory_order value; sequential consistency covers every order.
#define JK_TSAN_ATOMICS(bits, T)                                                                                   \
  extern "C" __attribute__((visibility("default"))) T __tsan_atomic##bits##_load(const volatile T* a, int) {     \
    return __atomic_load_n(a, __ATOMIC_SEQ_CST);                                                                  \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) void __tsan_atomic##bits##_store(volatile T* a, T v, int) {  \
    __atomic_store_n(a, v, __ATOMIC_SEQ_CST);                                                                     \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) T __tsan_atomic##bits##_exchange(volatile T* a, T v, int) {  \
    return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);                                                           \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) T __tsan_atomic##bits##_fetch_add(volatile T* a, T v, int) { \
    return __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST);                                                            \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) T __tsan_atomic##bits##_fetch_sub(volatile T* a, T v, int) { \
    return __atomic_fetch_sub(a, v, __ATOMIC_SEQ_CST);                                                            \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) T __tsan_atomic##bits##_fetch_and(volatile T* a, T v, int) { \
    return __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST);                                                            \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) T __tsan_atomic##bits##_fetch_or(volatile T* a, T v, int) {  \
    return __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST);                                                             \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) T __tsan_atomic##bits##_fetch_xor(volatile T* a, T v, int) { \
    return __atomic_fetch_xor(a, v, __ATOMIC_SEQ_CST);                                                            \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) int __tsan_atomic##bits##_compare_exchange_strong(           \
      volatile T* a, T* expected, T desired, int, int) {                                                          \
    return __atomic_compare_exchange_n(a, expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);          \
  }                                                                                                               \
  extern "C" __attribute__((visibility("default"))) int __tsan_atomic##bits##_compare_exchange_weak(             \
      volatile T* a, T* expected, T desired, int, int) {                                                          \
    return __atomic_compare_exchange_n(a, expected, desired, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);           \
  }
JK_TSAN_ATOMICS(8, std::uint8_t)
JK_TSAN_ATOMICS(16, std::uint16_t)
JK_TSAN_ATOMICS(32, std::uint32_t)
JK_TSAN_ATOMICS(64, std::uint64_t)
#undef JK_TSAN_ATOMICS
extern "C" __attribute__((visibility("default"))) void __tsan_atomic_thread_fence(int) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
extern "C" __attribute__((visibility("default"))) void __tsan_atomic_signal_fence(int) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

// ---- entry points for FFM (KernelCostMeter) ----------------------------------------------------------------------
extern "C" {
// EmulatedCudaDriver registers every device allocation (live = 1) and its release (live = 0).
__attribute__((visibility("default"))) void jk_emu_device_memory(std::uintptr_t address, std::size_t bytes, int live) {
  if (live != 0) {
    jk_emu::cost::device[address] = bytes;
  } else {
    jk_emu::cost::device.erase(address);
  }
}

__attribute__((visibility("default"))) void jk_cost_reset() {
  std::lock_guard<std::mutex> guard(jk_emu::cost::recordsLock);
  jk_emu::cost::records.clear();
  jk_emu::cost::countedAccesses = 0;
}

// Global and shared lane accesses counted since the last reset (what an instrumented run's time follows).
__attribute__((visibility("default"))) long jk_cost_accesses() {
  return static_cast<long>(jk_emu::cost::countedAccesses);
}

// The report of every launch since the last reset, one line each for launches, sites and races (key=value words;
// see KernelCostMeter). Writes at most cap bytes (NUL-terminated) and returns the length the whole report needs.
__attribute__((visibility("default"))) long jk_cost_report(char* buf, long cap) {
  using namespace jk_emu::cost;
  std::lock_guard<std::mutex> guard(recordsLock);
  std::vector<std::uintptr_t> unknown;
  for (const LaunchRecord& r : records) {
    for (const Site& s : r.sites) {
      if (!symbols.count(s.pc)) unknown.push_back(s.pc);
    }
  }
  std::sort(unknown.begin(), unknown.end());
  unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
  for (auto& [pc, name] : symbolise(unknown)) symbols[pc] = name;
  std::string out;
  char line[1024];
  for (const LaunchRecord& r : records) {
    std::snprintf(line, sizeof line,
                  "launch kernel=%s grid=%u,%u,%u block=%u,%u,%u shared=%u ok=%d dram_read_sectors=%lu "
                  "dram_write_sectors=%lu dram_read_bytes=%lu dram_write_bytes=%lu barriers=%lu barrier_calls=%lu "
                  "shuffles=%lu votes=%lu syncwarps=%lu atomics_global=%lu atomics_shared=%lu other=%lu\n",
                  r.kernel.c_str(), r.dims[0], r.dims[1], r.dims[2], r.dims[3], r.dims[4], r.dims[5], r.sharedBytes,
                  r.ok ? 1 : 0, r.dramReadSectors, r.dramWriteSectors, r.dramReadBytes, r.dramWriteBytes, r.barriers,
                  r.barrierCalls, r.shuffles, r.votes, r.syncwarps, r.atomicsGlobal, r.atomicsShared,
                  r.otherAccesses);
    out += line;
    for (const Site& s : r.sites) {
      std::snprintf(line, sizeof line,
                    "site kernel=%s at=%s space=%s op=%s size=%u requests=%lu lanes=%lu bytes=%lu unique=%lu "
                    "sectors=%lu wavefronts=%lu ideal=%lu max_ways=%u\n",
                    r.kernel.c_str(), symbols[s.pc].c_str(), spaceName(s.space), s.write ? "store" : "load", s.size,
                    s.requests, s.lanes, s.bytes, s.unique, s.sectors, s.wavefronts, s.ideal, s.maxWays);
      out += line;
    }
    for (const Race& x : r.races) {
      std::snprintf(line, sizeof line,
                    "race kernel=%s kind=%s space=%s first=%s second=%s count=%lu first_thread=%u second_thread=%u\n",
                    r.kernel.c_str(), x.kind, spaceName(x.space), symbols[x.firstPc].c_str(),
                    symbols[x.secondPc].c_str(), x.count, x.firstThread, x.secondThread);
      out += line;
    }
  }
  if (buf != nullptr && cap > 0) std::snprintf(buf, static_cast<std::size_t>(cap), "%s", out.c_str());
  return static_cast<long>(out.size()) + 1;
}
}
