// gjson's built-in modifiers: @reverse @ugly @pretty @this @valid @flatten
// @join @keys @values @tostr @fromstr @group @dig, with their arguments and
// with gjson's answers on missing input (@keys and @values give [], @tostr
// gives "", the others nothing).
//
// A modifier is one entry of the table in modifiers.cc: its name, the kind of
// argument it reads, and its handler. The compiler looks a name up once and
// keeps the entry in the get step; the evaluator calls the entry's handler.
// Adding a modifier is a table line and a handler, plus its line in
// docs/path-syntax.md and its model in test/modifiers.registry.test.mjs
// (which checks both against the table; the parse_path fuzz target reads
// the table itself).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace arenajson {

class path_evaluator;
struct path_value;
struct get_step;

/// What the compiler does with the text after `@name:`. Whatever the kind,
/// the argument is delimited the same way (gjson's rule: a JSON value, or
/// text up to the next `|`), so a path splits the same wherever it names an
/// unused argument.
enum class modifier_argument : uint8_t {
  none,     ///< ignored
  options,  ///< a JSON object of options, read by the handler (`@pretty:{"width":40}`)
  path,     ///< a path, compiled with the program into get_step::argument_path (`@dig:name`)
};

/// The modifier of `step` applied to `input`.
using modifier_handler = path_value (*)(path_evaluator& evaluator, const get_step& step, const path_value& input);

struct modifier_entry {
  std::string_view name;  ///< without the `@`
  modifier_argument argument;
  modifier_handler apply;
};

/// The entry named by [name, name + length) (no `@`), or nullptr.
const modifier_entry* find_modifier(const char* name, size_t length) noexcept;

/// Every modifier, in table order: modifier_count() entries from modifier_table().
const modifier_entry* modifier_table() noexcept;
size_t modifier_count() noexcept;

}  // namespace arenajson
