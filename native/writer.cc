#include "writer.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "materialize.h"
#include "scalar_text.h"

namespace arenajson {

namespace {

enum frame_kind : uint8_t {
  tape_array,     // position: next element node; end: elements left
  tape_object,    // position: next key node; end: members left
  tape_ordered,   // position..end: (key node, value node) pairs in `order`
  built_array_frame,   // position..end: element indexes
  built_object_frame,  // position..end: member indexes, insertion order
  built_ordered,       // position..end: member indexes in `order`
};

using frame = writer_scratch::frame;

bool is_digit(uint8_t c) noexcept { return c >= '0' && c <= '9'; }

class json_writer {
 public:
  json_writer(const write_options& options, writer_scratch& scratch, text_buffer& out) noexcept
      : options_(options), scratch_(scratch), out_(out), pretty_(options.gap_length > 0) {
    scratch_.stack.clear();
    scratch_.order.clear();
    if (pretty_) {
      scratch_.indent.assign(1, '\n');
    }
  }

  error_code run_node(const document& doc, uint32_t index) noexcept {
    emit_node(doc, index);
    return drain();
  }

  error_code run_built(built_value* value) noexcept {
    emit_built(value);
    return drain();
  }

 private:
  // ---- scalars and openers -------------------------------------------------

  void emit_node(const document& doc, uint32_t index) noexcept {
    const node& n = doc.nodes[index];
    switch (n.type) {
      case node_type::null_value: out_.append("null", 4); return;
      case node_type::true_value: out_.append("true", 4); return;
      case node_type::false_value: out_.append("false", 5); return;
      case node_type::number: emit_number(doc, n); return;
      case node_type::string:
        if (n.flags & flag_escaped) {
          write_source_string(string_body(doc, n), string_body_length(n), out_);
        } else {
          out_.append(doc.text + n.begin, n.end - n.begin);
        }
        return;
      case node_type::array:
        if (n.count == 0) {
          out_.append("[]", 2);
          return;
        }
        out_.put('[');
        push(frame{tape_array, false, index + 1, n.count, mark(), &doc, nullptr});
        return;
      case node_type::object:
        if (n.count == 0) {
          out_.append("{}", 2);
          return;
        }
        out_.put('{');
        if (options_.source_form || in_v8_order(doc, index)) {
          push(frame{tape_object, false, index + 1, n.count, mark(), &doc, nullptr});
        } else {
          const uint32_t begin = mark();
          order_members(doc, index);
          push(frame{tape_ordered, false, begin, mark(), begin, &doc, nullptr});
        }
        return;
    }
  }

  // Writes an integer literal as it is (`-0` as `0`); false for other numbers.
  bool integer_as_written(const uint8_t* text, size_t length) noexcept {
    for (size_t i = 0; i < length; i++) {
      if (text[i] == '.' || text[i] == 'e' || text[i] == 'E') return false;
    }
    if (length == 2 && text[0] == '-' && text[1] == '0') {
      out_.append("0", 1);
    } else {
      out_.append(text, length);
    }
    return true;
  }

  void emit_number(const document& doc, const node& n) noexcept {
    const uint8_t* text = doc.text + n.begin;
    const size_t length = n.end - n.begin;
    if (options_.integers_as_written && !options_.source_form && integer_as_written(text, length)) return;
    if (options_.source_form || ((n.flags & flag_plain_integer) && !(n.flags & flag_negative_zero)) ||
        number_text_is_canonical(text, length)) {
      out_.append(text, length);
      return;
    }
    if (!out_.reserve(js_number_max_length)) return;
    out_.commit(write_js_number(parse_number_text(text, length), out_.tail()));
  }

