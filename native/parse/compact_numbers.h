// Arrays of numbers written without whitespace (`[1,-2.5,30]`), read 64
// bytes at a time.
//
// Stage 2 otherwise checks each number on its own (stage2.cc, number_node()).
// In a compact array every byte up to the closing bracket is a digit, `-`,
// `.` or `,`, and the grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?` of the numbers
// between the commas comes down to four rules on bit masks of those classes,
// each checked for a whole block at once:
//
//   1. a `-` only where a number starts (the first byte, or after a `,`);
//   2. a `.`, a `,` and the closing `]` only right after a digit;
//   3. no digit after a `0` that starts an integer part;
//   4. at most one `.` per number.
//
// (A `-` or `.` followed by anything but a digit breaks rule 1 or 2, so a
// number never ends on one.) Rule 4 is the only one that spans a number: with
// `room` the bits that are not number ends, adding the dot bits to it carries
// each number's first dot up to its end, where it lands as a 1 (the number is
// a decimal); a second dot in the same number is left set in the sum, since
// the first one's carry has already cleared the bits it passes. A carry out of
// bit 63 is a dot in the number still open at the block's end. The same sum
// over the `-` bits marks the ends of negative numbers.
//
// Anything else (whitespace, exponents, nested values, a rule broken) and the
// reader declines, having decided nothing: the caller reads the same array
// number by number, which tells a text that is not JSON from one that is only
// not compact. A run it takes yields exactly the nodes of that path
// (test/stage2.differential.test.mjs compares them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "parse/document.h"
#include "parse/stage2_kernel.h"

namespace arenajson {
namespace compact_numbers {

#ifdef ARENAJSON_SSE2

/// Bit i of each mask: byte i of the 64 at `p` is of that class.
struct classes {
  uint64_t digit = 0;
  uint64_t comma = 0;
  uint64_t dot = 0;
  uint64_t minus = 0;
  uint64_t zero = 0;
};

// The masks of one 16-byte part, at bit `shift`.
#define ARENAJSON_CLASSIFY_PART(shift)                                                       \
  do {                                                                                       \
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + (shift)));        \
    const __m128i other = _mm_or_si128(_mm_cmplt_epi8(x, below), _mm_cmpgt_epi8(x, above));  \
    out.digit |= uint64_t(uint16_t(~_mm_movemask_epi8(other))) << (shift);                   \
    out.comma |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, comma)))) << (shift); \
    out.dot |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, dot)))) << (shift);     \
    out.minus |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, minus)))) << (shift); \
    out.zero |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, below)))) << (shift);  \
  } while (0)

__attribute__((always_inline)) inline classes classify(const uint8_t* p) noexcept {
  // Signed compares: bytes >= 0x80 count as below '0'.
  const __m128i below = _mm_set1_epi8('0');
  const __m128i above = _mm_set1_epi8('9');
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i dot = _mm_set1_epi8('.');
  const __m128i minus = _mm_set1_epi8('-');
  classes out;
  ARENAJSON_CLASSIFY_PART(0);
  ARENAJSON_CLASSIFY_PART(16);
  ARENAJSON_CLASSIFY_PART(32);
  ARENAJSON_CLASSIFY_PART(48);
  return out;
}
#undef ARENAJSON_CLASSIFY_PART

#ifdef ARENAJSON_WIDE_KERNELS
// classify() in two 32-byte registers.
ARENAJSON_AVX2_TARGET inline classes classify_avx2(const uint8_t* p) noexcept {
  // Signed compares: bytes >= 0x80 count as below '0'.
  const __m256i below = _mm256_set1_epi8('0' - 1);
  const __m256i above = _mm256_set1_epi8('9' + 1);
  classes out;
  for (int half = 0; half < 2; half++) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    const __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(x, below), _mm256_cmpgt_epi8(above, x));
    const int shift = 32 * half;
    out.digit |= uint64_t(uint32_t(_mm256_movemask_epi8(digit))) << shift;
    out.comma |= uint64_t(uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(','))))) << shift;
    out.dot |= uint64_t(uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('.'))))) << shift;
    out.minus |= uint64_t(uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('-'))))) << shift;
    out.zero |= uint64_t(uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('0'))))) << shift;
  }
  return out;
}

