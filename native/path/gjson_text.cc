#include "path/gjson_text.h"
#include "parse/json_chars.h"
#include "parse/unicode.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace arenajson {

namespace {

const char hex_digits[] = "0123456789abcdef";

void append_hex16(std::string& out, unsigned value) {
  out.push_back(hex_digits[(value >> 12) & 0xF]);
  out.push_back(hex_digits[(value >> 8) & 0xF]);
  out.push_back(hex_digits[(value >> 4) & 0xF]);
  out.push_back(hex_digits[value & 0xF]);
}

// Decodes one UTF-8 sequence at text[at]; invalid input gives U+FFFD, size 1
// (as Go's utf8.DecodeRuneInString).
uint32_t decode_rune(std::string_view text, size_t at, size_t* size) noexcept {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data()) + at;
  size_t left = text.size() - at;
  uint8_t c = p[0];
  *size = 1;
  if (c < 0x80) return c;
  auto cont = [&](size_t k) { return k < left && (p[k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    *size = 2;
    return (uint32_t(c & 0x1F) << 6) | (p[1] & 0x3F);
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    uint32_t cp = (uint32_t(c & 0x0F) << 12) | (uint32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
    *size = 3;
    return cp;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    uint32_t cp =
        (uint32_t(c & 0x07) << 18) | (uint32_t(p[1] & 0x3F) << 12) | (uint32_t(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0xFFFD;
    *size = 4;
    return cp;
  }
  return 0xFFFD;
}

void append_rune(std::string& out, uint32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  char bytes[4];
  out.append(bytes, encode_utf8(cp, bytes));
}

// Go's strconv.ParseUint(text[:4], 16): 0 when any of the four is not hex.
uint32_t read_hex4(std::string_view text, size_t at) noexcept {
  uint32_t value = 0;
  for (size_t k = 0; k < 4; k++) {
    char c = text[at + k];
    uint32_t digit;
    if (c >= '0' && c <= '9')
      digit = uint32_t(c - '0');
    else if (c >= 'a' && c <= 'f')
      digit = uint32_t(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      digit = uint32_t(c - 'A' + 10);
    else
      return 0;
    value = value * 16 + digit;
  }
  return value;
}

// End of the string whose opening quote is at text[open]: the index of the
// closing quote, or text.size().
size_t string_close(std::string_view text, size_t open) noexcept {
  for (size_t i = open + 1; i < text.size(); i++) {
    if (text[i] != '"') continue;
    size_t slashes = 0;
    for (size_t j = i; j > open + 1 && text[j - 1] == '\\'; j--) slashes++;
    if (slashes % 2 == 0) return i;
  }
  return text.size();
}

bool equals_ignoring_case(std::string_view text, const char* word) noexcept {
  size_t n = std::strlen(word);
  if (text.size() != n) return false;
  for (size_t i = 0; i < n; i++) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

}  // namespace

size_t json_string_length_bound(std::string_view text) noexcept {
  size_t length = 2;
  for (char ch : text) {
    const auto c = static_cast<uint8_t>(ch);
    if (c < ' ' || c == '<' || c == '>' || c == '&') {
      length += 6;
    } else if (c == '\\' || c == '"') {
      length += 2;
    } else if (c > 127) {
      length += 3;  // U+FFFD for a stray byte; \u2028 is 6 bytes for 3
    } else {
      length += 1;
    }
  }
  return length;
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (size_t i = 0; i < text.size(); i++) {
    auto c = static_cast<uint8_t>(text[i]);
    if (c < ' ') {
      out.push_back('\\');
      switch (c) {
        case '\b': out.push_back('b'); break;
        case '\f': out.push_back('f'); break;
        case '\n': out.push_back('n'); break;
        case '\r': out.push_back('r'); break;
        case '\t': out.push_back('t'); break;
        default: out.push_back('u'); append_hex16(out, c);
      }
    } else if (c == '<' || c == '>' || c == '&') {
      out += "\\u";
      append_hex16(out, c);
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c > 127) {
      size_t size;
      uint32_t cp = decode_rune(text, i, &size);
      if (cp == 0xFFFD && size == 1) {
        out += "\xef\xbf\xbd";
      } else if (cp == 0x2028 || cp == 0x2029) {
        out += "\\u202";
        out.push_back(hex_digits[cp & 0xF]);
      } else {
        out.append(text.data() + i, size);
      }
      i += size - 1;
    } else {
      out.push_back(char(c));
    }
  }
  out.push_back('"');
}

void append_unescaped(std::string& out, std::string_view body) {
  size_t n = body.size();
  for (size_t i = 0; i < n; i++) {
    if (body[i] != '\\') {
      size_t start = i;
      while (i < n && static_cast<uint8_t>(body[i]) >= ' ' && body[i] != '\\') i++;
      out.append(body.data() + start, i - start);
      if (i == n || static_cast<uint8_t>(body[i]) < ' ') return;
    }
    i++;
    if (i >= n) return;
    switch (body[i]) {
      case '\\':
      case '/':
      case '"': out.push_back(body[i]); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        if (i + 5 > n) return;
        uint32_t cp = read_hex4(body, i + 1);
        i += 5;
        if (cp >= 0xD800 && cp <= 0xDFFF && n - i >= 6 && body[i] == '\\' && body[i + 1] == 'u') {
          uint32_t low = read_hex4(body, i + 2);
          if (cp < 0xDC00 && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else {
            cp = 0xFFFD;
          }
          i += 6;
        }
        append_rune(out, cp);
        i--;
        break;
      }
      default: return;
    }
  }
}

std::string_view trim_space(std::string_view text) noexcept {
  size_t b = 0, e = text.size();
  while (b < e && static_cast<uint8_t>(text[b]) <= ' ') b++;
  while (e > b && static_cast<uint8_t>(text[e - 1]) <= ' ') e--;
  return text.substr(b, e - b);
}

std::string_view trim_json_space(std::string_view text) noexcept {
  size_t b = 0, e = text.size();
  while (b < e && is_json_whitespace(uint8_t(text[b]))) b++;
  while (e > b && is_json_whitespace(uint8_t(text[e - 1]))) e--;
  return text.substr(b, e - b);
}

namespace {

// Where the bracket opened before `i` closes: `[`, `{` and `(` nest, strings
// are skipped; the whole text when it never closes.
size_t bracket_run(std::string_view text, size_t i) noexcept {
  int depth = 1;
  for (; i < text.size(); i++) {
    switch (text[i]) {
      case '"': i = string_close(text, i); break;
      case '{':
      case '[':
      case '(': depth++; break;
      case '}':
      case ']':
      case ')':
        if (--depth == 0) return i + 1;
        break;
      default: break;
    }
  }
  return text.size();
}

}  // namespace

size_t squash_length(std::string_view text) noexcept {
  if (text.empty()) return 0;
  if (text[0] == '"') {
    size_t close = string_close(text, 0);
    return close >= text.size() ? text.size() : close + 1;
  }
  return bracket_run(text, 1);
}

size_t parse_squash_length(std::string_view text) noexcept { return bracket_run(text, 1); }

bool parse_go_float(std::string_view text, double* value) noexcept {
  *value = 0;
  if (text.empty()) return false;
  bool negative = false;
  std::string_view body = text;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (equals_ignoring_case(body, "inf") || equals_ignoring_case(body, "infinity")) {
    *value = negative ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (equals_ignoring_case(body, "nan")) {
    *value = std::nan("");
    return true;
  }
  if (body.empty()) return false;
  for (char c : body) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return false;
  }
  double parsed = 0;
  auto result = std::from_chars(body.data(), body.data() + body.size(), parsed, std::chars_format::general);
  if (result.ptr != body.data() + body.size()) return false;
  if (result.ec == std::errc::result_out_of_range) {
    std::string copy(body);
    parsed = std::strtod(copy.c_str(), nullptr);
  } else if (result.ec != std::errc()) {
    return false;
  }
  *value = negative ? -parsed : parsed;
  return true;
}

void append_go_float(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buffer[400];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
  if (result.ec == std::errc()) out.append(buffer, size_t(result.ptr - buffer));
}

bool is_json_string_literal(std::string_view text) noexcept {
  if (text.size() < 2 || text[0] != '"') return false;
  for (size_t i = 1; i < text.size(); i++) {
    auto c = static_cast<uint8_t>(text[i]);
    if (c < ' ') return false;
    if (c == '"') return i == text.size() - 1;
    if (c == '\\') {
      i++;
      if (i >= text.size()) return false;
      switch (text[i]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't': break;
        case 'u':
          for (int k = 0; k < 4; k++) {
            i++;
            if (i >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
          }
          break;
        default: return false;
      }
    }
  }
  return false;
}

void append_number_string(std::string& out, std::string_view raw, double value) {
  size_t i = (!raw.empty() && raw[0] == '-') ? 1 : 0;
  bool digits = i < raw.size();
  for (; i < raw.size(); i++) {
    if (raw[i] < '0' || raw[i] > '9') {
      digits = false;
      break;
    }
  }
  if (digits) {
    out.append(raw);
  } else {
    append_go_float(out, value);
  }
}

}  // namespace arenajson
