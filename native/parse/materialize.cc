#include "parse/materialize.h"
#include "parse/stage2_kernel.h"
#include "parse/unicode.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace arenajson {

namespace {

// Decodes one UTF-8 character of 2, 3 or 4 bytes at bytes[i] (valid UTF-8)
// into `to`; returns the index after it.
inline size_t decode_multibyte(const uint8_t* bytes, size_t i, char16_t*& to) {
  const uint8_t c = bytes[i];
  if (c < 0xE0) {
    *to++ = char16_t(((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
    return i + 2;
  }
  if (c < 0xF0) {
    *to++ = char16_t(((c & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
    return i + 3;
  }
  uint32_t cp =
      ((c & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F);
  cp -= 0x10000;
  to[0] = char16_t(0xD800 + (cp >> 10));
  to[1] = char16_t(0xDC00 + (cp & 0x3FF));
  to += 2;
  return i + 4;
}

// Decodes the character or escape at `p` of a string body that the parser
// has validated (valid UTF-8, well-formed escapes): writes its one or two
// UTF-16 code units at `w`, moves `w` past them and returns the bytes read.
inline size_t decode_one(const uint8_t* p, char16_t*& w) noexcept {
  const uint8_t c = p[0];
  if (c == '\\') {
    switch (p[1]) {
      case 'b': *w++ = u'\b'; return 2;
      case 'f': *w++ = u'\f'; return 2;
      case 'n': *w++ = u'\n'; return 2;
      case 'r': *w++ = u'\r'; return 2;
      case 't': *w++ = u'\t'; return 2;
      case 'u': *w++ = char16_t(read_hex4(p + 2)); return 6;
      default: *w++ = char16_t(p[1]); return 2;  // " \ /
    }
  }
  if (c < 0x80) {
    *w++ = char16_t(c);
    return 1;
  }
  return decode_multibyte(p, 0, w);
}

// Calls emit(code_unit) for each UTF-16 code unit of a validated string body.
template <typename Emit>
void for_each_code_unit(const uint8_t* body, size_t length, Emit emit) {
  size_t i = 0;
  while (i < length) {
    char16_t units[2];
    char16_t* w = units;
    i += decode_one(body + i, w);
    for (char16_t* u = units; u < w; u++) emit(*u);
  }
}

void append_utf8(std::string& out, uint32_t cp) {
  char bytes[4];
  out.append(bytes, encode_utf8(cp, bytes));
}

// The double for a validated number text `-?digits(.digits)?` whose digits,
// read as one integer, are at most 2^53 and whose fraction has at most 22
// digits: that integer and the power of ten are then exact doubles, so one
// correctly rounded division gives the correctly rounded value (Clinger's
// fast path). False for any other text (exponents, long mantissas).
inline bool short_decimal(const uint8_t* text, size_t length, double* value) noexcept {
  static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = text[0] == '-';
  // Longer texts hold 17 digits or more, which rarely fit (coordinates with
  // 17 significant digits): not worth the loop.
  if (length > 17 + size_t(negative)) return false;
  size_t i = negative;
  uint64_t mantissa = 0;
  for (; i < length && uint8_t(text[i] - '0') < 10; i++) mantissa = mantissa * 10 + (text[i] - '0');
  size_t fraction = 0;
  if (i < length && text[i] == '.') {
    for (i++; i < length && uint8_t(text[i] - '0') < 10; i++, fraction++) {
      mantissa = mantissa * 10 + (text[i] - '0');
    }
  }
  // At most 17 digits (the length check above): no overflow.
  if (i != length || mantissa > (uint64_t(1) << 53) || fraction > 22) return false;
  const double magnitude = double(mantissa) / powers[fraction];
  *value = negative ? -magnitude : magnitude;
  return true;
}

}  // namespace

double parse_number_text(const uint8_t* text, size_t length) noexcept {
  const char* first = reinterpret_cast<const char*>(text);
  double value = 0;
  if (short_decimal(text, length, &value)) return value;
  auto result = std::from_chars(first, first + length, value);
  if (result.ec == std::errc()) return value;
  // Out of range: strtod gives V8's answer (±HUGE_VAL = ±Infinity, or ±0 / a
  // subnormal on underflow). The text is followed by a non-number byte.
  char buffer[64];
  if (length < sizeof(buffer)) {
    std::memcpy(buffer, first, length);
    buffer[length] = 0;
    return std::strtod(buffer, nullptr);
  }
  std::string copy(first, length);
  return std::strtod(copy.c_str(), nullptr);
}

double number_value(const document& doc, const node& n) noexcept {
  const uint8_t* text = doc.text + n.begin;
  if (n.flags & flag_plain_integer) {
    bool negative = text[0] == '-';
    size_t i = negative ? 1 : 0;
    int64_t v = 0;
    for (; i < n.end - n.begin; i++) v = v * 10 + (text[i] - '0');
    if (negative) return v == 0 ? -0.0 : -double(v);
    return double(v);
  }
  return parse_number_text(text, n.end - n.begin);
}

// UTF-8 (valid, no lone surrogates) to UTF-16; returns the units written.
// `out` has room for `length` + 16 units: blocks are stored 16 units at a time.
size_t utf8_to_utf16(const uint8_t* bytes, size_t length, char16_t* out) {
  char16_t* to = out;
  size_t i = 0;
#ifdef ARENAJSON_SSE2
  // Sixteen bytes at a time: the block is widened and stored whole, then the
  // output advances past its ASCII head only, and the non-ASCII characters
  // that follow are decoded one by one (runs of 3-byte and of 2-byte
  // characters in tight loops) up to the next ASCII byte.
  const __m128i zero = _mm_setzero_si128();
  while (i + 16 <= length) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    const unsigned high = unsigned(_mm_movemask_epi8(block));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to), _mm_unpacklo_epi8(block, zero));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + 8), _mm_unpackhi_epi8(block, zero));
    if (high == 0) {
      to += 16;
      i += 16;
      continue;
    }
    const unsigned ascii = unsigned(__builtin_ctz(high));
    to += ascii;
    i += ascii;
    for (;;) {
      uint8_t c = bytes[i];
      if ((c & 0xF0) == 0xE0) {
        do {
          *to++ = char16_t(((c & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
          i += 3;
          c = i < length ? bytes[i] : 0;
        } while ((c & 0xF0) == 0xE0);
      } else if ((c & 0xE0) == 0xC0) {
        do {
          *to++ = char16_t(((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
          i += 2;
          c = i < length ? bytes[i] : 0;
        } while ((c & 0xE0) == 0xC0);
      } else {
        i = decode_multibyte(bytes, i, to);
      }
      if (i >= length || bytes[i] < 0x80) break;
    }
  }
#endif
  while (i < length) {
    if (bytes[i] < 0x80) {
      *to++ = char16_t(bytes[i++]);
      while (i + 8 <= length) {  // ASCII runs, eight bytes at a time
        uint64_t word;
        std::memcpy(&word, bytes + i, 8);
        if (word & 0x8080808080808080ull) break;
        for (int k = 0; k < 8; k++) to[k] = char16_t(bytes[i + k]);
        to += 8;
        i += 8;
      }
    } else {
      i = decode_multibyte(bytes, i, to);
    }
  }
  return size_t(to - out);
}

void decode_string_utf16(const uint8_t* body, size_t length, std::u16string& out) {
  // A body never decodes to more code units than it has bytes (one per
  // ASCII byte, per two- or three-byte character and per escape, two per
  // four-byte character); utf8_to_utf16 stores up to 16 units past its end.
  out.resize(length + 16);
  char16_t* const first = &out[0];
  char16_t* w = first;
  size_t i = 0;
  while (i < length) {
    // The text up to the next backslash is plain UTF-8 (a backslash is never
    // inside a character); the escape after it takes one step.
    const void* slash = std::memchr(body + i, '\\', length - i);
    const size_t run_end = slash == nullptr ? length : size_t(static_cast<const uint8_t*>(slash) - body);
    w += utf8_to_utf16(body + i, run_end - i, w);
    i = run_end;
    if (i < length) i += decode_one(body + i, w);
  }
  out.resize(size_t(w - first));
}

void decode_string_utf8(const uint8_t* body, size_t length, std::string& out) {
  out.clear();
  out.reserve(length);
  char16_t pending_high = 0;
  for_each_code_unit(body, length, [&](char16_t unit) {
    if (pending_high != 0) {
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((uint32_t(pending_high) - 0xD800) << 10) + (unit - 0xDC00));
        pending_high = 0;
        return;
      }
      append_utf8(out, pending_high);
      pending_high = 0;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      pending_high = unit;
    } else {
      append_utf8(out, unit);
    }
  });
  if (pending_high != 0) append_utf8(out, pending_high);
}

void encode_wtf8(const char16_t* units, size_t length, std::string& out) {
  // At most 3 bytes per unit (a pair's 4 bytes come from 2 units).
  out.resize(length * 3);
  char* const start = out.data();
  char* at = start;
  for (size_t i = 0; i < length; i++) {
    uint32_t unit = units[i];
    if (unit < 0x80) {
      *at++ = char(unit);
    } else if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < length && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
      at += encode_utf8(0x10000 + ((unit - 0xD800) << 10) + (uint32_t(units[i + 1]) - 0xDC00), at);
      i++;
    } else {
      at += encode_utf8(unit, at);
    }
  }
  out.resize(size_t(at - start));
}

std::string_view decoded_string(const document& doc, uint32_t index, std::string& buffer) {
  const node& n = doc.nodes[index];
  const uint8_t* body = string_body(doc, n);
  const size_t length = string_body_length(n);
  if (!(n.flags & flag_escaped)) return std::string_view(reinterpret_cast<const char*>(body), length);
  decode_string_utf8(body, length, buffer);
  return buffer;
}

}  // namespace arenajson
