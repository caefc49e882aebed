#include "write/writer.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parse/materialize.h"
#include "write/scalar_text.h"

namespace arenajson {

namespace {

enum frame_kind : uint8_t {
  tape_array,          // position: next element node; end: elements left
  tape_object,         // position: next key node; end: members left
  tape_ordered,        // position..end: (key node, value node) pairs in `order`
  built_array_frame,   // position..end: element indexes
  built_object_frame,  // position..end: member indexes, insertion order
  built_ordered,       // position..end: member indexes in `order`
};

using frame = writer_scratch::frame;

bool is_digit(uint8_t c) noexcept { return c >= '0' && c <= '9'; }

// The JSON.stringify text of a number whose source is not in V8's form,
// packed into the 32 bits of its node's `count` (flag_number_cached): the
// length of the prefix it shares with the source (5 bits), how many
// characters follow (3 bits) and those characters, 4 bits each (digits,
// '.', 'e', '+', '-'; symbol 14 alone is "null"). V8's form usually keeps
// most of the source (-65.613616999999977 -> -65.61361699999998: 17 shared,
// one more), so nearly every rewritten number fits; one that does not, or
// whose form is longer than its source, is rewritten on every write.
constexpr char number_symbols[] = "0123456789.e+-";
constexpr uint32_t null_symbol = 14;
constexpr size_t packed_tail_max = 6;

bool pack_number_text(const uint8_t* source, size_t source_length, const char* text, size_t length,
                      uint32_t* packed) noexcept {
  if (length == 4 && std::memcmp(text, "null", 4) == 0) {
    *packed = (1u << 5) | (null_symbol << 8);
    return true;
  }
  if (length > source_length) return false;  // the writer's copies rely on the text not growing
  size_t shared = 0;
  while (shared < length && uint8_t(text[shared]) == source[shared]) shared++;
  if (shared > 31 || length - shared > packed_tail_max) return false;
  uint32_t tail = 0;
  for (size_t i = shared; i < length; i++) {
    const char c = text[i];
    uint32_t symbol;
    if (c >= '0' && c <= '9') {
      symbol = uint32_t(c - '0');
    } else if (c == '.') {
      symbol = 10;
    } else if (c == 'e') {
      symbol = 11;
    } else if (c == '+') {
      symbol = 12;
    } else if (c == '-') {
      symbol = 13;
    } else {
      return false;
    }
    tail |= symbol << (4 * (i - shared));
  }
  *packed = uint32_t(shared) | uint32_t((length - shared) << 5) | (tail << 8);
  return true;
}

// Writes the packed text of a number whose source starts at `source` to
// `out`, which has room for js_number_max_length bytes; returns its length.
// Reads js_number_max_length bytes of source (the text is padded).
size_t unpack_number_text(const uint8_t* source, uint32_t packed, char* out) noexcept {
  const size_t shared = packed & 31;
  const size_t tail_length = (packed >> 5) & 7;
  uint32_t tail = packed >> 8;
  if (tail_length == 1 && (tail & 15) == null_symbol) {
    std::memcpy(out, "null", 4);
    return 4;
  }
  std::memcpy(out, source, js_number_max_length);
  for (size_t i = 0; i < tail_length; i++, tail >>= 4) out[shared + i] = number_symbols[tail & 15];
  return shared + tail_length;
}

class json_writer {
 public:
  json_writer(const write_options& options, writer_scratch& scratch, text_buffer& out) noexcept
      : options_(options), scratch_(scratch), out_(out), indented_(options.gap_length > 0) {
    scratch_.stack.clear();
    scratch_.order.clear();
    if (indented_) {
      scratch_.indent.assign(1, '\n');
    }
  }

  error_code run_node(const document& doc, uint32_t index) noexcept {
    // With a gap, line breaks and indentation alone can outgrow any string
    // (they grow with depth times breadth): measured first, in one pass.
    if (indented_ && indentation_exceeds(doc, index, 0)) return error_code::string_too_long;
    learn_subtree(doc, index);
    emit_node(doc, index);
    return finish(drain());
  }

