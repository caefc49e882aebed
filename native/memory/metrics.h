// Process-wide counters behind metrics() and metrics.prometheus().
//
// Plain atomic counters updated with relaxed ordering: an increment costs
// about as much as a plain add on the owner thread and never waits. The
// counters are the only process-global mutable state of the engine besides the
// hand-over table (ownership.h). Readers see each counter's latest value;
// a snapshot is not a consistent cut across counters.
#pragma once

#include <atomic>
#include <cstdint>

namespace arenajson {

struct process_counters {
  std::atomic<uint64_t> arenas_created{0};
  std::atomic<uint64_t> arenas_freed{0};   ///< released by free(), a finalizer or thread exit
  std::atomic<int64_t> bytes_reserved{0};  ///< chunk bytes held by live arenas
  std::atomic<int64_t> bytes_used{0};      ///< bytes handed out by live arenas (as of their last operation)
  std::atomic<uint64_t> documents_parsed{0};
  std::atomic<uint64_t> bytes_parsed{0};
  std::atomic<uint64_t> parse_errors{0};  ///< inputs rejected as not JSON
  std::atomic<uint64_t> resets{0};
  std::atomic<uint64_t> transfers{0};  ///< arenas handed over to another thread
};

/// The counters of this process.
process_counters& counters() noexcept;

inline void count(std::atomic<uint64_t>& counter, uint64_t amount = 1) noexcept {
  counter.fetch_add(amount, std::memory_order_relaxed);
}

inline void count(std::atomic<int64_t>& counter, int64_t amount) noexcept {
  counter.fetch_add(amount, std::memory_order_relaxed);
}

}  // namespace arenajson
