#include "parse/lookup_index.h"

#include <algorithm>
#include <cstring>

#include "parse/materialize.h"

namespace arenajson {

namespace {

uint64_t load8(const uint8_t* p) noexcept {
  uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}

// The first n (< 8) bytes of a word loaded from memory, whatever the byte order.
uint64_t first_bytes_mask(size_t n) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return ~(~uint64_t(0) >> (8 * n));
#else
  return (uint64_t(1) << (8 * n)) - 1;
#endif
}

uint64_t mix(uint64_t h) noexcept {
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 32);
}

// A hash of a key's bytes, eight at a time (keys are mostly short), mixed so
// that both halves (the table slot below, the tag above) depend on every
// byte. A key of 8 bytes or more is read within its bytes (the last word
// overlaps the one before); a shorter one as one word with the bytes past the
// key masked off, so 8 bytes from `p` must be readable: document text is
// padded (parse_padding()), and member() copies a short lookup key first.
inline uint64_t hash_key(const uint8_t* p, size_t n) noexcept {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xc4ceb9fe1a85ec53ull);
  uint64_t last;
  if (n > 8) {
    const uint8_t* end = p + n;
    for (; end - p > 8; p += 8) h = mix(h ^ load8(p));
    last = load8(end - 8);
  } else {
    last = n == 8 ? load8(p) : load8(p) & first_bytes_mask(n);
  }
  h = mix(h ^ last);
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

// A slot of an object's hash table: the key hash's low half, and the value's
// node index + 1 (0: empty).
constexpr uint32_t slot_words = 2;

}  // namespace

void lookup_index::clear() noexcept {
  serial_ = 0;
  entries_ = std::vector<entry>();
  entries_used_ = 0;
  pool_.clear();
  pool_.shrink_to_fit();
}

bool lookup_index::use(const document& doc) {
  if (doc.serial == 0) return false;
  if (doc.serial != serial_) {
    serial_ = doc.serial;
    if (entries_.size() > most_kept_entries) {
      entries_ = std::vector<entry>();
    } else {
      std::fill(entries_.begin(), entries_.end(), entry{});
    }
    entries_used_ = 0;
    if (pool_.capacity() > most_kept_words) {
      pool_ = std::vector<uint32_t>();
    } else {
      pool_.clear();
    }
  }
  return true;
}

