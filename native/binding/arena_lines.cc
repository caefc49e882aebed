// linesText(bytes, path, raw): the command line's work on one batch of JSON
// Lines in one call. The batch is parsed into this arena, `path` evaluated
// on every line, and the results written as text (lines_output.h); then the
// arena is rolled back, so nothing of the batch stays in it. Returns
// [Buffer of text, lines, matched], or undefined when the batch needs the
// line-by-line path (an invalid line, a value across lines, invalid UTF-8,
// output too large):
// that path locates and reports the problem.
#include <napi.h>

#include <cstring>

#include "binding/arena_wrap.h"
#include "binding/convert.h"
#include "binding/state.h"
#include "parse/lines.h"
#include "path/lines_output.h"

namespace arenajson {

namespace {

// At most this many bytes of text per batch; a larger one takes the other path.
constexpr size_t lines_text_limit = size_t(1) << 30;

size_t count_lines(const uint8_t* bytes, size_t length) {
  size_t lines = 0;
  for (const uint8_t* at = bytes; at < bytes + length; lines++) {
    const auto* found = static_cast<const uint8_t*>(std::memchr(at, '\n', size_t(bytes + length - at)));
    if (found == nullptr) return lines + 1;
    at = found + 1;
  }
  return lines;
}

}  // namespace

Napi::Value ArenaWrap::LinesText(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  if (info.Length() < 3 || !info[0].IsTypedArray() || !info[1].IsString()) {
    throw_error(env, error_code::invalid_arg, 0, "linesText expects a Uint8Array and a path");
    return env.Undefined();
  }
  Napi::TypedArray typed = info[0].As<Napi::TypedArray>();
  if (typed.TypedArrayType() != napi_uint8_array) {
    throw_error(env, error_code::invalid_arg, 0, "linesText expects a Uint8Array and a path");
    return env.Undefined();
  }
  addon_state& state = state_of(env);
  if (!read_string(env, info[1], state.path)) return env.Undefined();
  const line_format format = info[2].ToBoolean().Value() ? line_format::raw : line_format::compact;
  // The bytes are read in place: parse_lines_document copies them into the
  // arena before anything else runs, and no JS runs during this call.
  Napi::Uint8Array input = info[0].As<Napi::Uint8Array>();
  const uint8_t* bytes = input.Data();
  const size_t length = input.ByteLength();
  arena& memory = slot_->memory;
  const arena::mark start = memory.position();
  parse_error failure;
  document* doc = parse_lines_document(memory, *state.scratch, bytes, length, &failure);
  if (doc == nullptr || !one_value_per_line(*doc, bytes, length)) {
    memory.rollback(start);
    report_memory(env, *slot_);
    return env.Undefined();
  }
  lines_output out;
  out.text.reserve(length / 4 + 64);
  const bool written =
      write_line_results(*doc, state.paths, state.path.data(), state.path.size(), format, lines_text_limit, state.result, out);
  memory.rollback(start);
  report_memory(env, *slot_);
  if (!written) return env.Undefined();
  Napi::Buffer<char> text = Napi::Buffer<char>::Copy(env, out.text.data(), out.text.size());
  if (env.IsExceptionPending()) return env.Undefined();
  Napi::Array result = Napi::Array::New(env, 3);
  result.Set(uint32_t(0), text);
  result.Set(uint32_t(1), Napi::Number::New(env, double(count_lines(bytes, length))));
  result.Set(uint32_t(2), Napi::Number::New(env, double(out.matched)));
  return result;
}

}  // namespace arenajson