  error_code run_built(built_value* value) noexcept {
    emit_built(value);
    return finish(drain());
  }

 private:
  // ---- scalars and openers -------------------------------------------------

  // What emit_node reports about the value it wrote, for the flags of the
  // container it sits in: its text was clean / compact (see writer.h), or it
  // is a container whose frame was pushed and reports when it is done.
  // value_patched: clean only with cached numbers in place of their source.
  static constexpr uint8_t value_clean = 1, value_compact = 2, value_pending = 4, value_patched = 8;

  static frame tape_frame(uint8_t kind, const document& doc, uint32_t index, uint32_t position, uint32_t end,
                          uint32_t order_mark, bool tracking) noexcept {
    frame f{};
    f.kind = kind;
    f.tracking = tracking;
    f.clean = kind != tape_ordered;
    f.compact = true;
    f.position = position;
    f.end = end;
    f.order_mark = order_mark;
    f.node_index = index;
    f.prev_end = doc.nodes[index].begin;
    f.doc = &doc;
    return f;
  }

  uint8_t emit_node(const document& doc, uint32_t index) noexcept {
    const node& n = doc.nodes[index];
    switch (n.type) {
      case node_type::null_value: out_.append("null", 4); return value_clean | value_compact;
      case node_type::true_value: out_.append("true", 4); return value_clean | value_compact;
      case node_type::false_value: out_.append("false", 5); return value_clean | value_compact;
      case node_type::number: return emit_number(doc, index);
      case node_type::string: return emit_string(doc, n) ? uint8_t(value_clean | value_compact) : value_compact;
      case node_type::array:
      case node_type::object: break;
    }
    const bool is_array = n.type == node_type::array;
    if (n.count == 0) {
      out_.append(is_array ? "[]" : "{}", 2);
      return uint8_t(value_clean | (n.end - n.begin == 2 ? value_compact : 0));
    }
    const uint16_t flags = n.flags;
    const bool checked = !options_.source_form && (flags & flag_text_checked);
    uint8_t known = 0;
    if (checked) {
      known =
          uint8_t(((flags & flag_text_clean) ? value_clean : 0) | ((flags & flag_text_compact) ? value_compact : 0) |
                  ((flags & flag_text_patched) ? value_patched : 0));
      // Integers written as they stand may differ from the cached forms.
      const bool usable = !((flags & flag_text_patched) && options_.integers_as_written);
      if ((flags & flag_text_clean) && usable) {
        if (indented_) {
          write_clean_indented(doc, index);
        } else if ((flags & flag_text_compact) && !(flags & flag_text_patched)) {
          out_.append(doc.text + n.begin, n.end - n.begin);
        } else {
          copy_without_whitespace(doc, index);  // faster than the structural walk without a gap
        }
        return known;
      }
    }
    const bool tracking = !options_.source_form && !checked;
    const uint8_t result = tracking ? value_pending : known;
    if (is_array) {
      out_.put('[');
      push(tape_frame(tape_array, doc, index, index + 1, n.count, mark(), tracking));
      return result;
    }
    out_.put('{');
    if (options_.source_form || in_v8_order(doc, index)) {
      push(tape_frame(tape_object, doc, index, index + 1, n.count, mark(), tracking));
    } else {
      const uint32_t begin = mark();
      order_members(doc, index);
      push(tape_frame(tape_ordered, doc, index, begin, mark(), begin, tracking));
    }
    return result;
  }

