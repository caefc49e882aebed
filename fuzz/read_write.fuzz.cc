// libFuzzer target: what reading with options and writing reach from JS,
// with no Node.js around it.
//
// An input is JSON text. Each parsed document
// is planned under every read mode (bigint never/unsafe/always × proto
// keep/remove/error) from its root and from the first values below it, and
// every plan is checked: its steps form a tree whose depths and parents
// agree, every change names a member or element of the document, and
// change_path() names it. Then the document is written with every gap
// JSON.stringify can give (none, one to ten spaces, tabs, a non-ASCII one),
// in the source form and with integers as written; each write is repeated
// under a length limit derived from the input, which must give the
// same text when the text fits and string_too_long exactly when it does not.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "memory/arena.h"
#include "parse/document.h"
#include "read/read_plan.h"
#include "memory/text_buffer.h"
#include "write/writer.h"

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

void check_plan(const document& doc, uint32_t index, const read_options& options, read_plan& plan) {
  make_read_plan(doc, index, options, plan);
  const uint32_t last = doc.nodes[index].next;
  for (size_t i = 0; i < plan.steps.size(); i++) {
    const plan_step& s = plan.steps[i];
    if (s.value <= index || s.value >= last) broken("plan step outside the planned value");
    if (s.parent == plan_step::no_parent) {
      if (s.depth != 1) broken("a root step deeper than one");
    } else {
      if (s.parent >= i) broken("a step before its parent");
      const plan_step& p = plan.steps[s.parent];
      if (p.depth + 1 != s.depth) broken("step depth disagrees with its parent");
      if (s.value <= p.value || s.value >= doc.nodes[p.value].next) broken("a step outside its parent");
    }
    if (s.key != plan_step::no_key && (s.key + 1 != s.value || doc.nodes[s.key].type != node_type::string)) {
      broken("a member step whose key is not its value's key");
    }
  }
  for (const plan_change& c : plan.changes) {
    if (c.step >= plan.steps.size()) broken("a change without its step");
    const plan_step& s = plan.steps[c.step];
    if (c.what == plan_change::kind::to_bigint && doc.nodes[s.value].type != node_type::number) broken("a BigInt that is not a number");
    if (c.what == plan_change::kind::drop_key && s.key == plan_step::no_key) broken("a dropped element");
    std::string path = change_path(doc, plan, c);  // an empty key gives an empty path
    if (path.size() < s.depth - 1) broken("a change path shorter than its separators");
  }
  if (plan.poisoned && (options.proto != proto_mode::error || plan.changes.empty())) broken("poisoned without a reason");
}

const char* const gaps[] = {"", " ", "  ", "   ", "    ", "     ", "      ", "       ", "        ", "         ",
                            "          ", "\t", "\t\t", "\xc3\xa9", "--"};

void check_writes(const document& doc, uint32_t index, uint8_t control, writer_scratch& writer) {
  text_buffer whole;
  text_buffer bounded;
  for (const char* gap : gaps) {
    for (int form = 0; form < 3; form++) {
      write_options options;
      options.gap = gap;
      options.gap_length = std::strlen(gap);
      options.source_form = form == 1;
      options.integers_as_written = form == 2;
      whole.clear();
      const error_code full = write_node(doc, index, options, writer, whole);
      if (full != error_code::success) broken("an unbounded write failed");
      const size_t units = wtf8_utf16_units(whole.data(), whole.size());
      // A limit around the text's length, from the control byte.
      const size_t limit = (units * (control & 0x3F)) / 32 + (control >> 6);
      bounded.clear();
      bounded.limit(limit);
      const error_code cut = write_node(doc, index, options, writer, bounded);
      if (units <= limit) {
        if (cut != error_code::success) broken("a write that fits its limit failed");
        if (bounded.size() != whole.size() || std::memcmp(bounded.data(), whole.data(), whole.size()) != 0) {
          broken("a bounded write differs");
        }
      } else if (cut != error_code::string_too_long) {
        broken("a write past its limit did not fail with string_too_long");
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The whole input is the JSON text (so JSON seeds parse); the limit's
  // control byte comes from its length and first byte.
  const uint8_t control = uint8_t(size * 131 + (size > 0 ? data[0] : 0));
  const uint8_t* json = data;
  const size_t length = size;
  arena_options arena_settings;
  arena_settings.initial_size = 4096;
  arena memory(arena_settings);
  error_code error = error_code::success;
  auto* text = static_cast<uint8_t*>(memory.allocate(length + parse_padding(), 64, &error));
  if (text == nullptr) return 0;
  if (length > 0) std::memcpy(text, json, length);
  std::memset(text + length, ' ', parse_padding());
  parse_error failure;
  document* doc = parse_document(memory, scratch(), text, length, &failure);
  if (doc == nullptr) return 0;
  static read_plan plan;
  static writer_scratch writer;
  uint32_t starts[4] = {0, 0, 0, 0};
  size_t count = 1;
  for (uint32_t at = 1; count < 4 && at < doc->nodes[0].next; at = doc->nodes[at].next) starts[count++] = at;
  for (size_t s = 0; s < count; s++) {
    const uint32_t index = starts[s];
    const node& n = doc->nodes[index];
    if (n.type == node_type::array || n.type == node_type::object) {
      for (uint32_t mode = 0; mode < 12; mode++) {
        if (mode % 4 == 3) continue;
        check_plan(*doc, index, read_options_of(mode), plan);
      }
    }
    check_writes(*doc, index, control, writer);
  }
  return 0;
}
