#include "parse/document.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <string>

#include "memory/size_limits.h"
#include "parse/kernel.h"
#include "parse/materialize.h"
#include "parse/stage2.h"
#include "simdjson.h"

namespace arenajson {

static_assert(text_padding == simdjson::SIMDJSON_PADDING, "size_limits.h states simdjson's padding");

namespace {

std::atomic<uint64_t> next_serial{1};

}  // namespace

class parser_scratch {
 public:
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  size_t capacity = 0;
  tape_stack stack;  // build_tape()'s

  bool ensure_capacity(size_t length) noexcept {
    size_t wanted = length < 65536 ? 65536 : length;
    bool too_small = capacity < wanted;
    bool far_too_large = capacity > scratch_retain_limit && wanted * 8 < capacity;
    if (stage1 && !too_small && !far_too_large) return true;
    if (!stage1) {
      auto err = simdjson::get_active_implementation()->create_dom_parser_implementation(wanted, 1, stage1);
      if (err != simdjson::SUCCESS) return false;
      stack.kernel = stage2_kernel_for(simdjson::get_active_implementation()->name().c_str());
    } else if (stage1->set_capacity(wanted) != simdjson::SUCCESS) {
      capacity = 0;
      return false;
    }
    capacity = wanted;
    return true;
  }
};

parser_scratch* parser_scratch_create() noexcept { return new (std::nothrow) parser_scratch(); }
void parser_scratch_destroy(parser_scratch* scratch) noexcept { delete scratch; }

size_t parse_padding() noexcept { return simdjson::SIMDJSON_PADDING; }

bool is_valid_utf8(const uint8_t* data, size_t length) noexcept {
  return simdjson::validate_utf8(reinterpret_cast<const char*>(data), length);
}

const char* active_implementation() noexcept {
  static std::string name = simdjson::get_active_implementation()->name();
  return name.c_str();
}

namespace {

// Parses a copy of the text with each non-ASCII character after a backslash
// masked (kernel.h), so the error is the syntax error at that backslash that
// the other kernels report, or an earlier one.
document* parse_masked(arena& memory, parser_scratch& scratch, const uint8_t* text, size_t length,
                       parse_error* error) noexcept {
  error->code = error_code::out_of_memory;
  error->position = 0;
  const size_t padding = simdjson::SIMDJSON_PADDING;
  std::unique_ptr<uint8_t[]> copy(new (std::nothrow) uint8_t[length + padding]);
  if (!copy) return nullptr;
  std::memset(copy.get() + length, ' ', padding);
  error->code = error_code::json_syntax;
  if (!mask_escaped_non_ascii(text, length, copy.get())) return nullptr;
  arena::mark start = memory.position();
  if (parse_document(memory, scratch, copy.get(), length, error) != nullptr) {
    memory.rollback(start);  // not expected: the copy holds an invalid escape
    error->code = error_code::json_syntax;
    error->position = 0;
  }
  return nullptr;
}

}  // namespace

document* parse_document(arena& memory, parser_scratch& scratch, const uint8_t* text, size_t length,
                         parse_error* error) noexcept {
  auto fail = [&](error_code code, size_t position) -> document* {
    error->code = code;
    error->position = position;
    return nullptr;
  };
  if (text_too_large(length)) return fail(error_code::too_large, 0);
  // V8 rejects a byte order mark; simdjson would skip it.
  if (length >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) return fail(error_code::json_syntax, 0);
  if (!scratch.ensure_capacity(length)) return fail(error_code::out_of_memory, 0);

  auto stage1 = scratch.stage1->stage1(text, length, simdjson::stage1_mode::regular);
  switch (stage1) {
    case simdjson::SUCCESS: break;
    case simdjson::EMPTY: return fail(error_code::json_syntax, length);
    case simdjson::UTF8_ERROR:
      // Valid UTF-8 here means the portable kernel misread `\é`: see kernel.h.
      if (simdjson::validate_utf8(reinterpret_cast<const char*>(text), length)) {
        return parse_masked(memory, scratch, text, length, error);
      }
      return fail(error_code::invalid_utf8, 0);
    case simdjson::UNCLOSED_STRING: return fail(error_code::json_syntax, length);
    case simdjson::MEMALLOC: return fail(error_code::out_of_memory, 0);
    case simdjson::CAPACITY: return fail(error_code::too_large, 0);
    default: return fail(error_code::json_syntax, 0);
  }
  const uint32_t* index = scratch.stage1->structural_indexes.get();
  const uint32_t count = scratch.stage1->n_structural_indexes;

  arena::mark start = memory.position();
  error_code alloc_error = error_code::success;
  auto* doc = static_cast<document*>(memory.allocate(sizeof(document), alignof(document), &alloc_error));
  if (doc == nullptr) return fail(alloc_error, 0);
  // Room for the most values a JSON text with `count` structurals holds
  // (stage2.h), about half of one node per structural.
  const uint64_t capacity = tape_capacity(count);
  auto* nodes = static_cast<node*>(memory.allocate(size_t(capacity) * sizeof(node), alignof(node), &alloc_error));
  if (nodes == nullptr) {
    memory.rollback(start);
    return fail(alloc_error, 0);
  }

  tape_outcome built;
  if (!build_tape(text, length, index, count, nodes, capacity, scratch.stack, &built)) {
    memory.rollback(start);
    return fail(built.out_of_memory ? error_code::out_of_memory : error_code::json_syntax, 0);
  }

  memory.shrink_last(nodes, size_t(built.node_count) * sizeof(node));
  doc->text = text;
  doc->length = uint32_t(length);
  doc->nodes = nodes;
  doc->node_count = built.node_count;
  doc->largest_array = built.largest_array;
  doc->ascii = false;
  doc->lines = false;
  doc->serial = next_serial.fetch_add(1, std::memory_order_relaxed);
  return doc;
}

bool key_equals(const document& doc, uint32_t key_index, const char* key, size_t key_length) noexcept {
  const node& k = doc.nodes[key_index];
  const uint8_t* body = doc.text + k.begin + 1;
  size_t body_length = k.end - k.begin - 2;
  if (!(k.flags & flag_escaped)) return body_length == key_length && std::memcmp(body, key, key_length) == 0;
  if (body_length < key_length) return false;  // escapes only ever shorten the text
  std::string decoded;
  decode_string_utf8(body, body_length, decoded);
  return decoded.size() == key_length && std::memcmp(decoded.data(), key, key_length) == 0;
}

int64_t find_member(const document& doc, uint32_t object_index, const char* key, size_t key_length) noexcept {
  const node& object = doc.nodes[object_index];
  if (object.type != node_type::object) return -1;
  int64_t found = -1;
  uint32_t at = object_index + 1;
  for (uint32_t i = 0; i < object.count; i++) {
    if (key_equals(doc, at, key, key_length)) found = at + 1;  // keep looking: the last duplicate wins
    at = doc.nodes[at + 1].next;
  }
  return found;
}

int64_t find_element(const document& doc, uint32_t array_index, uint32_t position) noexcept {
  const node& array = doc.nodes[array_index];
  if (array.type != node_type::array || position >= array.count) return -1;
  uint32_t at = array_index + 1;
  if (array.flags & flag_uniform) return at + int64_t(position) * (doc.nodes[at].next - at);
  for (uint32_t i = 0; i < position; i++) at = doc.nodes[at].next;
  return at;
}

}  // namespace arenajson
