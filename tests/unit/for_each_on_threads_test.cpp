// ForEachOnThreads: every index once, each thread number in range, and an
// exception in one piece of work reaches the caller after all threads stop.

#include "parallel/for_each_on_threads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace gridlaw {
namespace {

TEST(ForEachOnThreads, VisitsEveryIndexOnce) {
  for (unsigned threads : {0U, 1U, 2U, 7U}) {
    for (size_t count : {size_t{0}, size_t{1}, size_t{3}, size_t{10000}}) {
      std::vector<std::atomic<int>> visits(count);
      std::atomic<bool> thread_in_range = true;
      ForEachOnThreads(count, threads, [&](size_t thread, size_t index) {
        if (thread >= std::max(1U, threads)) thread_in_range = false;
        ++visits[index];
      });
      for (size_t i = 0; i < count; ++i)
        ASSERT_EQ(visits[i].load(), 1) << "index " << i << " of " << count << ", " << threads;
      EXPECT_TRUE(thread_in_range.load());
    }
  }
}

TEST(ForEachOnThreads, AnExceptionReachesTheCaller) {
  std::atomic<size_t> done = 0;
  EXPECT_THROW(ForEachOnThreads(10000, 3,
                                [&](size_t, size_t index) {
                                  if (index == 17) throw std::runtime_error("piece 17");
                                  ++done;
                                }),
               std::runtime_error);
  EXPECT_LT(done.load(), 10000U);  // the others stopped early
}

}  // namespace
}  // namespace gridlaw
