// Small routines over JSON text, with gjson's exact behaviour where a path
// result depends on it: how a string is quoted, how an escape is undone, how a
// bracketed run is skipped, how a number is written back as text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arenajson {

/// Appends `text` as a JSON string literal the way gjson's AppendJSONString
/// does: control characters, `"` and `\` escaped, `<`, `>` and `&` as \u00XX,
/// U+2028/U+2029 escaped, invalid UTF-8 bytes replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view text);

/// At least as many bytes as append_json_string writes for `text` (one pass, no writing).
size_t json_string_length_bound(std::string_view text) noexcept;

/// Appends the unescaped form of a JSON string body the way gjson does: stops
/// at a control character or a bad escape; \u escapes (and surrogate pairs)
/// become UTF-8.
void append_unescaped(std::string& out, std::string_view body);

/// `text` without leading and trailing bytes <= ' '.
std::string_view trim_space(std::string_view text) noexcept;

/// `text` without leading and trailing JSON whitespace (space, tab, CR, LF).
std::string_view trim_json_space(std::string_view text) noexcept;

/// Length of the bracketed (or quoted) run that starts `text`, as gjson's
/// squash finds it: `[`, `{` and `(` nest, strings are skipped. The whole text
/// when it never closes.
size_t squash_length(std::string_view text) noexcept;

/// Length of the run gjson's parseSquash takes from `text` (whose first byte
/// is taken as an opening bracket whatever it is).
size_t parse_squash_length(std::string_view text) noexcept;

/// Reads `text` as Go's strconv.ParseFloat would (decimal, optional sign,
/// inf/infinity/nan); false when it is not a number (value then 0).
bool parse_go_float(std::string_view text, double* value) noexcept;

/// Appends `value` the way Go's FormatFloat(value, 'f', -1, 64) writes it:
/// the shortest text that reads back, without an exponent.
void append_go_float(std::string& out, double value);

/// True when `text` is exactly one valid JSON string literal.
bool is_json_string_literal(std::string_view text) noexcept;

/// gjson's Result.String() of a number: its source text when that is an
/// optional '-' and digits, else the double written by append_go_float.
void append_number_string(std::string& out, std::string_view raw, double value);

}  // namespace arenajson
