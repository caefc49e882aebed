#include "path.h"

#include <string>

namespace arenajson {

namespace {

// Reads one key component of a plain path starting at `at`, unescaping `\x`
// to `x`. Stops at an unescaped '.' or '|'. Returns the index after the
// separator (or path_length).
size_t read_component(const char* path, size_t path_length, size_t at, std::string& key) {
  key.clear();
  while (at < path_length) {
    char c = path[at];
    if (c == '\\' && at + 1 < path_length) {
      key.push_back(path[at + 1]);
      at += 2;
      continue;
    }
    if (c == '.' || c == '|') return at + 1;
    key.push_back(c);
    at++;
  }
  return at;
}

bool parse_index(const std::string& key, uint32_t& index) {
  if (key.empty() || key.size() > 10) return false;
  uint64_t v = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + uint64_t(c - '0');
  }
  if (v > 0xFFFFFFFFu) return false;
  index = uint32_t(v);
  return true;
}

}  // namespace

void evaluate_path(const document& doc, uint32_t start, const char* path, size_t path_length, path_result& out) {
  out.what = path_result::kind::none;
  out.json.clear();
  if (path_length == 0 || start >= doc.node_count) return;
  uint32_t current = start;
  std::string key;
  size_t at = 0;
  while (at < path_length) {
    size_t next = read_component(path, path_length, at, key);
    bool last = next >= path_length;
    const node& n = doc.nodes[current];
    if (n.type == node_type::object) {
      int64_t found = find_member(doc, current, key.data(), key.size());
      if (found < 0) return;
      current = uint32_t(found);
    } else if (n.type == node_type::array) {
      if (key == "#") {
        if (!last) return;
        out.what = path_result::kind::json;
        out.json = std::to_string(n.count);
        return;
      }
      uint32_t index;
      if (!parse_index(key, index)) return;
      int64_t found = find_element(doc, current, index);
      if (found < 0) return;
      current = uint32_t(found);
    } else {
      return;
    }
    at = next;
  }
  out.what = path_result::kind::node;
  out.node_index = current;
}

}  // namespace arenajson
