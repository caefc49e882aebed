// Conversions between JS values and the engine's: reading JS strings (paths,
// keys, inputs) into native text, and making JS values from document nodes
// and path results. Every function that makes a JS value returns nullptr
// with a JS exception pending when V8 cannot hold the value.
#ifndef ARENAJSON_BINDING_CONVERT_H
#define ARENAJSON_BINDING_CONVERT_H

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "memory/arena.h"
#include "memory/error.h"
#include "parse/document.h"
#include "path/path.h"

namespace arenajson {

// V8 aborts the process when JSON.parse builds an array this long or longer.
constexpr uint32_t v8_array_limit = 134217725;

// Reads a JS string as UTF-8 into `out` (Node-API's UTF-8: a lone surrogate
// becomes U+FFFD). False when `value` is not a string.
bool read_utf8(Napi::Env env, napi_value value, std::string& out);

// Reads a JS string argument (a path) into `out`, as UTF-8 unless it holds a
// lone surrogate, which is kept in its WTF-8 form so that a key holding that
// lone unit stays reachable. False when `value` is not a string.
bool read_string(Napi::Env env, napi_value value, std::string& out);

// Reads a JS string as WTF-8 into `out` (`units` is scratch). For edit paths,
// whose keys must stay what the caller wrote.
void read_wtf8(Napi::Env env, napi_value value, std::u16string& units, std::string& out);

// Copies a string or Uint8Array into the arena, padded for the parser.
// Returns false with `error` set when the input is of the wrong type or the
// arena is full.
bool copy_input(Napi::Env env, napi_value input, arena& memory, const uint8_t** text, size_t* length,
                error_code* error);

// Parses `input` into `memory` (as JSON Lines when `lines`). Throws (and
// returns nullptr) on failure; the error factory ran then, so the caller
// must look at its arena again. `counted` parses are the user's and show in
// the process metrics.
document* parse_into(Napi::Env env, napi_value input, arena& memory, bool lines, bool counted);

// Whether the subtree at `index` holds an array longer than V8 can hold.
bool contains_huge_array(const document& doc, uint32_t index);

// A JS string from UTF-8 text.
napi_value make_string(Napi::Env env, const char* data, size_t length);

// How writer output (valid UTF-8) reads as a JS string: pure ASCII, every
// character at most U+00FF (Latin-1), or wider (UTF-16). *ascii_prefix is
// the length of the leading ASCII run.
enum class text_width { ascii, latin1, utf16 };
text_width written_width(const uint8_t* bytes, size_t length, size_t* ascii_prefix);

// Writer output whose characters are all at most U+00FF as Latin-1 into
// `out` (room for `length` bytes); returns the bytes written.
size_t utf8_to_latin1(const uint8_t* bytes, size_t length, size_t ascii_prefix, char* out);

// A JS string from writer output (UTF-8 without lone surrogates), made the
// fastest way V8 reads it.
napi_value make_written_string(Napi::Env env, const char* data, size_t length);

// Writer output as JS text: a string, or for a long text an array of
// strings whose concatenation is the text (see lib/serialize.ts). A text of
// external_text_bytes or more is one string whose characters stay in native
// memory (external_text.h) where the runtime allows it.
napi_value make_written_text(Napi::Env env, const char* data, size_t length);

// The JSON text of a node, as a JS string.
napi_value raw_text(Napi::Env env, const document& doc, uint32_t index);

// The JS value JSON.parse would give for the node.
napi_value to_js(Napi::Env env, const document& doc, uint32_t index);

// The BigInt of the integer literal `n` (read_plan.h); nullptr with a JS
// exception pending when it cannot be made.
napi_value bigint_to_js(Napi::Env env, const document& doc, const node& n);

// A path result as a JS value (undefined when there is none), or as its JSON text.
napi_value result_to_js(Napi::Env env, const document& doc, const path_result& result);
napi_value result_raw(Napi::Env env, const document& doc, const path_result& result);

}  // namespace arenajson

#endif  // ARENAJSON_BINDING_CONVERT_H
