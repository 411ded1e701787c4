#pragma once
// Independent pieces of work spread over threads: each thread takes the
// next index until none is left. What each piece computes goes to its own
// slot (by index), so results never depend on which thread ran what.

#include <cstddef>
#include <functional>

namespace gridlaw {

// A thread-count setting: `threads`, or every hardware thread for 0.
unsigned ThreadsOrHardware(unsigned threads);

// Calls `work(thread, index)` once for every index in [0, count), on
// `threads` threads (0 counts as 1; the caller's own thread is one of them,
// and no more threads start than there are indexes). `thread` is in
// [0, threads): per-thread scratch can be indexed by it. An exception thrown
// by `work` stops the other threads after their current index and is thrown
// here once all have stopped.
void ForEachOnThreads(size_t count, unsigned threads,
                      const std::function<void(size_t thread, size_t index)>& work);

}  // namespace gridlaw
