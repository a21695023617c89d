// Hooks between the emulation runtime (cuda_emulation.cpp, built with -DJK_EMU_COST) and the cost model
// (cost_model.cpp) of the instrumented emulation library libjkernels_emu_cost.so. The plain library has neither.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jk_emu::cost {
// The runtime's view of one launch, handed to the cost model.
void launchBegin(const char* kernel, const unsigned* dims, unsigned sharedBytes, const void* dynamicShared,
                 std::size_t dynamicBytes, unsigned threads);
void launchEnd(bool ok);
void blockBegin();
void blockEnd();
void barrierReleased();         // every thread of the block passed a __syncthreads
void warpReleased(unsigned w);  // the lanes of warp w passed a warp collective together
// Fibre stacks are local memory: [top - bytes, top).
void stackRange(char* top, std::size_t bytes);
}  // namespace jk_emu::cost
