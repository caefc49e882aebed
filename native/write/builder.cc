#include "write/builder.h"

#include <cstring>
#include <string>

#include "parse/materialize.h"

namespace arenajson {

namespace {

constexpr uint32_t small_object = 8;           // members scanned linearly; past it, a hash index
constexpr uint32_t largest_array = 134217724;  // V8 cannot hold a longer array

template <typename T>
T* allocate_array(arena& memory, size_t count, error_code* error) noexcept {
  if (count > (~size_t(0)) / sizeof(T)) {
    *error = error_code::out_of_memory;
    return nullptr;
  }
  return static_cast<T*>(memory.allocate(count * sizeof(T), alignof(T), error));
}

built_value* new_value(arena& memory, built_kind kind, error_code* error) noexcept {
  auto* value = allocate_array<built_value>(memory, 1, error);
  if (value == nullptr) return nullptr;
  *value = built_value{kind, 0, 0, nullptr, nullptr, nullptr, nullptr};
  return value;
}

uint32_t hash_key(const uint8_t* key, size_t length) noexcept {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < length; i++) h = (h ^ key[i]) * 16777619u;
  return h;
}

bool key_is_plain(const uint8_t* key, size_t length) noexcept {
  for (size_t i = 0; i < length; i++) {
    const uint8_t c = key[i];
    if (c < 0x20 || c == '"' || c == '\\') return false;
    if (c == 0xED && i + 1 < length && key[i + 1] >= 0xA0) return false;
  }
  return true;
}

// (Re)builds the hash index of an object from its live members.
bool rebuild_table(arena& memory, built_object& object, error_code* error) noexcept {
  uint32_t size = 16;
  while (size < object.count * 2 + 2) size *= 2;
  auto* table = allocate_array<uint32_t>(memory, size, error);
  if (table == nullptr) return false;
  std::memset(table, 0, size * sizeof(uint32_t));
  for (uint32_t i = 0; i < object.count; i++) {
    if (object.members[i].value == nullptr) continue;
    uint32_t slot = object.members[i].hash & (size - 1);
    while (table[slot] != 0) slot = (slot + 1) & (size - 1);
    table[slot] = i + 1;
  }
  object.table = table;
  object.table_size = size;
  return true;
}

// The index-table slot for `key`: either the slot of the member with that key
// (live or deleted) or the empty slot where it would go.
uint32_t table_slot(const built_object& object, const uint8_t* key, size_t length, uint32_t hash) noexcept {
  const uint32_t mask = object.table_size - 1;
  uint32_t slot = hash & mask;
  while (true) {
    uint32_t entry = object.table[slot];
    if (entry == 0) return slot;
    const built_member& m = object.members[entry - 1];
    if (m.hash == hash && m.key_length == length && std::memcmp(m.key, key, length) == 0) return slot;
    slot = (slot + 1) & mask;
  }
}

// Appends a member; the key bytes must outlive the object (arena or document text).
bool append_member(arena& memory, built_object& object, const uint8_t* key, size_t length, uint32_t hash,
                   built_value* value, error_code* error) noexcept {
  if (length > 0xFFFFFFFFu) {
    *error = error_code::invalid_arg;
    return false;
  }
  if (object.count == object.capacity) {
    // Grow, dropping deleted members on the way.
    uint32_t wanted = object.live < 4 ? 8 : object.live * 2;
    auto* members = allocate_array<built_member>(memory, wanted, error);
    if (members == nullptr) return false;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < object.count; i++) {
      if (object.members[i].value != nullptr) members[kept++] = object.members[i];
    }
    object.members = members;
    object.count = kept;
    object.capacity = wanted;
    if (object.table != nullptr || kept >= small_object) {
      if (!rebuild_table(memory, object, error)) return false;
    }
  }
  built_member& m = object.members[object.count];
  m.key = key;
  m.key_length = uint32_t(length);
  m.hash = hash;
  m.array_index = array_index_of(key, length);
  m.plain_key = key_is_plain(key, length);
  m.value = value;
  object.count++;
  object.live++;
  if (object.table != nullptr) {
    if (object.count * 2 + 2 > object.table_size) {
      if (!rebuild_table(memory, object, error)) return false;
    } else {
      object.table[table_slot(object, key, length, hash)] = object.count;
    }
  } else if (object.count > small_object) {
    if (!rebuild_table(memory, object, error)) return false;
  }
  return true;
}

