// The read options, and what they change in JSON.parse's result.
//
// toJS builds containers with V8's own JSON.parse (exact by construction).
// The options `bigint` and `proto` are honoured by changing that result in a
// few places, and the read plan lists those places: each change is a member
// or element, named by its steps from the value being read. A BigInt
// replaces a number whose literal a double cannot hold exactly ('unsafe') or
// any integer literal ('always'); a poisoned key is deleted ('remove') or
// reported ('error'). Only members that JSON.parse keeps are planned: a
// change inside a member that a later duplicate key overrides is dropped.
//
// An integer literal is a number written with digits only: `-12`, `0`,
// `-0`. `1e20`, `1.0` and `1E3` are not, and stay doubles in every mode.
//
// A poisoned key is `__proto__` (any spelling that decodes to it, such as
// `"\u005f_proto__"`), or `constructor` when the value JSON.parse keeps for it
// is an object with a `prototype` key — the keys secure-json-parse removes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parse/document.h"

namespace arenajson {

enum class bigint_mode : uint8_t { never = 0, unsafe = 1, always = 2 };
enum class proto_mode : uint8_t { keep = 0, remove = 1, error = 2 };

struct read_options {
  bigint_mode bigint = bigint_mode::never;
  proto_mode proto = proto_mode::keep;

  /// True for the default, exact JSON.parse, options.
  bool plain() const noexcept { return bigint == bigint_mode::never && proto == proto_mode::keep; }
};

/// The read mode: the read options as one integer, the form in which they
/// cross from JS (lib/options.ts packs it with the same layout). Each option
/// is a 2-bit field holding its enum value above (0 is JSON.parse); bits 4-7
/// are free for further options. A mode is below `limit`: what travels packed
/// with one (toJS's tape flags, doc.get's path ticket) sits above it.
namespace read_mode_layout {
constexpr uint32_t field_mask = 3;
constexpr uint32_t bigint_shift = 0;
constexpr uint32_t proto_shift = 2;
constexpr uint32_t bits = 8;
constexpr uint32_t limit = 1u << bits;
}  // namespace read_mode_layout

/// The options of a read mode (an out-of-range field reads as its default).
/// Next to the layout, so that a new option is declared, placed and decoded
/// in this one header.
inline read_options read_options_of(uint32_t mode) noexcept {
  read_options options;
  const uint32_t bigint = (mode >> read_mode_layout::bigint_shift) & read_mode_layout::field_mask;
  const uint32_t proto = (mode >> read_mode_layout::proto_shift) & read_mode_layout::field_mask;
  options.bigint = bigint <= 2 ? bigint_mode(bigint) : bigint_mode::never;
  options.proto = proto <= 2 ? proto_mode(proto) : proto_mode::keep;
  return options;
}

/// True when the number node `n` is an integer literal.
bool is_integer_literal(const document& doc, const node& n) noexcept;

/// True when the number node `n` reads as a BigInt under `mode`.
bool reads_as_bigint(const document& doc, const node& n, bigint_mode mode) noexcept;

/// The magnitude of an integer literal as little-endian 64-bit words (at
/// least one); *negative is set from its sign.
void integer_words(const document& doc, const node& n, std::vector<uint64_t>& words, bool* negative);

// The steps of a plan form a tree: each step names its container's step
// (`parent`), so a change deep in a document costs one step, not its depth,
// and a million-deep document plans in linear time and memory.
struct plan_step {
  static constexpr uint32_t no_key = 0xFFFFFFFFu;
  static constexpr uint32_t no_parent = 0xFFFFFFFFu;
  uint32_t value;     ///< the member's value node, or the element node
  uint32_t key;       ///< the member's key node; no_key for an array element
  uint32_t position;  ///< the element's position in its array
  uint32_t parent;    ///< the step of the container it sits in; no_parent for the planned node's children
  uint32_t depth;     ///< steps from the planned node (1 for its children)
};

struct plan_change {
  enum class kind : uint8_t { to_bigint, drop_key };
  kind what;
  uint32_t step;  ///< into read_plan::steps: the member or element changed
};

struct read_plan {
  std::vector<plan_step> steps;
  std::vector<plan_change> changes;
  bool poisoned = false;  ///< proto 'error' met a poisoned key: it is the last change

  void clear() noexcept {
    steps.clear();
    changes.clear();
    poisoned = false;
  }
};

/// Plans the changes for the container node `index` under `options`, in
/// document order. With proto 'error' the plan stops at the first poisoned
/// key (plan.poisoned). Iterative: any nesting depth.
void make_read_plan(const document& doc, uint32_t index, const read_options& options, read_plan& plan);

/// The path of a change from the planned node, in gjson syntax (`a.0.__proto__`).
std::string change_path(const document& doc, const read_plan& plan, const plan_change& change);

/// True when key node `key_index` is "__proto__" (any spelling that decodes to it).
bool is_proto_key(const document& doc, uint32_t key_index) noexcept;

/// True when member `key_index` of object `object_index` is a poisoned key
/// (see above). A `constructor` key counts when the member JSON.parse keeps
/// for that key is poisoned, whichever duplicate `key_index` is.
bool is_poisoned_key(const document& doc, uint32_t object_index, uint32_t key_index) noexcept;

}  // namespace arenajson
