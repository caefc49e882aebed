// The evaluator of compiled paths.
//
// A value met while evaluating is a node of a document (the one queried, or
// a scratch document parsed from text the path produced), or text the path
// produced (a count, a `#.key` list, a modifier's output) that is parsed only
// when a later step needs to look inside it. Scratch documents and texts live
// until the next evaluation; the evaluator is reused, so a warm evaluator
// allocates nothing for plain paths.
//
// Cost is bounded: every step spends fuel, native recursion is capped, and
// running out of either ends the evaluation with no result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "memory/arena.h"
#include "parse/document.h"
#include "parse/lookup_index.h"
#include "path/path.h"
#include "path/path_program.h"

namespace arenajson {

struct path_value {
  const document* doc = nullptr;  ///< set for a node (also once a text is parsed)
  uint32_t index = 0;
  int32_t text = -1;    ///< produced text, or -1
  bool trusted = true;  ///< the text is known to be valid JSON

  bool exists() const noexcept { return doc != nullptr || text >= 0; }
};

class path_evaluator {
 public:
  path_evaluator();
  ~path_evaluator();
  path_evaluator(const path_evaluator&) = delete;
  path_evaluator& operator=(const path_evaluator&) = delete;

  /// Evaluates `program` against node `start` of `doc` into `out`.
  void run(const path_program& program, const document& doc, uint32_t start, path_result& out);

  // What modifiers build on.
  const path_program& program() const noexcept { return *program_; }
  /// gjson's Get(value, path) for get step `step`.
  path_value get(const path_value& input, int32_t step);
  /// Makes `value` a node, parsing its text when needed; false when it is
  /// missing or its text is not JSON.
  bool resolve(path_value& value);
  /// The JSON text a modifier is given for `value` ("" when missing).
  std::string_view json_of(const path_value& value);
  /// gjson's Result.Raw of a resolved or trusted value.
  std::string_view raw_of(const path_value& value);
  /// A new empty text buffer; stays valid (and at the same address) until run() ends.
  std::string& new_text(int32_t* id);
  /// The value of text `id`; missing when the text is blank.
  path_value text_value(int32_t id, bool trusted);
  path_value node_value(const document* doc, uint32_t index) const noexcept;
  /// Spends `units` of fuel; false once the evaluation must stop.
  bool spend(int64_t units) noexcept;
  /// Counts `bytes` of text about to be written against the fuel (a unit per
  /// text_bytes_per_unit bytes), before they are written; false once the
  /// evaluation must stop, and then nothing more may be written.
  bool produce(size_t bytes) noexcept;
  /// Appends `piece` to `out` when produce() allows it; false when it does not.
  bool append(std::string& out, std::string_view piece);
  /// The bytes of text produce() would still allow.
  size_t text_allowance() const noexcept;
  int64_t fuel() const noexcept { return fuel_; }
  /// Native recursion guard; every successful enter() needs a leave().
  bool enter() noexcept;
  void leave() noexcept { depth_--; }
  bool aborted() const noexcept { return aborted_; }
  int depth_left() const noexcept { return max_depth - depth_; }

  static constexpr int max_depth = 64;
  static constexpr uint64_t text_bytes_per_unit = 8;  // at most 256 MiB of text per evaluation

 private:
  struct walk_context {
    path_value value;
    int32_t pipe = -1;
    bool piped = false;
  };

  // Evaluates a plain chain (path_program::plain_chain) straight down the
  // tape into `out`; false (having done nothing) for any other path.
  bool run_plain(const path_program& program, const document& doc, uint32_t start, path_result& out);
  path_value plain(int32_t component, const path_value& input);
  path_value lines(int32_t component, const path_value& input);
  path_value multipath(const get_step& step, const path_value& input);
  bool walk(walk_context& context, const document* doc, uint32_t node, int32_t component);
  bool run_query(walk_context& context, const document* doc, uint32_t node, const array_step& step);
  path_value map(const document* doc, uint32_t node, const array_step& step);
  bool query_matches(const query_spec& query, path_value value);
  bool key_matches(const document* doc, uint32_t key, const std::string& pattern);
  bool like(std::string_view text, std::string_view pattern);
  path_value number_text(uint64_t number);

  const path_program* program_ = nullptr;
  const document* origin_ = nullptr;
  arena scratch_;
  parser_scratch* parser_ = nullptr;
  std::deque<std::string> texts_;
  size_t texts_used_ = 0;
  std::vector<const document*> parsed_;  // by text id: its parsed document, or null
  std::string key_buffer_;
  lookup_index index_;  // lookup indexes over the queried document (not scratch ones)
  int64_t fuel_ = 0;
  uint64_t produced_ = 0;  // text bytes counted by produce() in this run
  int depth_ = 0;
  bool aborted_ = false;
};

}  // namespace arenajson
