// libFuzzer target: JSON Lines as the command line reads a batch, with no
// Node.js around it.
//
// An input is the text of a batch. It is parsed by parse_lines_document and
// checked against each of its lines parsed alone: the batch is accepted with
// one value per line (one_value_per_line) exactly when every line that holds
// something is one JSON document, and then element k spans the value of the
// k-th such line. A path, picked by the input's length and first byte, is
// then written over every line (write_line_results) in both formats: the
// compact text has one line per result, and the same write under a smaller
// limit writes the same text or fails, never past the limit. query()'s
// values (write_line_values) make one JSON array of one value per line.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "memory/arena.h"
#include "parse/document.h"
#include "parse/json_chars.h"
#include "parse/lines.h"
#include "path/lines_output.h"
#include "path/path.h"

using namespace arenajson;

namespace {

parser_scratch& scratch() {
  static parser_scratch* instance = parser_scratch_create();
  return *instance;
}

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  __builtin_trap();
}

const char* const paths[] = {"a", "a.b", "0", "#", "*", "{a,b}", "[a,0]", "@this", "@pretty", "@ugly", "a|@reverse",
                             "#.a", "a.#(>1)", "@keys", "@values|@flatten", "a|@tostr", "!true", "..0", "b.c.d", "@valid"};

// Where each line that holds something has its value: [begin, end) trimmed of JSON whitespace.
struct line_span {
  size_t begin, end;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint8_t control = uint8_t(size * 131 + (size > 0 ? data[0] : 0));
  arena_options settings;
  settings.initial_size = 4096;
  arena memory(settings);

  // Each line alone.
  bool every_line_parses = true;
  size_t depth_marks = 0;
  std::vector<line_span> spans;
  for (size_t start = 0; start <= size;) {
    const auto* found = size > start ? static_cast<const uint8_t*>(std::memchr(data + start, '\n', size - start)) : nullptr;
    const size_t end = found == nullptr ? size : size_t(found - data);
    size_t begin = start, stop = end;
    while (begin < stop && is_json_whitespace(data[begin])) begin++;
    while (stop > begin && is_json_whitespace(data[stop - 1])) stop--;
    if (begin < stop) {
      spans.push_back({begin, stop});
      error_code error = error_code::success;
      arena::mark mark = memory.position();
      auto* copy = static_cast<uint8_t*>(memory.allocate(end - start + parse_padding(), 64, &error));
      if (copy == nullptr) return 0;
      std::memcpy(copy, data + start, end - start);
      std::memset(copy + (end - start), ' ', parse_padding());
      parse_error failure;
      if (parse_document(memory, scratch(), copy, end - start, &failure) == nullptr) every_line_parses = false;
      memory.rollback(mark);
    }
    for (size_t i = start; i < end; i++) depth_marks += data[i] == '[' || data[i] == '{';
    start = end + 1;
  }

  parse_error failure;
  document* doc = parse_lines_document(memory, scratch(), data, size, &failure);
  const bool accepted = doc != nullptr && one_value_per_line(*doc, data, size);
  // The wrapper array adds a level: a line nested to the parser's limit parses alone only.
  if (accepted && !every_line_parses) broken("a batch accepted with a line that is not JSON");
  if (!accepted && every_line_parses && depth_marks < 512) broken("a batch of JSON lines rejected");
  if (!accepted) return 0;
  const node& root = doc->nodes[0];
  if (root.count != spans.size()) broken("not one value per line");
  uint32_t index = 1;
  for (const line_span& span : spans) {
    const node& element = doc->nodes[index];
    if (element.begin - 1 != span.begin || element.end - 1 != span.end) broken("a value that is not its line");
    index = element.next;
  }

  static path_engine engine;
  static path_result result;
  const char* path = paths[control % (sizeof(paths) / sizeof(paths[0]))];
  for (line_format format : {line_format::compact, line_format::raw}) {
    lines_output whole;
    if (!write_line_results(*doc, engine, path, std::strlen(path), format, size_t(1) << 30, result, whole)) {
      broken("a small batch past the limit");
    }
    if (whole.matched > spans.size()) broken("more results than lines");
    if (format == line_format::compact) {
      size_t newlines = 0;
      for (char c : whole.text) newlines += c == '\n';
      if (newlines != whole.matched) broken("a compact result across lines");
    }
    const size_t limit = whole.text.size() / 2 + control % 7;
    lines_output bounded;
    const bool fits = write_line_results(*doc, engine, path, std::strlen(path), format, limit, result, bounded);
    // The bound is checked before compacting, so a text that would just fit may be refused.
    if (fits && whole.text.size() > limit) broken("a text past the limit accepted");
    if (bounded.text.size() > limit) broken("text written past the limit");
    if (fits && bounded.text != whole.text) broken("a bounded write that differs");
  }
  // query()'s values: one JSON text that parses, bounded the same way.
  std::vector<std::string_view> chosen = {path, paths[(control / 7) % (sizeof(paths) / sizeof(paths[0]))]};
  for (bool single : {true, false}) {
    std::string json;
    std::vector<double> missing;
    if (!write_line_values(*doc, engine, chosen, single, size_t(1) << 30, result, json, missing)) broken("small values past the limit");
    if (missing.size() > size_t(root.count) * (single ? 1 : 2)) broken("more missing values than places");
    arena check(settings);
    error_code error = error_code::success;
    auto* copy = static_cast<uint8_t*>(check.allocate(json.size() + parse_padding(), 64, &error));
    if (copy == nullptr) return 0;
    std::memcpy(copy, json.data(), json.size());
    std::memset(copy + json.size(), ' ', parse_padding());
    parse_error values_failure;
    const document* values = parse_document(check, scratch(), copy, json.size(), &values_failure);
    if (values == nullptr && values_failure.code == error_code::json_syntax) broken("values that are not JSON");
    if (values != nullptr && values->nodes[0].count != root.count) broken("not one value per line");
    const size_t limit = json.size() / 2 + control % 5;
    std::string bounded;
    missing.clear();
    const bool fits = write_line_values(*doc, engine, chosen, single, limit, result, bounded, missing);
    if (bounded.size() > limit) broken("values written past the limit");
    if (fits && bounded != json) broken("bounded values that differ");
  }
  return 0;
}