  // True when the line breaks and indentation a write with the gap puts in
  // the text of node `index`, written `base` levels deep, pass the buffer's
  // limit: each member or element of a
  // non-empty container at depth k starts a line indented k + 1 times, and the
  // container ends on a line indented k times. One pass over the tape, with
  // the ends of the open containers on a stack. The count is a lower bound:
  // an object whose keys may repeat writes each repeated key once (the last),
  // so it counts for one member, and nothing inside it counts (it may be in a
  // member that is not written).
  bool indentation_exceeds(const document& doc, uint32_t index, size_t base) noexcept {
    const size_t limit = out_.limit_units();
    if (limit == text_buffer::no_limit) return false;
    const uint32_t last = doc.nodes[index].next;
    const uint64_t gap = options_.gap_length;
    std::vector<uint32_t>& open = scratch_.open_ends;
    open.clear();
    uint64_t total = 0;
    uint32_t unsure_end = 0;  // the end of the object with keys that may repeat being skipped
    for (uint32_t i = index; i < last; i++) {
      const node& c = doc.nodes[i];
      if (c.type != node_type::array && c.type != node_type::object) continue;
      if (i < unsure_end) continue;
      while (!open.empty() && open.back() <= i) open.pop_back();
      if (c.count == 0) continue;
      const uint64_t depth = base + open.size();
      const bool unsure = c.type == node_type::object && c.count > 1 &&
                          (c.flags & (flag_order_checked | flag_v8_order)) != (flag_order_checked | flag_v8_order);
      total += (unsure ? 1 : uint64_t(c.count)) * (1 + (depth + 1) * gap) + 1 + depth * gap;
      if (total > limit) return true;
      if (unsure) {
        unsure_end = c.next;
        continue;
      }
      open.push_back(c.next);
    }
    return false;
  }

  // Where a write starts (its root, or a parsed value a built one refers
  // to), a container nothing is known about yet gets one flat pass over its
  // tape: cheaper than learning level by level while writing, and when the
  // subtree is clean (the common case for text JSON.stringify wrote) the
  // write becomes a copy. The pass stops at the first thing that is not
  // canonical; the write then learns as it goes, as for nested containers.
  void learn_subtree(const document& doc, uint32_t index) noexcept {
    if (options_.source_form) return;
    node& n = doc.nodes[index];
    if ((n.type != node_type::array && n.type != node_type::object) || n.count == 0) return;
    if (n.flags & flag_text_checked) return;
    size_t stripped = 0;
    bool patched = false;
    if (!subtree_is_clean(doc, index, &stripped, &patched)) return;
    const bool compact = stripped == size_t(n.end - n.begin);
    n.flags = uint16_t(n.flags | flag_text_checked | flag_text_clean | (compact ? flag_text_compact : 0) |
                       (patched ? flag_text_patched : 0));
  }

  // True when every scalar and key in the subtree of container `index` is in
  // V8's form, or is a number whose form is cached (*patched is then set),
  // and every object is in V8's order; *stripped is then the length of the
  // subtree's source text without whitespace.
  bool subtree_is_clean(const document& doc, uint32_t index, size_t* stripped, bool* patched) noexcept {
    const uint32_t last = doc.nodes[index].next;
    size_t length = 0;
    for (uint32_t i = index; i < last; i++) {
      const node& c = doc.nodes[i];
      switch (c.type) {
        case node_type::null_value:
        case node_type::true_value:
        case node_type::false_value: break;
        case node_type::number:
          if (c.flags & flag_number_cached) {
            *patched = true;
          } else if (!number_is_canonical(doc, doc.nodes[i])) {
            if (!(doc.nodes[i].flags & flag_number_cached)) return false;
            *patched = true;
          }
          break;
        case node_type::string:
          if ((c.flags & flag_escaped) && !string_is_canonical(doc, c)) return false;
          break;
        case node_type::array: length += 2 + (c.count > 0 ? c.count - 1 : 0); continue;
        case node_type::object:
          if (c.count > 0 && !in_v8_order(doc, i)) return false;
          length += 2 + (c.count > 0 ? 2 * c.count - 1 : 0);
          continue;
      }
      length += c.end - c.begin;
    }
    *stripped = length;
    return true;
  }