bool make_container(arena& memory, built_value* value, built_kind kind, error_code* error) noexcept {
  if (kind == built_kind::object) {
    auto* object = allocate_array<built_object>(memory, 1, error);
    if (object == nullptr) return false;
    *object = built_object{nullptr, 0, 0, 0, nullptr, 0};
    *value = built_value{built_kind::object, 0, 0, nullptr, nullptr, nullptr, object};
  } else {
    auto* array = allocate_array<built_array>(memory, 1, error);
    if (array == nullptr) return false;
    *array = built_array{nullptr, 0, 0};
    *value = built_value{built_kind::array, 0, 0, nullptr, nullptr, array, nullptr};
  }
  return true;
}

bool reserve_elements(arena& memory, built_array& array, size_t wanted, error_code* error) noexcept {
  if (wanted <= array.capacity) return true;
  size_t capacity = array.capacity < 4 ? 8 : size_t(array.capacity) * 2;
  if (capacity < wanted) capacity = wanted;
  auto* elements = allocate_array<built_value*>(memory, capacity, error);
  if (elements == nullptr) return false;
  if (array.count > 0) std::memcpy(elements, array.elements, array.count * sizeof(built_value*));
  array.elements = elements;
  array.capacity = uint32_t(capacity);
  return true;
}

bool push_element(arena& memory, built_array& array, built_value* value, error_code* error) noexcept {
  if (array.count >= largest_array) {
    *error = error_code::invalid_arg;
    return false;
  }
  if (!reserve_elements(memory, array, size_t(array.count) + 1, error)) return false;
  array.elements[array.count++] = value;
  return true;
}

// One component of a path.
struct component {
  std::string key;       // unescaped
  bool forced = false;   // a leading ':' made it an object key
  bool complex = false;  // holds | # @ * ? (sjson's "complex path")

  bool is_append() const noexcept { return !forced && key == "-1"; }
  // sjson's atoui: all digits, not forced. (An empty key is not a number here.)
  bool numeric(uint64_t* n) const noexcept {
    if (forced || key.empty() || key.size() > 12) return false;
    uint64_t v = 0;
    for (char c : key) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + uint64_t(c - '0');
    }
    *n = v;
    return true;
  }
  bool digits_only(uint64_t* n) const noexcept {
    component plain = *this;
    plain.forced = false;
    return plain.numeric(n);
  }
};

bool split_path(const char* path, size_t length, std::vector<component>& out) {
  out.clear();
  if (length == 0) return false;
  size_t at = 0;
  while (true) {
    component c;
    if (at < length && path[at] == ':') {
      c.forced = true;
      at++;
    }
    bool ended = true;
    while (at < length) {
      char ch = path[at];
      if (ch == '\\') {
        if (at + 1 < length) c.key.push_back(path[at + 1]);
        at += 2;
        continue;
      }
      if (ch == '.') {
        at++;
        ended = false;
        break;
      }
      if (ch == '|' || ch == '#' || ch == '@' || ch == '*' || ch == '?') c.complex = true;
      c.key.push_back(ch);
      at++;
    }
    out.push_back(std::move(c));
    if (ended) break;
  }
  for (const component& c : out) {
    if (c.complex) return false;
  }
  return true;
}

// Copies a key into the arena.
const uint8_t* copy_key(arena& memory, const std::string& key, error_code* error) noexcept {
  if (key.empty()) return reinterpret_cast<const uint8_t*>("");
  auto* copy = static_cast<uint8_t*>(memory.allocate(key.size(), 1, error));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, key.data(), key.size());
  return copy;
}

bool is_container(const built_value* v) noexcept {
  if (v == nullptr) return false;
  if (v->kind == built_kind::object || v->kind == built_kind::array) return true;
  if (v->kind != built_kind::node_ref) return false;
  node_type t = v->doc->nodes[v->index].type;
  return t == node_type::object || t == node_type::array;
}

