// The engine's size limits, each defined once.
#pragma once

#include <cstddef>
#include <cstdint>

namespace arenajson {

/// Bytes of spaces after every parsed text (simdjson's padding; document.cc
/// checks that they agree).
constexpr size_t text_padding = 64;

/// Node offsets are 32-bit: a text and its padding stay below 4 GiB.
/// `added` counts bytes a reader puts around the text (JSON Lines: two).
inline bool text_too_large(size_t length, size_t added = 0) noexcept {
  return length + added >= size_t(0xFFFFFFFFu) - text_padding;
}

/// Scratch memory (one-shot arenas, text and string buffers, stage 1's
/// index) beyond this size is given back after the call that needed it, so
/// that one large input does not keep its memory for the thread's lifetime.
constexpr size_t scratch_retain_limit = size_t(64) << 20;

/// 2^53: every integer below it is an exact double (handles, tickets, ids).
constexpr double exact_integer_limit = 9007199254740992.0;

}  // namespace arenajson
