// The compiled form of a gjson path.
//
// A path is compiled once into a small graph of steps that refer back to
// ranges of the path text. gjson reads a path component differently depending
// on whether it meets an object or an array (`#(a.b==1)` is a query on an
// array but the keys `#(a` and `b==1)` on an object), so every component is
// compiled both ways and the evaluator picks the view that fits the value.
//
// Two levels mirror gjson's structure:
//  - a get step is what gjson's Get() sees: a modifier (`@reverse`), a literal
//    (`!true`), a multipath (`{a,b}` / `[a,b]`), JSON Lines (`..`) or a plain
//    path;
//  - a component step is one key, index, `#`, `#.key` or query of a plain
//    path, with what follows it: more components (after `.`), or a new get
//    step applied to the result (after `|`).
//
// Compiling never fails on a malformed path; the malformed part just matches
// nothing. Only absurd inputs (too many steps) give an invalid program.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace arenajson {

struct modifier_entry;  // path/modifiers.h

/// A range of the path text.
struct text_range {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const noexcept { return begin >= end; }
};

/// What follows a component.
struct continuation {
  enum class kind : uint8_t {
    end,    ///< nothing: the component's value is the result
    more,   ///< `.` then more components: `target` is a component step
    pipe,   ///< `|` (or `.` before a modifier/multipath): `target` is a get step applied to the result
    split,  ///< after a query: `target` is a get step applied to each match, `pipe` (or -1) to the result
  };
  kind what = kind::end;
  int32_t target = -1;
  int32_t pipe = -1;
};

struct object_step {
  std::string key;  ///< unescaped; a pattern when `wild`
  bool wild = false;
  continuation next;
};

enum class array_kind : uint8_t { none, index, count, map, query };

enum class query_op : uint8_t {
  exists,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  like,
  not_like,
  never
};

/// `~true`, `~false`, `~null`, `~*` turn the compared value into a boolean first.
enum class query_tilde : uint8_t { none, truthy, falsy, null_value, exists, unknown };

struct query_spec {
  int32_t path = -1;       ///< get step evaluated on object and array elements
  bool path_empty = true;  ///< scalars only match a query with no path
  bool all = false;        ///< `#(...)#`
  query_op op = query_op::exists;
  query_tilde tilde = query_tilde::none;
  std::string value;  ///< the right-hand side, unquoted and unescaped
  double number = 0;  ///< `value` read as a number (0 when it is not one)
};

struct array_step {
  array_kind kind = array_kind::none;
  uint64_t index = 0;
  int32_t map_key = -1;   ///< `#.key`: get step applied to each element
  int32_t map_pipe = -1;  ///< `#.key|rest`: get step applied to the mapped array
  query_spec query;
  continuation next;
};

struct component_step {
  object_step object;
  array_step array;
};

enum class get_kind : uint8_t { plain, modifier, literal, multipath, lines };

struct multipath_member {
  std::string name;   ///< the JSON key (quoted) for `{...}` multipaths
  int32_t path = -1;  ///< get step
};

struct get_step {
  get_kind kind = get_kind::plain;
  int32_t component = -1;  ///< plain, lines
  const modifier_entry* modifier = nullptr;
  text_range argument;         ///< modifier argument text
  int32_t argument_path = -1;  ///< an argument of kind path (@dig), compiled
  text_range literal;          ///< literal JSON text
  bool object = false;         ///< multipath: `{...}` (else `[...]`)
  std::vector<multipath_member> members;
  int32_t rest = -1;  ///< get step after a modifier, literal or multipath, or -1
};

struct path_program {
  std::string path;
  std::vector<get_step> gets;  ///< gets[0] is the whole path
  std::vector<component_step> components;
  bool valid = false;
  bool plain_chain = false;  ///< is_plain_chain(*this), set by compile_path
};

/// Compiles `path` into `out` (replacing its contents). Returns out.valid.
bool compile_path(const char* path, size_t length, path_program& out);

/// True for a path of plain keys and indexes only (one get step, components
/// joined by `.`, no wildcard, `#`, query or pipe), at most 32 components:
/// what the evaluator walks straight down the tape (path_eval.cc).
bool is_plain_chain(const path_program& program) noexcept;

}  // namespace arenajson
