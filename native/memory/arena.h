// A chunked bump allocator.
//
// Memory is handed out by moving a cursor through a list of chunks. When a
// request does not fit the current chunk, the next kept chunk that fits is
// used, and only when none fits is a new chunk reserved: twice the size of
// the last chunk made for small requests, or, for a large request (256 KiB or
// more) that is larger than that chunk, a chunk of exactly its size.
// reset() forgets every allocation but keeps the chunks, so a loop that
// repeats the same work after each reset reserves nothing new after its first
// pass. release() returns the chunks to the operating system. Nothing here is
// thread-safe: an arena has one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "memory/error.h"

namespace arenajson {

struct arena_options {
  size_t initial_size = 64 * 1024;  ///< size of the first chunk
  size_t max_size = 0;              ///< cap on bytes reserved; 0 means no cap
};

struct arena_stats {
  size_t bytes_reserved = 0;  ///< sum of the chunk sizes
  /// Bytes of the chunks that allocations ever reached: the memory the arena
  /// has written to. Past that mark a mapped chunk's pages were never touched
  /// (a tape reserved for its worst case and then shrunk reaches only as far
  /// as it was shrunk to).
  size_t bytes_touched = 0;
  size_t bytes_used = 0;  ///< bytes handed out since the last reset (incl. alignment)
  size_t peak_bytes = 0;  ///< the largest bytes_used ever seen
  size_t chunks = 0;
  uint64_t allocations = 0;  ///< allocations since the arena was made
  uint64_t resets = 0;
};

class arena {
 public:
  explicit arena(const arena_options& options) noexcept;
  ~arena();
  arena(const arena&) = delete;
  arena& operator=(const arena&) = delete;

  /// Returns `bytes` of memory aligned to `align` (a power of two, at most 64),
  /// or nullptr with *error set to arena_limit or out_of_memory.
  void* allocate(size_t bytes, size_t align, error_code* error) noexcept;

  /// Shrinks the most recent allocation `block` to `new_bytes` (<= its size),
  /// giving the tail back. Does nothing when `block` is not the latest.
  void shrink_last(void* block, size_t new_bytes) noexcept;

  /// A point in the allocation sequence to roll back to (see rollback()).
  struct mark {
    size_t current, cursor, used_before;
  };
  mark position() const noexcept { return mark{current_, cursor_, used_before_}; }

  /// Gives back everything allocated since `m` was taken (chunks are kept).
  void rollback(const mark& m) noexcept;

  /// Forgets every allocation; keeps the chunks for reuse.
  void reset() noexcept;

  /// Returns every chunk to the operating system.
  void release() noexcept;

  /// Moves every chunk of `from` to the end of this arena's list, unused
  /// (allocations here go on where they were); `from` is left with none.
  void adopt_chunks(arena& from) noexcept;

  const arena_stats& stats() const noexcept { return stats_; }
  size_t max_size() const noexcept { return options_.max_size; }

 private:
  struct chunk {
    uint8_t* data;
    size_t size;
    size_t touched;  // the furthest offset an allocation has kept
  };
  void reach(size_t end) noexcept;
  // Hands out [start, start + bytes) of the current chunk and counts it.
  uint8_t* take(size_t start, size_t bytes) noexcept;
  bool advance_to_fitting_chunk(size_t bytes, size_t align, error_code* error) noexcept;

  arena_options options_;
  std::vector<chunk> chunks_;
  size_t current_ = 0;      // index of the chunk the cursor is in
  size_t cursor_ = 0;       // offset of the next free byte in chunks_[current_]
  size_t used_before_ = 0;  // bytes_used of the chunks before current_
  size_t growth_ = 0;       // size of the last chunk made for small requests
  uint8_t* last_block_ = nullptr;
  size_t touched_before_last_ = 0;  // chunks_[current_].touched before last_block_
  arena_stats stats_;
};

}  // namespace arenajson
