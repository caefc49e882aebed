// The character classes of JSON text, each defined once: whitespace, digits,
// what may end a scalar, and runs of digits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif

namespace arenajson {

inline bool is_digit(uint8_t c) noexcept { return uint8_t(c - '0') < 10; }

/// The four whitespace characters of JSON (RFC 8259 `ws`).
inline bool is_json_whitespace(uint8_t c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/// What may directly follow a scalar: whitespace or a structural character.
/// Not a quote: simdjson's stage 1 folds a quote that directly follows a
/// scalar (`0"a"`) into that scalar, so the string after it never gets a
/// structural index and would otherwise be skipped unseen.
struct scalar_end_table {
  bool ends[256] = {};
  constexpr scalar_end_table() {
    for (uint8_t c : {' ', '\n', '\r', '\t', ',', ':', ']', '}', '[', '{'}) ends[c] = true;
  }
};
inline constexpr scalar_end_table scalar_end{};

// Length of the run of ASCII digits at `p`. Reads up to 15 bytes past the
// run, which the text's padding allows.
inline size_t digit_run(const uint8_t* p) noexcept {
  size_t n = 0;
#if defined(__SSE2__) || defined(_M_X64)
  const __m128i below = _mm_set1_epi8('0');
  const __m128i above = _mm_set1_epi8('9');
  for (;;) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n));
    // Signed compares: bytes >= 0x80 count as below '0'.
    __m128i other = _mm_or_si128(_mm_cmplt_epi8(x, below), _mm_cmpgt_epi8(x, above));
    unsigned mask = unsigned(_mm_movemask_epi8(other));
    if (mask != 0) return n + unsigned(__builtin_ctz(mask));
    n += 16;
  }
#else
  for (;;) {
    uint64_t x;
    std::memcpy(&x, p + n, 8);
    // A byte gets its high bit set when it is below '0' (the subtraction
    // borrows) or above '9' (the addition reaches 0x80); digits set neither and
    // never carry, so the lowest flagged byte is the first non-digit.
    uint64_t flagged = ((x + 0x4646464646464646ULL) | (x - 0x3030303030303030ULL)) & 0x8080808080808080ULL;
    if (flagged != 0) return n + (size_t(__builtin_ctzll(flagged)) >> 3);
    n += 8;
  }
#endif
}

}  // namespace arenajson