// classify() in one 64-byte register.
ARENAJSON_AVX512_TARGET inline classes classify_avx512(const uint8_t* p) noexcept {
  const __m512i x = _mm512_loadu_si512(p);
  classes out;
  out.digit = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
  out.comma = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(','));
  out.dot = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('.'));
  out.minus = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('-'));
  out.zero = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('0'));
  return out;
}
#endif

// A number node's last four bytes: its type and `flags`.
constexpr uint32_t number_kind(uint32_t flags) noexcept { return uint32_t(node_type::number) | flags << 16; }

// Writes a number node in three stores (the struct's six fields would take
// six); `kind` is number_kind(flags).
inline void write_number(node* at, uint32_t begin, uint32_t end, uint32_t next, uint32_t kind) noexcept {
  static_assert(sizeof(node) == 20 && offsetof(node, type) == 16 && offsetof(node, flags) == 18, "node layout");
  const uint64_t span = uint64_t(begin) | uint64_t(end) << 32;
  const uint64_t links = uint64_t(next);  // count 0
  char* bytes = reinterpret_cast<char*>(at);
  std::memcpy(bytes, &span, 8);
  std::memcpy(bytes + 8, &links, 8);
  std::memcpy(bytes + 16, &kind, 4);
}

/// The number rules over consecutive blocks: what the bytes before a block
/// tell about its first byte.
class number_rules {
 public:
  /// The numbers of one block. `starts`: where numbers start; `ends`: the byte
  /// after each number's last (a `,` or the closing `]`). The class masks are
  /// those of the bytes inside the array.
  struct result {
    uint64_t broken;         ///< a rule is broken where a bit is set
    uint64_t decimal;        ///< ends of numbers with a dot
    uint64_t negative;       ///< ends of numbers with a sign
    uint64_t negative_zero;  ///< ends of "-0"
    bool plain;              ///< every integer ending here is plain: no "-0", none of 16 digits or more
  };

  result check(const classes& c, uint64_t starts, uint64_t ends) noexcept {
    const uint64_t after_digit = c.digit << 1 | before_digit_;
    const uint64_t after_minus = c.minus << 1 | before_minus_;
    uint64_t broken = c.minus & ~starts;
    broken |= (c.dot | ends) & ~after_digit;
    const uint64_t zero_start = c.zero & ((starts & ~c.minus) | after_minus);
    broken |= (zero_start << 1 | before_zero_start_) & c.digit;
    // Two adds in sequence (the second reads what the first wrote); either may carry out.
    uint64_t dots;
    bool dot_carry = __builtin_add_overflow(~ends, c.dot, &dots);
    dot_carry |= __builtin_add_overflow(dots, open_dot_, &dots);
    broken |= dots & c.dot;
    uint64_t signs;
    bool sign_carry = __builtin_add_overflow(~ends, c.minus, &signs);
    sign_carry |= __builtin_add_overflow(signs, open_sign_, &signs);
    const uint64_t signed_zero = c.zero & after_minus;
    const uint64_t decimal = dots & ends;
    const uint64_t negative_zero = (signed_zero << 1 | before_signed_zero_) & ends & ~decimal;
    // A run of 16 digits within the block (one starts where a bit of `run`
    // is set), or across its start.
    uint64_t run = c.digit & (c.digit >> 1);
    run &= run >> 2;
    run &= run >> 4;
    run &= run >> 8;
    const uint64_t leading = ~c.digit == 0 ? 64 : uint64_t(__builtin_ctzll(~c.digit));
    const result out{broken, decimal, signs & ends, negative_zero,
                     negative_zero == 0 && run == 0 && trailing_digits_ + leading < 16};
    trailing_digits_ = ~c.digit == 0 ? 64 : uint64_t(__builtin_clzll(~c.digit));
    before_digit_ = c.digit >> 63;
    before_minus_ = c.minus >> 63;
    before_zero_start_ = zero_start >> 63;
    before_signed_zero_ = signed_zero >> 63;
    open_dot_ = dot_carry;
    open_sign_ = sign_carry;
    return out;
  }

