// Serialization of document nodes and built values to JSON text.
//
// One rule: the text is exactly what JSON.stringify(x.toJS(), null, gap)
// gives in V8 — integer-like keys first in ascending order, then the other
// keys in insertion order (a repeated key of a parsed object: the last value
// at the first key's place), V8's number and string forms (scalar_text.h),
// and V8's layout for a non-empty gap. Source text that is already in that
// form is copied as it is; only what is not gets rewritten.
//
// The source form (write_options::source_form) is for handing a value to
// JSON.parse: parsed values are copied as their source text (so -0 and 1e400
// keep their meaning) and built objects are written in insertion order.
//
// The first write of a parsed container also learns whether its compact
// text is its source text minus whitespace ("clean": canonical numbers and
// string escapes, keys in V8's order) and whether that source has no
// whitespace ("compact"), and records both in the container's node flags
// (document.h). Later writes copy a clean compact subtree with one memcpy and
// a clean one with whitespace by dropping the whitespace between its tokens.
// The flags describe the source text, which never changes, so they stay true
// for the life of the document.
//
// No recursion: the writer keeps its own stack, so nesting depth is bounded
// by memory only. A built container met again while it is being written is a
// cycle: the write stops with error_code::cyclic_value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "memory/error.h"
#include "memory/text_buffer.h"
#include "parse/document.h"
#include "write/builder.h"

namespace arenajson {

struct write_options {
  const char* gap = nullptr;  ///< the indent of one level ("" or nullptr: compact)
  size_t gap_length = 0;
  bool source_form = false;
  /// Integer literals (digits only) as written, `-0` as `0`: the text BigInts
  /// read with the `bigint` option serialize back to.
  bool integers_as_written = false;
};

/// Reusable working memory of the writer (one per thread).
class writer_scratch {
 public:
  struct frame {
    uint8_t kind;
    bool wrote_any;
    bool tracking;      ///< learning the container's text flags while writing it
    bool clean;         ///< tracking: every member written so far was clean
    bool compact;       ///< tracking: no whitespace met so far
    bool patched;       ///< tracking: a member is clean only with cached numbers (flag_text_patched)
    uint32_t position;  ///< next tape node, next member/element, or offset in `order`
    uint32_t end;       ///< remaining tape members, or end offset/count
    uint32_t order_mark;
    uint32_t node_index;  ///< tape frames: the container's node
    uint32_t prev_end;    ///< tracking: text offset where the previous member ended
    const document* doc;
    built_value* container;
  };
  std::vector<frame> stack;
  std::vector<uint32_t> order;  ///< member orderings of the objects on the stack
  std::vector<uint32_t> table;  ///< duplicate-key detection
  std::string indent;           ///< "\n" followed by the gap repeated
  std::vector<std::string> keys;
  struct level {
    uint32_t remaining;
    bool object;
    bool first;
  };
  std::vector<level> levels;        ///< containers open in a clean subtree being laid out
  std::vector<uint32_t> open_ends;  ///< measuring indentation: where the open containers end
};

/// Appends the text of node `index` of `doc` to `out`.
error_code write_node(const document& doc, uint32_t index, const write_options& options, writer_scratch& scratch,
                      text_buffer& out) noexcept;

/// True when an earlier write found that the compact text of node `index`
/// is exactly its source text (a clean, compact container): then `*text` and
/// `*length` give that source, which the caller may use in place of a copy.
bool compact_text_is_source(const document& doc, uint32_t index, const char** text, size_t* length) noexcept;

/// Appends the text of a built value to `out`.
error_code write_built(built_value* value, const write_options& options, writer_scratch& scratch,
                       text_buffer& out) noexcept;

}  // namespace arenajson
