#include "path/path_match.h"

namespace arenajson {

namespace {

// Length of the UTF-8 sequence that starts with `lead` (1 for stray bytes).
size_t sequence_length(std::string_view text, size_t at) noexcept {
  auto lead = static_cast<uint8_t>(text[at]);
  size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (at + length > text.size()) return 1;
  for (size_t k = 1; k < length; k++) {
    if ((static_cast<uint8_t>(text[at + k]) & 0xC0) != 0x80) return 1;
  }
  return length;
}

}  // namespace

match_result wildcard_match(std::string_view text, std::string_view pattern, int64_t* budget) noexcept {
  size_t t = 0, p = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (--*budget < 0) return match_result::stopped;
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*') p++;
      if (p == pattern.size()) return match_result::match;
      star_p = p;
      star_t = t;
      continue;
    }
    size_t text_step = sequence_length(text, t);
    bool same = false;
    size_t pattern_step = 0;
    if (p < pattern.size()) {
      if (pattern[p] == '?') {
        same = true;
        pattern_step = 1;
      } else {
        size_t literal = p;
        if (pattern[p] == '\\') literal = p + 1;
        if (literal < pattern.size()) {
          size_t length = sequence_length(pattern, literal);
          same = length == text_step && text.compare(t, text_step, pattern, literal, length) == 0;
          pattern_step = literal - p + length;
        }
      }
    }
    if (same) {
      t += text_step;
      p += pattern_step;
      continue;
    }
    if (star_p == std::string_view::npos) return match_result::no_match;
    star_t += sequence_length(text, star_t);
    t = star_t;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '*') p++;
  return p == pattern.size() ? match_result::match : match_result::no_match;
}

}  // namespace arenajson
