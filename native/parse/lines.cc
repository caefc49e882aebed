#include "parse/lines.h"

#include <cstring>

#include "memory/size_limits.h"

namespace arenajson {

document* parse_lines_document(arena& memory, parser_scratch& scratch, const uint8_t* text, size_t length,
                               parse_error* error) noexcept {
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
  // becomes a comma when another value follows. Offsets shift by one.
  copy[0] = '[';
  std::memcpy(copy + 1, text, length);
  copy[length + 1] = ']';
  std::memset(copy + length + 2, ' ', padding);
  bool in_string = false, line_has_value = false;
  size_t pending = 0;  // 1 + offset of the newline that may become a comma
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
    } else if (c != ' ' && c != '\t' && c != '\r') {
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
          memory.rollback(start);
          error->code = error_code::json_syntax;
          error->position = i;
          return nullptr;
        }
        if (c != ',') depth--;
      }
    }
  }
  document* doc = parse_document(memory, scratch, copy, length + 2, error);
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
