// A document flattened into two arrays JS reads fast: the value tape.
//
// parse(bytes) builds its JS value from this form instead of decoding the
// bytes to a string for JSON.parse: numbers are decoded here (exactly as
// JSON.parse decodes them), each distinct string is made once, and
// lib/value-tape.ts builds arrays and objects from the tape with plain JS,
// which V8 compiles to fast code.
//
// ops, in document order (each container's contents follow it):
//   op_number                 the next double of `numbers`
//   op_string id              strings[id]
//   op_null / op_true / op_false
//   op_array count            then `count` values
//   op_number_array count     an array of the next `count` doubles (an array
//                             whose elements are all numbers: JS gives it an
//                             allocation site of its own, kept unboxed)
//   op_object count           then `count` times: key, value; a key is a
//                             string id, or ~id (negative) for "__proto__",
//                             which JS must define as an own property
// Strings (keys and values) are listed once per distinct source spelling,
// by the tape index of a node that holds it.
//
// The read options (read_plan.h) are applied while writing: under `bigint`
// a number that reads as a BigInt is written as op_string with the id of its
// number node (the binding makes a BigInt for it, one per spelling), and
// under proto 'remove' poisoned members are left out. Under proto 'error'
// a poisoned key ends the tape with `poisoned` set: the caller reads the
// document the slow way, which names the key (or finds it in a member a
// later duplicate overrides, which JSON.parse does not keep).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parse/document.h"
#include "read/read_plan.h"

namespace arenajson {

enum value_tape_op : int32_t {
  op_number = 0,
  op_string,
  op_null,
  op_true,
  op_false,
  op_array,
  op_object,
  op_number_array
};

struct value_tape {
  int32_t* ops = nullptr;
  size_t ops_capacity = 0;
  double* numbers = nullptr;
  size_t numbers_capacity = 0;
  bool declined = false;                              ///< write_value_tape gave up: leave it to JSON.parse
  bool always = false;                                ///< never decline for speed (only for depth)
  bool poisoned = false;                              ///< declined: proto 'error' met a poisoned key
  read_options options;                               ///< bigint and proto, applied while writing
  std::vector<uint32_t> strings;                      ///< per string id, a node holding that text
  std::unordered_map<std::string_view, int32_t> ids;  ///< scratch: source spelling -> id
};

/// Nesting beyond which callers should leave the document to JSON.parse
/// (the JS builder recurses once per level).
constexpr size_t value_tape_depth_limit = 2000;

/// The ops capacity the subtree at `root` may need; numbers need at most
/// half of it.
inline size_t value_tape_ops_bound(const document& doc, uint32_t root) noexcept {
  return size_t(doc.nodes[root].next - root) * 2 + 2;
}

/// Writes the subtree at `root` into `out` (which must have the capacities
/// value_tape_ops_bound() for ops and half of it for numbers). False when they are short,
/// or with `declined` set when the document is one JSON.parse builds faster
/// (many short distinct strings), nests deeper than value_tape_depth_limit or
/// (with `poisoned` set) holds a poisoned key under proto 'error'.
bool write_value_tape(const document& doc, uint32_t root, value_tape& out);

/// A look at the first bytes before parsing (16 KiB, or an eighth of a
/// small document): false when they hold a distinct string per fewer than
/// 80 bytes. Each distinct string costs the tape a Node-API call, more than
/// JSON.parse pays; repeated ones (keys, enum-like values) cost it nothing.
bool tape_may_pay(const uint8_t* text, size_t length) noexcept;

/// The same look at a JS string's first 16 KiB (as UTF-8). JSON.parse reads
/// a string without the decode bytes need, and a string with characters
/// beyond ASCII costs a conversion here: only ASCII documents of mostly
/// numbers (eight digits or more per quote) are worth the tape then.
bool tape_may_pay_for_text(const uint8_t* text, size_t length) noexcept;

}  // namespace arenajson
