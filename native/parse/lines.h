// JSON Lines: a text of one JSON document per line, read as the array of
// those documents. Blank lines are skipped. The array is parsed like any
// document (strictly: a line that is not one JSON value is a syntax error),
// and error positions are offsets in the original text.
#pragma once

#include <cstddef>
#include <cstdint>

#include "memory/arena.h"
#include "parse/document.h"

namespace arenajson {

/// What parse_lines_document learned of the text's lines on the way.
struct lines_shape {
  size_t lines = 0;                 ///< lines of the text (blank ones included; a final newline ends the last)
  bool one_value_per_line = false;  ///< as one_value_per_line() of the document returned
};

/// Parses `text[0, length)` as JSON Lines into a document in `memory` whose
/// root is the array of the lines' documents (document::lines is set);
/// `shape`, when given, receives what the parse learned of the lines.
document* parse_lines_document(arena& memory, parser_scratch& scratch, const uint8_t* text, size_t length,
                               parse_error* error, lines_shape* shape = nullptr) noexcept;

/// True when each line of `text[0, length)` that holds something holds
/// exactly one of the values of `doc`, parsed from that text by
/// parse_lines_document: no value spans lines ("[1" then "2]"), which the
/// parse accepts as one document.
bool one_value_per_line(const document& doc, const uint8_t* text, size_t length) noexcept;

}  // namespace arenajson
