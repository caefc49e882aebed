// Evaluation of gjson-syntax paths against a document.
//
// A path never fails: a malformed path, or one that leads nowhere, simply has
// no result. A result is either a node of the document, or JSON text that the
// path produced (a count, a list gathered from several places, the output of
// a modifier).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "document.h"

namespace arenajson {

struct path_result {
  enum class kind : uint8_t { none, node, json };
  kind what = kind::none;
  uint32_t node_index = 0;  ///< when what == node
  std::string json;         ///< when what == json: canonical JSON text
};

/// Evaluates `path` against the value at `start` in `doc`.
void evaluate_path(const document& doc, uint32_t start, const char* path, size_t path_length, path_result& out);

}  // namespace arenajson
