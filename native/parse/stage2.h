// The fast tape builder: stage 2 over simdjson's structural index.
//
// build_tape() walks the structural index once and writes one node per value.
// It validates everything JSON.parse validates that stage 1 left open (the
// grammar, numbers, literals, string ends and escapes) but does not say where
// the text went wrong: on any error it stops and returns false. The library
// asks V8 for the message and position of a syntax error (lib/input.ts), so
// this is the only grammar in the engine.
#pragma once

#include <cstddef>
#include <cstdint>

#include "parse/document.h"
#include "parse/stage2_kernel.h"

namespace arenajson {

/// The container stack build_tape() uses, reused across parses, and the
/// instructions its block loops use.
struct tape_stack {
  uint64_t* frames = nullptr;
  size_t capacity = 0;
  stage2_kernel kernel = stage2_kernel::portable;

  tape_stack() = default;
  tape_stack(const tape_stack&) = delete;
  tape_stack& operator=(const tape_stack&) = delete;
  ~tape_stack();
  /// Makes room for at least `wanted` frames; false when out of memory.
  bool grow(size_t wanted) noexcept;
};

struct tape_outcome {
  uint32_t node_count = 0;
  uint32_t largest_array = 0;
  bool out_of_memory = false;  ///< the stack could not grow (the text may be valid)
};

/// Nodes build_tape() needs room for, given `count` structural indexes. A
/// valid text has at most (count + 1) / 2 values: each value has its own
/// structural, and every value but the root and each container's first is
/// preceded by a ',' or ':', while each container's closing bracket makes up
/// for its first value. The margin lets build_tape() take its fast loops over
/// arrays without a bound check per node (see number_array_fits()).
/// (A small text gets a margin of at most its own count, so that an arena
/// with a small maxSize still takes it.)
constexpr uint32_t tape_margin = 64;
inline uint64_t tape_capacity(uint32_t count) noexcept {
  return (uint64_t(count) + 1) / 2 + (count < tape_margin ? count : tape_margin);
}

/// Builds the tape of `text[0, length)` (padded with spaces) from its `count`
/// structural indexes into `nodes`, which has room for `capacity` nodes
/// (tape_capacity(count) suffices for every JSON text). `index[count]` must be
/// `length` (stage 1's sentinel). Returns false when the text is not JSON
/// (a text that would need more than `capacity` nodes is not) or the stack
/// could not grow (see tape_outcome::out_of_memory).
bool build_tape(const uint8_t* text, size_t length, const uint32_t* index, uint32_t count, node* nodes,
                uint64_t capacity, tape_stack& stack, tape_outcome* outcome) noexcept;

}  // namespace arenajson