  // True when the number's source is V8's form; when it is not, caches the
  // form it is rewritten to where that fits (cache_number_text).
  static bool number_is_canonical(const document& doc, node& n) noexcept {
    const uint8_t* text = doc.text + n.begin;
    const size_t length = n.end - n.begin;
    if (((n.flags & flag_plain_integer) && !(n.flags & flag_negative_zero)) || number_text_is_canonical(text, length)) {
      return true;
    }
    char written[js_number_max_length];
    const size_t count = write_js_number(parse_number_text(text, length), written);
    if (count == length && std::memcmp(written, text, length) == 0) return true;
    cache_number_text(doc, n, written, count);
    return false;
  }

  // Keeps the V8 form `text` of number node `n` in the node, when it packs.
  static void cache_number_text(const document& doc, node& n, const char* text, size_t length) noexcept {
    uint32_t packed = 0;
    if (!pack_number_text(doc.text + n.begin, n.end - n.begin, text, length, &packed)) return;
    n.count = packed;
    n.flags = uint16_t(n.flags | flag_number_cached);
  }

  // Writes the cached form of a number node (flag_number_cached).
  void write_cached_number(const document& doc, const node& n) noexcept {
    if (!out_.reserve(js_number_max_length)) return;
    out_.commit(unpack_number_text(doc.text + n.begin, n.count, out_.tail()));
  }

  static bool string_is_canonical(const document& doc, const node& n) noexcept {
    return source_string_is_canonical(string_body(doc, n), string_body_length(n));
  }

  // A clean container with a gap: every scalar and key is copied from the
  // source as it is (no number or escape checks), and the punctuation,
  // newlines and indents come from the tape's structure.
  void write_clean_indented(const document& doc, uint32_t index) noexcept {
    using level = writer_scratch::level;
    std::vector<level>& levels = scratch_.levels;
    levels.clear();
    const node& root = doc.nodes[index];
    const size_t base = scratch_.stack.size();  // writer frames around this value
    const uint8_t* text = doc.text;
    out_.put(root.type == node_type::array ? '[' : '{');
    levels.push_back(level{root.count, root.type == node_type::object, true});
    const uint32_t last = root.next;
    uint32_t i = index + 1;
    while (i < last && !out_.failed()) {  // a failed buffer ends the write
      level& top = levels.back();
      if (!top.first) out_.put(',');
      top.first = false;
      top.remaining--;
      newline(base + levels.size());
      if (top.object) {
        const node& k = doc.nodes[i];
        out_.append(text + k.begin, k.end - k.begin);
        colon();
        i++;
      }
      const node& c = doc.nodes[i];
      if ((c.type == node_type::array || c.type == node_type::object) && c.count > 0) {
        out_.put(c.type == node_type::array ? '[' : '{');
        levels.push_back(level{c.count, c.type == node_type::object, true});
        i++;
        continue;
      }
      // A scalar, or an empty container: "[]" / "{}" whatever the source's spacing.
      if (c.type == node_type::array) {
        out_.append("[]", 2);
      } else if (c.type == node_type::object) {
        out_.append("{}", 2);
      } else if (c.flags & flag_number_cached) {
        write_cached_number(doc, c);
      } else {
        out_.append(text + c.begin, c.end - c.begin);
      }
      i++;
      while (!levels.empty() && levels.back().remaining == 0) {
        const bool object = levels.back().object;
        levels.pop_back();
        newline(base + levels.size());
        out_.put(object ? '}' : ']');
      }
    }
  }

