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

#include "text_buffer.h"

namespace arenajson {

/// Room write_js_number may use.
constexpr size_t js_number_max_length = 32;

/// Writes `value` as JSON.stringify(value) does; returns the length written.
size_t write_js_number(double value, char* out) noexcept;

/// True when the JSON number text is already exactly what JSON.stringify
/// writes for its value, so it may be copied as it is. Conservative: false
/// means "reformat", never "wrong".
bool number_text_is_canonical(const uint8_t* text, size_t length) noexcept;

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

/// True when write_wtf8_string would only add the quotes.
bool wtf8_needs_no_escape(const uint8_t* text, size_t length) noexcept;

}  // namespace arenajson
