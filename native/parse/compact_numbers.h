// Arrays of numbers, read 64 bytes at a time: written without whitespace
// (`[1,-2.5,30]`), or with whitespace around their commas (`[1, -2.5, 30]`).
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
// Once an array shows whitespace, the rest of it is read as spaced: a number
// is a run of number bytes, its end the byte after the run, and the same four
// rules hold, with separator_rules for what lies between the numbers.
//
// Anything else (exponents, nested values, a rule broken) and the reader
// declines, having decided nothing: the caller reads the same array number
// by number, which tells a text that is not JSON from one that is only not
// read here. A run it takes yields exactly the nodes of that path
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
  uint64_t space = 0;  ///< JSON whitespace (space, tab, line feed, carriage return): see spaces()
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

/// The whitespace bytes of the 64 at `p` (asked for only once an array
/// shows whitespace).
inline uint64_t spaces(const uint8_t* p) noexcept {
  uint64_t mask = 0;
  for (int part = 0; part < 4; part++) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
    const __m128i blank_or_tab = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
    const __m128i line_end = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')));
    const __m128i space = _mm_or_si128(blank_or_tab, line_end);
    mask |= uint64_t(uint32_t(_mm_movemask_epi8(space))) << (16 * part);
  }
  return mask;
}

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

// spaces() in two 32-byte registers: each byte looks up the whitespace byte
// with its low nibble (a byte of 0x80 or more looks up 0).
ARENAJSON_AVX2_TARGET inline uint64_t spaces_avx2(const uint8_t* p) noexcept {
  const __m256i table = _mm256_setr_epi8(' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0,  //
                                         ' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0);
  uint64_t mask = 0;
  for (int half = 0; half < 2; half++) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    const __m256i space = _mm256_cmpeq_epi8(_mm256_shuffle_epi8(table, x), x);
    mask |= uint64_t(uint32_t(_mm256_movemask_epi8(space))) << (32 * half);
  }
  return mask;
}

