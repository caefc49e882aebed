// A bounded cache of compiled paths, so a path used in a hot loop is parsed
// once. Set-associative (4 ways, least recently used evicted); a hit costs a
// hash of the path and one comparison, and allocates nothing. Very long paths
// are compiled each time rather than cached.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "path/path_program.h"

namespace arenajson {

class path_cache {
 public:
  static constexpr size_t sets = 1024;
  static constexpr size_t ways = 4;
  static constexpr size_t longest_cached = 2048;  ///< bytes

  /// The program for `path`, compiled on a miss. Valid until the next lookup.
  const path_program& lookup(const char* path, size_t length);

 private:
  struct entry {
    uint64_t hash = 0;
    uint64_t last_used = 0;
    std::unique_ptr<path_program> program;
  };
  entry entries_[sets * ways];
  uint64_t clock_ = 0;
  path_program uncached_;
};

}  // namespace arenajson
