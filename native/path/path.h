// Evaluation of gjson-syntax paths against a document.
//
// A path never fails: a malformed path, or one that leads nowhere, simply has
// no result. A result is either a node of the document, or JSON text that the
// path produced (a count, a list gathered from several places, the output of
// a modifier). The syntax and its results are gjson's (docs/path-syntax.md);
// where this differs from gjson it is listed there.
//
// A path_engine holds the per-thread state: the compiled-path cache and the
// evaluator's scratch memory. It is not thread-safe; use one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "parse/document.h"

namespace arenajson {

struct path_result {
  enum class kind : uint8_t { none, node, json };
  kind what = kind::none;
  uint32_t node_index = 0;  ///< when what == node: a node of the queried document
  std::string json;         ///< when what == json: valid JSON text (gjson's Result.Raw)
};

class path_cache;
struct path_program;
class path_evaluator;

class path_engine {
 public:
  path_engine();
  ~path_engine();
  path_engine(const path_engine&) = delete;
  path_engine& operator=(const path_engine&) = delete;

  /// Evaluates `path` against the value at `start` in `doc`.
  void evaluate(const document& doc, uint32_t start, const char* path, size_t path_length, path_result& out);

  /// Evaluates a compiled path (compile_path, path_table) against the value at `start` in `doc`.
  void evaluate(const document& doc, uint32_t start, const path_program& program, path_result& out);

 private:
  std::unique_ptr<path_cache> cache_;
  std::unique_ptr<path_evaluator> evaluator_;
};

}  // namespace arenajson