  void emit_built(built_value* value) noexcept {
    if (value == nullptr) {
      out_.append("null", 4);
      return;
    }
    switch (value->kind) {
      case built_kind::undefined_value: out_.append("null", 4); return;
      case built_kind::json_text: out_.append(value->text, value->index); return;
      case built_kind::node_ref: {
        const node& n = value->doc->nodes[value->index];
        if (options_.source_form || ((value->flags & built_canonical) && !pretty_)) {
          out_.append(value->doc->text + n.begin, n.end - n.begin);
        } else {
          emit_node(*value->doc, value->index);
        }
        return;
      }
      case built_kind::array:
      case built_kind::object:
        if (value->flags & built_visiting) {
          error_ = error_code::cyclic_value;
          return;
        }
        value->flags |= built_visiting;
        if (value->kind == built_kind::array) {
          out_.put('[');
          push(frame{built_array_frame, false, 0, value->array->count, mark(), nullptr, value});
        } else if (options_.source_form || !has_index_keys(*value->object)) {
          out_.put('{');
          push(frame{built_object_frame, false, 0, value->object->count, mark(), nullptr, value});
        } else {
          out_.put('{');
          const uint32_t begin = mark();
          order_built_members(*value->object);
          push(frame{built_ordered, false, begin, mark(), begin, nullptr, value});
        }
        return;
    }
  }

  // ---- the loop ------------------------------------------------------------

  void push(const frame& f) noexcept { scratch_.stack.push_back(f); }
  uint32_t mark() const noexcept { return uint32_t(scratch_.order.size()); }

  void newline(size_t depth) noexcept {
    std::string& indent = scratch_.indent;
    const size_t wanted = 1 + depth * options_.gap_length;
    while (indent.size() < wanted) indent.append(options_.gap, options_.gap_length);
    out_.append(indent.data(), wanted);
  }

  // Writes the separator and, in an object, the key; the caller then emits the value.
  void begin_item(frame& f, size_t depth) noexcept {
    if (f.wrote_any) out_.put(',');
    f.wrote_any = true;
    if (pretty_) newline(depth);
  }

  void write_key_node(const document& doc, uint32_t key_index) noexcept {
    const node& k = doc.nodes[key_index];
    if (k.flags & flag_escaped) {
      write_source_string(string_body(doc, k), string_body_length(k), out_);
    } else {
      out_.append(doc.text + k.begin, k.end - k.begin);
    }
    colon();
  }

  void write_member_key(const built_member& m) noexcept {
    if (m.plain_key) {
      if (!out_.reserve(m.key_length + 2)) return;
      out_.put('"');
      out_.append(m.key, m.key_length);
      out_.put('"');
    } else {
      write_wtf8_string(m.key, m.key_length, out_);
    }
    colon();
  }

  void colon() noexcept {
    if (pretty_) {
      out_.append(": ", 2);
    } else {
      out_.put(':');
    }
  }

  error_code drain() noexcept {
    std::vector<frame>& stack = scratch_.stack;
    while (!stack.empty() && error_ == error_code::success) {
      const size_t depth = stack.size();
      frame& f = stack.back();
      switch (f.kind) {
        case tape_array: {
          if (f.end == 0) break;
          const document& doc = *f.doc;
          uint32_t at = f.position;
          f.position = doc.nodes[at].next;
          f.end--;
          begin_item(f, depth);
          emit_node(doc, at);  // may push: `f` is not used after this
          continue;
        }
        case tape_object: {
          if (f.end == 0) break;
          const document& doc = *f.doc;
          uint32_t key = f.position;
          f.position = doc.nodes[key + 1].next;
          f.end--;
          begin_item(f, depth);
          write_key_node(doc, key);
          emit_node(doc, key + 1);
          continue;
        }
        case tape_ordered: {
          if (f.position == f.end) break;
          const document& doc = *f.doc;
          uint32_t key = scratch_.order[f.position];
          uint32_t value = scratch_.order[f.position + 1];
          f.position += 2;
          begin_item(f, depth);
          write_key_node(doc, key);
          emit_node(doc, value);
          continue;
        }
        case built_array_frame: {
          if (f.position == f.end) break;
          built_value* element = f.container->array->elements[f.position++];
          begin_item(f, depth);
          emit_built(element);
          continue;
        }
        case built_object_frame: {
          const built_object& object = *f.container->object;
          while (f.position < f.end && skipped(object.members[f.position].value)) f.position++;
          if (f.position == f.end) break;
          const built_member& m = object.members[f.position++];
          begin_item(f, depth);
          write_member_key(m);
          emit_built(m.value);
          continue;
        }
        case built_ordered: {
          if (f.position == f.end) break;
          const built_member& m = f.container->object->members[scratch_.order[f.position++]];
          begin_item(f, depth);
          write_member_key(m);
          emit_built(m.value);
          continue;
        }
      }
      // The container is done.
      const bool is_array = f.kind == tape_array || f.kind == built_array_frame;
      if (f.wrote_any && pretty_) newline(depth - 1);
      out_.put(is_array ? ']' : '}');
      if (f.container != nullptr) f.container->flags &= uint8_t(~built_visiting);
      scratch_.order.resize(f.order_mark);
      stack.pop_back();
    }
    if (error_ != error_code::success) {
      for (frame& f : stack) {
        if (f.container != nullptr) f.container->flags &= uint8_t(~built_visiting);
      }
      stack.clear();
      return error_;
    }
    if (out_.failed()) return error_code::out_of_memory;
    return error_code::success;
  }

