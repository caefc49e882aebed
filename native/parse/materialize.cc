#include "parse/materialize.h"
#include "parse/unicode.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace arenajson {

namespace {

// Calls emit(code_unit) for each UTF-16 code unit of the string body, which the
// parser has validated (valid UTF-8, well-formed escapes).
template <typename Emit>
void for_each_code_unit(const uint8_t* body, size_t length, Emit emit) {
  size_t i = 0;
  while (i < length) {
    uint8_t c = body[i];
    if (c == '\\') {
      uint8_t e = body[i + 1];
      switch (e) {
        case 'b':
          emit(u'\b');
          i += 2;
          break;
        case 'f':
          emit(u'\f');
          i += 2;
          break;
        case 'n':
          emit(u'\n');
          i += 2;
          break;
        case 'r':
          emit(u'\r');
          i += 2;
          break;
        case 't':
          emit(u'\t');
          i += 2;
          break;
        case 'u':
          emit(char16_t(read_hex4(body + i + 2)));
          i += 6;
          break;
        default:
          emit(char16_t(e));
          i += 2;
          break;  // " \ /
      }
    } else if (c < 0x80) {
      emit(char16_t(c));
      i++;
    } else if (c < 0xE0) {
      emit(char16_t(((c & 0x1F) << 6) | (body[i + 1] & 0x3F)));
      i += 2;
    } else if (c < 0xF0) {
      emit(char16_t(((c & 0x0F) << 12) | ((body[i + 1] & 0x3F) << 6) | (body[i + 2] & 0x3F)));
      i += 3;
    } else {
      uint32_t cp =
          ((c & 0x07) << 18) | ((body[i + 1] & 0x3F) << 12) | ((body[i + 2] & 0x3F) << 6) | (body[i + 3] & 0x3F);
      cp -= 0x10000;
      emit(char16_t(0xD800 + (cp >> 10)));
      emit(char16_t(0xDC00 + (cp & 0x3FF)));
      i += 4;
    }
  }
}

void append_utf8(std::string& out, uint32_t cp) {
  char bytes[4];
  out.append(bytes, encode_utf8(cp, bytes));
}

}  // namespace

double parse_number_text(const uint8_t* text, size_t length) noexcept {
  const char* first = reinterpret_cast<const char*>(text);
  double value = 0;
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
  out.clear();
  out.reserve(length);
  for_each_code_unit(body, length, [&](char16_t unit) { out.push_back(unit); });
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
