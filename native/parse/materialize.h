// Decoding of the scalars of a document: the numbers and strings that the
// parser validated but left as source text. The results are exactly what
// JSON.parse produces for the same text: the correctly rounded double
// (overflow to ±Infinity, underflow to ±0, "-0" keeps its sign) and the UTF-16
// string (lone surrogate escapes kept as lone code units).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parse/document.h"

namespace arenajson {

/// The double JSON.parse gives for the number node `n`.
double number_value(const document& doc, const node& n) noexcept;

/// The double JSON.parse gives for the number text [text, text + length).
double parse_number_text(const uint8_t* text, size_t length) noexcept;

/// Valid UTF-8 without lone surrogates as UTF-16 into `out`, which has room
/// for `length` + 16 units (blocks are stored 16 at a time); returns the
/// units written.
size_t utf8_to_utf16(const uint8_t* bytes, size_t length, char16_t* out);

/// Decodes a string body (the bytes between the quotes) into UTF-16.
void decode_string_utf16(const uint8_t* body, size_t length, std::u16string& out);

/// Decodes a string body into UTF-8; a lone surrogate escape becomes its
/// three-byte (WTF-8) form, which never equals valid UTF-8 text.
void decode_string_utf8(const uint8_t* body, size_t length, std::string& out);

/// The decoded (UTF-8) text of string node `index`, key or value: a view of
/// the source when it has no escapes, else of `buffer`, decoded into.
std::string_view decoded_string(const document& doc, uint32_t index, std::string& buffer);

/// Encodes UTF-16 as UTF-8, a lone surrogate as its three-byte (WTF-8) form:
/// the same bytes decode_string_utf8 gives for a key with that lone unit, so a
/// path read from a JS string matches such keys.
void encode_wtf8(const char16_t* units, size_t length, std::string& out);

/// The string body of node `n` (between its quotes).
inline const uint8_t* string_body(const document& doc, const node& n) noexcept { return doc.text + n.begin + 1; }
inline size_t string_body_length(const node& n) noexcept { return n.end - n.begin - 2; }

}  // namespace arenajson