// spaces() in one 64-byte register, by the same lookup.
ARENAJSON_AVX512_TARGET inline uint64_t spaces_avx512(const uint8_t* p) noexcept {
  const __m512i x = _mm512_loadu_si512(p);
  static constexpr uint8_t whitespace[16] = {' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0};
  const __m512i table = lane_table(whitespace);
  return _mm512_cmpeq_epi8_mask(_mm512_shuffle_epi8(table, x), x);
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

// Whether the array of numbers starting at `idx` is worth reading by blocks:
// at least four elements (stage 1 indexed each number and the `,` or `]`
// after it), the first three within 64 bytes, or 32 when whitespace
// follows the first comma. Shorter arrays, and sparse ones such as a line
// per number (JSON.stringify(x, null, 2)), whose blocks are mostly
// indentation, are read faster number by number, from the index.
inline bool long_enough(const uint8_t* text, const uint32_t* idx, const uint32_t* last) noexcept {
  return last - idx > 6 && text[idx[1]] == ',' && text[idx[3]] == ',' && text[idx[5]] == ',' &&
         idx[6] - idx[0] <= (idx[2] == idx[1] + 1 ? 64u : 32u);
}

/// Writes the nodes of the numbers that end in one block, one at a time:
/// `ends` marks the byte after each (see number_rules::result), `base` is the
/// block's offset, `begin` the first number's start and `t` its tape index;
/// both move past the block's last number.
struct write_each {
  __attribute__((always_inline)) static void write(node* nodes, uint32_t base, uint64_t ends,
                                                   const number_rules::result& r, uint32_t& begin,
                                                   uint32_t& t) noexcept {
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
  }

  /// The nodes of a block in an array with whitespace: each number's begin
  /// comes from `starts` (the first end belongs to a number that began in an
  /// earlier block, at `begin`, when `open`); `begin` moves to the start of a
  /// number still open at the block's end.
  __attribute__((always_inline)) static void spaced(node* nodes, uint32_t base, uint64_t starts, uint64_t ends,
                                                    bool open, const number_rules::result& r, uint32_t& begin,
                                                    uint32_t& t) noexcept {
    (void)open;  // a start before an end says it
    for (uint64_t bits = ends; bits != 0; bits &= bits - 1) {
      const unsigned at = unsigned(__builtin_ctzll(bits));
      if (starts != 0 && unsigned(__builtin_ctzll(starts)) < at) {
        begin = base + unsigned(__builtin_ctzll(starts));
        starts &= starts - 1;
      }
      const uint32_t end = base + at;
      write_number(nodes + t, begin, end, t + 1, number_kind(number_flags(r, at, end - begin)));
      t++;
    }
    if (starts != 0) begin = base + unsigned(__builtin_ctzll(starts));
  }
};

#ifdef ARENAJSON_WIDE_KERNELS
// Where the dwords of 16 consecutive nodes (80 dwords, five registers) come
// from: dword j is field j % 5 of node j / 5. Fields 0 and 1 (begin, end)
// are picked from one pair of registers, fields 2 and 4 (next, kind) from
// another, and field 3 (count) is 0.
struct node_interleave {
  alignas(64) uint32_t span_index[5][16];
  alignas(64) uint32_t link_index[5][16];
  uint16_t span_lanes[5];
  uint16_t link_lanes[5];
  constexpr node_interleave() noexcept : span_index{}, link_index{}, span_lanes{}, link_lanes{} {
    static_assert(sizeof(node) == 20, "five dwords a node");
    for (unsigned chunk = 0; chunk < 5; chunk++) {
      for (unsigned lane = 0; lane < 16; lane++) {
        const unsigned j = 16 * chunk + lane, field = j % 5, n = j / 5;
        // In a two-register permute, indexes 16 and up pick from the second.
        span_index[chunk][lane] = field == 1 ? 16 + n : n;
        link_index[chunk][lane] = field == 4 ? 16 + n : n;
        if (field <= 1) span_lanes[chunk] |= uint16_t(1u << lane);
        if (field == 2 || field == 4) link_lanes[chunk] |= uint16_t(1u << lane);
      }
    }
  }
};
constexpr node_interleave interleave{};

/// write_each's nodes, built 16 at a time in registers: the offsets of the
/// ends (and, in a spaced array, of the starts) come from compressing the
/// byte positions marked in their masks, a compact array's begins are the
/// ends before plus one, and the flags are the result's masks at the ends,
/// gathered by pext.
struct write_sixteen {
  /// Bytes 16 * `group` / 16 on of a register of compressed positions, as
  /// offsets in the text. (The zero-masked forms with every lane kept are
  /// the plain instructions; GCC 12 warns about the plain intrinsics' own
  /// code.)
  ARENAJSON_AVX512_TARGET static inline __m512i offsets(__m512i positions, unsigned group, uint32_t base) noexcept {
    const __m128i part = group == 0 ? _mm512_maskz_extracti32x4_epi32(0xF, positions, 0)
                                    : _mm512_maskz_extracti32x4_epi32(0xF, positions, 1);
    return _mm512_add_epi32(_mm512_maskz_cvtepu8_epi32(0xFFFF, part), _mm512_set1_epi32(int(base)));
  }

  /// `x` shifted up one lane, lane 0 taking the last lane of `before`.
  ARENAJSON_AVX512_TARGET static inline __m512i after(__m512i x, __m512i before) noexcept {
    return _mm512_maskz_alignr_epi32(0xFFFF, x, before, 15);
  }

  /// Writes numbers `group` to `group` + 15 (fewer at the block's end) of
  /// a block's `numbers`, whose begins and ends are `start` and `end`; the
  /// masks hold a bit per number of the block (pext of the result's).
  ARENAJSON_AVX512_TARGET static inline void store(node* nodes, uint32_t t, unsigned group, unsigned numbers,
                                                   __m512i start, __m512i end, uint64_t integers,
                                                   uint64_t negatives, uint64_t negative_zeros) noexcept {
    const __m512i lanes = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i one = _mm512_set1_epi32(1);
    const __m512i next = _mm512_add_epi32(lanes, _mm512_set1_epi32(int(t + group + 1)));
    // number_flags(): plain when an integer of at most 15 digits (the sign not counted).
    const __m512i length = _mm512_sub_epi32(end, start);
    const __m512i digits = _mm512_mask_sub_epi32(length, __mmask16(negatives >> group), length, one);
    const __mmask16 plain = _mm512_cmple_epu32_mask(digits, _mm512_set1_epi32(15)) & __mmask16(integers >> group);
    __m512i kind = _mm512_set1_epi32(int(number_kind(0)));
    kind = _mm512_mask_or_epi32(kind, plain, kind, _mm512_set1_epi32(int(number_kind(flag_plain_integer))));
    kind = _mm512_mask_or_epi32(kind, __mmask16(negative_zeros >> group), kind,
                                _mm512_set1_epi32(int(number_kind(flag_negative_zero))));
    const unsigned count = numbers - group < 16 ? numbers - group : 16;
    const unsigned dwords = 5 * count;
    // All five registers are stored, each under the mask of its dwords that
    // belong to the group's nodes (dwords [0, 64) in `low`, [64, 80) in
    // `high`): a loop that stopped at the last would branch on a count
    // that varies from block to block.
    const uint64_t low = dwords >= 64 ? ~uint64_t(0) : (uint64_t(1) << dwords) - 1;
    const uint32_t high = dwords > 64 ? (1u << (dwords - 64)) - 1 : 0;
    uint32_t* out = reinterpret_cast<uint32_t*>(nodes + t + group);
    for (unsigned chunk = 0; chunk < 5; chunk++) {
      const __m512i span = _mm512_maskz_permutex2var_epi32(
          interleave.span_lanes[chunk], start, _mm512_load_si512(interleave.span_index[chunk]), end);
      const __m512i link = _mm512_maskz_permutex2var_epi32(
          interleave.link_lanes[chunk], next, _mm512_load_si512(interleave.link_index[chunk]), kind);
      const __mmask16 kept = __mmask16(chunk < 4 ? low >> (16 * chunk) : high);
      _mm512_mask_storeu_epi32(out + 16 * chunk, kept, _mm512_or_si512(span, link));
    }
  }

  ARENAJSON_AVX512_TARGET static inline __m512i positions(uint64_t marks) noexcept {
    alignas(64) static constexpr uint8_t byte_positions[64] = {
        0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
        44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
    return _mm512_maskz_compress_epi8(marks, _mm512_load_si512(byte_positions));
  }

  ARENAJSON_AVX512_TARGET static inline void write(node* nodes, uint32_t base, uint64_t ends,
                                                   const number_rules::result& r, uint32_t& begin,
                                                   uint32_t& t) noexcept {
    if (ends == 0) return;
    const unsigned numbers = unsigned(__builtin_popcountll(ends));  // at most 32
    const __m512i end_positions = positions(ends);
    const uint64_t integers = _pext_u64(~r.decimal, ends);
    const uint64_t negatives = _pext_u64(r.negative, ends);
    const uint64_t negative_zeros = _pext_u64(r.negative_zero, ends);
    __m512i previous_end = _mm512_set1_epi32(int(begin - 1));
    for (unsigned group = 0; group < numbers; group += 16) {
      const __m512i end = offsets(end_positions, group, base);
      // Each begin is the end before plus one.
      const __m512i start = _mm512_add_epi32(after(end, previous_end), _mm512_set1_epi32(1));
      store(nodes, t, group, numbers, start, end, integers, negatives, negative_zeros);
      previous_end = end;
    }
    begin = base + (63 - unsigned(__builtin_clzll(ends))) + 1;
    t += numbers;
  }

  /// write_each::spaced() in registers.
  ARENAJSON_AVX512_TARGET static inline void spaced(node* nodes, uint32_t base, uint64_t starts, uint64_t ends,
                                                    bool open, const number_rules::result& r, uint32_t& begin,
                                                    uint32_t& t) noexcept {
    const unsigned numbers = unsigned(__builtin_popcountll(ends));  // at most 32
    if (numbers != 0) {
      const __m512i end_positions = positions(ends);
      const __m512i start_positions = positions(starts);
      const uint64_t integers = _pext_u64(~r.decimal, ends);
      const uint64_t negatives = _pext_u64(r.negative, ends);
      const uint64_t negative_zeros = _pext_u64(r.negative_zero, ends);
      __m512i previous_start = _mm512_set1_epi32(int(begin));
      for (unsigned group = 0; group < numbers; group += 16) {
        const __m512i end = offsets(end_positions, group, base);
        const __m512i starts_here = offsets(start_positions, group, base);
        // With a number open at the block's start, its begin comes first.
        const __m512i start = open ? after(starts_here, previous_start) : starts_here;
        store(nodes, t, group, numbers, start, end, integers, negatives, negative_zeros);
        previous_start = starts_here;
      }
      t += numbers;
    }
    // A number still open at the block's end began at its last start.
    if (starts != 0 && unsigned(__builtin_popcountll(starts)) + unsigned(open) > numbers) {
      begin = base + (63 - unsigned(__builtin_clzll(starts)));
    }
  }
};
#endif

/// What an array with whitespace between its numbers must show besides the
/// number rules: past the whitespace after each number, a `,` or the closing
/// bracket; past the whitespace after each `,`, a number. Adding a mask of
/// marks to the whitespace mask carries each mark that starts a run of
/// whitespace to the byte after the run (a mark on any other byte stays),
/// which is then where the mark lands; a carry out of bit 63 lands in the
/// next block.
class separator_rules {
 public:
  /// Where the rules break in a block: `ends` and `starts` as for
  /// number_rules, `stop_bit` the closing byte (0 when the block has none).
  uint64_t check(const classes& c, uint64_t starts, uint64_t ends, uint64_t stop_bit) noexcept {
    uint64_t after_end;
    bool end_carry = __builtin_add_overflow(ends, c.space, &after_end);
    end_carry |= __builtin_add_overflow(after_end, open_end_, &after_end);
    after_end &= ~c.space;
    uint64_t after_comma;
    bool comma_carry = __builtin_add_overflow(c.comma << 1 | before_comma_, c.space, &after_comma);
    comma_carry |= __builtin_add_overflow(after_comma, open_comma_, &after_comma);
    after_comma &= ~c.space;
    open_end_ = end_carry;
    open_comma_ = comma_carry;
    before_comma_ = c.comma >> 63;
    return (after_end & ~(c.comma | stop_bit)) | (after_comma & ~starts);
  }

  /// Taking over from the compact loop: bit 0 of `comma` says whether the
  /// byte before the block is a `,` (or the array's start) whose number is
  /// still to come.
  void start(uint64_t comma) noexcept { before_comma_ = comma; }

 private:
  uint64_t before_comma_ = 0;  // the block before ended with a `,`
  uint64_t open_end_ = 0;      // a number end's whitespace ran to the block's end
  uint64_t open_comma_ = 0;    // a `,`'s whitespace ran to the block's end
};

/// Reads the array whose node is nodes[array] (written, still open) when its
/// elements, from the number at `*idx`, are numbers up to its `]`, with or
/// without whitespace between them (worth trying on long, dense arrays:
/// long_enough()). On success writes one node per number from `tape` on,
/// completes the array node, moves `idx` past the `]` and `tape` past the
/// last number, and returns the element count. Returns 0 (idx and tape
/// untouched; nodes past `tape` may have been written) when it declines.
/// `last` is stage 1's sentinel entry and `capacity` the tape's size.
template <classes (*classify_block)(const uint8_t*) noexcept, uint64_t (*space_block)(const uint8_t*) noexcept,
          class writer>
__attribute__((always_inline)) inline uint32_t read_with(const uint8_t* text, node* nodes, uint32_t array,
                                                         const uint32_t*& idx, const uint32_t* last, uint64_t capacity,
                                                         uint32_t& tape) noexcept {
  uint32_t t = tape;
  uint32_t begin = *idx;  // the number being read
  uint32_t close = 0;     // the closing bracket
  number_rules rules;
  separator_rules separators;
  bool spaced = false;         // whitespace was seen: the rest of the array is read as spaced
  uint64_t before_number = 0;  // the block before ended inside a number
  for (uint32_t base = begin;; base += 64) {
    // The text ends at stage 1's sentinel: past it is its padding of spaces
    // (which a spaced array would read on through), and the closing bracket
    // must come before it.
    if (base >= *last) return 0;
    // The index entries this block's numbers skip are read once, at the end,
    // to check them: fetch them ahead as a walk over them would.
    __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<uintptr_t>(idx) + 8 * size_t(t - tape) + 256));
    classes c = classify_block(text + base);
    const uint64_t number = c.digit | c.dot | c.minus;
    uint64_t stop = ~(number | c.comma);
    if (!spaced) {
      // A compact array stops at its `]`; on anything else, see whether the
      // array goes on with whitespace.
      const uint64_t first = stop & (0 - stop);
      if (first != 0 && text[base + __builtin_ctzll(first)] != ']') {
        spaced = true;
        // Up to here every byte was a number's or a `,`: the block before
        // ended with a `,` unless inside a number (the first block starts
        // with a number either way).
        separators.start(before_number ^ 1);
      }
    }
    if (spaced) {
      c.space = space_block(text + base);
      stop &= ~c.space;
    }
    const uint64_t stop_bit = stop & (0 - stop);  // 0 when the whole block is numbers
    const uint64_t inside = stop_bit - 1;         // the bytes before it
    c.digit &= inside;
    c.comma &= inside;
    c.dot &= inside;
    c.minus &= inside;
    c.zero &= inside;
    c.space &= inside;
    if (stop_bit != 0) {
      close = base + unsigned(__builtin_ctzll(stop_bit));
      if (text[close] != ']') return 0;
    }
    if (!spaced) {
      const uint64_t ends = c.comma | stop_bit;
      const number_rules::result r = rules.check(c, c.comma << 1 | (before_number ^ 1), ends);
      if (r.broken != 0) return 0;
      // At most 32 numbers end in a block (each after a digit).
      if (uint64_t(t) + 32 > capacity && uint64_t(t) + uint64_t(__builtin_popcountll(ends)) > capacity) return 0;
      writer::write(nodes, base, ends, r, begin, t);
      before_number = (number & inside) >> 63;
    } else {
      const uint64_t numbers = number & inside;
      const uint64_t starts = numbers & ~(numbers << 1 | before_number);
      const uint64_t ends = ~numbers & (numbers << 1 | before_number) & (inside | stop_bit);
      const number_rules::result r = rules.check(c, starts, ends);
      if ((r.broken | separators.check(c, starts, ends, stop_bit)) != 0) return 0;
      if (uint64_t(t) + 32 > capacity && uint64_t(t) + uint64_t(__builtin_popcountll(ends)) > capacity) return 0;
      writer::spaced(nodes, base, starts, ends, before_number != 0, r, begin, t);
      before_number = numbers >> 63;
    }
    if (stop_bit != 0) break;
  }
  // Stage 1 indexed each number and the `,` or `]` after it.
  const uint32_t elements = t - tape;
  if (elements == 0 || uint64_t(last - idx) < 2 * uint64_t(elements) - 1 || idx[2 * size_t(elements) - 1] != close) {
    return 0;
  }
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
  return read_with<classify, spaces, write_each>(text, nodes, array, idx, last, capacity, tape);
}

#ifdef ARENAJSON_WIDE_KERNELS
__attribute__((noinline)) ARENAJSON_AVX512_TARGET inline uint32_t read_avx512(const uint8_t* text, node* nodes,
                                                                              uint32_t array, const uint32_t*& idx,
                                                                              const uint32_t* last, uint64_t capacity,
                                                                              uint32_t& tape) noexcept {
  return read_with<classify_avx512, spaces_avx512, write_sixteen>(text, nodes, array, idx, last, capacity, tape);
}

__attribute__((noinline)) ARENAJSON_AVX2_TARGET inline uint32_t read_avx2(const uint8_t* text, node* nodes,
                                                                          uint32_t array, const uint32_t*& idx,
                                                                          const uint32_t* last, uint64_t capacity,
                                                                          uint32_t& tape) noexcept {
  return read_with<classify_avx2, spaces_avx2, write_each>(text, nodes, array, idx, last, capacity, tape);
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
