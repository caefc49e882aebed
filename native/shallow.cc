#include "shallow.h"

namespace arenajson {

namespace {

bool is_container(const node& n) noexcept { return n.type == node_type::array || n.type == node_type::object; }

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
void write_level(const document& doc, uint32_t index, uint32_t inline_bytes, std::string& out);

void append_value(const document& doc, uint32_t index, uint32_t inline_bytes, std::string& out) {
  const node& n = doc.nodes[index];
  if (!is_container(n)) {
    append_source(doc, n, out);
    return;
  }
  out.push_back('[');
  append_code(index, n.type == node_type::array, out);
  if (n.end - n.begin <= inline_bytes) {
    out.push_back(',');
    write_level(doc, index, inline_bytes, out);
  }
  out.push_back(']');
}

void write_level(const document& doc, uint32_t index, uint32_t inline_bytes, std::string& out) {
  const node& n = doc.nodes[index];
  const bool object = n.type == node_type::object;
  out.push_back(object ? '{' : '[');
  uint32_t at = index + 1;
  for (uint32_t i = 0; i < n.count; i++) {
    if (i != 0) out.push_back(',');
    if (object) {
      append_source(doc, doc.nodes[at], out);
      out.push_back(':');
      at++;
    }
    append_value(doc, at, inline_bytes, out);
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

void write_shallow(const document& doc, uint32_t index, uint32_t inline_bytes, std::string& out) {
  out.clear();
  write_level(doc, index, inline_bytes, out);
}

}  // namespace arenajson
