#include "path/lines_output.h"

#include <cstring>
#include <string_view>

#include "parse/materialize.h"
#include "path/pretty_modifier.h"

namespace arenajson {

namespace {

// Appends the decoded text of the JSON string token `json`. A lone surrogate
// escape becomes U+FFFD, as when the decoded JS string is written as UTF-8.
void append_decoded(std::string& out, std::string_view json, std::string& buffer) {
  const size_t close = json.rfind('"');
  const auto* body = reinterpret_cast<const uint8_t*>(json.data() + 1);
  const size_t length = close > 0 ? close - 1 : 0;
  if (std::memchr(body, '\\', length) == nullptr) {
    out.append(reinterpret_cast<const char*>(body), length);
    return;
  }
  buffer.clear();
  decode_string_utf8(body, length, buffer);
  // Lone surrogates come out as ED A0..BF xx (WTF-8); valid text never has those bytes.
  size_t from = 0;
  for (size_t i = 0; i + 2 < buffer.size(); i++) {
    if (uint8_t(buffer[i]) == 0xED && uint8_t(buffer[i + 1]) >= 0xA0) {
      out.append(buffer, from, i - from);
      out.append("\xEF\xBF\xBD");
      i += 2;
      from = i + 1;
    }
  }
  out.append(buffer, from, std::string::npos);
}

// The JSON text of `result` (a node's source text, or the text the path
// made); false when the path has no result.
bool result_json(const document& doc, const path_result& result, std::string_view* json) {
  if (result.what == path_result::kind::node) {
    const node& n = doc.nodes[result.node_index];
    *json = std::string_view(reinterpret_cast<const char*>(doc.text + n.begin), n.end - n.begin);
    return true;
  }
  if (result.what == path_result::kind::json) {
    *json = result.json;
    return true;
  }
  return false;
}

}  // namespace

bool write_line_results(const document& doc, path_engine& engine, const char* path, size_t path_length,
                        line_format format, size_t limit, path_result& result, lines_output& out) {
  const node& root = doc.nodes[0];
  if (root.type != node_type::array) return true;
  std::string decoded;
  uint32_t index = 1;
  for (uint32_t i = 0; i < root.count; i++) {
    const uint32_t element = index;
    index = doc.nodes[element].next;
    engine.evaluate(doc, element, path, path_length, result);
    std::string_view json;
    if (!result_json(doc, result, &json)) continue;
    // Compact or decoded text is never longer than the JSON text; the "\n" is one more byte.
    if (json.size() + 1 > limit - out.text.size()) return false;
    if (format == line_format::raw && !json.empty() && json[0] == '"') {
      append_decoded(out.text, json, decoded);
    } else {
      append_ugly(out.text, json);
    }
    out.text.push_back('\n');
    out.matched++;
  }
  return true;
}

bool write_line_values(const document& doc, path_engine& engine, const std::vector<std::string_view>& paths,
                       bool single, size_t limit, path_result& result, std::string& text,
                       std::vector<double>& missing) {
  const node& root = doc.nodes[0];
  const size_t path_count = single ? 1 : paths.size();
  if (text.size() >= limit) return false;
  text.push_back('[');
  uint32_t index = 1;
  for (uint32_t i = 0; i < root.count; i++) {
    const uint32_t element = index;
    index = doc.nodes[element].next;
    // Separators and brackets: at most three bytes per element plus one per path.
    if (3 + path_count > limit - text.size()) return false;
    if (i > 0) text.push_back(',');
    if (!single) text.push_back('[');
    for (size_t p = 0; p < path_count; p++) {
      if (p > 0) text.push_back(',');
      engine.evaluate(doc, element, paths[p].data(), paths[p].size(), result);
      std::string_view json = "null";
      if (!result_json(doc, result, &json)) missing.push_back(double(i) * double(path_count) + double(p));
      if (json.size() + path_count + 2 > limit - text.size()) return false;
      text.append(json.data(), json.size());
    }
    if (!single) text.push_back(']');
  }
  if (text.size() >= limit) return false;
  text.push_back(']');
  return true;
}

}  // namespace arenajson
