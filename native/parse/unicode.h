// Small Unicode helpers the engine shares: the digits of a `\uXXXX` escape
// and the UTF-8 form of a code point.
#pragma once

#include <cstddef>
#include <cstdint>

namespace arenajson {

/// The value of a hex digit the parser has already validated.
inline unsigned hex_digit_value(uint8_t c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

/// The code unit of the four validated hex digits at `p`.
inline unsigned read_hex4(const uint8_t* p) noexcept {
  return (hex_digit_value(p[0]) << 12) | (hex_digit_value(p[1]) << 8) | (hex_digit_value(p[2]) << 4) |
         hex_digit_value(p[3]);
}

/// Writes the UTF-8 form of `cp` (at most U+10FFFF; a surrogate gets its
/// three-byte WTF-8 form) to out[0, 4) and returns its length.
inline size_t encode_utf8(uint32_t cp, char* out) noexcept {
  if (cp < 0x80) {
    out[0] = char(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = char(0xC0 | (cp >> 6));
    out[1] = char(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = char(0xE0 | (cp >> 12));
    out[1] = char(0x80 | ((cp >> 6) & 0x3F));
    out[2] = char(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = char(0xF0 | (cp >> 18));
  out[1] = char(0x80 | ((cp >> 12) & 0x3F));
  out[2] = char(0x80 | ((cp >> 6) & 0x3F));
  out[3] = char(0x80 | (cp & 0x3F));
  return 4;
}

}  // namespace arenajson