// Wraps `inner` in the container component `c` leads into (sjson's
// appendBuild): an array padded with nulls when `c` is a number or -1, else
// an object with the key.
built_value* wrap(arena& memory, const component& c, built_value* inner, error_code* error) noexcept {
  uint64_t n = 0;
  if (c.is_append() || c.numeric(&n)) {
    if (n >= largest_array) {
      *error = error_code::invalid_arg;
      return nullptr;
    }
    built_value* container = new_array(memory, error);
    if (container == nullptr) return nullptr;
    built_array& array = *container->array;
    if (!reserve_elements(memory, array, size_t(n) + 1, error)) return nullptr;
    for (uint64_t i = 0; i < n; i++) array.elements[i] = nullptr;
    array.elements[n] = inner;
    array.count = uint32_t(n + 1);
    return container;
  }
  built_value* container = new_object(memory, error);
  if (container == nullptr) return nullptr;
  const uint8_t* key = copy_key(memory, c.key, error);
  if (key == nullptr) return nullptr;
  if (!append_member(memory, *container->object, key, c.key.size(), hash_key(key, c.key.size()), inner, error))
    return nullptr;
  return container;
}

// The containers that lead from components [from, end) down to `value`.
built_value* build_chain(arena& memory, const std::vector<component>& path, size_t from, built_value* value,
                         error_code* error) noexcept {
  built_value* tail = value;
  for (size_t j = path.size(); j > from; j--) {
    tail = wrap(memory, path[j - 1], tail, error);
    if (tail == nullptr) return nullptr;
  }
  return tail;
}

// Makes `*slot` a container that component `c` can go into: expands a
// document container; replaces a scalar (or a null/missing element) with an
// empty array when `c` is a number, else an empty object. The root is changed
// in place, other slots get a new value (so a shared scalar is not touched).
bool enter(arena& memory, built_value** slot, bool is_root, const component& c, error_code* error) noexcept {
  built_value* current = *slot;
  if (is_container(current)) {
    if (current->kind == built_kind::node_ref) {
      *error = expand(memory, current);
      if (*error != error_code::success) return false;
    }
    return true;
  }
  uint64_t n;
  built_kind kind = c.numeric(&n) ? built_kind::array : built_kind::object;
  if (is_root && current != nullptr) return make_container(memory, current, kind, error);
  built_value* fresh = kind == built_kind::array ? new_array(memory, error) : new_object(memory, error);
  if (fresh == nullptr) return false;
  *slot = fresh;
  return true;
}

}  // namespace

built_value* new_object(arena& memory, error_code* error) noexcept {
  built_value* value = new_value(memory, built_kind::object, error);
  if (value == nullptr || !make_container(memory, value, built_kind::object, error)) return nullptr;
  return value;
}

built_value* new_array(arena& memory, error_code* error) noexcept {
  built_value* value = new_value(memory, built_kind::array, error);
  if (value == nullptr || !make_container(memory, value, built_kind::array, error)) return nullptr;
  return value;
}

built_value* new_undefined(arena& memory, error_code* error) noexcept {
  return new_value(memory, built_kind::undefined_value, error);
}

built_value* new_node_ref(arena& memory, const document* doc, uint32_t index, bool canonical,
                          error_code* error) noexcept {
  built_value* value = new_value(memory, built_kind::node_ref, error);
  if (value == nullptr) return nullptr;
  value->doc = doc;
  value->index = index;
  value->flags = canonical ? built_canonical : 0;
  return value;
}

built_value* new_json_text(arena& memory, const char* text, size_t length, error_code* error) noexcept {
  if (length > 0xFFFFFFFFu) {
    *error = error_code::too_large;
    return nullptr;
  }
  auto* copy = static_cast<char*>(memory.allocate(length, 1, error));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, text, length);
  built_value* value = new_value(memory, built_kind::json_text, error);
  if (value == nullptr) return nullptr;
  value->text = copy;
  value->index = uint32_t(length);
  return value;
}

uint32_t array_index_of(const uint8_t* key, size_t length) noexcept {
  if (length == 0 || length > 10) return no_array_index;
  if (key[0] == '0') return length == 1 ? 0 : no_array_index;
  uint64_t v = 0;
  for (size_t i = 0; i < length; i++) {
    if (key[i] < '0' || key[i] > '9') return no_array_index;
    v = v * 10 + (key[i] - '0');
  }
  return v <= 4294967294u ? uint32_t(v) : no_array_index;
}

