#include "read/lazy_lookup.h"

#include <cstring>

#include "parse/materialize.h"

namespace arenajson {

namespace {

// The array index a canonical index key names ("0", "17"; not "01", "-1",
// "1.0" or 2^32 - 1 and above), or -1.
int64_t array_index_of(const char16_t* key, size_t length) noexcept {
  if (length == 0 || length > 10) return -1;
  if (key[0] == u'0') return length == 1 ? 0 : -1;
  uint64_t value = 0;
  for (size_t i = 0; i < length; i++) {
    const char16_t c = key[i];
    if (c < u'0' || c > u'9') return -1;
    value = value * 10 + uint64_t(c - u'0');
  }
  return value < 0xFFFFFFFFull ? int64_t(value) : -1;
}

bool spells(const char16_t* key, size_t length, const char* word) noexcept {
  const size_t n = std::strlen(word);
  if (length != n) return false;
  for (size_t i = 0; i < n; i++) {
    if (key[i] != char16_t(word[i])) return false;
  }
  return true;
}

}  // namespace

int64_t lazy_lookup(const document& doc, uint32_t container, const char16_t* key, size_t length,
                    const read_options& options, lookup_index& indexes, std::string& scratch) {
  const node& n = doc.nodes[container];
  if (n.type == node_type::array) {
    const int64_t position = array_index_of(key, length);
    if (position < 0) return spells(key, length, "length") ? lookup_declined : lookup_absent;
    if (uint64_t(position) >= n.count) return lookup_absent;
    return indexes.element(doc, container, uint32_t(position));
  }
  if (n.type != node_type::object) return lookup_declined;
  if (options.proto == proto_mode::remove && (spells(key, length, "__proto__") || spells(key, length, "constructor"))) {
    return lookup_declined;
  }
  encode_wtf8(key, length, scratch);
  return indexes.member(doc, container, scratch.data(), scratch.size());
}

}  // namespace arenajson
