#include "tape_index.h"

#include <cstring>

#include "materialize.h"

namespace arenajson {

namespace {

uint64_t hash_bytes(const uint8_t* p, size_t n) noexcept {
  uint64_t h = 0xcbf29ce484222325ull ^ n;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h ^ (h >> 29);
}

// A slot of an object's hash table: the key hash's low half, and the value's
// node index + 1 (0: empty).
constexpr uint32_t slot_words = 2;

}  // namespace

void tape_index::clear() noexcept {
  serial_ = 0;
  entries_.clear();
  pool_.clear();
  pool_.shrink_to_fit();
}

bool tape_index::use(const document& doc) {
  if (doc.serial == 0) return false;
  if (doc.serial != serial_) {
    serial_ = doc.serial;
    entries_.clear();
    if (pool_.capacity() > most_kept_words) {
      pool_ = std::vector<uint32_t>();
    } else {
      pool_.clear();
    }
  }
  return true;
}

tape_index::entry* tape_index::note_read(uint32_t container) {
  entry& e = entries_[container];
  if (e.size == 0 && e.reads < 2) e.reads++;
  return &e;
}

bool tape_index::build_array(const document& doc, uint32_t array, entry& e) {
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

uint64_t tape_index::key_hash(const document& doc, uint32_t key_index) {
  const node& k = doc.nodes[key_index];
  const uint8_t* body = string_body(doc, k);
  size_t length = string_body_length(k);
  if (!(k.flags & flag_escaped)) return hash_bytes(body, length);
  decode_string_utf8(body, length, key_buffer_);
  return hash_bytes(reinterpret_cast<const uint8_t*>(key_buffer_.data()), key_buffer_.size());
}

bool tape_index::build_object(const document& doc, uint32_t object, entry& e) {
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
    const uint64_t h = key_hash(doc, key);
    size_t s = size_t(h) & mask;
    while (table[s * slot_words + 1] != 0) s = (s + 1) & mask;
    table[s * slot_words] = uint32_t(h >> 32);
    table[s * slot_words + 1] = key + 2;  // the value's index + 1
    key = doc.nodes[key + 1].next;
  }
  e.size = uint32_t(words);
  return true;
}

int64_t tape_index::element(const document& doc, uint32_t array, uint32_t position) {
  const node& n = doc.nodes[array];
  if (n.type != node_type::array || position >= n.count) return -1;
  if ((n.flags & flag_uniform) || n.count < smallest_array || position < 8 || !use(doc)) {
    return find_element(doc, array, position);
  }
  entry* e = note_read(array);
  if (e->size == 0 && (e->reads < 2 || !build_array(doc, array, *e))) return find_element(doc, array, position);
  return pool_[e->offset + position];
}

int64_t tape_index::member(const document& doc, uint32_t object, const char* key, size_t key_length) {
  const node& n = doc.nodes[object];
  if (n.type != node_type::object) return -1;
  if (n.count < smallest_object || !use(doc)) return find_member(doc, object, key, key_length);
  entry* e = note_read(object);
  if (e->size == 0 && (e->reads < 2 || !build_object(doc, object, *e))) {
    return find_member(doc, object, key, key_length);
  }
  const uint32_t* table = pool_.data() + e->offset;
  const size_t mask = e->size / slot_words - 1;
  const uint64_t h = hash_bytes(reinterpret_cast<const uint8_t*>(key), key_length);
  const uint32_t tag = uint32_t(h >> 32);
  // Repeated keys sit in the same probe run; the last one (largest index) wins.
  int64_t found = -1;
  for (size_t s = size_t(h) & mask; table[s * slot_words + 1] != 0; s = (s + 1) & mask) {
    const uint32_t value = table[s * slot_words + 1] - 1;
    if (table[s * slot_words] == tag && int64_t(value) > found && key_equals(doc, value - 1, key, key_length)) {
      found = value;
    }
  }
  return found;
}

}  // namespace arenajson
