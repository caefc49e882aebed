// The one error vocabulary of the native engine. Every failure the engine can
// report is one of these codes; the binding turns a code into a JS error whose
// `code` string is error_name(code) (lib/errors.ts, nativeErrors, says which
// error each becomes; a test checks that every code here has its entry).
#pragma once

#include <cstddef>

namespace arenajson {

// Every code, once: X(enum name, JS code string, message). The message is
// the error's text in JS and the code's one-line meaning here.
#define ARENAJSON_ERROR_CODES(X)                                                                  \
  X(success, "OK", "no error")                                                                    \
  /* the input is not JSON that JSON.parse accepts (lib/ asks V8 for the message and position) */ \
  X(json_syntax, "ERR_JSON_SYNTAX", "the input is not valid JSON")                                \
  /* byte input holds invalid UTF-8 (the caller re-decodes it as V8 would) */                     \
  X(invalid_utf8, "ERR_INVALID_UTF8", "the input bytes are not valid UTF-8")                      \
  X(arena_limit, "ERR_ARENA_LIMIT", "the allocation would take the arena past its maxSize")       \
  X(arena_freed, "ERR_ARENA_FREED", "the arena has been freed")                                   \
  /* the handle belongs to an earlier generation */                                               \
  X(arena_stale, "ERR_ARENA_STALE", "the handle is stale: its arena was reset")                   \
  X(arena_wrong_thread, "ERR_ARENA_WRONG_THREAD", "the arena is owned by another thread")         \
  X(arena_foreign, "ERR_ARENA_FOREIGN", "the value belongs to another arena")                     \
  /* an argument has the wrong type or is out of range */                                         \
  X(invalid_arg, "ERR_INVALID_ARG", "invalid argument")                                           \
  /* the engine's offsets are 32-bit (size_limits.h) */                                           \
  X(too_large, "ERR_INPUT_TOO_LARGE", "the input is larger than 4 GiB")                           \
  /* the operating system refused memory */                                                       \
  X(out_of_memory, "ERR_OUT_OF_MEMORY", "out of memory")                                          \
  /* a built value contains itself (JSON.stringify's TypeError) */                                \
  X(cyclic_value, "ERR_CYCLIC_VALUE", "Converting circular structure to JSON")                    \
  X(arena_token, "ERR_ARENA_TOKEN",                                                               \
    "the token names no arena waiting to be adopted: it was made up, or already adopted")         \
  /* the arena is pinned by a parse running off the main thread */                                \
  X(arena_busy, "ERR_ARENA_BUSY", "the arena is busy: a parseAsync() on it has not settled yet")  \
  /* an AbortSignal stopped the operation before its result was used */                           \
  X(aborted, "ABORT_ERR", "The operation was aborted")                                            \
  /* a `__proto__` key or a `constructor.prototype` pair under proto 'error' */                   \
  X(json_proto, "ERR_JSON_PROTO", "the JSON holds a prototype-poisoning key")                     \
  /* written text would pass V8's maximum string length (JSON.stringify's RangeError) */          \
  X(string_too_long, "ERR_STRING_TOO_LONG", "Invalid string length")

enum class error_code : unsigned char {
#define ARENAJSON_ERROR_ENUM(name, js_code, message) name,
  ARENAJSON_ERROR_CODES(ARENAJSON_ERROR_ENUM)
#undef ARENAJSON_ERROR_ENUM
};

/// How many codes there are (success included): the codes are 0 to error_count - 1.
constexpr size_t error_count = 0
#define ARENAJSON_ERROR_COUNT(name, js_code, message) +1
    ARENAJSON_ERROR_CODES(ARENAJSON_ERROR_COUNT)
#undef ARENAJSON_ERROR_COUNT
    ;

/// V8's maximum string length on 64-bit platforms (String::kMaxLength), in
/// UTF-16 code units: JSON.stringify throws "Invalid string length" past it.
constexpr size_t v8_string_max_length = (size_t(1) << 29) - 24;

/// The stable JS-visible code string for an error code ("ERR_ARENA_LIMIT", ...).
const char* error_name(error_code code) noexcept;

/// A one-line English description of an error code.
const char* error_message(error_code code) noexcept;

}  // namespace arenajson
