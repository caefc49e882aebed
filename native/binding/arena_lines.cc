// linesText(bytes, path, raw): the command line's work on one batch of JSON
// Lines in one call; linesValues(bytes, paths, single): query()'s, as one
// JSON text of the values with the places of missing ones. The batch is
// parsed into this arena, the paths evaluated on every line and the results
// written as text (lines_output.h); then the arena is rolled back, so
// nothing of the batch stays in it. Returns [Buffer of text, lines, matched]
// (linesValues: [JSON text, lines, missing places]), or undefined when the
// batch needs the line-by-line path (an invalid line, a value across lines,
// invalid UTF-8, output too large): that path locates and reports the problem.
#include <napi.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "binding/arena_wrap.h"
#include "binding/convert.h"
#include "binding/state.h"
#include "parse/lines.h"
#include "path/lines_output.h"

namespace arenajson {

namespace {

// At most this many bytes of text per batch; a larger one takes the other
// path. Values are one JS string, which V8 caps below 2^29 characters.
constexpr size_t lines_text_limit = size_t(1) << 30;
constexpr size_t lines_values_limit = size_t(1) << 28;

// A batch call's answer: [what it wrote, the batch's lines, `third`].
Napi::Value batch_answer(Napi::Env env, napi_value written, size_t lines, napi_value third) {
  Napi::Array result = Napi::Array::New(env, 3);
  result.Set(uint32_t(0), Napi::Value(env, written));
  result.Set(uint32_t(1), Napi::Number::New(env, double(lines)));
  result.Set(uint32_t(2), Napi::Value(env, third));
  return result;
}

}  // namespace

// Parses the batch at info[0] into `memory` as JSON Lines with one value per
// line; nullptr (memory rolled back) when it is not such a batch. Throws (and
// returns nullptr) only for a wrong argument.
static document* parse_batch(Napi::Env env, const Napi::CallbackInfo& info, addon_state& state, arena& memory,
                             size_t* lines) {
  if (info.Length() < 3 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw_error(env, error_code::invalid_arg, 0, "expected a Uint8Array of JSON Lines");
    return nullptr;
  }
  // The bytes are read in place: parse_lines_document copies them into the
  // arena before anything else runs, and no JS runs during this call.
  Napi::Uint8Array input = info[0].As<Napi::Uint8Array>();
  const uint8_t* bytes = input.Data();
  const size_t length = input.ByteLength();
  const arena::mark start = memory.position();
  parse_error failure;
  lines_shape shape;
  document* doc = parse_lines_document(memory, *state.scratch, bytes, length, &failure, &shape);
  if (doc == nullptr || !shape.one_value_per_line) {
    memory.rollback(start);
    return nullptr;
  }
  *lines = shape.lines;
  return doc;
}

Napi::Value ArenaWrap::LinesValues(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  if (info.Length() < 3 || !info[1].IsArray()) {
    throw_error(env, error_code::invalid_arg, 0, "linesValues expects a Uint8Array and an array of paths");
    return env.Undefined();
  }
  addon_state& state = state_of(env);
  Napi::Array list = info[1].As<Napi::Array>();
  const bool single = info[2].ToBoolean().Value();
  // The paths are read once (an element getter may run JS: it cannot resize
  // what was read, and the arena is checked again after it).
  const uint32_t count = list.Length();
  std::vector<std::string> owned(count);
  for (uint32_t i = 0; i < count; i++) {
    Napi::Value path = list.Get(i);
    if (env.IsExceptionPending()) return env.Undefined();
    if (!path.IsString()) {
      throw_error(env, error_code::invalid_arg, 0, "paths must be strings");
      return env.Undefined();
    }
    if (!read_string(env, path, owned[i])) return env.Undefined();
  }
  if (owned.empty() || (single && owned.size() != 1)) {
    throw_error(env, error_code::invalid_arg, 0, "linesValues expects one path or more");
    return env.Undefined();
  }
  if (!usable(env)) return env.Undefined();
  std::vector<std::string_view> paths(owned.begin(), owned.end());
  arena& memory = slot_->memory;
  const arena::mark start = memory.position();
  size_t lines = 0;
  document* doc = parse_batch(env, info, state, memory, &lines);
  if (doc == nullptr) {
    report_memory(env, *slot_);
    return env.Undefined();
  }
  std::string text;
  text.reserve(doc->length / 4 + 64);
  std::vector<double> missing;
  const bool written =
      write_line_values(*doc, state.paths, paths, single, lines_values_limit, state.result, text, missing);
  memory.rollback(start);
  report_memory(env, *slot_);
  if (!written) return env.Undefined();
  napi_value json = make_string(env, text.data(), text.size());
  if (json == nullptr) return env.Undefined();
  Napi::Array places = Napi::Array::New(env, missing.size());
  for (size_t i = 0; i < missing.size(); i++) places.Set(uint32_t(i), Napi::Number::New(env, missing[i]));
  return batch_answer(env, json, lines, places);
}

Napi::Value ArenaWrap::LinesText(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  if (info.Length() < 3 || !info[1].IsString()) {
    throw_error(env, error_code::invalid_arg, 0, "linesText expects a Uint8Array and a path");
    return env.Undefined();
  }
  addon_state& state = state_of(env);
  if (!read_string(env, info[1], state.path)) return env.Undefined();
  const line_format format = info[2].ToBoolean().Value() ? line_format::raw : line_format::compact;
  arena& memory = slot_->memory;
  const arena::mark start = memory.position();
  size_t lines = 0;
  document* doc = parse_batch(env, info, state, memory, &lines);
  if (doc == nullptr) {
    report_memory(env, *slot_);
    return env.Undefined();
  }
  lines_output out;
  out.text.reserve(doc->length / 4 + 64);
  const bool written = write_line_results(*doc, state.paths, state.path.data(), state.path.size(), format,
                                          lines_text_limit, state.result, out);
  memory.rollback(start);
  report_memory(env, *slot_);
  if (!written) return env.Undefined();
  Napi::Buffer<char> text = Napi::Buffer<char>::Copy(env, out.text.data(), out.text.size());
  if (env.IsExceptionPending()) return env.Undefined();
  return batch_answer(env, text, lines, Napi::Number::New(env, double(out.matched)));
}

}  // namespace arenajson
