// libFuzzer target: the native engine end to end, with no Node.js around it.
//
// An input is JSON text, optionally followed by a NUL byte and a gjson path.
// Each input is parsed into an arena twice, once without a limit and once
// with a maxSize just around what it needs; every node of a parsed document
// is checked and decoded; then a fixed set of paths and the input's own path
// are evaluated from the root and from the first members, and so is every
// modifier of the table with arguments of its kind. Seeds are plain JSON
// files, so they parse whole and exercise the fixed paths.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "memory/arena.h"
#include "parse/document.h"
#include "parse/materialize.h"
#include "path/modifiers.h"
#include "path/path.h"

using namespace arenajson;

namespace {

const char* const fixed_paths[] = {
    "0", "1", "a", "a.b", "#", "*", "a.*", "0.0", "#.a", "..0", "{a,b}", "[0,1]", "#(a==1)", "#(a>1)#", "!true", "a|0",
    "*.#", "a\\.b", "?", "-1", "4294967295", "statuses.0.user.name", "features.0.geometry.coordinates.0",
    "performances.#.id",
    // Modifiers with arguments and inside other paths (text they write counts
    // against the budget); evaluate_modifiers runs every modifier on its own.
    "@pretty:{\"sortKeys\":true,\"indent\":\"\\t\",\"prefix\":\"  \",\"width\":4}",
    "@pretty:{\"width\":-1,\"indent\":\"          \"}", "@flatten:{\"deep\":true}", "@join:{\"preserve\":true}",
    "[@this,@this,@this]|@pretty", "{a:@reverse,b:@keys}|@tostr", "#.@tostr", "#(a>0)#|@flatten", "..#.@ugly",
};

parser_scratch& scratch() {
  static parser_scratch* instance = parser_scratch_create();
  return *instance;
}

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  __builtin_trap();
}

// The tape must describe a well-formed tree inside the text.
void check_tape(const document& doc) {
  if (doc.node_count == 0 || doc.nodes[0].next != doc.node_count) broken("root does not span the tape");
  for (uint32_t i = 0; i < doc.node_count; i++) {
    const node& n = doc.nodes[i];
    if (n.next <= i || n.next > doc.node_count) broken("next out of range");
    if (n.begin >= n.end || n.end > doc.length) broken("text range out of bounds");
    if (n.type == node_type::array || n.type == node_type::object) {
      uint32_t at = i + 1;
      for (uint32_t k = 0; k < n.count; k++) {
        if (at >= n.next) broken("children overrun their container");
        if (n.type == node_type::object) {
          if (doc.nodes[at].type != node_type::string) broken("object key is not a string");
          at++;
        }
        at = doc.nodes[at].next;
      }
      if (at != n.next) broken("child count disagrees with next");
    } else if (n.next != i + 1 || n.count != 0) {
      broken("scalar with children");
    }
  }
}

// Decodes every scalar the way the binding would.
void read_everything(const document& doc) {
  std::u16string utf16;
  std::string utf8;
  volatile double sink = 0;
  for (uint32_t i = 0; i < doc.node_count; i++) {
    const node& n = doc.nodes[i];
    if (n.type == node_type::number) sink = sink + number_value(doc, n);
    if (n.type == node_type::string) {
      decode_string_utf16(string_body(doc, n), string_body_length(n), utf16);
      decode_string_utf8(string_body(doc, n), string_body_length(n), utf8);
      if (i > 0 && doc.nodes[i - 1].type == node_type::object) {
        find_member(doc, i - 1, utf8.data(), utf8.size());
      }
    }
    if (n.type == node_type::array) find_element(doc, i, n.count / 2);
  }
}

path_engine& engine() {
  static path_engine* instance = new path_engine();
  return *instance;
}

void evaluate(const document& doc, uint32_t start, const char* path, size_t length, path_result& result) {
  engine().evaluate(doc, start, path, length, result);
  if (result.what == path_result::kind::node) {
    if (result.node_index >= doc.node_count) broken("path result outside the tape");
    const node& n = doc.nodes[result.node_index];
    if (n.type == node_type::string) {
      std::u16string units;
      decode_string_utf16(string_body(doc, n), string_body_length(n), units);
    }
  }
}

// The arguments each kind of modifier is tried with.
const std::vector<const char*>& arguments_of(modifier_argument kind) {
  static const std::vector<const char*> none{"", ":{}", "|0"};
  static const std::vector<const char*> options{"", ":{\"deep\":true,\"preserve\":true,\"sortKeys\":true,\"width\":4}",
                                                ":[1]"};
  static const std::vector<const char*> paths{"", ":a", ":#", ":#(a>0)#|0"};
  switch (kind) {
    case modifier_argument::options: return options;
    case modifier_argument::path: return paths;
    default: return none;
  }
}

// Every modifier of the table (path/modifiers.h), bare and with arguments of
// its kind, so that a new modifier is fuzzed without a line here.
void evaluate_modifiers(const document& doc, path_result& result) {
  std::string path;
  for (size_t m = 0; m < modifier_count(); m++) {
    const modifier_entry& entry = modifier_table()[m];
    for (const char* argument : arguments_of(entry.argument)) {
      path.assign("@").append(entry.name).append(argument);
      evaluate(doc, 0, path.data(), path.size(), result);
    }
  }
}

void run(const uint8_t* json, size_t json_length, const char* path, size_t path_length, size_t max_size) {
  arena_options options;
  options.initial_size = 4096;
  options.max_size = max_size;
  arena memory(options);
  error_code error = error_code::success;
  const size_t padding = parse_padding();
  auto* text = static_cast<uint8_t*>(memory.allocate(json_length + padding, 64, &error));
  if (text == nullptr) return;
  if (json_length > 0) std::memcpy(text, json, json_length);
  std::memset(text + json_length, ' ', padding);
  const size_t used_before = memory.stats().bytes_used;
  parse_error failure;
  document* doc = parse_document(memory, scratch(), text, json_length, &failure);
  if (doc == nullptr) {
    if (memory.stats().bytes_used != used_before) broken("a failed parse kept memory");
    if (failure.code == error_code::success) broken("failure without a code");
    if (failure.code == error_code::json_syntax && failure.position > json_length) broken("error position past the end");
    return;
  }
  if (max_size != 0 && memory.stats().bytes_reserved > max_size) broken("reserved past maxSize");
  check_tape(*doc);
  read_everything(*doc);
  path_result result;
  for (const char* p : fixed_paths) evaluate(*doc, 0, p, std::strlen(p), result);
  evaluate_modifiers(*doc, result);
  if (path != nullptr) {
    evaluate(*doc, 0, path, path_length, result);
    // Also from the first few values below the root.
    uint32_t at = 1;
    for (int k = 0; k < 4 && at < doc->node_count; k++) {
      evaluate(*doc, at, path, path_length, result);
      at = doc->nodes[at].next;
    }
  }
  memory.reset();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const void* nul = std::memchr(data, 0, size);
  size_t json_length = nul == nullptr ? size : static_cast<size_t>(static_cast<const uint8_t*>(nul) - data);
  const char* path = nul == nullptr ? nullptr : reinterpret_cast<const char*>(data) + json_length + 1;
  size_t path_length = nul == nullptr ? 0 : size - json_length - 1;
  run(data, json_length, path, path_length, 0);
  // A limit near what the parse needs: the copy always fits, the tape may not.
  size_t tight = json_length + parse_padding() + 128 + (size % 13) * json_length;
  run(data, json_length, path, path_length, tight);
  return 0;
}
