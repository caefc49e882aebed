// The oracle's interface (stage2-oracle.cc): stage 2 as it stood before its
// rewrite, under its own names.
#pragma once

#include <cstdint>
#include <cstdlib>

#include "parse/document.h"

namespace arenajson {
namespace stage2_oracle {

struct tape_stack {
  uint64_t* frames = nullptr;
  size_t capacity = 0;
  tape_stack() = default;
  tape_stack(const tape_stack&) = delete;
  tape_stack& operator=(const tape_stack&) = delete;
  ~tape_stack() { std::free(frames); }
  bool grow(size_t wanted) noexcept;
};

struct tape_outcome {
  uint32_t node_count = 0;
  uint32_t largest_array = 0;
  bool out_of_memory = false;
};

/// stage2.h's build_tape() as it was: room for `count` nodes.
bool build_tape(const uint8_t* text, size_t length, const uint32_t* index, uint32_t count, node* nodes,
                tape_stack& stack, tape_outcome* outcome) noexcept;

}  // namespace stage2_oracle
}  // namespace arenajson
