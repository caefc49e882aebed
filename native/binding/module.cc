// The addon's entry point: Init (instance data, the environment cleanup
// hook, the NativeArena class) and the free functions of the binding —
// one-shot get/getRaw and validate, setErrorFactory, adopt, metrics, and read,
// queryById and setValueById (ArenaWrap::ReadById, QueryById, SetValueById).
#include <napi.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "binding/arena_wrap.h"
#include "binding/convert.h"
#include "binding/read_options.h"
#include "binding/state.h"
#include "binding/tape_out.h"
#include "memory/metrics.h"
#include "parse/kernel.h"
#include "path/modifiers.h"
#include "read/value_tape.h"
#include "store/ownership.h"

namespace arenajson {
namespace {

// The one-shot calls parse into the environment's scratch arena, which is
// reset before each parse and released after one that needed a lot of memory.
document* parse_one_shot(Napi::Env env, napi_value input, bool lines, bool counted) {
  addon_state& state = state_of(env);
  state.one_shot.reset();
  return parse_into(env, input, state.one_shot, lines, counted);
}

void trim_one_shot(addon_state& state) {
  if (state.one_shot.stats().bytes_reserved > scratch_retain_limit) state.one_shot.release();
}

// One-shot get/getRaw on a scratch arena: parse, evaluate, convert, reset.
// get's info[2]: the read mode (read_options.h) the result is converted under.
template <bool raw>
Napi::Value OneShot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  addon_state& state = state_of(env);
  if (info.Length() < 2 || !info[1].IsString()) {
    throw_error(env, error_code::invalid_arg, 0, "path must be a string");
    return env.Undefined();
  }
  read_string(env, info[1], state.path);
  // A path that starts with ".." reads its input as JSON Lines.
  bool lines = state.path.size() >= 2 && state.path[0] == '.' && state.path[1] == '.';
  document* doc = parse_one_shot(env, info[0], lines, true);
  if (doc == nullptr) return env.Undefined();
  state.paths.evaluate(*doc, 0, state.path.data(), state.path.size(), state.result);
  napi_value out =
      raw ? result_raw(env, *doc, state.result) : result_to_js_with(env, *doc, state.result, read_options_arg(info, 2));
  trim_one_shot(state);
  return Napi::Value(env, out);
}

// parse(text, mode): JSON.parse(text) under the read options of `mode`
// (read_options.h), through the scratch arena.
Napi::Value ParseWith(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  addon_state& state = state_of(env);
  if (info.Length() < 1) {
    throw_error(env, error_code::invalid_arg);
    return env.Undefined();
  }
  document* doc = parse_one_shot(env, info[0], false, true);
  if (doc == nullptr) return env.Undefined();
  napi_value out = to_js_with(env, *doc, 0, read_options_arg(info, 1));
  trim_one_shot(state);
  return Napi::Value(env, out);
}

// Whether UTF-8 `text` holds U+FFFD (EF BF BD).
bool holds_replacement_character(const uint8_t* text, size_t length) {
  const uint8_t* at = text;
  const uint8_t* end = text + length;
  while ((at = static_cast<const uint8_t*>(std::memchr(at, 0xEF, size_t(end - at)))) != nullptr) {
    if (end - at >= 3 && at[1] == 0xBF && at[2] == 0xBD) return true;
    at++;
  }
  return false;
}

// parseTape(input, ops, numbers, always?, mode?): for a Uint8Array or string
// of valid JSON, the value tape (value_tape.h) under the read mode (0 when
// absent) written into the Int32Array `ops` and the Float64Array `numbers`,
// returning the strings array; a number when the arrays are too short (the
// ops length needed; numbers need half of it); and undefined when the input
// is not JSON or the tape declined it (for speed, unless `always`; for
// depth; for a poisoned key under proto 'error'), so the caller takes
// another way.
Napi::Value ParseTape(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  addon_state& state = state_of(env);
  bool is_string = info.Length() > 0 && info[0].IsString();
  if (info.Length() < 3 || !(is_string || info[0].IsTypedArray()) || !tape_arrays(info[1], info[2]) ||
      (!is_string && info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)) {
    throw_error(env, error_code::invalid_arg, 0,
                "parseTape expects a string or Uint8Array, an Int32Array and a Float64Array");
    return env.Undefined();
  }
  bool always = info.Length() > 3 && info[3].IsBoolean() && info[3].As<Napi::Boolean>().Value();
  if (!always) {
    if (is_string) {  // the first 16 KiB as UTF-8, without reading the rest
      char sample[16 * 1024 + 1];
      size_t written = 0;
      napi_get_value_string_utf8(env, info[0], sample, sizeof(sample), &written);
      if (!tape_may_pay_for_text(reinterpret_cast<const uint8_t*>(sample), written)) return env.Undefined();
    } else {
      Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
      if (!tape_may_pay(bytes.Data(), bytes.ByteLength())) return env.Undefined();
    }
  }
  state.one_shot.reset();
  const uint8_t* text = nullptr;
  size_t length = 0;
  error_code error = error_code::success;
  if (!copy_input(env, info[0], state.one_shot, &text, &length, &error)) return env.Undefined();
  // Node-API writes a lone surrogate as U+FFFD, which JSON.parse would keep
  // as it is: a string whose copy holds U+FFFD goes to JSON.parse.
  if (is_string && holds_replacement_character(text, length)) {
    trim_one_shot(state);
    return env.Undefined();
  }
  parse_error failure;
  document* doc = parse_document(state.one_shot, *state.scratch, text, length, &failure);
  if (doc == nullptr || contains_huge_array(*doc, 0)) {
    trim_one_shot(state);
    return env.Undefined();
  }
  bool written = false;
  napi_value out = tape_to_js(env, *doc, 0, info[1], info[2], always, read_options_arg(info, 4), &written);
  if (written) {
    count(counters().documents_parsed);
    count(counters().bytes_parsed, length);
  }
  trim_one_shot(state);
  return Napi::Value(env, out);
}

// decodeUtf8(bytes): buf.toString('utf8') for valid UTF-8, made by our
// transcoder (V8's reading of non-ASCII UTF-8 is slower); undefined when the
// bytes are not valid UTF-8, for the caller to decode as V8 does.
Napi::Value DecodeUtf8(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw_error(env, error_code::invalid_arg, 0, "decodeUtf8 expects a Uint8Array");
    return env.Undefined();
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  const uint8_t* data = bytes.Data();
  const size_t length = bytes.ByteLength();
  // ASCII text is one copy into a one-byte string; anything else is checked first.
  size_t ascii = 0;
  while (ascii + 32 <= length) {
    uint64_t words[4];
    std::memcpy(words, data + ascii, 32);
    if ((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ull) break;
    ascii += 32;
  }
  while (ascii < length && data[ascii] < 0x80) ascii++;
  napi_value out = nullptr;
  if (ascii == length) {
    if (napi_create_string_latin1(env, reinterpret_cast<const char*>(data), length, &out) != napi_ok)
      return env.Undefined();
    return Napi::Value(env, out);
  }
  if (!is_valid_utf8(data + ascii, length - ascii)) return env.Undefined();
  out = make_written_string(env, reinterpret_cast<const char*>(data), length);
  if (out == nullptr) return env.Undefined();
  return Napi::Value(env, out);
}

Napi::Value Validate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  addon_state& state = state_of(env);
  if (info.Length() < 1) {
    throw_error(env, error_code::invalid_arg);
    return env.Undefined();
  }
  document* doc = parse_one_shot(env, info[0], false, false);
  if (doc == nullptr) return env.Undefined();
  // Read the document before Set() can run JS.
  const uint32_t nodes = doc->node_count;
  const uint32_t largest_array = doc->largest_array;
  trim_one_shot(state);
  Napi::Object out = Napi::Object::New(env);
  if (!out.Set("nodes", Napi::Number::New(env, nodes))) return env.Undefined();
  if (!out.Set("largestArray", Napi::Number::New(env, largest_array))) return env.Undefined();
  return out;
}

// Installs the function that builds the binding's errors. Only the first
// call counts: the factory runs in the middle of arena calls, so it must not
// be replaced by code that could free an arena under them.
Napi::Value SetErrorFactory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsFunction()) {
    Napi::TypeError::New(env, "setErrorFactory expects a function").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  addon_state& state = state_of(env);
  if (!state.error_factory.IsEmpty()) {
    Napi::TypeError::New(env, "the error factory is already installed").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  state.error_factory = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}

// adopt(id): takes the arena that transfer() handed over under `id` and
// returns it as a NativeArena owned by this thread.
Napi::Value Adopt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  addon_state& state = state_of(env);
  if (info.Length() < 1 || !info[0].IsString()) {
    throw_error(env, error_code::invalid_arg, 0, "adopt expects the token id string");
    return env.Undefined();
  }
  std::string text;
  read_string(env, info[0], text);
  uint64_t id = 0;
  bool well_formed = text.size() == 16;
  for (size_t i = 0; well_formed && i < text.size(); i++) {
    char c = text[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) well_formed = false;
    id = id * 16 + uint64_t(digit < 0 ? 0 : digit);
  }
  arena_slot* slot = well_formed ? take_over(id) : nullptr;
  if (slot == nullptr) {
    throw_error(env, error_code::arena_token);
    return env.Undefined();
  }
  state.adopting = slot;
  Napi::Object made = state.arena_class.New({});
  if (state.adopting != nullptr) {
    // The constructor never ran (an exception was pending): nobody can reach
    // the arena any more, so release it here.
    state.adopting = nullptr;
    release_arena(env, *slot);
    delete slot;
    return env.Undefined();
  }
  return made;
}