built_member* find_built_member(built_object& object, const uint8_t* key, size_t key_length) noexcept {
  if (object.table != nullptr) {
    uint32_t hash = hash_key(key, key_length);
    uint32_t entry = object.table[table_slot(object, key, key_length, hash)];
    if (entry == 0) return nullptr;
    built_member& m = object.members[entry - 1];
    return m.value != nullptr ? &m : nullptr;
  }
  for (uint32_t i = 0; i < object.count; i++) {
    built_member& m = object.members[i];
    if (m.value != nullptr && m.key_length == key_length && std::memcmp(m.key, key, key_length) == 0) return &m;
  }
  return nullptr;
}

error_code expand(arena& memory, built_value* value) noexcept {
  if (value->kind != built_kind::node_ref) return error_code::success;
  const document& doc = *value->doc;
  const uint32_t at = value->index;
  const node& n = doc.nodes[at];
  error_code error = error_code::success;
  if (n.type == node_type::array) {
    auto* array = allocate_array<built_array>(memory, 1, &error);
    if (array == nullptr) return error;
    *array = built_array{nullptr, 0, 0};
    if (n.count > 0 && !reserve_elements(memory, *array, n.count, &error)) return error;
    uint32_t child = at + 1;
    for (uint32_t i = 0; i < n.count; i++) {
      built_value* element = new_node_ref(memory, &doc, child, value->flags & built_canonical, &error);
      if (element == nullptr) return error;
      array->elements[i] = element;
      child = doc.nodes[child].next;
    }
    array->count = n.count;
    *value = built_value{built_kind::array, 0, 0, nullptr, nullptr, array, nullptr};
    return error_code::success;
  }
  if (n.type != node_type::object) return error_code::success;
  auto* object = allocate_array<built_object>(memory, 1, &error);
  if (object == nullptr) return error;
  *object = built_object{nullptr, 0, 0, 0, nullptr, 0};
  std::string decoded;
  uint32_t key_index = at + 1;
  for (uint32_t i = 0; i < n.count; i++) {
    const node& k = doc.nodes[key_index];
    const uint32_t value_index = key_index + 1;
    const uint8_t* key = string_body(doc, k);
    size_t key_length = string_body_length(k);
    if (k.flags & flag_escaped) {
      decode_string_utf8(key, key_length, decoded);
      key = copy_key(memory, decoded, &error);
      if (key == nullptr) return error;
      key_length = decoded.size();
    }
    built_value* member_value = new_node_ref(memory, &doc, value_index, value->flags & built_canonical, &error);
    if (member_value == nullptr) return error;
    built_member* existing = find_built_member(*object, key, key_length);
    if (existing != nullptr) {
      existing->value = member_value;  // a repeated key: the last value, at the first key's place
    } else if (!append_member(memory, *object, key, key_length, hash_key(key, key_length), member_value, &error)) {
      return error;
    }
    key_index = doc.nodes[value_index].next;
  }
  *value = built_value{built_kind::object, 0, 0, nullptr, nullptr, nullptr, object};
  return error_code::success;
}

namespace {

// True when `path` is one component with nothing to unescape or force and no
// sjson "complex" character: the key is the path's own bytes.
bool single_plain_key(const char* path, size_t length) noexcept {
  if (length == 0 || path[0] == ':') return false;
  for (size_t i = 0; i < length; i++) {
    switch (path[i]) {
      case '.':
      case '\\':
      case '|':
      case '#':
      case '@':
      case '*':
      case '?': return false;
      default: break;
    }
  }
  return true;
}

// set_path for a single plain key on a built object: the object step of the
// general walk below (replace in place, else append), without splitting.
error_code set_member(arena& memory, built_object& object, const char* path, size_t length,
                      built_value* value) noexcept {
  const auto* key = reinterpret_cast<const uint8_t*>(path);
  if (built_member* m = find_built_member(object, key, length)) {
    m->value = value;
    return error_code::success;
  }
  error_code error = error_code::success;
  auto* stored = static_cast<uint8_t*>(memory.allocate(length, 1, &error));
  if (stored == nullptr) return error;
  std::memcpy(stored, key, length);
  if (!append_member(memory, object, stored, length, hash_key(stored, length), value, &error)) return error;
  return error_code::success;
}

}  // namespace

