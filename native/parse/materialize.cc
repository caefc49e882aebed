#include "parse/materialize.h"
#include "parse/stage2_kernel.h"
#include "parse/unicode.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace arenajson {

namespace {

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
  if (c < 0xE0) {
    *w++ = char16_t(((c & 0x1F) << 6) | (p[1] & 0x3F));
    return 2;
  }
  if (c < 0xF0) {
    *w++ = char16_t(((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F));
    return 3;
  }
  const uint32_t cp = (((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F)) - 0x10000;
  *w++ = char16_t(0xD800 + (cp >> 10));
  *w++ = char16_t(0xDC00 + (cp & 0x3FF));
  return 4;
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

void decode_string_utf16(const uint8_t* body, size_t length, std::u16string& out) {
  // A body never decodes to more code units than it has bytes: one per ASCII
  // byte, one per two- and three-byte character and per escape, two per
  // four-byte character.
  out.resize(length);
  char16_t* const first = &out[0];
  char16_t* w = first;
  size_t i = 0;
  while (i < length) {
    const uint8_t c = body[i];
    if (c == '\\' || c >= 0x80) {
      i += decode_one(body + i, w);
      continue;
    }
#ifdef ARENAJSON_SSE2
    // A run of ASCII without a backslash starts here: widen up to 16 bytes
    // of it at once. All 16 units are stored (there is room: `w` trails
    // `i`); `w` moves past those before the first byte of another kind.
    if (i + 16 <= length) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(body + i));
      const unsigned special =
          unsigned(_mm_movemask_epi8(x)) | unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
      const __m128i zero = _mm_setzero_si128();
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), _mm_unpacklo_epi8(x, zero));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w + 8), _mm_unpackhi_epi8(x, zero));
      const size_t plain = special == 0 ? 16 : size_t(__builtin_ctz(special));  // at least 1
      w += plain;
      i += plain;
      continue;
    }
#endif
    *w++ = char16_t(c);
    i++;
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
