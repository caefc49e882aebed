#include "memory/arena_pool.h"

#include <new>

namespace arenajson {

bool arena_pool::keep(arena& from) noexcept {
  size_t size = from.stats().bytes_reserved;
  if (size < least_bytes_ || size == 0 || spares_.size() >= most_arenas_ || size > most_bytes_ - bytes_) return false;
  std::unique_ptr<arena> holder(new (std::nothrow) arena(arena_options{}));
  if (holder == nullptr) return false;
  holder->adopt_chunks(from);
  spares_.push_back(std::move(holder));
  bytes_ += size;
  return true;
}

bool arena_pool::take(arena& into, size_t bytes) noexcept {
  if (spares_.empty() || bytes < least_bytes_ / 2) return false;
  // Searched from the most recently kept, the warmest in the caches: of sets
  // of the same size, the latest wins, and a set that fits within a few
  // times the need (an arena holds the text and a tape) ends the search, so
  // that a pool of many small sets is not scanned whole.
  size_t best = spares_.size();
  size_t best_size = 0;
  for (size_t i = spares_.size(); i-- > 0;) {
    size_t size = spares_[i]->stats().bytes_reserved;
    bool fits = size >= bytes;
    bool best_fits = best_size >= bytes;
    if (best == spares_.size() || (fits ? (!best_fits || size < best_size) : (!best_fits && size > best_size))) {
      best = i;
      best_size = size;
    }
    if (fits && size / 4 <= bytes) break;
  }
  bytes_ -= spares_[best]->stats().bytes_reserved;
  into.adopt_chunks(*spares_[best]);
  spares_.erase(spares_.begin() + ptrdiff_t(best));
  return true;
}

void arena_pool::clear() noexcept {
  spares_.clear();
  bytes_ = 0;
}

}  // namespace arenajson
