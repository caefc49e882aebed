// The text JSON.stringify writes for scalars, in V8's exact form.
//
// Numbers: the shortest digits that read back as the same double, laid out
// as JavaScript's Number::toString does (plain notation from 1e-6 up to below
// 1e21, exponent notation outside: 1e21, 1e-7, 1.5e+300); -0 is written 0,
// NaN and ±Infinity are written null.
//
// Strings: " and \ escaped, \b \f \n \r \t for those controls, \u00xx
// (lowercase hex) for the other controls, lone surrogates as \udxxx, and
// everything else, U+2028/U+2029 included, as raw UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>

#include "memory/text_buffer.h"

namespace arenajson {

/// Room write_js_number may use.
constexpr size_t js_number_max_length = 32;

/// Writes `value` as JSON.stringify(value) does; returns the length written.
size_t write_js_number(double value, char* out) noexcept;

/// True when the JSON number text is already exactly what JSON.stringify
/// writes for its value, so it may be copied as it is. Conservative: false
/// means "reformat", never "wrong". Inline: the writer asks it for every number.
inline bool number_text_is_canonical(const uint8_t* text, size_t length) noexcept {
  // Accepts -?I or -?I.F (no exponent) where I has no superfluous zero, F does
  // not end in 0, there are at most 15 significant digits (so they are the
  // shortest round-trip digits of the value) and the plain notation is the one
  // JavaScript uses (fewer than 6 zeros after "0.", fewer than 22 integer digits).
  size_t i = 0;
  if (i < length && text[i] == '-') i++;
  const size_t integer_begin = i;
  while (i < length && text[i] >= '0' && text[i] <= '9') i++;
  const size_t integer_digits = i - integer_begin;
  if (integer_digits == 0) return false;
  const bool zero_integer = text[integer_begin] == '0';
  if (zero_integer && integer_digits > 1) return false;
  if (i == length) {
    if (zero_integer) return integer_begin == 0;  // "0" yes, "-0" no
    return integer_digits <= 15;
  }
  if (text[i] != '.') return false;
  i++;
  const size_t fraction_begin = i;
  while (i < length && text[i] >= '0' && text[i] <= '9') i++;
  if (i != length || i == fraction_begin || text[length - 1] == '0') return false;
  const size_t fraction_digits = length - fraction_begin;
  if (!zero_integer) return integer_digits + fraction_digits <= 15;
  size_t zeros = 0;
  while (text[fraction_begin + zeros] == '0') zeros++;
  return zeros < 6 && fraction_digits - zeros <= 15;
}

/// Writes the string body of a JSON source string literal (the bytes between
/// the quotes, escapes still in place) as JSON.stringify writes the decoded
/// string, quotes included.
void write_source_string(const uint8_t* body, size_t length, text_buffer& out) noexcept;

/// True when write_source_string would write the body back exactly as it is
/// (between its quotes): every escape is one V8 writes — \" \\ \b \f \n
/// \r \t, \u00xx in lowercase for the other controls, \udxxx in lowercase
/// for a lone surrogate. Raw control bytes are not looked for: the parser
/// rejects them.
bool source_string_is_canonical(const uint8_t* body, size_t length) noexcept;

/// Writes a WTF-8 string (UTF-8 in which a lone surrogate is its 3-byte
/// form) as JSON.stringify writes it, quotes included.
void write_wtf8_string(const uint8_t* text, size_t length, text_buffer& out) noexcept;

}  // namespace arenajson
