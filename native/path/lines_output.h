// One path over every document of a JSON Lines document, written as text:
// one result per line, as the command line prints them. One call does the
// whole batch, so a caller crosses into native code once per batch rather
// than once per line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/document.h"
#include "path/path.h"

namespace arenajson {

enum class line_format : uint8_t {
  compact,  ///< the result's JSON text without whitespace outside strings
  raw,      ///< as compact, but a string result is written decoded, without quotes
};

struct lines_output {
  std::string text;    ///< the results, each followed by "\n"
  size_t matched = 0;  ///< documents that had a result (lines written)
};

/// Evaluates `path` on each element of the root array of `doc` (a JSON Lines
/// document) and appends the results to `out`. Documents without a result
/// write nothing. Returns false, leaving `out` partly written, when the text
/// would grow past `limit` bytes; the bound is checked before each write.
bool write_line_results(const document& doc, path_engine& engine, const char* path, size_t path_length,
                        line_format format, size_t limit, path_result& result, lines_output& out);

/// query()'s values for a batch as one JSON text: an array with, per element
/// of the root array of `doc`, the JSON text of the result of the one path
/// (`single`) or an array of those, one per path. A missing result is written
/// `null` and its place (element * paths + path) appended to `missing`.
/// Returns false, leaving `text` partly written, when the text would grow
/// past `limit` bytes; the bound is checked before each write.
bool write_line_values(const document& doc, path_engine& engine, const std::vector<std::string_view>& paths,
                       bool single, size_t limit, path_result& result, std::string& text, std::vector<double>& missing);

}  // namespace arenajson
