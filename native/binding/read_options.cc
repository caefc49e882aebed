// JS values under the read options (see read_options.h).
#include "binding/read_options.h"

#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "binding/convert.h"
#include "binding/state.h"

namespace arenajson {

namespace {

napi_value make_bigint(Napi::Env env, const document& doc, const node& n) {
  std::vector<uint64_t> words;
  bool negative = false;
  integer_words(doc, n, words, &negative);
  napi_value out = nullptr;
  if (napi_create_bigint_words(env, negative ? 1 : 0, words.size(), words.data(), &out) != napi_ok) {
    if (!env.IsExceptionPending()) Napi::RangeError::New(env, "Maximum BigInt size exceeded").ThrowAsJavaScriptException();
    return nullptr;
  }
  return out;
}

// The JS key of a plan step (a string for a member, a number for an element).
napi_value step_key(Napi::Env env, const document& doc, const plan_step& step) {
  if (step.key == plan_step::no_key) return Napi::Number::New(env, step.position);
  return to_js(env, doc, step.key);
}

// Applies the plan's changes to `root`, JSON.parse's result for the planned
// node. The objects on the way to a change are fetched once per run of
// changes below them (`spine`). Every property read or written is an own
// data property JSON.parse made, so no user code runs here.
bool apply_plan(Napi::Env env, const document& doc, const read_plan& plan, napi_value root) {
  std::vector<napi_value> spine{root};
  std::vector<uint32_t> spine_nodes;  // the value node of each spine entry after the root
  for (const plan_change& change : plan.changes) {
    const plan_step* steps = plan.steps.data() + change.first_step;
    const uint32_t parent_depth = change.step_count - 1;
    size_t common = 0;
    while (common < spine_nodes.size() && common < parent_depth && spine_nodes[common] == steps[common].value) common++;
    spine_nodes.resize(common);
    spine.resize(common + 1);
    for (uint32_t i = uint32_t(common); i < parent_depth; i++) {
      napi_value key = step_key(env, doc, steps[i]);
      napi_value child = nullptr;
      if (key == nullptr || napi_get_property(env, spine.back(), key, &child) != napi_ok) return false;
      spine.push_back(child);
      spine_nodes.push_back(steps[i].value);
    }
    const plan_step& last = steps[parent_depth];
    napi_value key = step_key(env, doc, last);
    if (key == nullptr) return false;
    if (change.what == plan_change::kind::drop_key) {
      if (napi_delete_property(env, spine.back(), key, nullptr) != napi_ok) return false;
      continue;
    }
    napi_value value = make_bigint(env, doc, doc.nodes[last.value]);
    if (value == nullptr || napi_set_property(env, spine.back(), key, value) != napi_ok) return false;
  }
  return true;
}

void throw_poisoned(Napi::Env env, const document& doc, const read_plan& plan) {
  std::string path = change_path(doc, plan, plan.changes.back());
  throw_error(env, error_code::json_proto, 0, path.c_str());
}

}  // namespace

read_options read_options_arg(const Napi::CallbackInfo& info, size_t at) {
  if (info.Length() <= at || !info[at].IsNumber()) return read_options{};
  double mode = info[at].As<Napi::Number>().DoubleValue();
  if (!(mode >= 0 && mode < 16)) return read_options{};
  return read_options_of(uint32_t(mode));
}

napi_value to_js_with(Napi::Env env, const document& doc, uint32_t index, const read_options& options) {
  if (options.plain()) return to_js(env, doc, index);
  const node& n = doc.nodes[index];
  if (n.type == node_type::number && reads_as_bigint(doc, n, options.bigint)) return make_bigint(env, doc, n);
  if (n.type != node_type::array && n.type != node_type::object) return to_js(env, doc, index);
  read_plan& plan = state_of(env).plan;
  make_read_plan(doc, index, options, plan);
  if (plan.poisoned) {
    throw_poisoned(env, doc, plan);
    return nullptr;
  }
  napi_value root = to_js(env, doc, index);
  if (root == nullptr || plan.changes.empty()) return root;
  if (!apply_plan(env, doc, plan, root)) {
    if (!env.IsExceptionPending()) throw_error(env, error_code::out_of_memory);
    return nullptr;
  }
  return root;
}

napi_value result_to_js_with(Napi::Env env, const document& doc, const path_result& result, const read_options& options) {
  if (options.plain() || result.what != path_result::kind::json) {
    if (result.what == path_result::kind::node) return to_js_with(env, doc, result.node_index, options);
    return result_to_js(env, doc, result);
  }
  // Text a modifier or multipath made: read it as a document of its own.
  arena scratch{arena_options{}};
  Napi::String text = Napi::String::New(env, result.json);
  document* made = parse_into(env, text, scratch, false, false);
  if (made == nullptr) return nullptr;
  return to_js_with(env, *made, 0, options);
}

bool throw_if_poisoned(Napi::Env env, const document& doc, uint32_t index) {
  const node& n = doc.nodes[index];
  if (n.type != node_type::array && n.type != node_type::object) return false;
  read_options options;
  options.proto = proto_mode::error;
  read_plan& plan = state_of(env).plan;
  make_read_plan(doc, index, options, plan);
  if (!plan.poisoned) return false;
  throw_poisoned(env, doc, plan);
  return true;
}

}  // namespace arenajson
