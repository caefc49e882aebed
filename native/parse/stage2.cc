// One pass over the structural index, written for the common case of valid
// text. Every state reads the next structural without a bounds check: stage 1
// ends the index with the text length, and the byte there is padding (a
// space), which no state accepts, so running off the end is a syntax error
// like any other. The container being filled lives in locals (its node, its
// element count, whether it is an object); only its parents are on the stack.
#include "parse/stage2.h"

#include <cstdlib>
#include <cstring>

#include "parse/compact_numbers.h"
#include "parse/json_chars.h"
#include "parse/stage2_kernel.h"

namespace arenajson {

tape_stack::~tape_stack() { std::free(frames); }

bool tape_stack::grow(size_t wanted) noexcept {
  if (wanted <= capacity) return true;
  size_t next = capacity < 64 ? 64 : capacity * 2;
  if (next < wanted) next = wanted;
  void* moved = std::realloc(frames, next * sizeof(uint64_t));
  if (moved == nullptr) return false;
  frames = static_cast<uint64_t*>(moved);
  capacity = next;
  return true;
}

namespace {

// Bit i set when byte i of the 32 at `p` is not an ASCII digit. Reads 32
// bytes (the padding allows).
#ifdef ARENAJSON_SSE2
inline uint64_t nondigit_mask32(const uint8_t* p) noexcept {
  const __m128i below = _mm_set1_epi8('0');
  const __m128i above = _mm_set1_epi8('9');
  __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
  unsigned lo = unsigned(_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(a, below), _mm_cmpgt_epi8(a, above))));
  unsigned hi = unsigned(_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(b, below), _mm_cmpgt_epi8(b, above))));
  return uint64_t(lo) | uint64_t(hi) << 16;
}
#endif

// What may follow a backslash: kind 1 for a one-character escape, 2 for `u`
// (four hex digits follow).
struct escape_table {
  uint8_t kind[256] = {};
  bool hex[256] = {};
  constexpr escape_table() {
    for (uint8_t c : {'"', '\\', '/', 'b', 'f', 'n', 'r', 't'}) kind[c] = 1;
    kind[uint8_t('u')] = 2;
    for (int c = '0'; c <= '9'; c++) hex[c] = true;
    for (int c = 'a'; c <= 'f'; c++) hex[c] = true;
    for (int c = 'A'; c <= 'F'; c++) hex[c] = true;
  }
};
constexpr escape_table escapes{};

// Bit i set when byte i of the 64 at `p` is a backslash.
inline uint64_t backslash_mask(const uint8_t* p) noexcept {
#ifdef ARENAJSON_SSE2
  const __m128i slash = _mm_set1_epi8('\\');
  uint64_t mask = 0;
  for (int i = 0; i < 4; i++) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    mask |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, slash)))) << (16 * i);
  }
  return mask;
#else
  uint64_t mask = 0;
  for (int i = 0; i < 64; i++) mask |= uint64_t(p[i] == '\\') << i;
  return mask;
#endif
}

// Bit i set when byte i of the 64 at `p` is a hex digit.
inline uint64_t hex_mask(const uint8_t* p) noexcept {
#ifdef ARENAJSON_SSE2
  uint64_t mask = 0;
  for (int i = 0; i < 4; i++) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    __m128i letter =
        _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
    mask |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_or_si128(digit, letter)))) << (16 * i);
  }
  return mask;
#else
  uint64_t mask = 0;
  for (int i = 0; i < 64; i++) mask |= uint64_t(escapes.hex[p[i]]) << i;
  return mask;
#endif
}

constexpr uint64_t even_bits = 0x5555555555555555ULL;