namespace {

size_t entry_slot(uint32_t key, size_t mask) noexcept {
  return size_t((uint64_t(key) * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

}  // namespace

void lookup_index::grow_entries() {
  std::vector<entry> old;
  old.swap(entries_);
  entries_.assign(old.empty() ? smallest_table : old.size() * 2, entry{});
  const size_t mask = entries_.size() - 1;
  for (const entry& e : old) {
    if (e.container == 0) continue;
    size_t s = entry_slot(e.container, mask);
    while (entries_[s].container != 0) s = (s + 1) & mask;
    entries_[s] = e;
  }
}

lookup_index::entry* lookup_index::note_read(uint32_t container) {
  if (entries_used_ * 2 >= entries_.size()) grow_entries();
  const size_t mask = entries_.size() - 1;
  const uint32_t key = container + 1;  // node indexes are below 2^32 - 1
  size_t s = entry_slot(key, mask);
  while (entries_[s].container != key) {
    if (entries_[s].container == 0) {
      entries_[s].container = key;
      entries_used_++;
      break;
    }
    s = (s + 1) & mask;
  }
  entry& e = entries_[s];
  if (e.size == 0 && e.reads < 2) e.reads++;
  return &e;
}

bool lookup_index::build_array(const document& doc, uint32_t array, entry& e) {
  const node& n = doc.nodes[array];
  if (size_t(pool_.size()) + n.count > 0xFFFFFFFFu) return false;
  e.offset = uint32_t(pool_.size());
  pool_.resize(pool_.size() + n.count);
  uint32_t* table = pool_.data() + e.offset;
  uint32_t at = array + 1;
  for (uint32_t i = 0; i < n.count; i++) {
    table[i] = at;
    at = doc.nodes[at].next;
  }
  e.size = n.count;
  return true;
}

uint64_t lookup_index::escaped_key_hash(const document& doc, uint32_t key_index) {
  const node& k = doc.nodes[key_index];
  decode_string_utf8(string_body(doc, k), string_body_length(k), key_buffer_);
  return lookup_hash(key_buffer_.data(), key_buffer_.size());
}

uint64_t lookup_index::lookup_hash(const char* key, size_t key_length) noexcept {
  const auto* bytes = reinterpret_cast<const uint8_t*>(key);
  if (key_length >= 8) return hash_key(bytes, key_length);
  uint64_t word = 0;
  std::memcpy(&word, bytes, key_length);
  return hash_key(reinterpret_cast<const uint8_t*>(&word), key_length);
}

namespace {

// A lookup key prepared for comparing against the keys of a document with
// padded text: its first (up to) 8 bytes as a word, compared against one
// masked load from the text (always in bounds there).
struct key_probe {
  key_probe(const char* key, size_t key_length) noexcept : data(key), length(key_length) {
    std::memcpy(&first, key, key_length < 8 ? key_length : 8);
    mask = key_length >= 8 ? ~uint64_t(0) : first_bytes_mask(key_length);
  }

  // key_equals(doc, key_index, data, length).
  bool matches(const document& doc, uint32_t key_index) const noexcept {
    const node& k = doc.nodes[key_index];
    if (k.flags & flag_escaped) return key_equals(doc, key_index, data, length);
    if (k.end - k.begin - 2 != length) return false;
    const uint8_t* body = doc.text + k.begin + 1;
    if ((load8(body) & mask) != first) return false;
    for (size_t at = 8; at < length; at += 8) {  // the rest, 8 bytes at a time (the last word overlaps)
      const size_t from = at + 8 <= length ? at : length - 8;
      if (load8(body + from) != load8(reinterpret_cast<const uint8_t*>(data) + from)) return false;
    }
    return true;
  }

  const char* data;
  size_t length;
  uint64_t first = 0;
  uint64_t mask;
};

}  // namespace

int64_t lookup_index::scan(const document& doc, uint32_t object, const char* key, size_t key_length) noexcept {
  const node* nodes = doc.nodes;
  const uint32_t count = nodes[object].count;
  const key_probe probe(key, key_length);
  int64_t found = -1;
  uint32_t at = object + 1;
  for (uint32_t i = 0; i < count; i++) {
    if (probe.matches(doc, at)) found = at + 1;  // keep looking: the last duplicate wins
    at = nodes[at + 1].next;
  }
  return found;
}

bool lookup_index::build_object(const document& doc, uint32_t object, entry& e) {
  const node& n = doc.nodes[object];
  size_t slots = 16;
  while (slots < size_t(n.count) * 2) slots *= 2;
  const size_t words = slots * slot_words;
  if (pool_.size() + words > 0xFFFFFFFFu) return false;
  e.offset = uint32_t(pool_.size());
  pool_.resize(pool_.size() + words, 0);
  uint32_t* table = pool_.data() + e.offset;
  const size_t mask = slots - 1;
  uint32_t key = object + 1;
  for (uint32_t i = 0; i < n.count; i++) {
    const node& k = doc.nodes[key];
    const uint64_t h =
        (k.flags & flag_escaped) ? escaped_key_hash(doc, key) : hash_key(string_body(doc, k), string_body_length(k));
    size_t s = size_t(h) & mask;
    while (table[s * slot_words + 1] != 0) s = (s + 1) & mask;
    table[s * slot_words] = uint32_t(h >> 32);
    table[s * slot_words + 1] = key + 2;  // the value's index + 1
    key = doc.nodes[key + 1].next;
  }
  e.size = uint32_t(words);
  return true;
}

int64_t lookup_index::element(const document& doc, uint32_t array, uint32_t position) {
  const node& n = doc.nodes[array];
  if (n.type != node_type::array || position >= n.count) return -1;
  if ((n.flags & flag_uniform) || n.count < smallest_array || position < 8 || !use(doc)) {
    return find_element(doc, array, position);
  }
  entry* e = note_read(array);
  if (e->size == 0 && (e->reads < 2 || !build_array(doc, array, *e))) return find_element(doc, array, position);
  return pool_[e->offset + position];
}

int64_t lookup_index::member(const document& doc, uint32_t object, const char* key, size_t key_length) {
  const node& n = doc.nodes[object];
  if (n.type != node_type::object) return -1;
  // Documents made by parse_document (serial != 0) have padded text (scan).
  if (doc.serial == 0) return find_member(doc, object, key, key_length);
  if (n.count < smallest_object || !use(doc)) return scan(doc, object, key, key_length);
  entry* e = note_read(object);
  if (e->size == 0 && (e->reads < 2 || !build_object(doc, object, *e))) return scan(doc, object, key, key_length);
  const uint32_t* table = pool_.data() + e->offset;
  const size_t mask = e->size / slot_words - 1;
  const uint64_t h = lookup_hash(key, key_length);
  const uint32_t tag = uint32_t(h >> 32);
  const key_probe probe(key, key_length);
  // Repeated keys sit in the same probe run; the last one (largest index) wins.
  int64_t found = -1;
  for (size_t s = size_t(h) & mask; table[s * slot_words + 1] != 0; s = (s + 1) & mask) {
    const uint32_t value = table[s * slot_words + 1] - 1;
    if (table[s * slot_words] == tag && int64_t(value) > found && probe.matches(doc, value - 1)) {
      found = value;
    }
  }
  return found;
}

}  // namespace arenajson
