#include "path/path_cache.h"

#include <cstring>

namespace arenajson {

namespace {

uint64_t hash_path(const char* path, size_t length) noexcept {
  uint64_t h = 0xcbf29ce484222325ull ^ length;
  for (size_t i = 0; i < length; i++) {
    h ^= static_cast<uint8_t>(path[i]);
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace

const path_program& path_cache::lookup(const char* path, size_t length) {
  if (length > longest_cached) {
    compile_path(path, length, uncached_);
    return uncached_;
  }
  uint64_t h = hash_path(path, length);
  entry* set = entries_ + (h % sets) * ways;
  entry* victim = set;
  clock_++;
  for (size_t w = 0; w < ways; w++) {
    entry& e = set[w];
    if (e.program && e.hash == h && e.program->path.size() == length &&
        std::memcmp(e.program->path.data(), path, length) == 0) {
      e.last_used = clock_;
      return *e.program;
    }
    if (!e.program || (victim->program && e.last_used < victim->last_used)) victim = &e;
  }
  if (!victim->program) victim->program = std::make_unique<path_program>();
  compile_path(path, length, *victim->program);
  victim->hash = h;
  victim->last_used = clock_;
  return *victim->program;
}

}  // namespace arenajson