  // A clean container whose source has whitespace or cached numbers: its
  // tokens in source order with the whitespace between them left out, and
  // cached numbers in their V8 form (never longer than their source).
  void copy_without_whitespace(const document& doc, uint32_t index) noexcept {
    const node& n = doc.nodes[index];
    // Room for the text plus the overshoot of the fixed-size copies below.
    if (!out_.reserve(n.end - n.begin + js_number_max_length)) return;
    char* const start = out_.tail();
    char* to = start;
    const uint8_t* text = doc.text;
    uint32_t at = n.begin;
    const uint32_t last = n.next;
    for (uint32_t i = index + 1; i < last; i++) {
      const node& c = doc.nodes[i];
      const bool container = c.type == node_type::array || c.type == node_type::object;
      if (container &&
          !((c.flags & flag_text_checked) && (c.flags & flag_text_compact) && !(c.flags & flag_text_patched))) {
        continue;
      }
      to = copy_punctuation(text + at, text + c.begin, to);
      if (c.flags & flag_number_cached) {  // a number: nothing else carries this flag
        to += unpack_number_text(text + c.begin, c.count, to);
        at = c.end;
        continue;
      }
      const uint32_t length = c.end - c.begin;
      if (length <= 16) {
        std::memcpy(to, text + c.begin, 16);  // the text is padded: reading past the token is in bounds
      } else {
        std::memcpy(to, text + c.begin, length);
      }
      to += length;
      at = c.end;
      if (container) i = c.next - 1;
    }
    to = copy_punctuation(text + at, text + n.end, to);
    out_.commit(size_t(to - start));
  }

  // Copies the bytes of [from, to) that are not whitespace. Between two
  // tokens there is only whitespace (<= 0x20) and punctuation (> 0x20, < 0x80),
  // so the test is one comparison per byte, made 16 (or 8) bytes at a time:
  // the text is padded, so reading a little past `to` stays in bounds, and at
  // most one byte per byte read is written.
  static char* copy_punctuation(const uint8_t* from, const uint8_t* to, char* out) noexcept {
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20);
    while (from < to) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
      uint32_t marks = uint32_t(_mm_movemask_epi8(_mm_cmpgt_epi8(x, space)));
      const size_t available = size_t(to - from);
      if (available < 16) marks &= (1u << available) - 1;
      while (marks != 0) {
        *out++ = char(from[__builtin_ctz(marks)]);
        marks &= marks - 1;
      }
      from += 16;
    }
#else
    while (from < to) {
      uint64_t x;
      std::memcpy(&x, from, 8);
      // High bit of each byte set when the byte is above 0x20 (punctuation).
      uint64_t marks = ((x & 0x7F7F7F7F7F7F7F7Full) + 0x5F5F5F5F5F5F5F5Full) & 0x8080808080808080ull;
      const size_t available = size_t(to - from);
      if (available < 8) marks &= (uint64_t(1) << (8 * available)) - 1;
      while (marks != 0) {
        *out++ = char(from[__builtin_ctzll(marks) >> 3]);
        marks &= marks - 1;
      }
      from += 8;
    }
#endif
    return out;
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

  // Writes a number; reports it clean when its source text was already V8's
  // form, clean and patched when that form is cached in the node (the first
  // rewrite caches it). What is learned stays true of V8's form whatever the
  // options: an integer written as it stands is not reported as V8's form
  // unless it is.
  uint8_t emit_number(const document& doc, uint32_t index) noexcept {
    node& n = doc.nodes[index];
    const uint8_t* text = doc.text + n.begin;
    const size_t length = n.end - n.begin;
    if (options_.source_form) {
      out_.append(text, length);
      return value_clean | value_compact;
    }
    if (n.flags & flag_number_cached) {
      // Reported as what it is in V8's form whatever was written: a clean
      // container's members must all be clean.
      if (!(options_.integers_as_written && integer_as_written(text, length))) write_cached_number(doc, n);
      return value_clean | value_compact | value_patched;
    }
    if (((n.flags & flag_plain_integer) && !(n.flags & flag_negative_zero)) || number_text_is_canonical(text, length)) {
      out_.append(text, length);
      return value_clean | value_compact;
    }
    if (options_.integers_as_written && integer_as_written(text, length)) return value_compact;
    if (!out_.reserve(js_number_max_length)) return value_compact;
    char* to = out_.tail();
    const size_t written = write_js_number(parse_number_text(text, length), to);
    out_.commit(written);
    if (written == length && std::memcmp(to, text, length) == 0) return value_clean | value_compact;
    cache_number_text(doc, n, to, written);
    return (n.flags & flag_number_cached) ? uint8_t(value_clean | value_compact | value_patched) : value_compact;
  }