// The escaped bytes of a 64-byte block whose backslashes are `backslashes`
// (only those inside the body). `carried` (bit 0) says the block's first byte
// is escaped, by a run of backslashes that ended the block before; sets
// `carry` when this block's last run escapes the next block's first byte.
//
// In a run of backslashes the first starts an escape, the second is the
// escaped character, and so on; the byte after the run is escaped when the
// run has odd length. Adding a run's first bit to the mask carries to the
// byte after the run, so (mask + firsts) & ~mask marks where runs end, and an
// end is escaped when its parity differs from its run's first bit.
inline uint64_t escaped_bytes(uint64_t backslashes, uint64_t carried, bool* carry) noexcept {
  const uint64_t slashes = backslashes & ~carried;
  const uint64_t firsts = slashes & ~(slashes << 1);
  const uint64_t after_even = (slashes + (firsts & even_bits)) & ~slashes;
  uint64_t after_odd;
  *carry = __builtin_add_overflow(slashes, firsts & ~even_bits, &after_odd);
  after_odd &= ~slashes;
  // Escaped bytes that end a run (never backslashes), plus the carried one.
  return (after_even & ~even_bits) | (after_odd & even_bits) | carried;
}

// True when every escape of the string body [body, body + length) is valid.
// Works 64 bytes at a time on bit masks; reads up to 63 bytes past the body
// (the padding). (Measured on text with an escape every ~30 bytes: as fast
// as a scan from backslash to backslash, and a fully branch-free variant was
// slower; see bench/NOTES.md.)
inline bool escapes_valid(const uint8_t* body, size_t length) noexcept {
  uint64_t carried_escape = 0;  // bit 0: the first byte of this block is escaped
  uint64_t carried_hex = 0;     // bytes of this block that must be hex digits
  bool ok = true;
  for (size_t at = 0; at < length; at += 64) {
    const uint8_t* block = body + at;
    const size_t left = length - at;
    const uint64_t inside = left >= 64 ? ~uint64_t(0) : (uint64_t(1) << left) - 1;
    bool overflow;
    const uint64_t escaped = escaped_bytes(backslash_mask(block) & inside, carried_escape, &overflow);
    // An escape may not reach past the body (onto the closing quote).
    if (escaped & ~inside) return false;
    uint64_t hex = carried_hex;
    uint64_t hex_next = 0;
    for (uint64_t bits = escaped; bits != 0; bits &= bits - 1) {
      const unsigned i = unsigned(__builtin_ctzll(bits));
      const uint8_t kind = escapes.kind[block[i]];
      ok &= kind != 0;
      if (kind == 2) {
        const uint64_t u = uint64_t(1) << i;
        hex |= (u << 1) | (u << 2) | (u << 3) | (u << 4);
        hex_next |= (u >> 63) | (u >> 62) | (u >> 61) | (u >> 60);  // digits in the next block
      }
    }
    if (hex != 0) ok &= (hex & ~(hex_mask(block) & inside)) == 0;
    carried_escape = overflow ? 1 : 0;
    carried_hex = hex_next;
  }
  // Anything carried past the end would land on the closing quote.
  return ok && carried_escape == 0 && carried_hex == 0;
}

// Whether the first min(length, 16) body bytes hold a backslash.
inline bool head_has_backslash(const uint8_t* body, size_t length) noexcept {
#ifdef ARENAJSON_SSE2
  __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(body));
  unsigned mask = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
  if (length < 16) mask &= (1u << length) - 1;
  return mask != 0;
#else
  return std::memchr(body, '\\', length < 16 ? length : 16) != nullptr;
#endif
}

// Whether the body holds a backslash.
inline bool has_backslash(const uint8_t* body, size_t length) noexcept {
  if (head_has_backslash(body, length)) return true;
  for (size_t at = 16; at < length; at += 64) {
    uint64_t mask = backslash_mask(body + at);
    const size_t left = length - at;
    if (left < 64) mask &= (uint64_t(1) << left) - 1;
    if (mask != 0) return true;
  }
  return false;
}

