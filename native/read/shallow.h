// The shallow text of a container: what a lazy view needs to build one level
// of a document in JavaScript with V8's own JSON.parse.
//
// The text is valid JSON for the container with every scalar (and every key)
// copied from the source, and every nested array or object replaced by a
// reference `[code]` that names it: code = node index * 2, plus 1 when the
// nested value is an array. A nested container whose source is at most
// `inline_bytes` long comes with its content, encoded the same way:
// `[code,{...}]` or `[code,[...]]`. Parsing the text therefore gives exactly
// what JSON.parse gives for each level — key order, duplicate keys,
// `__proto__`, numbers and strings — while larger levels stay in the arena.
#pragma once

#include <cstdint>
#include <string>

#include "parse/document.h"
#include "read/read_plan.h"

namespace arenajson {

/// True when container node `index` holds at least one array or object.
bool has_nested_container(const document& doc, uint32_t index) noexcept;

/// Writes the shallow text of container node `index` into `out` (replacing
/// its content). When the container holds no nested container, its source
/// text is already its shallow text; callers may use that instead (not with
/// read options that are not plain).
///
/// Under read options (read_plan.h), a number that reads as a BigInt is
/// written as the reference `["digits"]` (a string where a container's code
/// would be), and with proto 'remove' poisoned members are left out.
void write_shallow(const document& doc, uint32_t index, uint32_t inline_bytes, std::string& out,
                   const read_options& options = read_options{});

}  // namespace arenajson