 private:
  uint64_t before_digit_ = 0, before_minus_ = 0, before_zero_start_ = 0, before_signed_zero_ = 0;
  uint64_t open_dot_ = 0;         // the number open at the block's end has a dot
  uint64_t open_sign_ = 0;        // ... a sign
  uint64_t trailing_digits_ = 0;  // digits that end the block before (64 when it is all digits)
};

/// The flags of the number node that ends at bit `at` and starts `length`
/// bytes before.
inline uint32_t number_flags(const number_rules::result& r, unsigned at, uint32_t length) noexcept {
  const uint32_t digits = length - uint32_t((r.negative >> at) & 1);
  const uint32_t integer = uint32_t(~r.decimal >> at) & 1;
  return (integer & uint32_t(digits <= 15)) * flag_plain_integer |
         uint32_t((r.negative_zero >> at) & 1) * flag_negative_zero;
}

// Whether the array of numbers starting at `idx` has at least four elements
// (stage 1 indexed each number and the `,` or `]` after it): shorter ones
// are read faster number by number.
inline bool long_enough(const uint8_t* text, const uint32_t* idx, const uint32_t* last) noexcept {
  return last - idx > 6 && text[idx[1]] == ',' && text[idx[3]] == ',' && text[idx[5]] == ',';
}

/// Reads the array whose node is nodes[array] (written, still open) when its
/// elements, from the number at `*idx`, are numbers written without
/// whitespace up to its `]` (worth trying on long arrays: long_enough()). On success
/// writes one node per number from `tape` on, completes the array node,
/// moves `idx` past the `]` and `tape` past the last number, and returns the
/// element count. Returns 0 (idx and tape untouched; nodes past `tape` may
/// have been written) when it declines. `last` is stage 1's sentinel entry
/// and `capacity` the tape's size.
template <classes (*classify_block)(const uint8_t*) noexcept>
__attribute__((always_inline)) inline uint32_t read_with(const uint8_t* text, node* nodes, uint32_t array,
                                                         const uint32_t*& idx, const uint32_t* last, uint64_t capacity,
                                                         uint32_t& tape) noexcept {
  uint32_t t = tape;
  uint32_t begin = *idx;  // the number being read
  number_rules rules;
  uint64_t before_comma = 1;  // the array's first number starts the first block
  for (uint32_t base = begin;; base += 64) {
    // The index entries this block's numbers skip are read once, at the end,
    // to check them: fetch them ahead as a walk over them would.
    __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<uintptr_t>(idx) + 8 * size_t(t - tape) + 256));
    classes c = classify_block(text + base);
    const uint64_t stop = ~(c.digit | c.comma | c.dot | c.minus);
    const uint64_t stop_bit = stop & (0 - stop);  // 0 when the whole block is numbers
    const uint64_t inside = stop_bit - 1;         // the bytes before it
    c.digit &= inside;
    c.comma &= inside;
    c.dot &= inside;
    c.minus &= inside;
    c.zero &= inside;
    const uint64_t ends = c.comma | stop_bit;
    const number_rules::result r = rules.check(c, c.comma << 1 | before_comma, ends);
    if (r.broken != 0) return 0;
    if (stop_bit != 0 && text[base + __builtin_ctzll(stop_bit)] != ']') return 0;
    // At most 32 numbers end in a block (each after a digit).
    if (uint64_t(t) + 32 > capacity && uint64_t(t) + uint64_t(__builtin_popcountll(ends)) > capacity) return 0;
    if (r.plain) {
      // Every integer is plain: the flags come from the dots alone.
      static_assert(flag_plain_integer == 2, "flag_plain_integer is bit 17 of number_kind()");
      const uint64_t integers = ~r.decimal;
      for (uint64_t bits = ends; bits != 0; bits &= bits - 1) {
        const unsigned at = unsigned(__builtin_ctzll(bits));
        const uint32_t end = base + at;
        write_number(nodes + t, begin, end, t + 1, number_kind(0) | uint32_t((integers >> at) & 1) << 17);
        t++;
        begin = end + 1;
      }
    } else {
      for (uint64_t bits = ends; bits != 0; bits &= bits - 1) {
        const unsigned at = unsigned(__builtin_ctzll(bits));
        const uint32_t end = base + at;
        write_number(nodes + t, begin, end, t + 1, number_kind(number_flags(r, at, end - begin)));
        t++;
        begin = end + 1;
      }
    }
    if (stop_bit != 0) break;
    before_comma = c.comma >> 63;
  }
  // Stage 1 indexed each number and the `,` or `]` after it.
  const uint32_t elements = t - tape;
  const uint32_t close = begin - 1;
  if (uint64_t(last - idx) < 2 * uint64_t(elements) - 1 || idx[2 * size_t(elements) - 1] != close) return 0;
  idx += 2 * size_t(elements);
  node& n = nodes[array];
  n.flags = flag_uniform;
  n.end = close + 1;
  n.next = t;
  n.count = elements;
  tape = t;
  return elements;
}