#ifdef ARENAJSON_WIDE_KERNELS
// escapes_valid() a 64-byte register at a time: the escaped bytes come from
// the same bit arithmetic, and what may follow a backslash is then checked
// by masks rather than one escape at a time.
ARENAJSON_AVX512_TARGET __attribute__((noinline)) bool escapes_valid_avx512(const uint8_t* body,
                                                                            size_t length) noexcept {
  // What each byte can be after a backslash, by nibble lookups: a class
  // bit per high nibble a class member has, set in the low nibble's entry
  // for the low nibbles that complete one (bits 0-3: one-character escapes
  // " / \ b f n r t by high nibble 2, 5, 6, 7; bit 4: u; bits 5-6: hex
  // digits 0-9, and A-F or a-f). A byte of 0x80 or more is in no class.
  static constexpr uint8_t low_table[16] = {0x20, 0x60, 0x6D, 0x60, 0x68, 0x70, 0x64, 0x20,
                                            0x20, 0x20, 0,    0,    0x02, 0,    0x04, 0x01};
  static constexpr uint8_t high_table[16] = {0, 0, 0x01, 0x20, 0x40, 0x02, 0x44, 0x18, 0, 0, 0, 0, 0, 0, 0, 0};
  const __m512i low_classes = lane_table(low_table);
  const __m512i high_classes = lane_table(high_table);
  const __m512i nibble = _mm512_set1_epi8(0x0F);
  uint64_t carried_escape = 0;  // bit 0: the first byte of this block is escaped
  uint64_t carried_hex = 0;     // bytes of this block that must be hex digits
  uint64_t broken = 0;
  for (size_t at = 0; at < length; at += 64) {
    const __m512i x = _mm512_loadu_si512(body + at);
    const size_t left = length - at;
    const uint64_t inside = left >= 64 ? ~uint64_t(0) : (uint64_t(1) << left) - 1;
    bool overflow;
    const uint64_t escaped =
        escaped_bytes(_mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\\')) & inside, carried_escape, &overflow);
    if (escaped & ~inside) return false;
    const __m512i classes =
        _mm512_and_si512(_mm512_shuffle_epi8(low_classes, _mm512_and_si512(x, nibble)),
                         _mm512_shuffle_epi8(high_classes, _mm512_and_si512(_mm512_srli_epi16(x, 4), nibble)));
    // Without a branch: whether a block holds an escape, or a `\u`, varies
    // too much to predict.
    const uint64_t simple = _mm512_test_epi8_mask(classes, _mm512_set1_epi8(0x0F));
    const uint64_t u = escaped & _mm512_test_epi8_mask(classes, _mm512_set1_epi8(0x10));
    broken |= escaped & ~(simple | u);
    const uint64_t hex = carried_hex | (u << 1) | (u << 2) | (u << 3) | (u << 4);
    broken |= hex & ~(_mm512_test_epi8_mask(classes, _mm512_set1_epi8(0x60)) & inside);
    carried_escape = overflow ? 1 : 0;
    carried_hex = (u >> 63) | (u >> 62) | (u >> 61) | (u >> 60);  // digits in the next block
  }
  // Anything carried past the end would land on the closing quote.
  return broken == 0 && carried_escape == 0 && carried_hex == 0;
}
#endif

inline uint32_t load4(const uint8_t* p) noexcept {
  uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}

constexpr uint32_t word4(const char (&s)[5]) {
  return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
         uint32_t(uint8_t(s[3])) << 24;
}

// Writes the string node whose opening quote is at `p`; `next` is the offset
// of the structural after it. The closing quote is the last non-space byte
// before `next`.
inline bool string_node(stage2_kernel kernel, const uint8_t* text, uint32_t p, uint32_t next, node* nodes,
                        uint32_t tape) noexcept {
  size_t close = size_t(next) - 1;
  if (text[close] != '"' || close <= p) {
    while (close > p && is_json_whitespace(text[close])) close--;
    if (close <= p || text[close] != '"') return false;
  }
  uint8_t flags = 0;
  const uint8_t* body = text + p + 1;
  const size_t length = close - p - 1;
  if (has_backslash(body, length)) {
#ifdef ARENAJSON_WIDE_KERNELS
    // The wide loop pays for its call and setup on long bodies only.
    if (kernel == stage2_kernel::avx512 && length >= 256 ? !escapes_valid_avx512(body, length)
                                                         : !escapes_valid(body, length)) {
      return false;
    }
#else
    (void)kernel;
    if (!escapes_valid(body, length)) return false;
#endif
    flags = flag_escaped;
  }
  nodes[tape] = node{p, uint32_t(close + 1), tape + 1, 0, node_type::string, flags};
  return true;
}

// While an array is open its node's `end` (written when it closes) tracks
// the sizes of its container elements: 0 while it has none, the size they
// share, or `mixed_sizes`. Scalars are one node each.
constexpr uint32_t mixed_sizes = 0xFFFFFFFFu;

inline void note_element_size(node& array, uint32_t size) noexcept {
  if (array.end == 0) {
    array.end = size;
  } else if (array.end != size) {
    array.end = mixed_sizes;
  }
}

// flag_uniform when every element of an array with `members` elements and
// `total` nodes below it has the same size. With no container element every
// element is one node, so total == members says so. When the containers
// share size s, total == members * s leaves no room for a scalar unless
// s == 1, and then a scalar has the same size.
inline uint16_t uniform_flag(uint32_t tracked, uint32_t total, uint32_t members) noexcept {
  if (members == 0 || tracked == mixed_sizes) return 0;
  const uint64_t size = tracked == 0 ? 1 : tracked;
  return uint64_t(total) == uint64_t(members) * size ? flag_uniform : 0;
}

#if defined(__GNUC__)
#define ARENAJSON_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ARENAJSON_ALWAYS_INLINE inline
#endif

// Whether a value starting with `c` can only be a number. A table, not
// `c == '-' || ...`: signs vary at random, so that would be a mispredicted
// branch per number.
struct number_start_table {
  bool starts[256] = {};
  constexpr number_start_table() {
    starts[uint8_t('-')] = true;
    for (int c = '0'; c <= '9'; c++) starts[c] = true;
  }
};
constexpr number_start_table number_start{};

inline bool starts_number(uint8_t c) noexcept { return number_start.starts[c]; }

// The whole number grammar, for tokens number_node() does not take in one
// step (exponents, long tokens, whitespace after, errors). Out of line: rare
// in the loops that call number_node().
__attribute__((noinline)) bool number_node_full(const uint8_t* text, uint32_t p, node* nodes, uint32_t tape) noexcept {
  const uint8_t* q = text + p;
  const bool negative = *q == '-';
  q += negative;
  const uint8_t* digits_begin = q;
  if (*q == '0') {
    q++;
  } else if (uint8_t(*q - '1') < 9) {
    q += digit_run(q);
  } else {
    return false;
  }
  const size_t digits = size_t(q - digits_begin);
  bool integer = true;
  if (*q == '.') {
    q++;
    if (!is_digit(*q)) return false;
    q += digit_run(q);
    integer = false;
  }
  if ((*q | 0x20) == 'e') {
    q++;
    q += (*q == '+') | (*q == '-');
    if (!is_digit(*q)) return false;
    q += digit_run(q);
    integer = false;
  }
  if (!scalar_end.ends[*q]) return false;
  uint8_t flags = 0;
  if (integer) {
    if (digits <= 15) flags |= flag_plain_integer;
    if (negative && digits == 1 && *digits_begin == '0') flags |= flag_negative_zero;
  }
  nodes[tape] = node{p, uint32_t(q - text), tape + 1, 0, node_type::number, flags};
  return true;
}

// Writes the number node whose token starts at `p`; `next` is the offset of
// the structural after it. False when the token is not a JSON number or is
// not followed by whitespace or a structural. Branches on the token's form
// (integer or decimal): the fastest way when the forms come in runs, as in
// most documents.
ARENAJSON_ALWAYS_INLINE bool number_node(const uint8_t* text, uint32_t p, uint32_t next, node* nodes,
                                         uint32_t tape) noexcept {
#ifdef ARENAJSON_SSE2
  {
    // Most numbers end right before the next structural: check the whole
    // token `-?(0|[1-9][0-9]*)(\.[0-9]+)?` from one mask.
    const size_t token = size_t(next) - p;
    if (token <= 32) {
      const uint8_t* t = text + p;
      const size_t sign = *t == '-';
      uint64_t other = nondigit_mask32(t) & ((uint64_t(1) << token) - 1) & ~uint64_t(sign);
      const size_t digits = token - sign;
      const bool leading_zero = t[sign] == '0';
      bool fast = false;
      uint8_t flags = 0;
      if (other == 0) {
        fast = digits >= 1 && (!leading_zero || digits == 1);
        if (digits <= 15) flags = flag_plain_integer;
        if (sign && digits == 1 && leading_zero) flags |= flag_negative_zero;
      } else if ((other & (other - 1)) == 0) {
        const size_t dot = size_t(__builtin_ctzll(other));
        fast = t[dot] == '.' && dot > sign && dot + 1 < token && (!leading_zero || dot == sign + 1);
      }
      if (fast && scalar_end.ends[t[token]]) {
        nodes[tape] = node{p, uint32_t(p + token), tape + 1, 0, node_type::number, flags};
        return true;
      }
    }
  }
#else
  (void)next;
#endif
  return number_node_full(text, p, nodes, tape);
}

// number_node() without a branch on the token's form, for runs of numbers
// where integers and decimals alternate at random (telemetry samples), where
// that branch is mispredicted about every other number. Slower than
// number_node() where the forms come in runs (canada's coordinates).
ARENAJSON_ALWAYS_INLINE bool number_node_flat(const uint8_t* text, uint32_t p, uint32_t next, node* nodes,
                                              uint32_t tape) noexcept {
#ifdef ARENAJSON_SSE2
  {
    // Most numbers end right before the next structural: check the whole
    // token `-?(0|[1-9][0-9]*)(\.[0-9]+)?` from one mask, without a branch
    // on its form (integers and decimals alternate at random in number-dense
    // documents, so a branch on the form is mispredicted about every other
    // number).
    const size_t token = size_t(next) - p;
    if (token <= 32) {
      const uint8_t* t = text + p;
      const size_t sign = *t == '-';
      const uint64_t other = nondigit_mask32(t) & ((uint64_t(1) << token) - 1) & ~uint64_t(sign);
      // The dot, or the token's end when it has no non-digit.
      const size_t dot = size_t(__builtin_ctzll(other | (uint64_t(1) << token)));
      const bool integer = other == 0;
      const size_t whole = dot - sign;  // digits before the dot
      bool fast = (other & (other - 1)) == 0;
      fast &= whole >= 1;
      fast &= (t[sign] != '0') | (whole == 1);
      fast &= integer | ((t[dot] == '.') & (dot + 1 < token));
      fast &= scalar_end.ends[t[token]];
      if (fast) {
        uint16_t flags = uint16_t(integer & (whole <= 15)) * flag_plain_integer;
        flags |= uint16_t(integer & (sign != 0) & (token == 2) & (t[1] == '0')) * flag_negative_zero;
        nodes[tape] = node{p, uint32_t(p + token), tape + 1, 0, node_type::number, flags};
        return true;
      }
    }
  }
#else
  (void)next;
#endif
  return number_node_full(text, p, nodes, tape);
}

constexpr uint32_t no_container = 0xFFFFFFFFu;

// Whether number_array() can run from the structural at `idx` (after the
// '[' whose node goes at `tape`) without a bound check: it writes the array's
// node and then at most one node per two structurals it reads (a number and
// its ',' or ']'; an element array's '[' and ']' around its numbers), plus
// one. A valid text passes unless it nests deeper than about 2 * tape_margin
// arrays; the others take the general states, which check every node.
inline bool number_array_fits(uint32_t tape, const uint32_t* idx, const uint32_t* last, uint64_t capacity) noexcept {
  return uint64_t(tape) + 2 + uint64_t(last - idx + 1) / 2 <= capacity;
}

// An array being read by number_array(): its node (written, still open), the
// next structural, the next free node, its elements so far, and the largest
// array closed so far.
struct number_run {
  const uint32_t* idx;
  uint32_t tape;
  uint32_t elements;
  uint32_t largest_array;
  bool mixed;  ///< in and out: the last run of numbers alternated forms (take number_node_flat)
  stage2_kernel kernel;
  const uint32_t* last;  ///< stage 1's sentinel entry
  uint64_t capacity;     ///< nodes the tape has room for
};

enum class run_end { error, closed, other };

// Reads the elements of the array node nodes[array], from the structural at
// `idx` (a number) through its ']', when all are numbers. Returns closed with
// the node complete and `idx` past the ']'; other with `idx` on the first
// element that is not a number and `elements` counting those before it (the
// node still open); error when the text is not JSON.
template <bool flat>
ARENAJSON_ALWAYS_INLINE run_end read_numbers(const uint8_t* text, node* nodes, uint32_t array, const uint32_t*& idx,
                                             uint32_t& tape, uint32_t& elements, uint32_t& switches) noexcept {
  elements = 0;
  switches = 0;
  uint16_t previous = 0;
  for (;;) {
    const uint32_t p = *idx;
    if (!starts_number(text[p])) return run_end::other;
    idx++;
    if (!(flat ? number_node_flat(text, p, *idx, nodes, tape) : number_node(text, p, *idx, nodes, tape))) {
      return run_end::error;
    }
    const uint16_t form = nodes[tape].flags & flag_plain_integer;
    switches += form != previous;
    previous = form;
    tape++;
    elements++;
    const uint8_t c = text[*idx++];
    if (c == ',') continue;
    if (c != ']') return run_end::error;
    break;
  }
  // Every element is one node, so no element size was tracked (0).
  node& n = nodes[array];
  n.flags = uniform_flag(0, elements, elements);
  n.end = idx[-1] + 1;
  n.next = tape;
  n.count = elements;
  return run_end::closed;
}

// Reads a run of numbers: a compact one 64 bytes at a time
// (compact_numbers.h) when `compact` and it is, any other with the
// number_node variant the last run called for, noting what this one calls
// for: the flat one when more than a quarter of the numbers changed form
// (integer or not) from the one before. `compact` is cleared when the run
// is not compact.
ARENAJSON_ALWAYS_INLINE run_end read_number_run(const uint8_t* text, node* nodes, uint32_t array, const uint32_t*& idx,
                                                uint32_t& tape, uint32_t& elements, number_run* run,
                                                bool& compact) noexcept {
  if (compact) {
    elements = compact_numbers::read(run->kernel, text, nodes, array, idx, run->last, run->capacity, tape);
    if (elements != 0) return run_end::closed;
    compact = false;
  }
  uint32_t switches = 0;
  const run_end end = run->mixed ? read_numbers<true>(text, nodes, array, idx, tape, elements, switches)
                                 : read_numbers<false>(text, nodes, array, idx, tape, elements, switches);
  if (elements >= 8) run->mixed = switches * 4 > elements;
  return end;
}

// Whether the structural at `at` opens an array whose first element is a
// number (the index entry after a '[' always exists).
inline bool opens_numbers(const uint8_t* text, const uint32_t* at) noexcept {
  return text[at[0]] == '[' && starts_number(text[at[1]]);
}

// Reads the array whose node is at run->tape (written, open) and whose first
// element is at *run->idx: either an array of numbers (`[1, 2]`), or an array
// of such arrays (`[[1, 2], [3, 4]]`, the points of a GeoJSON ring), what
// documents of coordinates are made of. The general states do the same work
// one structural at a time. Returns:
//   closed: the array is complete; run->idx is past its ']'.
//   other: an element is not what the loop reads; run->idx is on it,
//     run->elements counts the elements before it, the array node is open with
//     `end` tracking element sizes as the general states do, so they can take
//     over (an element array they cannot finish is read again by them).
//   error: the text is not JSON.
// Out of line, so that the state machine keeps its registers.
__attribute__((noinline)) run_end number_array(const uint8_t* text, node* nodes, number_run* run) noexcept {
  const uint32_t array = run->tape;
  const uint32_t* idx = run->idx;
  uint32_t tape = array + 1;
  uint32_t elements = 0;
  uint32_t largest = run->largest_array;
  if (starts_number(text[*idx])) {
    bool compact = compact_numbers::long_enough(text, idx, run->last);
    const run_end end = read_number_run(text, nodes, array, idx, tape, elements, run, compact);
    if (end == run_end::closed && elements > largest) largest = elements;
    run->idx = idx;
    run->tape = tape;
    run->elements = elements;
    run->largest_array = largest;
    return end;
  }
  // Compact element arrays as long as the first is one and they stay so (the
  // points of a GeoJSON ring are too short to gain).
  bool compact = compact_numbers::long_enough(text, idx + 1, run->last);
  for (;;) {
    if (!opens_numbers(text, idx)) break;
    const uint32_t* const element_idx = idx;
    const uint32_t element = tape;
    nodes[tape++] = node{*idx++, 0, 0, 0, node_type::array, 0};
    uint32_t inner = 0;
    const run_end end = read_number_run(text, nodes, element, idx, tape, inner, run, compact);
    if (end == run_end::error) return end;
    if (end == run_end::other) {
      // Leave this element to the general states, from its '['.
      idx = element_idx;
      tape = element;
      break;
    }
    if (inner > largest) largest = inner;
    note_element_size(nodes[array], tape - element);
    elements++;
    const uint8_t c = text[*idx++];
    if (c == ',') continue;
    if (c != ']') return run_end::error;
    node& n = nodes[array];
    n.flags = uniform_flag(n.end, tape - array - 1, elements);
    n.end = idx[-1] + 1;
    n.next = tape;
    n.count = elements;
    if (elements > largest) largest = elements;
    run->idx = idx;
    run->tape = tape;
    run->elements = elements;
    run->largest_array = largest;
    return run_end::closed;
  }
  run->idx = idx;
  run->tape = tape;
  run->elements = elements;
  run->largest_array = largest;
  return run_end::other;
}

}  // namespace

