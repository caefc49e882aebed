// The text the @pretty and @ugly modifiers produce, byte for byte as gjson
// (tidwall/pretty) writes it: arrays that fit `width` stay on one line,
// objects never do, keys optionally sorted, a trailing newline.
#pragma once

#include <string>
#include <string_view>

namespace arenajson {

struct pretty_options {
  int width = 80;
  std::string prefix;
  std::string indent = "  ";
  bool sort_keys = false;
};

/// Appends the pretty form of `json` to `out`. Returns false (out unspecified)
/// when the value nests deeper than `max_depth`, or when the text would pass
/// `max_bytes` (checked before each piece is written, so `out` never grows
/// much past it).
bool append_pretty(std::string& out, std::string_view json, const pretty_options& options, int max_depth,
                   size_t max_bytes);

/// Appends `json` without the whitespace outside its strings.
void append_ugly(std::string& out, std::string_view json);

}  // namespace arenajson
