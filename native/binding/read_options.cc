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

// The JS key of a plan step (a string for a member, a number for an element).
napi_value step_key(Napi::Env env, const document& doc, const plan_step& step) {
  if (step.key == plan_step::no_key) return Napi::Number::New(env, step.position);
  return to_js(env, doc, step.key);
}

// Applies the plan's changes to `root`, JSON.parse's result for the planned
// node. The objects on the way to a change are fetched once per run of
// changes below them (`spine`, with the plan step of each entry after the
// root): changes come in document order, so each step is fetched once and
// the work is linear in the plan at any depth. Every property read or
// written is an own data property JSON.parse made, so no user code runs here.
bool apply_plan(Napi::Env env, const document& doc, const read_plan& plan, napi_value root) {
  std::vector<napi_value> spine{root};
  std::vector<uint32_t> spine_steps;  // spine_steps[d - 1]: the step at depth d
  std::vector<uint32_t> missing;
  for (const plan_change& change : plan.changes) {
    const plan_step& last = plan.steps[change.step];
    // The steps from the changed member's container up to the spine.
    missing.clear();
    uint32_t at = last.parent;
    while (at != plan_step::no_parent) {
      const plan_step& s = plan.steps[at];
      if (s.depth <= spine_steps.size() && spine_steps[s.depth - 1] == at) break;
      missing.push_back(at);
      at = s.parent;
    }
    const size_t kept = at == plan_step::no_parent ? 0 : plan.steps[at].depth;
    spine_steps.resize(kept);
    spine.resize(kept + 1);
    for (size_t i = missing.size(); i-- > 0;) {
      napi_value key = step_key(env, doc, plan.steps[missing[i]]);
      napi_value child = nullptr;
      if (key == nullptr || napi_get_property(env, spine.back(), key, &child) != napi_ok) return false;
      spine.push_back(child);
      spine_steps.push_back(missing[i]);
    }
    napi_value key = step_key(env, doc, last);
    if (key == nullptr) return false;
    if (change.what == plan_change::kind::drop_key) {
      if (napi_delete_property(env, spine.back(), key, nullptr) != napi_ok) return false;
      continue;
    }
    napi_value value = bigint_to_js(env, doc, doc.nodes[last.value]);
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
  if (!(mode >= 0 && mode < read_mode_layout::limit)) return read_options{};
  return read_options_of(uint32_t(mode));
}

napi_value to_js_with(Napi::Env env, const document& doc, uint32_t index, const read_options& options) {
  if (options.plain()) return to_js(env, doc, index);
  const node& n = doc.nodes[index];
  if (n.type == node_type::number && reads_as_bigint(doc, n, options.bigint)) return bigint_to_js(env, doc, n);
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

napi_value result_to_js_with(Napi::Env env, const document& doc, const path_result& result,
                             const read_options& options) {
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

bool holds_poison(Napi::Env env, const document& doc, uint32_t index) {
  const node& n = doc.nodes[index];
  if (n.type != node_type::array && n.type != node_type::object) return false;
  read_options options;
  options.proto = proto_mode::error;
  read_plan& plan = state_of(env).plan;
  make_read_plan(doc, index, options, plan);
  return plan.poisoned;
}

bool throw_if_poisoned(Napi::Env env, const document& doc, uint32_t index) {
  if (!holds_poison(env, doc, index)) return false;
  throw_poisoned(env, doc, state_of(env).plan);
  return true;
}

}  // namespace arenajson