  static bool skipped(const built_value* v) noexcept {
    return v == nullptr || v->kind == built_kind::undefined_value;
  }

  // ---- key order -----------------------------------------------------------

  static bool has_index_keys(const built_object& object) noexcept {
    for (uint32_t i = 0; i < object.count; i++) {
      const built_member& m = object.members[i];
      if (m.array_index != no_array_index && !skipped(m.value)) return true;
    }
    return false;
  }

  // Live, written members: integer-like keys ascending, then insertion order.
  void order_built_members(const built_object& object) noexcept {
    std::vector<uint32_t>& order = scratch_.order;
    const size_t begin = order.size();
    for (uint32_t i = 0; i < object.count; i++) {
      const built_member& m = object.members[i];
      if (m.array_index != no_array_index && !skipped(m.value)) order.push_back(i);
    }
    std::sort(order.begin() + long(begin), order.end(), [&](uint32_t a, uint32_t b) {
      return object.members[a].array_index < object.members[b].array_index;
    });
    for (uint32_t i = 0; i < object.count; i++) {
      const built_member& m = object.members[i];
      if (m.array_index == no_array_index && !skipped(m.value)) order.push_back(i);
    }
  }

  // True when the tape order of the object's members is V8's: no key is
  // integer-like and no key repeats.
  bool in_v8_order(const document& doc, uint32_t object_index) noexcept {
    const uint32_t count = doc.nodes[object_index].count;
    bool escaped = false;
    uint32_t key = object_index + 1;
    for (uint32_t i = 0; i < count; i++) {
      const node& k = doc.nodes[key];
      const uint8_t* body = string_body(doc, k);
      const size_t length = string_body_length(k);
      if (k.flags & flag_escaped) {
        escaped = true;
      } else if (length > 0 && is_digit(body[0]) && array_index_of(body, length) != no_array_index) {
        return false;
      }
      key = doc.nodes[key + 1].next;
    }
    if (escaped) return in_v8_order_decoded(doc, object_index);
    if (count < 2) return true;
    // A hash set of key node indexes, sized for the object (a stack array
    // for the common sizes), hashed on the length and the first and last
    // eight bytes of each key.
    uint32_t size = 16;
    while (size < count * 2) size *= 2;
    uint32_t small[512];
    uint32_t* table = small;
    if (size > 512) {
      scratch_.table.assign(size, 0);
      table = scratch_.table.data();
    } else {
      std::memset(small, 0, size * sizeof(uint32_t));
    }
    const uint32_t mask = size - 1;
    key = object_index + 1;
    for (uint32_t i = 0; i < count; i++) {
      const node& k = doc.nodes[key];
      const uint8_t* body = string_body(doc, k);
      const size_t length = string_body_length(k);
      uint32_t slot = key_hash(body, length) & mask;
      while (table[slot] != 0) {
        const node& other = doc.nodes[table[slot]];
        if (string_body_length(other) == length && std::memcmp(string_body(doc, other), body, length) == 0) return false;
        slot = (slot + 1) & mask;
      }
      table[slot] = key;  // key > 0: the object node comes first
      key = doc.nodes[key + 1].next;
    }
    return true;
  }

