#include "document.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "digits.h"
#include "kernel.h"
#include "materialize.h"
#include "simdjson.h"
#include "stage2.h"

namespace arenajson {

namespace {

bool is_whitespace(uint8_t c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// What may directly follow a scalar: whitespace, a structural character or the end.
// Not a quote: stage 1 folds a quote that directly follows a scalar (`0"a"`)
// into that scalar, so the string after it never gets a structural index and
// would otherwise be skipped unseen.
bool ends_scalar(const uint8_t* text, size_t at, size_t length) noexcept {
  if (at >= length) return true;
  switch (text[at]) {
    case ' ': case '\n': case '\r': case '\t':
    case ',': case ':': case ']': case '}': case '[': case '{':
      return true;
    default:
      return false;
  }
}

bool is_hex(uint8_t c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Checks the escapes of the string body [from, to); returns the offset of the
// first bad escape, or `to` when all are good.
size_t check_escapes(const uint8_t* text, size_t from, size_t to) noexcept {
  size_t at = from;
  while (at < to) {
    const void* hit = std::memchr(text + at, '\\', to - at);
    if (hit == nullptr) return to;
    at = static_cast<size_t>(static_cast<const uint8_t*>(hit) - text);
    if (at + 1 >= to) return at;
    switch (text[at + 1]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        at += 2;
        break;
      case 'u':
        if (to - at < 6) return at;
        if (!is_hex(text[at + 2]) || !is_hex(text[at + 3]) || !is_hex(text[at + 4]) || !is_hex(text[at + 5])) return at;
        at += 6;
        break;
      default:
        return at;
    }
  }
  return to;
}

std::atomic<uint64_t> next_serial{1};

struct frame {
  uint32_t node;
  uint32_t count;
  bool object;
};

}  // namespace

class parser_scratch {
 public:
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  size_t capacity = 0;
  std::vector<frame> stack;  // the checked builder's
  tape_stack fast_stack;     // build_tape()'s

  bool ensure_capacity(size_t length) noexcept {
    size_t wanted = length < 65536 ? 65536 : length;
    bool too_small = capacity < wanted;
    bool far_too_large = capacity > (64u << 20) && wanted * 8 < capacity;
    if (stage1 && !too_small && !far_too_large) return true;
    if (!stage1) {
      auto err = simdjson::get_active_implementation()->create_dom_parser_implementation(wanted, 1, stage1);
      if (err != simdjson::SUCCESS) return false;
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

// The checked tape builder: slower than build_tape() (stage2.h) but it knows
// where the text stops being JSON. It runs only after build_tape() has
// rejected the text, to find that position (`*bad`). Returns true when the
// text is JSON after all, with the tape in `nodes`.
bool build_tape_checked(const uint8_t* text, size_t length, const uint32_t* index, uint32_t count, node* nodes,
                        std::vector<frame>& stack, uint32_t* node_count, uint32_t* largest, size_t* bad_at) noexcept {
  stack.clear();
  uint32_t at = 0;     // next structural
  uint32_t tape = 0;   // next node
  uint32_t largest_array = 0;
  size_t bad = 0;      // position of a syntax error

  // Each label is a parser state; `goto` keeps the loop flat (no recursion, no depth limit).
  auto string_node = [&](uint32_t begin) -> bool {
    size_t close = index[at + 1] - 1;  // index[count] is the length (stage 1 sentinel)
    while (close > begin && is_whitespace(text[close])) close--;
    if (close <= begin || text[close] != '"') {
      bad = begin;
      return false;
    }
    uint8_t flags = 0;
    if (std::memchr(text + begin + 1, '\\', close - begin - 1) != nullptr) {
      size_t escape = check_escapes(text, begin + 1, close);
      if (escape != close) {
        bad = escape;
        return false;
      }
      flags = flag_escaped;
    }
    nodes[tape] = node{begin, uint32_t(close + 1), tape + 1, 0, node_type::string, flags};
    tape++;
    return true;
  };

value:
  if (at >= count) { bad = length; goto syntax_error; }
  {
    const uint32_t p = index[at];
    switch (text[p]) {
      case '{':
        stack.push_back(frame{tape, 0, true});
        nodes[tape] = node{p, 0, 0, 0, node_type::object, 0};
        tape++;
        at++;
        if (at < count && text[index[at]] == '}') goto close_container;
        goto object_key;
      case '[':
        stack.push_back(frame{tape, 0, false});
        nodes[tape] = node{p, 0, 0, 0, node_type::array, 0};
        tape++;
        at++;
        if (at < count && text[index[at]] == ']') goto close_container;
        goto value;
      case '"':
        if (!string_node(p)) goto syntax_error;
        at++;
        goto after_value;
      case 't':
        if (length - p < 4 || std::memcmp(text + p, "true", 4) != 0 || !ends_scalar(text, p + 4, length)) { bad = p; goto syntax_error; }
        nodes[tape] = node{p, p + 4, tape + 1, 0, node_type::true_value, 0};
        tape++; at++;
        goto after_value;
      case 'f':
        if (length - p < 5 || std::memcmp(text + p, "false", 5) != 0 || !ends_scalar(text, p + 5, length)) { bad = p; goto syntax_error; }
        nodes[tape] = node{p, p + 5, tape + 1, 0, node_type::false_value, 0};
        tape++; at++;
        goto after_value;
      case 'n':
        if (length - p < 4 || std::memcmp(text + p, "null", 4) != 0 || !ends_scalar(text, p + 4, length)) { bad = p; goto syntax_error; }
        nodes[tape] = node{p, p + 4, tape + 1, 0, node_type::null_value, 0};
        tape++; at++;
        goto after_value;
      default: {
        size_t q = p;
        bool negative = false;
        if (text[q] == '-') { negative = true; q++; }
        size_t digits_begin = q;
        if (q < length && text[q] == '0') {
          q++;
        } else if (q < length && text[q] >= '1' && text[q] <= '9') {
          q += digit_run(text + q);
        } else {
          bad = q < length ? (negative ? q : p) : length;
          goto syntax_error;
        }
        size_t digits = q - digits_begin;
        bool integer = true;
        if (q < length && text[q] == '.') {
          q++;
          if (q >= length || !is_digit(text[q])) { bad = q; goto syntax_error; }
          q += digit_run(text + q);
          integer = false;
        }
        if (q < length && (text[q] == 'e' || text[q] == 'E')) {
          q++;
          if (q < length && (text[q] == '+' || text[q] == '-')) q++;
          if (q >= length || !is_digit(text[q])) { bad = q; goto syntax_error; }
          q += digit_run(text + q);
          integer = false;
        }
        if (!ends_scalar(text, q, length)) { bad = q; goto syntax_error; }
        uint8_t flags = 0;
        if (integer && digits <= 15) flags |= flag_plain_integer;
        if (integer && negative && digits == 1 && text[digits_begin] == '0') flags |= flag_negative_zero;
        nodes[tape] = node{p, uint32_t(q), tape + 1, 0, node_type::number, flags};
        tape++; at++;
        goto after_value;
      }
    }
  }

object_key:
  if (at >= count) { bad = length; goto syntax_error; }
  if (text[index[at]] != '"') { bad = index[at]; goto syntax_error; }
  if (!string_node(index[at])) goto syntax_error;
  at++;
  if (at >= count) { bad = length; goto syntax_error; }
  if (text[index[at]] != ':') { bad = index[at]; goto syntax_error; }
  at++;
  goto value;

after_value:
  if (stack.empty()) {
    if (at != count) { bad = index[at]; goto syntax_error; }
    goto done;
  }
  stack.back().count++;
  if (at >= count) { bad = length; goto syntax_error; }
  {
    const uint8_t c = text[index[at]];
    if (c == ',') {
      at++;
      if (stack.back().object) goto object_key;
      goto value;
    }
    if (c == (stack.back().object ? '}' : ']')) goto close_container;
    bad = index[at];
    goto syntax_error;
  }

close_container: {
  // `at` is on the closing bracket.
  frame f = stack.back();
  stack.pop_back();
  node& n = nodes[f.node];
  n.end = index[at] + 1;
  n.next = tape;
  n.count = f.count;
  if (!f.object && f.count > largest_array) largest_array = f.count;
  at++;
  goto after_value;
}

syntax_error:
  *bad_at = bad;
  return false;

done:
  *node_count = tape;
  *largest = largest_array;
  return true;
}

}  // namespace

document* parse_document(arena& memory, parser_scratch& scratch, const uint8_t* text, size_t length,
                         parse_error* error) noexcept {
  auto fail = [&](error_code code, size_t position) -> document* {
    error->code = code;
    error->position = position;
    return nullptr;
  };
  if (length >= 0xFFFFFFFFu - 64) return fail(error_code::too_large, 0);
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
  auto* nodes = static_cast<node*>(memory.allocate(size_t(count) * sizeof(node), alignof(node), &alloc_error));
  if (nodes == nullptr) {
    memory.rollback(start);
    return fail(alloc_error, 0);
  }

  tape_outcome built;
  uint32_t tape = 0;
  uint32_t largest_array = 0;
  if (build_tape(text, length, index, count, nodes, scratch.fast_stack, &built)) {
    tape = built.node_count;
    largest_array = built.largest_array;
  } else if (built.out_of_memory) {
    memory.rollback(start);
    return fail(error_code::out_of_memory, 0);
  } else {
    size_t bad = 0;
    scratch.stack.clear();
    if (!build_tape_checked(text, length, index, count, nodes, scratch.stack, &tape, &largest_array, &bad)) {
      memory.rollback(start);
      return fail(error_code::json_syntax, bad);
    }
  }

  memory.shrink_last(nodes, size_t(tape) * sizeof(node));
  doc->text = text;
  doc->length = uint32_t(length);
  doc->nodes = nodes;
  doc->node_count = tape;
  doc->largest_array = largest_array;
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
