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

namespace arenajson {

/// The container stack build_tape() uses; reused across parses.
struct tape_stack {
  uint64_t* frames = nullptr;
  size_t capacity = 0;

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

/// Builds the tape of `text[0, length)` (padded with spaces) from its `count`
/// structural indexes into `nodes` (room for `count` nodes). `index[count]`
/// must be `length` (stage 1's sentinel). Returns false when the text is not
/// JSON or the stack could not grow (see tape_outcome::out_of_memory).
bool build_tape(const uint8_t* text, size_t length, const uint32_t* index, uint32_t count, node* nodes,
                tape_stack& stack, tape_outcome* outcome) noexcept;

}  // namespace arenajson
