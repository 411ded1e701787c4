#include "parallel/for_each_on_threads.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace gridlaw {

unsigned ThreadsOrHardware(unsigned threads) {
  return threads != 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
}

void ForEachOnThreads(size_t count, unsigned threads,
                      const std::function<void(size_t thread, size_t index)>& work) {
  std::atomic<size_t> next = 0;
  std::vector<std::exception_ptr> failures(std::max(1U, threads));
  auto run = [&](size_t thread) {
    try {
      for (size_t i; (i = next.fetch_add(1)) < count;)
        work(thread, i);
    } catch (...) {
      failures[thread] = std::current_exception();
      next.store(count);  // the others stop after their current index
    }
  };
  std::vector<std::thread> workers;
  const size_t wanted = std::min<size_t>(failures.size(), count);
  for (size_t t = 1; t < wanted; ++t)
    workers.emplace_back(run, t);
  run(0);
  for (std::thread& worker : workers)
    worker.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace gridlaw
