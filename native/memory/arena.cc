#include "memory/arena.h"

#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENAJSON_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ARENAJSON_ASAN 1
#endif

#if (defined(__unix__) || defined(__APPLE__)) && !defined(ARENAJSON_ASAN)
#define ARENAJSON_MMAP_CHUNKS 1
#include <sys/mman.h>
#endif

namespace arenajson {

namespace {

// A request at least this large that does not fit the chunk the arena would
// grow by gets a chunk of its own size (see advance_to_fitting_chunk).
constexpr size_t own_chunk_minimum = 256 * 1024;

constexpr size_t chunk_alignment = 64;

size_t align_up(size_t value, size_t align) noexcept { return (value + align - 1) & ~(align - 1); }

// Chunks from the default first chunk's size (64 KiB) up are mapped straight
// from the operating system, so that a freed arena's memory leaves the
// process at once. (malloc keeps freed blocks of this size for reuse, and
// after many short-lived arenas the process holds the high-water mark of all
// of them. Worse, arenas left to their finalizers die in batches, one per
// garbage collection, and malloc's heap fragments between their chunks and
// the small blocks allocated meanwhile: 200,000 arenas per round grew RSS by
// about 40 MB a round, where the same arenas freed one by one stayed flat.)
// Sanitizer builds use malloc, which AddressSanitizer can watch.
#ifdef ARENAJSON_MMAP_CHUNKS
constexpr size_t mapped_chunk_size = 64 * 1024;
#endif

void* allocate_chunk(size_t size) noexcept {
#ifdef ARENAJSON_MMAP_CHUNKS
  if (size >= mapped_chunk_size) {
    void* data = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return data == MAP_FAILED ? nullptr : data;  // page-aligned, so 64-byte aligned
  }
#endif
  return std::aligned_alloc(chunk_alignment, size);
}

void free_chunk(void* data, size_t size) noexcept {
#ifdef ARENAJSON_MMAP_CHUNKS
  if (size >= mapped_chunk_size) {
    munmap(data, size);
    return;
  }
#endif
  (void)size;
  std::free(data);
}
}  // namespace

arena::arena(const arena_options& options) noexcept : options_(options) {
  if (options_.initial_size < 4096) options_.initial_size = 4096;
}

arena::~arena() { release(); }

void* arena::allocate(size_t bytes, size_t align, error_code* error) noexcept {
  if (align == 0) align = 1;
  if (!chunks_.empty()) {
    size_t start = align_up(cursor_, align);
    if (start >= cursor_ && start + bytes >= start && start + bytes <= chunks_[current_].size) {
      return take(start, bytes);
    }
  }
  if (!advance_to_fitting_chunk(bytes, align, error)) return nullptr;
  // A fresh chunk start is 64-byte aligned, so any align <= 64 is met at 0.
  return take(0, bytes);
}

uint8_t* arena::take(size_t start, size_t bytes) noexcept {
  uint8_t* block = chunks_[current_].data + start;
  cursor_ = start + bytes;
  stats_.bytes_used = used_before_ + cursor_;
  if (stats_.bytes_used > stats_.peak_bytes) stats_.peak_bytes = stats_.bytes_used;
  stats_.allocations++;
  last_block_ = block;
  touched_before_last_ = chunks_[current_].touched;
  reach(cursor_);
  return block;
}

void arena::reach(size_t end) noexcept {
  chunk& c = chunks_[current_];
  if (end > c.touched) {
    stats_.bytes_touched += end - c.touched;
    c.touched = end;
  }
}

bool arena::advance_to_fitting_chunk(size_t bytes, size_t align, error_code* error) noexcept {
  (void)align;
  // Reuse a kept chunk after the current one when one is large enough.
  size_t next = chunks_.empty() ? 0 : current_ + 1;
  size_t used = chunks_.empty() ? 0 : used_before_ + cursor_;
  for (; next < chunks_.size(); ++next) {
    if (chunks_[next].size >= bytes) {
      current_ = next;
      used_before_ = used;
      return true;
    }
  }
  // Reserve a new chunk: twice the last chunk made for small requests, or,
  // for a large request larger than that last one (a document's text, its
  // tape), a chunk of its own size. Doubling past such a request, or
  // doubling from such a chunk, would reserve up to twice what is needed.
  const size_t base = growth_ == 0 ? options_.initial_size : growth_;
  const bool own_chunk = bytes > base && bytes >= own_chunk_minimum;
  size_t size = own_chunk ? bytes : growth_ == 0 ? base : base * 2;
  if (size < bytes) size = bytes;
  size = align_up(size, 4096);
  if (bytes > SIZE_MAX / 2) {
    *error = error_code::out_of_memory;
    return false;
  }
  if (options_.max_size != 0) {
    size_t room = options_.max_size > stats_.bytes_reserved ? options_.max_size - stats_.bytes_reserved : 0;
    room &= ~(chunk_alignment - 1);  // chunks are whole multiples of the alignment
    if (bytes > room) {
      *error = error_code::arena_limit;
      return false;
    }
    if (size > room) size = room;
  }
  size = align_up(size, chunk_alignment);
  void* data = allocate_chunk(size);
  if (data == nullptr) {
    *error = error_code::out_of_memory;
    return false;
  }
  chunks_.push_back(chunk{static_cast<uint8_t*>(data), size, 0});
  if (!own_chunk) growth_ = size;
  current_ = chunks_.size() - 1;
  used_before_ = used;
  stats_.bytes_reserved += size;
  stats_.chunks = chunks_.size();
  return true;
}

void arena::shrink_last(void* block, size_t new_bytes) noexcept {
  if (block == nullptr || block != last_block_ || chunks_.empty()) return;
  size_t start = static_cast<size_t>(static_cast<uint8_t*>(block) - chunks_[current_].data);
  if (start + new_bytes > cursor_) return;
  cursor_ = start + new_bytes;
  stats_.bytes_used = used_before_ + cursor_;
  // The given-back tail was never written when this allocation is what
  // reached it: the chunk's mark goes back to where the block now ends.
  chunk& c = chunks_[current_];
  size_t kept = cursor_ > touched_before_last_ ? cursor_ : touched_before_last_;
  if (kept < c.touched) {
    stats_.bytes_touched -= c.touched - kept;
    c.touched = kept;
  }
}

void arena::rollback(const mark& m) noexcept {
  if (m.current > current_ || (m.current == current_ && m.cursor > cursor_)) return;
  current_ = m.current;
  cursor_ = m.cursor;
  used_before_ = m.used_before;
  last_block_ = nullptr;
  stats_.bytes_used = chunks_.empty() ? 0 : used_before_ + cursor_;
}

void arena::reset() noexcept {
  current_ = 0;
  cursor_ = 0;
  used_before_ = 0;
  last_block_ = nullptr;
  stats_.bytes_used = 0;
  stats_.resets++;
}

void arena::release() noexcept {
  for (chunk& c : chunks_) free_chunk(c.data, c.size);
  chunks_.clear();
  chunks_.shrink_to_fit();
  current_ = 0;
  cursor_ = 0;
  used_before_ = 0;
  last_block_ = nullptr;
  growth_ = 0;
  stats_.bytes_reserved = 0;
  stats_.bytes_touched = 0;
  stats_.bytes_used = 0;
  stats_.chunks = 0;
}

void arena::adopt_chunks(arena& from) noexcept {
  if (&from == this || from.chunks_.empty()) return;
  bool was_empty = chunks_.empty();
  chunks_.insert(chunks_.end(), from.chunks_.begin(), from.chunks_.end());
  stats_.bytes_reserved += from.stats_.bytes_reserved;
  stats_.bytes_touched += from.stats_.bytes_touched;
  stats_.chunks = chunks_.size();
  if (from.growth_ > growth_) growth_ = from.growth_;
  from.growth_ = 0;
  if (was_empty) {
    current_ = 0;
    cursor_ = 0;
    used_before_ = 0;
  }
  from.chunks_.clear();
  from.current_ = 0;
  from.cursor_ = 0;
  from.used_before_ = 0;
  from.last_block_ = nullptr;
  from.stats_.bytes_reserved = 0;
  from.stats_.bytes_touched = 0;
  from.stats_.bytes_used = 0;
  from.stats_.chunks = 0;
}

}  // namespace arenajson
