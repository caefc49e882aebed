// Spare arena memory.
//
// A new arena's first parse writes to pages the process has never touched,
// and on a first touch the kernel maps and zeroes each page: for a document
// of a few megabytes that costs more than the parse. The pool keeps the
// chunks of released arenas (up to a count and a byte budget) and hands
// them to the next arena that asks, so its parse writes to warm memory.
// Only chunks move; nothing of the released arena's documents survives.
// Used by one thread (its owner environment); nothing here is locked.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "memory/arena.h"

namespace arenajson {

class arena_pool {
 public:
  /// Keeps at most `most_arenas` arenas' chunks, `most_bytes` in all, and
  /// only arenas of at least `least_bytes` (smaller ones come from malloc,
  /// which recycles freed blocks itself; chunks from 64 KiB up are mapped
  /// from the system, see arena.cc, and would be mapped afresh).
  arena_pool(size_t most_arenas, size_t most_bytes, size_t least_bytes) noexcept
      : most_arenas_(most_arenas), most_bytes_(most_bytes), least_bytes_(least_bytes) {}
  arena_pool(const arena_pool&) = delete;
  arena_pool& operator=(const arena_pool&) = delete;

  /// Takes `from`'s chunks when the pool has room for them; returns whether
  /// it did. When it did not, `from` keeps its chunks.
  bool keep(arena& from) noexcept;

  /// Gives `into` kept chunks for a need of `bytes`: the most recently kept
  /// set at least that large and at most four times as large, else the
  /// smallest set at least that large, else the largest; false when the pool
  /// is empty or `bytes` is too small to be worth a spare.
  bool take(arena& into, size_t bytes) noexcept;

  /// Returns every kept chunk to the operating system.
  void clear() noexcept;

  size_t bytes() const noexcept { return bytes_; }
  size_t count() const noexcept { return spares_.size(); }

 private:
  size_t most_arenas_;
  size_t most_bytes_;
  size_t least_bytes_;
  size_t bytes_ = 0;
  std::vector<std::unique_ptr<arena>> spares_;
};

}  // namespace arenajson