// releaseSpares(): returns the calling thread's spare parseLazy memory
// (arena_pool.h) to the operating system; lib/lazy.ts calls it once
// parseLazy has not run for a while.
Napi::Value ReleaseSpares(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  state_of(env).spares.clear();
  return env.Undefined();
}

// externalMemory(): the isolate's total of external memory as reported
// through Node-API (what V8's collection heuristics see; not part of
// process.memoryUsage(), which counts ArrayBuffers only). For tests.
Napi::Value ExternalMemory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Number::New(env, double(Napi::MemoryManagement::AdjustExternalMemory(env, 0)));
}

// The process-wide counters, in the order lib/metrics.ts names them.
Napi::Value Metrics(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  process_counters& c = counters();
  const double values[] = {
      double(c.arenas_created.load(std::memory_order_relaxed)),
      double(c.arenas_freed.load(std::memory_order_relaxed)),
      double(c.bytes_reserved.load(std::memory_order_relaxed)),
      double(c.bytes_used.load(std::memory_order_relaxed)),
      double(c.documents_parsed.load(std::memory_order_relaxed)),
      double(c.bytes_parsed.load(std::memory_order_relaxed)),
      double(c.parse_errors.load(std::memory_order_relaxed)),
      double(c.resets.load(std::memory_order_relaxed)),
      double(c.transfers.load(std::memory_order_relaxed)),
  };
  constexpr size_t n = sizeof(values) / sizeof(values[0]);
  Napi::Float64Array out = Napi::Float64Array::New(env, n);
  for (size_t i = 0; i < n; i++) out[i] = values[i];
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  kernel_select();  // before anything parses; see kernel.h
  auto* state = new addon_state();
  env.SetInstanceData<addon_state>(state);  // deleted with the environment
  Napi::Object json = env.Global().Get("JSON").As<Napi::Object>();
  state->json_parse = Napi::Persistent(json.Get("parse").As<Napi::Function>());

  state->arenas = new environment_arenas{env, {}};
  napi_add_env_cleanup_hook(env, release_environment_arenas, state->arenas);
  Napi::Function arena_class = ArenaWrap::Define(env);
  state->arena_class = Napi::Persistent(arena_class);
  exports.Set("NativeArena", arena_class);
  exports.Set("adopt", Napi::Function::New<Adopt>(env, "adopt"));
  exports.Set("metrics", Napi::Function::New<Metrics>(env, "metrics"));
  exports.Set("releaseSpares", Napi::Function::New<ReleaseSpares>(env, "releaseSpares"));
  exports.Set("externalMemory", Napi::Function::New<ExternalMemory>(env, "externalMemory"));
  exports.Set("get", Napi::Function::New<OneShot<false>>(env, "get"));
  exports.Set("getRaw", Napi::Function::New<OneShot<true>>(env, "getRaw"));
  exports.Set("validate", Napi::Function::New<Validate>(env, "validate"));
  exports.Set("decodeUtf8", Napi::Function::New<DecodeUtf8>(env, "decodeUtf8"));
  exports.Set("parseTape", Napi::Function::New<ParseTape>(env, "parseTape"));
  exports.Set("setTapeArrays", Napi::Function::New<SetTapeArrays>(env, "setTapeArrays"));
  exports.Set("parse", Napi::Function::New<ParseWith>(env, "parse"));
  exports.Set("setErrorFactory", Napi::Function::New<SetErrorFactory>(env, "setErrorFactory"));
  exports.Set("implementation", Napi::String::New(env, active_implementation()));
  Napi::Array error_names = Napi::Array::New(env, error_count);
  for (size_t code = 0; code < error_count; code++) error_names.Set(uint32_t(code), error_name(error_code(code)));
  exports.Set("errorNames", error_names);
  Napi::Array modifier_names = Napi::Array::New(env, modifier_count());
  for (size_t i = 0; i < modifier_count(); i++) {
    modifier_names.Set(uint32_t(i), std::string(modifier_table()[i].name));
  }
  exports.Set("modifierNames", modifier_names);
  napi_value read = nullptr;
  if (napi_create_function(env, "read", NAPI_AUTO_LENGTH, ArenaWrap::ReadById, nullptr, &read) == napi_ok) {
    exports.Set("read", Napi::Value(env, read));
  }
  napi_value query = nullptr;
  if (napi_create_function(env, "queryById", NAPI_AUTO_LENGTH, ArenaWrap::QueryById, nullptr, &query) == napi_ok) {
    exports.Set("queryById", Napi::Value(env, query));
  }
  napi_value set_value = nullptr;
  if (napi_create_function(env, "setValueById", NAPI_AUTO_LENGTH, ArenaWrap::SetValueById, nullptr, &set_value) ==
      napi_ok) {
    exports.Set("setValueById", Napi::Value(env, set_value));
  }
  return exports;
}

}  // namespace
}  // namespace arenajson

namespace {
Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return arenajson::Init(env, exports); }
}  // namespace

NODE_API_MODULE(arenajson, InitModule)
