#include "read/shallow.h"

namespace arenajson {

namespace {

void append_source(const document& doc, const node& n, std::string& out) {
  out.append(reinterpret_cast<const char*>(doc.text + n.begin), n.end - n.begin);
}

void append_code(uint32_t index, bool array, std::string& out) {
  uint64_t code = uint64_t(index) * 2 + (array ? 1 : 0);
  char digits[24];
  size_t length = 0;
  do {
    digits[length++] = char('0' + code % 10);
    code /= 10;
  } while (code != 0);
  while (length > 0) out.push_back(digits[--length]);
}

// Recursion depth is bounded: an inlined level is at most inline_bytes long
// and each level takes at least two bytes.
void write_level(const document& doc, uint32_t index, uint32_t inline_bytes, const read_options& options,
                 std::string& out);

void append_value(const document& doc, uint32_t index, uint32_t inline_bytes, const read_options& options,
                  std::string& out) {
  const node& n = doc.nodes[index];
  if (n.type == node_type::number && reads_as_bigint(doc, n, options.bigint)) {
    out += "[\"";
    append_source(doc, n, out);
    out += "\"]";
    return;
  }
  if (!is_container(n)) {
    append_source(doc, n, out);
    return;
  }
  out.push_back('[');
  append_code(index, n.type == node_type::array, out);
  if (n.end - n.begin <= inline_bytes) {
    out.push_back(',');
    write_level(doc, index, inline_bytes, options, out);
  }
  out.push_back(']');
}

void write_level(const document& doc, uint32_t index, uint32_t inline_bytes, const read_options& options,
                 std::string& out) {
  const node& n = doc.nodes[index];
  const bool object = n.type == node_type::object;
  const bool drop_poison = object && options.proto == proto_mode::remove;
  out.push_back(object ? '{' : '[');
  uint32_t at = index + 1;
  bool first = true;
  for (uint32_t i = 0; i < n.count; i++) {
    if (drop_poison && is_poisoned_key(doc, index, at)) {
      at = doc.nodes[at + 1].next;
      continue;
    }
    if (!first) out.push_back(',');
    first = false;
    if (object) {
      append_source(doc, doc.nodes[at], out);
      out.push_back(':');
      at++;
    }
    append_value(doc, at, inline_bytes, options, out);
    at = doc.nodes[at].next;
  }
  out.push_back(object ? '}' : ']');
}

}  // namespace

bool has_nested_container(const document& doc, uint32_t index) noexcept {
  const node& n = doc.nodes[index];
  const bool object = n.type == node_type::object;
  uint32_t at = index + 1;
  for (uint32_t i = 0; i < n.count; i++) {
    if (object) at++;  // the key
    if (is_container(doc.nodes[at])) return true;
    at = doc.nodes[at].next;
  }
  return false;
}

void write_shallow(const document& doc, uint32_t index, uint32_t inline_bytes, std::string& out,
                   const read_options& options) {
  out.clear();
  write_level(doc, index, inline_bytes, options, out);
}

}  // namespace arenajson
