// The one error vocabulary of the native engine. Every failure the engine can
// report is one of these codes; the binding turns a code into a JS error whose
// `code` string is error_name(code).
#pragma once

#include <cstddef>

namespace arenajson {

enum class error_code : unsigned char {
  success = 0,
  json_syntax,     ///< the input is not JSON that JSON.parse accepts
  invalid_utf8,    ///< byte input holds invalid UTF-8 (the caller re-decodes it as V8 would)
  arena_limit,     ///< an allocation would take the arena past its maxSize
  arena_freed,     ///< the arena was freed
  arena_stale,     ///< the handle belongs to an earlier generation (the arena was reset)
  arena_wrong_thread,  ///< the arena is owned by another thread
  arena_foreign,   ///< a value of one arena was given to another arena
  invalid_arg,     ///< an argument has the wrong type or is out of range
  too_large,       ///< the input is larger than the engine's 4 GiB offsets allow
  out_of_memory,   ///< the operating system refused memory
  cyclic_value,    ///< a built value contains itself (JSON.stringify's circular-structure TypeError)
  arena_token,     ///< an adopt token names no arena waiting to be adopted (made up, or adopted already)
  arena_busy,      ///< the arena is pinned by a parse running off the main thread (parseAsync)
  aborted,         ///< an AbortSignal stopped the operation before its result was used
  json_proto,      ///< a `__proto__` key or a `constructor.prototype` pair under the `proto: 'error'` option
  string_too_long, ///< written text would pass V8's maximum string length (JSON.stringify's RangeError)
};

/// V8's maximum string length on 64-bit platforms (String::kMaxLength), in
/// UTF-16 code units: JSON.stringify throws "Invalid string length" past it.
constexpr size_t v8_string_max_length = (size_t(1) << 29) - 24;

/// The stable JS-visible code string for an error code ("ERR_ARENA_LIMIT", ...).
const char* error_name(error_code code) noexcept;

/// A one-line English description of an error code.
const char* error_message(error_code code) noexcept;

}  // namespace arenajson