bool build_tape(const uint8_t* text, size_t length, const uint32_t* index, uint32_t count, node* nodes,
                uint64_t capacity, tape_stack& stack, tape_outcome* outcome) noexcept {
  outcome->out_of_memory = false;
  // The states below rely on the padding and the sentinel; anything else
  // takes the checked path.
  if (count == 0 || index[count] != length || text[length] != ' ') return false;

  const uint32_t* idx = index;
  const uint32_t* const last = index + count;
  uint32_t tape = 0;
  uint32_t largest_array = 0;
  bool mixed_numbers = false;       // see read_number_run()
  uint32_t current = no_container;  // the container being filled
  uint32_t members = 0;             // values it holds so far
  bool in_object = false;
  size_t depth = 0;  // parents on the stack
  uint32_t p;
  uint8_t c;

#define ARENAJSON_PUSH()                                                 \
  do {                                                                   \
    if (depth == stack.capacity && !stack.grow(depth + 1)) goto no_room; \
    stack.frames[depth++] = (uint64_t(current) << 32) | members;         \
  } while (0)

// Every node but those number_array() writes is written after one of the two
// bound checks below, at `value` and `key`.
value:
  if (tape >= capacity) return false;
  p = *idx++;
  switch (text[p]) {
    case '{':
      ARENAJSON_PUSH();
      current = tape;
      members = 0;
      in_object = true;
      nodes[tape++] = node{p, 0, 0, 0, node_type::object, 0};
      if (text[*idx] == '}') goto close;
      goto key;
    case '[':
      if ((starts_number(text[*idx]) || opens_numbers(text, idx)) && number_array_fits(tape, idx, last, capacity)) {
        // Numbers, or arrays of numbers: one loop (number_array) with the
        // parent kept in place.
        number_run run{idx, tape, 0, largest_array, mixed_numbers, stack.kernel, last, capacity};
        const uint32_t array = tape;
        nodes[tape] = node{p, 0, 0, 0, node_type::array, 0};
        const run_end end = number_array(text, nodes, &run);
        if (end == run_end::error) return false;
        idx = run.idx;
        tape = run.tape;
        largest_array = run.largest_array;
        mixed_numbers = run.mixed;
        if (end == run_end::closed) {
          if (current != no_container && !in_object) note_element_size(nodes[current], tape - array);
          goto after_value;
        }
        // Hand the array over to the states below as if they had opened it.
        ARENAJSON_PUSH();
        current = array;
        members = run.elements;
        in_object = false;
        goto value;
      }
      ARENAJSON_PUSH();
      current = tape;
      members = 0;
      in_object = false;
      nodes[tape++] = node{p, 0, 0, 0, node_type::array, 0};
      if (text[*idx] == ']') goto close;
      goto value;
    case '"': goto string;
    case 't':
      if (load4(text + p) != word4("true") || !scalar_end.ends[text[p + 4]]) return false;
      nodes[tape] = node{p, p + 4, tape + 1, 0, node_type::true_value, 0};
      tape++;
      goto after_value;
    case 'f':
      if (load4(text + p + 1) != word4("alse") || !scalar_end.ends[text[p + 5]]) return false;
      nodes[tape] = node{p, p + 5, tape + 1, 0, node_type::false_value, 0};
      tape++;
      goto after_value;
    case 'n':
      if (load4(text + p) != word4("null") || !scalar_end.ends[text[p + 4]]) return false;
      nodes[tape] = node{p, p + 4, tape + 1, 0, node_type::null_value, 0};
      tape++;
      goto after_value;
    default:
      if (!number_node(text, p, *idx, nodes, tape)) return false;
      tape++;
      goto after_value;
  }

string:
  if (!string_node(stack.kernel, text, p, *idx, nodes, tape)) return false;
  tape++;
  goto after_value;

key:
  if (tape >= capacity) return false;
  p = *idx++;
  if (text[p] != '"' || !string_node(stack.kernel, text, p, *idx, nodes, tape)) return false;
  tape++;
  goto colon;

colon:
  if (text[*idx++] != ':') return false;
  goto value;

after_value:
  if (current == no_container) goto root_done;
  c = text[*idx++];
  members++;
  if (c == ',') {
    if (in_object) goto key;
    goto value;
  }
  if (c != (in_object ? '}' : ']')) return false;
  idx--;
  goto close;

close : {
  // `*idx` is the closing bracket.
  node& n = nodes[current];
  if (!in_object) {
    if (members > largest_array) largest_array = members;
    n.flags = uniform_flag(n.end, tape - current - 1, members);
  }
  n.end = *idx + 1;
  n.next = tape;
  n.count = members;
  idx++;
  const uint32_t closed = current;
  uint64_t frame = stack.frames[--depth];
  current = uint32_t(frame >> 32);
  members = uint32_t(frame);
  if (current == no_container) goto root_done;
  in_object = nodes[current].type == node_type::object;
  if (!in_object) note_element_size(nodes[current], tape - closed);
  goto after_value;
}

root_done:
  if (idx != last) return false;
  outcome->node_count = tape;
  outcome->largest_array = largest_array;
  return true;

no_room:
  outcome->out_of_memory = true;
  return false;
#undef ARENAJSON_PUSH
}

}  // namespace arenajson
