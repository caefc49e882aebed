// NativeArena (see arena_wrap.h): the native calls behind the lazy view
// (lib/lazy.ts): lookup, one member or element of a level that is not built
// yet, and shallow, one level of an array or object as JSON text.
#include <napi.h>

#include <string>

#include "binding/arena_wrap.h"
#include "binding/convert.h"
#include "binding/read_options.h"
#include "binding/state.h"
#include "read/lazy_lookup.h"
#include "read/shallow.h"

namespace arenajson {

// The shallow JSON text of an array or object (see shallow.h), for the lazy
// view; undefined for a scalar. info[2]: inline nested levels up to this many
// bytes; info[3]: the read mode (read_options.h).
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
  const read_options options = read_options_arg(info, 3);
  if (options.plain() && !has_nested_container(*doc, index)) return Napi::Value(env, raw_text(env, *doc, index));
  uint32_t inline_bytes = 0;
  if (info.Length() > 2 && info[2].IsNumber()) {
    double wanted = info[2].As<Napi::Number>().DoubleValue();
    if (wanted > 0) inline_bytes = wanted < 4096 ? uint32_t(wanted) : 4096;  // bounds the recursion
  }
  std::string& text = state_of(env).shallow;
  write_shallow(*doc, index, inline_bytes, text, options);
  napi_value out = make_string(env, text.data(), text.size());
  if (text.capacity() > (16u << 20)) std::string().swap(text);  // keep the scratch bounded
  return Napi::Value(env, out);
}

// What property key info[2] (a string) of array or object info[0], info[1]
// names (lazy_lookup.h): the member's or element's node index * 8 + its
// node_type; -1 when it is not an own property; -2 when the caller must
// build the level to tell. info[3]: the read mode (read_options.h).
Napi::Value ArenaWrap::Lookup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return env.Undefined();
  if (info.Length() < 3 || !info[2].IsString()) {
    throw_error(env, error_code::invalid_arg, 0, "lookup expects a string key");
    return env.Undefined();
  }
  addon_state& state = state_of(env);
  char16_t small[64];
  const char16_t* key = small;
  size_t length = 0;
  napi_get_value_string_utf16(env, info[2], small, sizeof(small) / sizeof(small[0]), &length);
  if (length + 1 >= sizeof(small) / sizeof(small[0])) {  // maybe cut short: read it whole
    napi_get_value_string_utf16(env, info[2], nullptr, 0, &length);
    state.utf16.resize(length + 1);
    napi_get_value_string_utf16(env, info[2], &state.utf16[0], length + 1, &length);
    key = state.utf16.data();
  }
  const int64_t found =
      lazy_lookup(*doc, index, key, length, read_options_arg(info, 3), state.lazy_index, state.lazy_key);
  if (found < 0) return Napi::Number::New(env, double(found));
  const double code = double(found) * 8 + double(uint8_t(doc->nodes[found].type));
  return Napi::Number::New(env, code);
}

}  // namespace arenajson
