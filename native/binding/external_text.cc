#include "binding/external_text.h"

#include <cstdint>
#include <cstring>
#include <new>

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#define ARENAJSON_FIND_SYMBOLS 1
#endif

#include "binding/convert.h"
#include "binding/state.h"
#include "memory/arena.h"
#include "parse/materialize.h"

namespace arenajson {

namespace {

using finalize_fn = void (*)(napi_env, void*, void*);
using latin1_fn = napi_status (*)(napi_env, char*, size_t, finalize_fn, void*, napi_value*, bool*);
using utf16_fn = napi_status (*)(napi_env, char16_t*, size_t, finalize_fn, void*, napi_value*, bool*);

struct external_functions {
  latin1_fn latin1 = nullptr;
  utf16_fn utf16 = nullptr;
};

const external_functions& functions() {
  static const external_functions found = [] {
    external_functions f;
#ifdef ARENAJSON_FIND_SYMBOLS
    f.latin1 = reinterpret_cast<latin1_fn>(dlsym(RTLD_DEFAULT, "node_api_create_external_string_latin1"));
    f.utf16 = reinterpret_cast<utf16_fn>(dlsym(RTLD_DEFAULT, "node_api_create_external_string_utf16"));
#endif
    if (f.latin1 == nullptr || f.utf16 == nullptr) f = external_functions{};
    return f;
  }();
  return found;
}

// V8's longest string (String::kMaxLength on 64-bit targets).
constexpr size_t v8_max_string_length = (size_t(1) << 29) - 24;

// The characters of one external string and what V8 was told of them.
struct held_text {
  arena memory;
  int64_t reported = 0;
  explicit held_text(size_t bytes) noexcept : memory(arena_options{bytes, 0}) {}
};

// V8 collected the string (Node-API calls this inside the collection, or
// with no environment when the environment is gone): its memory goes back
// to the spare pool, or to the system when the pool is full.
void give_back(napi_env env, void* /*characters*/, void* hint) {
  held_text* held = static_cast<held_text*>(hint);
  if (env != nullptr) {
    int64_t total = 0;
    napi_adjust_external_memory(env, -held->reported, &total);
    void* state = nullptr;
    if (napi_get_instance_data(env, &state) == napi_ok && state != nullptr) {
      static_cast<addon_state*>(state)->spares.keep(held->memory);
    }
  }
  delete held;
}

// A string that was not made: its memory, pool chunks included, goes back
// to the pool.
void discard(Napi::Env env, held_text* held) {
  state_of(env).spares.keep(held->memory);
  delete held;
}

}  // namespace

napi_value make_external_text(Napi::Env env, const char* data, size_t length, bool* made) {
  *made = false;
  const external_functions& make = functions();
  if (make.utf16 == nullptr) return nullptr;
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  size_t ascii = 0;
  const text_width width = written_width(bytes, length, &ascii);
  const bool wide = width == text_width::utf16;
  // Characters never outnumber bytes; UTF-16 is stored 16 units at a time.
  const size_t capacity = wide ? (length + 16) * sizeof(char16_t) : length;
  held_text* held = new (std::nothrow) held_text(capacity);
  if (held == nullptr) return nullptr;
  state_of(env).spares.take(held->memory, capacity);
  error_code error = error_code::success;
  void* characters = held->memory.allocate(capacity, 64, &error);
  if (characters == nullptr) {
    discard(env, held);
    return nullptr;
  }
  size_t count;
  if (width == text_width::ascii) {
    std::memcpy(characters, data, length);
    count = length;
  } else if (width == text_width::latin1) {
    count = utf8_to_latin1(bytes, length, ascii, static_cast<char*>(characters));
  } else {
    count = utf8_to_utf16(bytes, length, static_cast<char16_t*>(characters));
  }
  if (count > v8_max_string_length) {
    discard(env, held);
    return nullptr;
  }
  held->memory.shrink_last(characters, count * (wide ? sizeof(char16_t) : 1));
  held->reported = int64_t(held->memory.stats().bytes_touched);
  Napi::MemoryManagement::AdjustExternalMemory(env, held->reported);
  *made = true;
  napi_value out = nullptr;
  bool copied = false;
  // When V8 copies (builds with a sandbox), Node-API has called give_back.
  const napi_status status =
      wide ? make.utf16(env, static_cast<char16_t*>(characters), count, give_back, held, &out, &copied)
           : make.latin1(env, static_cast<char*>(characters), count, give_back, held, &out, &copied);
  if (status != napi_ok) {
    // Nothing holds the characters: the finalizer is only run for a string
    // that was made.
    Napi::MemoryManagement::AdjustExternalMemory(env, -held->reported);
    discard(env, held);
    if (!env.IsExceptionPending()) Napi::RangeError::New(env, "Invalid string length").ThrowAsJavaScriptException();
    return nullptr;
  }
  return out;
}

}  // namespace arenajson