error_code set_path(arena& memory, built_value* root, const char* path, size_t path_length,
                    built_value* value) noexcept {
  if (root->kind == built_kind::object && single_plain_key(path, path_length)) {
    return set_member(memory, *root->object, path, path_length, value);
  }
  std::vector<component> parts;
  if (!split_path(path, path_length, parts)) return error_code::invalid_arg;
  error_code error = error_code::success;
  built_value* root_slot = root;
  built_value** slot = &root_slot;
  for (size_t i = 0; i < parts.size(); i++) {
    const component& c = parts[i];
    const bool last = i + 1 == parts.size();
    if (!enter(memory, slot, i == 0, c, &error)) return error;
    built_value* current = *slot;
    if (current->kind == built_kind::object) {
      built_object& object = *current->object;
      const uint8_t* key = reinterpret_cast<const uint8_t*>(c.key.data());
      built_member* m = find_built_member(object, key, c.key.size());
      if (m != nullptr) {
        if (last) {
          m->value = value;
          return error_code::success;
        }
        slot = &m->value;
        continue;
      }
      built_value* inner = build_chain(memory, parts, i + 1, value, &error);
      if (inner == nullptr) return error;
      const uint8_t* stored = copy_key(memory, c.key, &error);
      if (stored == nullptr) return error;
      if (!append_member(memory, object, stored, c.key.size(), hash_key(stored, c.key.size()), inner, &error))
        return error;
      return error_code::success;
    }
    built_array& array = *current->array;
    uint64_t n = 0;
    if (c.is_append()) {
      built_value* inner = build_chain(memory, parts, i + 1, value, &error);
      if (inner == nullptr) return error;
      return push_element(memory, array, inner, &error) ? error_code::success : error;
    }
    if (!c.digits_only(&n)) return error_code::invalid_arg;  // sjson: a non-numeric key on an array
    if (n < array.count) {
      if (last) {
        array.elements[n] = value;
        return error_code::success;
      }
      slot = &array.elements[n];
      continue;
    }
    if (c.forced) return error_code::invalid_arg;
    if (n >= largest_array) return error_code::invalid_arg;
    built_value* inner = build_chain(memory, parts, i + 1, value, &error);
    if (inner == nullptr) return error;
    if (!reserve_elements(memory, array, size_t(n) + 1, &error)) return error;
    for (uint64_t j = array.count; j < n; j++) array.elements[j] = nullptr;
    array.elements[n] = inner;
    array.count = uint32_t(n + 1);
    return error_code::success;
  }
  return error_code::success;
}

error_code delete_path(arena& memory, built_value* root, const char* path, size_t path_length, bool* deleted) noexcept {
  *deleted = false;
  std::vector<component> parts;
  if (!split_path(path, path_length, parts)) return error_code::invalid_arg;
  built_value* current = root;
  for (size_t i = 0; i < parts.size(); i++) {
    const component& c = parts[i];
    const bool last = i + 1 == parts.size();
    if (!is_container(current)) return error_code::success;
    if (current->kind == built_kind::node_ref) {
      error_code error = expand(memory, current);
      if (error != error_code::success) return error;
    }
    if (current->kind == built_kind::object) {
      built_member* m =
          find_built_member(*current->object, reinterpret_cast<const uint8_t*>(c.key.data()), c.key.size());
      if (m == nullptr) return error_code::success;
      if (last) {
        m->value = nullptr;
        current->object->live--;
        *deleted = true;
        return error_code::success;
      }
      current = m->value;
      continue;
    }
    built_array& array = *current->array;
    uint64_t n = 0;
    if (c.is_append()) {
      if (array.count == 0) return error_code::success;
      n = array.count - 1;
    } else if (!c.digits_only(&n) || n >= array.count) {
      return error_code::success;
    }
    if (last) {
      std::memmove(array.elements + n, array.elements + n + 1, (array.count - n - 1) * sizeof(built_value*));
      array.count--;
      *deleted = true;
      return error_code::success;
    }
    current = array.elements[n];
  }
  return error_code::success;
}

}  // namespace arenajson
