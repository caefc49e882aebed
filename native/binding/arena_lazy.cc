// NativeArena (see arena_wrap.h): shallow, the one native call behind the
// lazy view (lib/lazy.ts): one level of an array or object as JSON text.
#include <napi.h>

#include <string>

#include "binding/arena_wrap.h"
#include "binding/convert.h"
#include "binding/state.h"
#include "shallow.h"

namespace arenajson {

// The shallow JSON text of an array or object (see shallow.h), for the lazy
// view; undefined for a scalar. info[2]: inline nested levels up to this many bytes.
Napi::Value ArenaWrap::Shallow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return env.Undefined();
  const node& n = doc->nodes[index];
  if (n.type != node_type::array && n.type != node_type::object) return env.Undefined();
  if (n.type == node_type::array && n.count > v8_array_limit) {
    Napi::RangeError::New(env, "array is longer than V8 can hold (134217725 elements)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!has_nested_container(*doc, index)) return Napi::Value(env, raw_text(env, *doc, index));
  uint32_t inline_bytes = 0;
  if (info.Length() > 2 && info[2].IsNumber()) {
    double wanted = info[2].As<Napi::Number>().DoubleValue();
    if (wanted > 0) inline_bytes = wanted < 4096 ? uint32_t(wanted) : 4096;  // bounds the recursion
  }
  std::string& text = state_of(env).shallow;
  write_shallow(*doc, index, inline_bytes, text);
  napi_value out = make_string(env, text.data(), text.size());
  if (text.capacity() > (16u << 20)) std::string().swap(text);  // keep the scratch bounded
  return Napi::Value(env, out);
}

}  // namespace arenajson
