#include "parse/lines.h"

#include <cstring>

#include "memory/size_limits.h"

namespace arenajson {

namespace {

inline bool is_line_space(uint8_t c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

// The wrapper "[" + text + "]" in `copy`, for `text[0, length)`, the newline
// after each line that holds something turned into a comma when another
// such line follows. Newlines are found with memchr; a line is only looked
// at up to its first byte that is not whitespace. Returns the number of lines.
size_t wrap_lines_fast(const uint8_t* text, size_t length, uint8_t* copy) noexcept {
  size_t pending = 0;  // 1 + offset of the newline that may become a comma
  size_t start = 0;
  size_t lines = 0;
  for (; start < length; lines++) {
    const auto* found = static_cast<const uint8_t*>(std::memchr(text + start, '\n', length - start));
    const size_t end = found == nullptr ? length : size_t(found - text);
    size_t at = start;
    while (at < end && is_line_space(text[at])) at++;
    if (at < end) {
      if (pending != 0) copy[pending] = ',';
      pending = end < length ? end + 1 : 0;
    }
    start = end + 1;
  }
  return lines;
}

// The exact walk: tracks strings and nesting, so that a comma at depth 0 or
// a bracket closing nothing is reported where it stands. Fills `copy` as
// wrap_lines_fast does; false (with `error` set) on such a byte.
bool wrap_lines_exact(const uint8_t* text, size_t length, uint8_t* copy, parse_error* error) noexcept {
  bool in_string = false, line_has_value = false;
  size_t pending = 0;
  // Nesting outside strings. A comma at depth 0, or a closing bracket that
  // closes nothing, would join values across the wrapper's array: "1,2" on
  // one line is not a JSON value, so it is an error, not two documents.
  size_t depth = 0;
  for (size_t i = 0; i < length; i++) {
    uint8_t c = text[i];
    if (in_string) {
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        in_string = false;
      } else if (c == '\n') {
        in_string = false;  // strings do not span lines; the parser reports it
      }
      continue;
    }
    if (c == '\n') {
      if (line_has_value) pending = i + 1;
      line_has_value = false;
    } else if (!is_line_space(c)) {
      if (!line_has_value && pending != 0) {
        copy[pending] = ',';
        pending = 0;
      }
      line_has_value = true;
      if (c == '"') {
        in_string = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}' || c == ',') {
        if (depth == 0) {
          error->code = error_code::json_syntax;
          error->position = i;
          return false;
        }
        if (c != ',') depth--;
      }
    }
  }
  return true;
}

}  // namespace

bool one_value_per_line(const document& doc, const uint8_t* text, size_t length) noexcept {
  const node& root = doc.nodes[0];
  if (root.type != node_type::array) return false;
  uint32_t index = 1;
  size_t previous_end = 0;
  for (uint32_t i = 0; i < root.count; i++) {
    const node& element = doc.nodes[index];
    // Offsets in the wrapper are one more than in `text`.
    const size_t begin = element.begin - 1;
    const size_t end = element.end - 1;
    if (end > length || begin >= end || begin < previous_end) return false;
    if (std::memchr(text + begin, '\n', end - begin) != nullptr) return false;
    // The parse saw one comma between two values: a newline of the text, or
    // (two values on one line) a comma of it.
    if (i > 0 && std::memchr(text + previous_end, ',', begin - previous_end) != nullptr) return false;
    previous_end = end;
    index = element.next;
  }
  return true;
}

document* parse_lines_document(arena& memory, parser_scratch& scratch, const uint8_t* text, size_t length,
                               parse_error* error, lines_shape* shape) noexcept {
  const size_t padding = parse_padding();
  if (text_too_large(length, 2)) {
    error->code = error_code::too_large;
    error->position = 0;
    return nullptr;
  }
  arena::mark start = memory.position();
  error_code alloc_error = error_code::success;
  auto* copy = static_cast<uint8_t*>(memory.allocate(length + 2 + padding, 64, &alloc_error));
  if (copy == nullptr) {
    error->code = alloc_error;
    error->position = 0;
    return nullptr;
  }
  // "[" + text + "]", where the newline after each line that holds a value
  // becomes a comma when another value follows. Offsets shift by one. The
  // common case (one value per line) takes the memchr split and a check of
  // the parsed lines; anything else is parsed again after the exact walk,
  // which locates the error.
  copy[0] = '[';
  if (length > 0) std::memcpy(copy + 1, text, length);
  copy[length + 1] = ']';
  std::memset(copy + length + 2, ' ', padding);
  const size_t line_count = wrap_lines_fast(text, length, copy);
  arena::mark parsed = memory.position();
  parse_error fast_error;
  document* doc = parse_document(memory, scratch, copy, length + 2, &fast_error);
  // A text the exact walk reads with one value per line reads the same way
  // here (JSON strings hold no raw newline), so this says it for both.
  const bool one_per_line = doc != nullptr && one_value_per_line(*doc, text, length);
  if (shape != nullptr) *shape = lines_shape{line_count, one_per_line};
  if (!one_per_line) {
    memory.rollback(parsed);
    if (length > 0) std::memcpy(copy + 1, text, length);
    if (!wrap_lines_exact(text, length, copy, error)) {
      memory.rollback(start);
      return nullptr;
    }
    doc = parse_document(memory, scratch, copy, length + 2, error);
  }
  if (doc == nullptr) {
    memory.rollback(start);
    error->position = error->position == 0 ? 0 : error->position - 1;
    if (error->position > length) error->position = length;
    return nullptr;
  }
  doc->lines = true;
  return doc;
}

}  // namespace arenajson
