#include "read/value_tape.h"

#include <cstring>

#include "parse/materialize.h"
#include "read/read_plan.h"

namespace arenajson {

namespace {

// Past this much text, a document whose distinct strings average fewer than
// `bytes_per_string` bytes of it each is given up: every distinct string
// costs a Node-API call, and JSON.parse makes many short ones faster.
constexpr uint32_t judged_after = 32 * 1024;
constexpr uint32_t bytes_per_string = 48;
// tape_may_pay: the sample must hold at least this many bytes per distinct string.
constexpr size_t sample_bytes_per_string = 80;

int32_t string_id(const document& doc, uint32_t index, value_tape& out) {
  const node& n = doc.nodes[index];
  std::string_view spelling(reinterpret_cast<const char*>(doc.text + n.begin), n.end - n.begin);
  auto [slot, added] = out.ids.try_emplace(spelling, int32_t(out.strings.size()));
  if (added) out.strings.push_back(index);
  return slot->second;
}

bool too_many_strings(const value_tape& out, const node& n) {
  return !out.always && n.begin > judged_after && uint64_t(out.strings.size()) * bytes_per_string > n.begin;
}

bool all_numbers(const document& doc, uint32_t from, uint32_t to) {
  for (uint32_t e = from; e < to; e++) {
    if (doc.nodes[e].type != node_type::number) return false;
  }
  return true;
}

bool give_up(value_tape& out) {
  out.declined = true;
  return false;
}

}  // namespace

bool write_value_tape(const document& doc, uint32_t root, value_tape& out) {
  out.declined = false;
  out.poisoned = false;
  const bigint_mode bigint = out.options.bigint;
  const proto_mode proto = out.options.proto;
  out.strings.clear();
  out.ids.clear();
  const uint32_t end = doc.nodes[root].next;
  const size_t bound = value_tape_ops_bound(doc, root);
  if (out.ops_capacity < bound || out.numbers_capacity < bound / 2) return false;
  int32_t* ops = out.ops;
  double* numbers = out.numbers;
  size_t o = 0;
  size_t k = 0;
  // The tape lists a container's contents right after it, keys before their
  // values, so one pass in tape order writes the ops in the order JS reads.
  // Which nodes are keys: inside an object, every other node at its level;
  // a stack of "next node is a key" flags per open object follows that.
  struct frame {
    uint32_t end;     // tape index after the container
    uint32_t node;    // the container's tape index
    size_t count_op;  // where its count is in `ops` (proto 'remove' lowers it)
    bool object;
    bool key_next;
  };
  std::vector<frame> open;
  for (uint32_t i = root; i < end; i++) {
    while (!open.empty() && i >= open.back().end) open.pop_back();
    const node& n = doc.nodes[i];
    if (!open.empty() && open.back().object) {
      frame& f = open.back();
      if (f.key_next) {
        if (proto != proto_mode::keep && is_poisoned_key(doc, f.node, i)) {
          if (proto == proto_mode::error) {
            out.poisoned = true;
            return give_up(out);
          }
          ops[f.count_op]--;              // 'remove': leave the member out
          i = doc.nodes[i + 1].next - 1;  // past its value
          continue;
        }
        int32_t id = string_id(doc, i, out);
        if (too_many_strings(out, n)) return give_up(out);
        ops[o++] = is_proto_key(doc, i) ? ~id : id;
        f.key_next = false;
        continue;
      }
      f.key_next = true;
    }
    switch (n.type) {
      case node_type::number:
        if (bigint != bigint_mode::never && reads_as_bigint(doc, n, bigint)) {
          ops[o++] = op_string;  // the binding makes a BigInt for a number node
          ops[o++] = string_id(doc, i, out);
          break;
        }
        ops[o++] = op_number;
        numbers[k++] = number_value(doc, n);
        break;
      case node_type::string:
        ops[o++] = op_string;
        ops[o++] = string_id(doc, i, out);
        if (too_many_strings(out, n)) return give_up(out);
        break;
      case node_type::null_value: ops[o++] = op_null; break;
      case node_type::true_value: ops[o++] = op_true; break;
      case node_type::false_value: ops[o++] = op_false; break;
      case node_type::array:
        if (n.count != 0 && n.next - i - 1 == n.count && bigint == bigint_mode::never &&
            all_numbers(doc, i + 1, n.next)) {
          ops[o++] = op_number_array;
          ops[o++] = int32_t(n.count);
          for (uint32_t e = i + 1; e < n.next; e++) numbers[k++] = number_value(doc, doc.nodes[e]);
          i = n.next - 1;
          break;
        }
        [[fallthrough]];
      case node_type::object:
        ops[o++] = n.type == node_type::array ? op_array : op_object;
        ops[o++] = int32_t(n.count);
        if (n.count != 0) {
          open.push_back(frame{n.next, i, o - 1, n.type == node_type::object, true});
          if (open.size() > value_tape_depth_limit) return give_up(out);
        }
        break;
    }
  }
  return true;
}

bool tape_may_pay(const uint8_t* text, size_t length) noexcept {
  // Sample at most 16 KiB, and for a small document an eighth of it (at
  // least 4 KiB), so that a declined look stays a few percent of the parse.
  size_t sample = length / 8;
  if (sample < 4096) sample = 4096;
  if (sample > 16384) sample = 16384;
  if (sample > length) sample = length;
  const size_t most_distinct = sample / sample_bytes_per_string;
  // Distinct strings, told apart by length and their first and last 8 bytes
  // (an estimate: two strings that share those count once).
  constexpr size_t slots = 1024;  // most_distinct stays far below
  uint64_t seen[slots] = {};
  size_t distinct = 0;
  const uint8_t* end = text + sample;
  const uint8_t* at = text;
  while ((at = static_cast<const uint8_t*>(std::memchr(at, '"', size_t(end - at)))) != nullptr) {
    const uint8_t* close = at + 1;
    for (;;) {  // the next quote not escaped by an odd run of backslashes
      close = static_cast<const uint8_t*>(std::memchr(close, '"', size_t(end - close)));
      if (close == nullptr) return distinct <= most_distinct;
      size_t run = 0;
      while (close - run - 1 > at && close[-1 - ptrdiff_t(run)] == '\\') run++;
      if (run % 2 == 0) break;
      close++;
    }
    const size_t body = size_t(close - at - 1);
    uint64_t head = 0;
    uint64_t tail = 0;
    std::memcpy(&head, at + 1, body < 8 ? body : 8);
    if (body > 8) std::memcpy(&tail, close - 8, 8);
    uint64_t hash = (head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ (uint64_t(body) << 1) ^ 1;
    hash ^= hash >> 29;
    for (size_t slot = size_t(hash) & (slots - 1);; slot = (slot + 1) & (slots - 1)) {
      if (seen[slot] == hash) break;
      if (seen[slot] == 0) {
        seen[slot] = hash;
        if (++distinct > most_distinct) return false;
        break;
      }
    }
    at = close + 1;
  }
  return true;
}

bool tape_may_pay_for_text(const uint8_t* text, size_t length) noexcept {
  size_t sample = length < 16384 ? length : 16384;
  size_t quotes = 0;
  size_t digits = 0;
  uint8_t high = 0;
  for (size_t i = 0; i < sample; i++) {
    quotes += text[i] == '"';
    digits += uint8_t(text[i] - '0') < 10;
    high |= text[i];
  }
  return high < 0x80 && digits >= 8 * (quotes + 1);
}

}  // namespace arenajson