__attribute__((noinline)) inline uint32_t read_sse2(const uint8_t* text, node* nodes, uint32_t array,
                                                    const uint32_t*& idx, const uint32_t* last, uint64_t capacity,
                                                    uint32_t& tape) noexcept {
  return read_with<classify>(text, nodes, array, idx, last, capacity, tape);
}

#ifdef ARENAJSON_WIDE_KERNELS
__attribute__((noinline)) ARENAJSON_AVX512_TARGET inline uint32_t read_avx512(const uint8_t* text, node* nodes,
                                                                              uint32_t array, const uint32_t*& idx,
                                                                              const uint32_t* last, uint64_t capacity,
                                                                              uint32_t& tape) noexcept {
  return read_with<classify_avx512>(text, nodes, array, idx, last, capacity, tape);
}

__attribute__((noinline)) ARENAJSON_AVX2_TARGET inline uint32_t read_avx2(const uint8_t* text, node* nodes,
                                                                          uint32_t array, const uint32_t*& idx,
                                                                          const uint32_t* last, uint64_t capacity,
                                                                          uint32_t& tape) noexcept {
  return read_with<classify_avx2>(text, nodes, array, idx, last, capacity, tape);
}
#endif

/// read_with() on the kernel `k`.
inline uint32_t read(stage2_kernel k, const uint8_t* text, node* nodes, uint32_t array, const uint32_t*& idx,
                     const uint32_t* last, uint64_t capacity, uint32_t& tape) noexcept {
#ifdef ARENAJSON_WIDE_KERNELS
  if (k == stage2_kernel::avx512) return read_avx512(text, nodes, array, idx, last, capacity, tape);
  if (k == stage2_kernel::avx2) return read_avx2(text, nodes, array, idx, last, capacity, tape);
#endif
  (void)k;
  return read_sse2(text, nodes, array, idx, last, capacity, tape);
}

#else

inline bool long_enough(const uint8_t*, const uint32_t*, const uint32_t*) noexcept { return false; }
inline uint32_t read(stage2_kernel, const uint8_t*, node*, uint32_t, const uint32_t*&, const uint32_t*, uint64_t,
                     uint32_t&) noexcept {
  return 0;
}

#endif

}  // namespace compact_numbers
}  // namespace arenajson
