#include "shallow.h"

namespace arenajson {

namespace {

bool is_container(const node& n) noexcept { return n.type == node_type::array || n.type == node_type::object; }

void append_source(const document& doc, const node& n, std::string& out) {
  out.append(reinterpret_cast<const char*>(doc.text + n.begin), n.end - n.begin);
}

void append_reference(uint32_t index, bool array, std::string& out) {
  uint64_t code = uint64_t(index) * 2 + (array ? 1 : 0);
  char digits[24];
  size_t length = 0;
  do {
    digits[length++] = char('0' + code % 10);
    code /= 10;
  } while (code != 0);
  out.push_back('[');
  while (length > 0) out.push_back(digits[--length]);
  out.push_back(']');
}

void append_value(const document& doc, uint32_t index, std::string& out) {
  const node& n = doc.nodes[index];
  if (is_container(n)) {
    append_reference(index, n.type == node_type::array, out);
  } else {
    append_source(doc, n, out);
  }
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

void write_shallow(const document& doc, uint32_t index, std::string& out) {
  const node& n = doc.nodes[index];
  out.clear();
  if (n.type == node_type::object) {
    out.push_back('{');
    uint32_t at = index + 1;
    for (uint32_t i = 0; i < n.count; i++) {
      if (i != 0) out.push_back(',');
      append_source(doc, doc.nodes[at], out);
      out.push_back(':');
      append_value(doc, at + 1, out);
      at = doc.nodes[at + 1].next;
    }
    out.push_back('}');
    return;
  }
  out.push_back('[');
  uint32_t at = index + 1;
  for (uint32_t i = 0; i < n.count; i++) {
    if (i != 0) out.push_back(',');
    append_value(doc, at, out);
    at = doc.nodes[at].next;
  }
  out.push_back(']');
}

}  // namespace arenajson