  // Writes a string (a value or a key); true when its source text was already V8's form.
  bool emit_string(const document& doc, const node& n) noexcept {
    const size_t length = n.end - n.begin;
    if (!(n.flags & flag_escaped)) {
      out_.append(doc.text + n.begin, length);
      return true;
    }
    const size_t before = out_.size();
    write_source_string(string_body(doc, n), string_body_length(n), out_);
    return !out_.failed() && out_.size() - before == length &&
           std::memcmp(out_.data() + before, doc.text + n.begin, length) == 0;
  }

  frame built_frame(uint8_t kind, built_value* value, uint32_t end) const noexcept {
    frame f{};
    f.kind = kind;
    f.end = end;
    f.order_mark = mark();
    f.container = value;
    return f;
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
        if (options_.source_form || ((value->flags & built_canonical) && !indented_)) {
          out_.append(value->doc->text + n.begin, n.end - n.begin);
        } else if (indented_ && indentation_exceeds(*value->doc, value->index, scratch_.stack.size())) {
          error_ = error_code::string_too_long;
        } else {
          learn_subtree(*value->doc, value->index);
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
          push(built_frame(built_array_frame, value, value->array->count));
        } else if (options_.source_form || !has_index_keys(*value->object)) {
          out_.put('{');
          push(built_frame(built_object_frame, value, value->object->count));
        } else {
          out_.put('{');
          const uint32_t begin = mark();
          order_built_members(*value->object);
          frame f = built_frame(built_ordered, value, mark());
          f.position = begin;
          f.order_mark = begin;
          push(f);
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
    if (!out_.reserve(wanted)) return;  // a failed or full buffer: no indent to grow
    while (indent.size() < wanted) indent.append(options_.gap, options_.gap_length);
    out_.append(indent.data(), wanted);
  }

  // Writes the separator and, in an object, the key; the caller then emits the value.
  void begin_item(frame& f, size_t depth) noexcept {
    if (f.wrote_any) out_.put(',');
    f.wrote_any = true;
    if (indented_) newline(depth);
  }

  bool write_key_node(const document& doc, uint32_t key_index) noexcept {
    const bool clean = emit_string(doc, doc.nodes[key_index]);
    colon();
    return clean;
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
    if (indented_) {
      out_.append(": ", 2);
    } else {
      out_.put(':');
    }
  }

  // Folds what a member reported into the flags its container is learning.
  void fold(size_t at, uint8_t reported) noexcept {
    if (reported & value_pending) return;
    frame& f = scratch_.stack[at];
    if (!f.tracking) return;
    if (!(reported & value_clean)) f.clean = false;
    if (!(reported & value_compact)) f.compact = false;
    if (reported & value_patched) f.patched = true;
  }

  // The outcome of a write, with the final check of the text's length.
  error_code finish(error_code drained) noexcept {
    if (drained != error_code::success) return drained;
    return out_.within_limit() ? error_code::success : error_code::string_too_long;
  }

  error_code drain() noexcept {
    std::vector<frame>& stack = scratch_.stack;
    // A failed buffer (out of memory, or text past its limit) ends the write.
    while (!stack.empty() && error_ == error_code::success && !out_.failed()) {
      const size_t depth = stack.size();
      const size_t self = depth - 1;
      frame& f = stack.back();
      switch (f.kind) {
        case tape_array: {
          if (f.end == 0) break;
          const document& doc = *f.doc;
          const uint32_t at = f.position;
          const node& e = doc.nodes[at];
          f.position = e.next;
          f.end--;
          if (f.tracking) {
            if (e.begin != f.prev_end + 1) f.compact = false;
            f.prev_end = e.end;
          }
          begin_item(f, depth);
          fold(self, emit_node(doc, at));  // may push: `f` is not used after this
          continue;
        }
        case tape_object: {
          if (f.end == 0) break;
          const document& doc = *f.doc;
          const uint32_t key = f.position;
          const node& k = doc.nodes[key];
          const node& v = doc.nodes[key + 1];
          f.position = v.next;
          f.end--;
          begin_item(f, depth);
          const bool key_clean = write_key_node(doc, key);
          if (f.tracking) {
            if (k.begin != f.prev_end + 1 || v.begin != k.end + 1) f.compact = false;
            f.prev_end = v.end;
            if (!key_clean) f.clean = false;
          }
          fold(self, emit_node(doc, key + 1));
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
          emit_node(doc, value);  // the object is not clean; members learn their own flags
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
      if (f.wrote_any && indented_) newline(depth - 1);
      out_.put(is_array ? ']' : '}');
      if (f.container != nullptr) f.container->flags &= uint8_t(~built_visiting);
      if (f.tracking) finish_tracking(f, self);
      scratch_.order.resize(f.order_mark);
      stack.pop_back();
    }
    for (frame& f : stack) {  // left by an error: unmark the built containers still open
      if (f.container != nullptr) f.container->flags &= uint8_t(~built_visiting);
    }
    stack.clear();
    if (error_ != error_code::success) return error_;
    if (out_.failed()) return out_.too_long() ? error_code::string_too_long : error_code::out_of_memory;
    return error_code::success;
  }

  // Records what a finished container's write learned, and reports it to its parent.
  void finish_tracking(const frame& f, size_t self) noexcept {
    if (out_.failed()) return;  // a failed buffer compares nothing: learn nothing
    node& n = f.doc->nodes[f.node_index];
    const bool clean = f.clean;
    const bool compact = f.kind != tape_ordered && f.compact && n.end == f.prev_end + 1;
    const bool patched = clean && f.patched;
    n.flags = uint16_t(n.flags | flag_text_checked | (clean ? flag_text_clean : 0) | (compact ? flag_text_compact : 0) |
                       (patched ? flag_text_patched : 0));
    if (self > 0) {
      fold(self - 1,
           uint8_t((clean ? value_clean : 0) | (compact ? value_compact : 0) | (patched ? value_patched : 0)));
    }
  }

  static bool skipped(const built_value* v) noexcept { return v == nullptr || v->kind == built_kind::undefined_value; }

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
    std::sort(order.begin() + long(begin), order.end(),
              [&](uint32_t a, uint32_t b) { return object.members[a].array_index < object.members[b].array_index; });
    for (uint32_t i = 0; i < object.count; i++) {
      const built_member& m = object.members[i];
      if (m.array_index == no_array_index && !skipped(m.value)) order.push_back(i);
    }
  }

  // True when the tape order of the object's members is V8's: no key
  // repeats, and the integer-like keys (if any) come first, in ascending
  // order (as in text JSON.stringify wrote). Learned once per object node.
  bool in_v8_order(const document& doc, uint32_t object_index) noexcept {
    node& n = doc.nodes[object_index];
    if (!(n.flags & flag_order_checked)) {
      const bool ordered = check_v8_order(doc, object_index);
      n.flags = uint16_t(n.flags | flag_order_checked | (ordered ? flag_v8_order : 0));
    }
    return (n.flags & flag_v8_order) != 0;
  }

  bool check_v8_order(const document& doc, uint32_t object_index) noexcept {
    const uint32_t count = doc.nodes[object_index].count;
    bool escaped = false;
    index_order order;
    uint32_t key = object_index + 1;
    for (uint32_t i = 0; i < count; i++) {
      const node& k = doc.nodes[key];
      const uint8_t* body = string_body(doc, k);
      const size_t length = string_body_length(k);
      if (k.flags & flag_escaped) {
        escaped = true;
      } else if (!order.next(length > 0 && is_digit(body[0]) ? array_index_of(body, length) : no_array_index)) {
        return false;
      }
      key = doc.nodes[key + 1].next;
    }
    if (escaped) return in_v8_order_decoded(doc, object_index);
    if (count < 2) return true;
    if (count <= 8) {  // pairwise: cheaper than a table for a few keys
      uint32_t keys[8];
      key = object_index + 1;
      for (uint32_t i = 0; i < count; i++) {
        keys[i] = key;
        key = doc.nodes[key + 1].next;
      }
      for (uint32_t i = 1; i < count; i++) {
        const node& a = doc.nodes[keys[i]];
        for (uint32_t j = 0; j < i; j++) {
          if (same_key_text(doc, a, doc.nodes[keys[j]])) return false;
        }
      }
      return true;
    }
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
        if (string_body_length(other) == length && std::memcmp(string_body(doc, other), body, length) == 0)
          return false;
        slot = (slot + 1) & mask;
      }
      table[slot] = key;  // key > 0: the object node comes first
      key = doc.nodes[key + 1].next;
    }
    return true;
  }