  // A quick hash of a key body. The document text is padded, so reading eight
  // bytes from the start of a shorter key stays in bounds.
  static uint32_t key_hash(const uint8_t* body, size_t length) noexcept {
    uint64_t head;
    std::memcpy(&head, body, 8);
    if (length < 8) head &= (uint64_t(1) << (8 * length)) - 1;
    uint64_t tail = 0;
    if (length > 8) std::memcpy(&tail, body + length - 8, 8);
    uint64_t h = (head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ (uint64_t(length) << 56);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return uint32_t(h >> 32);
  }

  // in_v8_order for an object with escaped keys: compares decoded keys.
  bool in_v8_order_decoded(const document& doc, uint32_t object_index) noexcept {
    const uint32_t count = doc.nodes[object_index].count;
    std::vector<std::string>& keys = scratch_.keys;
    if (keys.size() < count) keys.resize(count);
    std::unordered_map<std::string_view, uint32_t> seen;
    uint32_t key = object_index + 1;
    for (uint32_t i = 0; i < count; i++) {
      const node& k = doc.nodes[key];
      decode_string_utf8(string_body(doc, k), string_body_length(k), keys[i]);
      const std::string& s = keys[i];
      if (array_index_of(reinterpret_cast<const uint8_t*>(s.data()), s.size()) != no_array_index) return false;
      if (!seen.emplace(std::string_view(s), i).second) return false;
      key = doc.nodes[key + 1].next;
    }
    return true;
  }

  // Appends (key node, value node) pairs in V8's order: integer-like keys
  // ascending, then first-appearance order; a repeated key takes its last value.
  void order_members(const document& doc, uint32_t object_index) noexcept {
    const uint32_t count = doc.nodes[object_index].count;
    std::vector<std::string>& keys = scratch_.keys;
    if (keys.size() < count) keys.resize(count);
    struct entry {
      uint32_t array_index;
      uint32_t first;
      uint32_t key_node;
      uint32_t value_node;
    };
    std::vector<entry> entries;
    entries.reserve(count);
    std::unordered_map<std::string_view, uint32_t> position;
    uint32_t key = object_index + 1;
    for (uint32_t i = 0; i < count; i++) {
      const node& k = doc.nodes[key];
      decode_string_utf8(string_body(doc, k), string_body_length(k), keys[i]);
      const std::string& s = keys[i];
      auto found = position.emplace(std::string_view(s), uint32_t(entries.size()));
      if (found.second) {
        uint32_t index = array_index_of(reinterpret_cast<const uint8_t*>(s.data()), s.size());
        entries.push_back(entry{index, i, key, key + 1});
      } else {
        entries[found.first->second].value_node = key + 1;
      }
      key = doc.nodes[key + 1].next;
    }
    std::stable_sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
      const bool a_index = a.array_index != no_array_index;
      const bool b_index = b.array_index != no_array_index;
      if (a_index != b_index) return a_index;
      if (a_index) return a.array_index < b.array_index;
      return false;  // named keys keep first-appearance order
    });
    for (const entry& e : entries) {
      scratch_.order.push_back(e.key_node);
      scratch_.order.push_back(e.value_node);
    }
  }

  const write_options& options_;
  writer_scratch& scratch_;
  text_buffer& out_;
  const bool pretty_;
  error_code error_ = error_code::success;
};

}  // namespace

error_code write_node(const document& doc, uint32_t index, const write_options& options, writer_scratch& scratch,
                      text_buffer& out) noexcept {
  json_writer writer(options, scratch, out);
  return writer.run_node(doc, index);
}

error_code write_built(built_value* value, const write_options& options, writer_scratch& scratch,
                       text_buffer& out) noexcept {
  json_writer writer(options, scratch, out);
  return writer.run_built(value);
}

}  // namespace arenajson
