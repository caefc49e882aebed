#include "write/scalar_text.h"
#include "parse/unicode.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace arenajson {

namespace {

const char hex_digits[] = "0123456789abcdef";

// The escape V8 writes for byte c (< 0x20, '"' or '\\'); returns its length.
size_t escape_byte(uint8_t c, char* out) noexcept {
  switch (c) {
    case '"':
      out[0] = '\\';
      out[1] = '"';
      return 2;
    case '\\':
      out[0] = '\\';
      out[1] = '\\';
      return 2;
    case '\b':
      out[0] = '\\';
      out[1] = 'b';
      return 2;
    case '\f':
      out[0] = '\\';
      out[1] = 'f';
      return 2;
    case '\n':
      out[0] = '\\';
      out[1] = 'n';
      return 2;
    case '\r':
      out[0] = '\\';
      out[1] = 'r';
      return 2;
    case '\t':
      out[0] = '\\';
      out[1] = 't';
      return 2;
    default:
      std::memcpy(out, "\\u00", 4);
      out[4] = hex_digits[c >> 4];
      out[5] = hex_digits[c & 15];
      return 6;
  }
}

void write_unit_escape(unsigned unit, text_buffer& out) noexcept {
  char text[6] = {'\\',
                  'u',
                  hex_digits[(unit >> 12) & 15],
                  hex_digits[(unit >> 8) & 15],
                  hex_digits[(unit >> 4) & 15],
                  hex_digits[unit & 15]};
  out.append(text, 6);
}

void write_utf8(uint32_t cp, text_buffer& out) noexcept {
  char bytes[4];
  out.append(bytes, encode_utf8(cp, bytes));
}

bool is_high_surrogate(unsigned unit) noexcept { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low_surrogate(unsigned unit) noexcept { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace

size_t write_js_number(double value, char* out) noexcept {
  if (!std::isfinite(value)) {
    std::memcpy(out, "null", 4);
    return 4;
  }
  if (value == 0) {
    out[0] = '0';
    return 1;
  }
  size_t at = 0;
  if (value < 0) {
    out[at++] = '-';
    value = -value;
  }
  // Shortest round-trip digits, as d.ddde[+-]x.
  char scientific[40];
  auto result = std::to_chars(scientific, scientific + sizeof(scientific), value, std::chars_format::scientific);
  char digits[20];
  size_t k = 0;
  const char* p = scientific;
  for (; p < result.ptr && *p != 'e'; p++) {
    if (*p != '.') digits[k++] = *p;
  }
  int exponent = 0;
  bool negative_exponent = false;
  p++;  // 'e'
  if (*p == '-') negative_exponent = true;
  p++;  // sign
  for (; p < result.ptr; p++) exponent = exponent * 10 + (*p - '0');
  if (negative_exponent) exponent = -exponent;
  const int n = exponent + 1;  // the value is 0.digits * 10^n
  const int count = int(k);
  if (count <= n && n <= 21) {
    std::memcpy(out + at, digits, k);
    at += k;
    for (int i = count; i < n; i++) out[at++] = '0';
  } else if (0 < n && n <= 21) {
    std::memcpy(out + at, digits, size_t(n));
    at += size_t(n);
    out[at++] = '.';
    std::memcpy(out + at, digits + n, size_t(count - n));
    at += size_t(count - n);
  } else if (-6 < n && n <= 0) {
    out[at++] = '0';
    out[at++] = '.';
    for (int i = n; i < 0; i++) out[at++] = '0';
    std::memcpy(out + at, digits, k);
    at += k;
  } else {
    out[at++] = digits[0];
    if (count > 1) {
      out[at++] = '.';
      std::memcpy(out + at, digits + 1, k - 1);
      at += k - 1;
    }
    out[at++] = 'e';
    int e = n - 1;
    out[at++] = e < 0 ? '-' : '+';
    if (e < 0) e = -e;
    auto written = std::to_chars(out + at, out + js_number_max_length, e);
    at = size_t(written.ptr - out);
  }
  return at;
}

void write_source_string(const uint8_t* body, size_t length, text_buffer& out) noexcept {
  if (!out.reserve(length + 2)) return;
  out.put('"');
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < length) {
    const uint8_t c = body[i];
    if (c != '\\' && c >= 0x20) {
      i++;
      continue;
    }
    out.append(body + run, i - run);
    if (c != '\\') {  // a raw control byte (the parser rejects these; kept safe anyway)
      char text[6];
      out.append(text, escape_byte(c, text));
      i++;
      run = i;
      continue;
    }
    const uint8_t e = body[i + 1];
    switch (e) {
      case '"':
        out.append("\\\"", 2);
        i += 2;
        break;
      case '\\':
        out.append("\\\\", 2);
        i += 2;
        break;
      case '/':
        out.put('/');
        i += 2;
        break;
      case 'b':
        out.append("\\b", 2);
        i += 2;
        break;
      case 'f':
        out.append("\\f", 2);
        i += 2;
        break;
      case 'n':
        out.append("\\n", 2);
        i += 2;
        break;
      case 'r':
        out.append("\\r", 2);
        i += 2;
        break;
      case 't':
        out.append("\\t", 2);
        i += 2;
        break;
      default: {  // 'u'
        unsigned unit = read_hex4(body + i + 2);
        i += 6;
        if (unit < 0x20 || unit == '"' || unit == '\\') {
          char text[6];
          out.append(text, escape_byte(uint8_t(unit), text));
        } else if (is_high_surrogate(unit)) {
          if (i + 6 <= length && body[i] == '\\' && body[i + 1] == 'u') {
            unsigned low = read_hex4(body + i + 2);
            if (is_low_surrogate(low)) {
              write_utf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
              i += 6;
              break;
            }
          }
          write_unit_escape(unit, out);
        } else if (is_low_surrogate(unit)) {
          write_unit_escape(unit, out);
        } else {
          write_utf8(unit, out);
        }
        break;
      }
    }
    run = i;
  }
  out.append(body + run, length - run);
  out.put('"');
}

bool source_string_is_canonical(const uint8_t* body, size_t length) noexcept {
  size_t i = 0;
  for (;;) {
    const void* hit = std::memchr(body + i, '\\', length - i);
    if (hit == nullptr) return true;
    i = size_t(static_cast<const uint8_t*>(hit) - body);
    switch (body[i + 1]) {
      case '"':
      case '\\':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't': i += 2; continue;
      case 'u': break;
      default:  // '/'
        return false;
    }
    for (size_t k = i + 2; k < i + 6; k++) {
      if (body[k] >= 'A' && body[k] <= 'F') return false;  // V8 writes lowercase hex
    }
    const unsigned unit = read_hex4(body + i + 2);
    i += 6;
    if (unit < 0x20) {
      if (unit == '\b' || unit == '\f' || unit == '\n' || unit == '\r' || unit == '\t') return false;
      continue;
    }
    if (is_high_surrogate(unit)) {
      // Followed by an escaped low surrogate it is a pair, which V8 writes raw.
      if (i + 6 <= length && body[i] == '\\' && body[i + 1] == 'u' && is_low_surrogate(read_hex4(body + i + 2)))
        return false;
      continue;
    }
    if (is_low_surrogate(unit)) continue;  // lone: a pair ending here returned above
    return false;                          // any other character is written as it is
  }
}

void write_wtf8_string(const uint8_t* text, size_t length, text_buffer& out) noexcept {
  if (!out.reserve(length + 2)) return;
  out.put('"');
  size_t run = 0;
  for (size_t i = 0; i < length; i++) {
    const uint8_t c = text[i];
    if (c < 0x20 || c == '"' || c == '\\') {
      out.append(text + run, i - run);
      char escaped[6];
      out.append(escaped, escape_byte(c, escaped));
      run = i + 1;
    } else if (c == 0xED && i + 2 < length && text[i + 1] >= 0xA0) {
      // A surrogate encoded on its own. A high one directly followed by a low
      // one is a pair: write the character it stands for.
      out.append(text + run, i - run);
      unsigned unit = 0xD000 | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
      if (is_high_surrogate(unit) && i + 5 < length && text[i + 3] == 0xED && text[i + 4] >= 0xB0) {
        unsigned low = 0xD000 | ((text[i + 4] & 0x3F) << 6) | (text[i + 5] & 0x3F);
        write_utf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
        i += 5;
      } else {
        write_unit_escape(unit, out);
        i += 2;
      }
      run = i + 1;
    }
  }
  out.append(text + run, length - run);
  out.put('"');
}

}  // namespace arenajson