  // Follows the keys of an object in tape order: next() is false once an
  // integer-like key comes after a named one or after a larger or equal
  // integer-like key, which V8 would move.
  struct index_order {
    bool named = false;
    bool any = false;
    uint32_t last = 0;
    bool next(uint32_t index) noexcept {
      if (index == no_array_index) {
        named = true;
        return true;
      }
      if (named || (any && index <= last)) return false;
      any = true;
      last = index;
      return true;
    }
  };

  // Whether two unescaped keys are spelled the same. Keys often share a
  // prefix ("field_0", "field_1"), so the last eight bytes go first.
  static bool same_key_text(const document& doc, const node& a, const node& b) noexcept {
    const uint32_t length = a.end - a.begin;
    if (b.end - b.begin != length) return false;
    const uint8_t* x = doc.text + a.begin;
    const uint8_t* y = doc.text + b.begin;
    if (length >= 8) {
      uint64_t p, q;
      std::memcpy(&p, x + length - 8, 8);
      std::memcpy(&q, y + length - 8, 8);
      if (p != q) return false;
    }
    return std::memcmp(x, y, length) == 0;
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
    index_order order;
    uint32_t key = object_index + 1;
    for (uint32_t i = 0; i < count; i++) {
      const node& k = doc.nodes[key];
      decode_string_utf8(string_body(doc, k), string_body_length(k), keys[i]);
      const std::string& s = keys[i];
      if (!order.next(array_index_of(reinterpret_cast<const uint8_t*>(s.data()), s.size()))) return false;
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
  const bool indented_;
  error_code error_ = error_code::success;
};

}  // namespace

error_code write_node(const document& doc, uint32_t index, const write_options& options, writer_scratch& scratch,
                      text_buffer& out) noexcept {
  json_writer writer(options, scratch, out);
  return writer.run_node(doc, index);
}

bool compact_text_is_source(const document& doc, uint32_t index, const char** text, size_t* length) noexcept {
  const node& n = doc.nodes[index];
  if (n.type != node_type::array && n.type != node_type::object) return false;
  const uint16_t wanted = flag_text_checked | flag_text_clean | flag_text_compact;
  if ((n.flags & wanted) != wanted || (n.flags & flag_text_patched)) return false;
  *text = reinterpret_cast<const char*>(doc.text + n.begin);
  *length = n.end - n.begin;
  return true;
}

error_code write_built(built_value* value, const write_options& options, writer_scratch& scratch,
                       text_buffer& out) noexcept {
  json_writer writer(options, scratch, out);
  return writer.run_built(value);
}

}  // namespace arenajson
