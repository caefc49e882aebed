#include "path/path.h"

#include "path/path_cache.h"
#include "path/path_eval.h"

namespace arenajson {

path_engine::path_engine() : cache_(std::make_unique<path_cache>()), evaluator_(std::make_unique<path_evaluator>()) {}

path_engine::~path_engine() = default;

void path_engine::evaluate(const document& doc, uint32_t start, const char* path, size_t path_length,
                           path_result& out) {
  out.what = path_result::kind::none;
  out.json.clear();
  if (start >= doc.node_count) return;
  const path_program& program = cache_->lookup(path, path_length);
  if (!program.valid) return;
  evaluator_->run(program, doc, start, out);
}

void path_engine::evaluate(const document& doc, uint32_t start, const path_program& program, path_result& out) {
  out.what = path_result::kind::none;
  out.json.clear();
  if (start >= doc.node_count || !program.valid) return;
  evaluator_->run(program, doc, start, out);
}

}  // namespace arenajson
