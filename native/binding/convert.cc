// Conversions between JS values and the engine's (see convert.h).
#include "binding/convert.h"

#include <napi.h>

#include <cstring>
#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define ARENAJSON_SSE2 1
#endif

#include "binding/external_text.h"
#include "binding/state.h"
#include "memory/metrics.h"
#include "memory/size_limits.h"
#include "parse/lines.h"
#include "parse/materialize.h"
#include "read/read_plan.h"

namespace arenajson {

// Reads a JS string as UTF-8 into `out`.
bool read_utf8(Napi::Env env, napi_value value, std::string& out) {
  char small[256];
  size_t copied = 0;
  if (napi_get_value_string_utf8(env, value, small, sizeof(small), &copied) != napi_ok) return false;
  // Node-API stops before a character that does not fit whole, so a string
  // cut short may fill up to three bytes less than the buffer.
  if (copied < sizeof(small) - 4) {
    out.assign(small, copied);
    return true;
  }
  size_t length = 0;
  napi_get_value_string_utf8(env, value, nullptr, 0, &length);
  out.resize(length + 1);
  napi_get_value_string_utf8(env, value, &out[0], length + 1, &copied);
  out.resize(copied);
  return true;
}

// Reads a JS string argument (a path) into `out`. Node-API turns a lone
// surrogate into U+FFFD, which would make a key holding that lone unit
// unreachable; when U+FFFD shows up, the string is re-read as UTF-16 and
// encoded as WTF-8, the form document keys decode to.
bool read_string(Napi::Env env, napi_value value, std::string& out) {
  if (!read_utf8(env, value, out)) return false;
  if (out.find("\xEF\xBF\xBD") == std::string::npos) return true;
  size_t length = 0;
  if (napi_get_value_string_utf16(env, value, nullptr, 0, &length) != napi_ok) return false;
  std::u16string units(length + 1, u'\0');
  size_t copied = 0;
  napi_get_value_string_utf16(env, value, &units[0], length + 1, &copied);
  encode_wtf8(units.data(), copied, out);
  return true;
}

// Reads a JS string as WTF-8: UTF-8 in which a lone surrogate keeps its own
// three-byte form (Node-API's UTF-8 would make it U+FFFD). For edit paths,
// whose keys must stay what the caller wrote.
void read_wtf8(Napi::Env env, napi_value value, std::u16string& units, std::string& out) {
  // One call when the string fits the buffer (a short key usually does): a
  // result shorter than the room left for it cannot have been cut short.
  if (units.size() < 64) units.resize(64);
  size_t length = 0;
  napi_get_value_string_utf16(env, value, &units[0], units.size(), &length);
  if (length + 1 >= units.size()) {
    napi_get_value_string_utf16(env, value, nullptr, 0, &length);
    units.resize(length + 1);
    napi_get_value_string_utf16(env, value, &units[0], length + 1, &length);
  }
  encode_wtf8(units.data(), length, out);
}

// Copies a string or Uint8Array into the arena, padded for the parser.
// Returns false with `error` set when the input is of the wrong type or the
// arena is full.
bool copy_input(Napi::Env env, napi_value input, arena& memory, const uint8_t** text, size_t* length,
                error_code* error) {
  const size_t padding = parse_padding();
  napi_valuetype type;
  napi_typeof(env, input, &type);
  if (type == napi_string) {
    size_t bytes = 0;
    napi_get_value_string_utf8(env, input, nullptr, 0, &bytes);
    if (text_too_large(bytes)) {
      *error = error_code::too_large;
      return false;
    }
    auto* copy = static_cast<uint8_t*>(memory.allocate(bytes + padding + 1, 64, error));
    if (copy == nullptr) return false;
    size_t written = 0;
    napi_get_value_string_utf8(env, input, reinterpret_cast<char*>(copy), bytes + 1, &written);
    std::memset(copy + written, ' ', padding);
    *text = copy;
    *length = written;
    return true;
  }
  bool typed = false;
  napi_is_typedarray(env, input, &typed);
  if (!typed) {
    *error = error_code::invalid_arg;
    return false;
  }
  napi_typedarray_type array_type;
  size_t element_count = 0;
  void* data = nullptr;
  napi_get_typedarray_info(env, input, &array_type, &element_count, &data, nullptr, nullptr);
  if (array_type != napi_uint8_array) {
    *error = error_code::invalid_arg;
    return false;
  }
  if (text_too_large(element_count)) {
    *error = error_code::too_large;
    return false;
  }
  auto* copy = static_cast<uint8_t*>(memory.allocate(element_count + padding, 64, error));
  if (copy == nullptr) return false;
  if (element_count > 0) std::memcpy(copy, data, element_count);
  std::memset(copy + element_count, ' ', padding);
  *text = copy;
  *length = element_count;
  return true;
}

// Parses `input` into `memory` (as JSON Lines when `lines`). Throws (and
// returns nullptr) on failure. `counted` parses are the user's and show in the
// process metrics.
document* parse_into(Napi::Env env, napi_value input, arena& memory, bool lines, bool counted) {
  addon_state& state = state_of(env);
  arena::mark start = memory.position();
  const uint8_t* text = nullptr;
  size_t length = 0;
  error_code error = error_code::success;
  if (!copy_input(env, input, memory, &text, &length, &error)) {
    if (error == error_code::invalid_arg) {
      Napi::TypeError::New(env, "input must be a string, Buffer or Uint8Array").ThrowAsJavaScriptException();
    } else {
      throw_error(env, error);
    }
    return nullptr;
  }
  parse_error failure;
  document* doc = lines ? parse_lines_document(memory, *state.scratch, text, length, &failure)
                        : parse_document(memory, *state.scratch, text, length, &failure);
  if (doc == nullptr) {
    memory.rollback(start);
    if (counted && failure.code == error_code::json_syntax) count(counters().parse_errors);
    throw_error(env, failure.code, failure.position);
    return nullptr;
  }
  if (counted) {
    count(counters().documents_parsed);
    count(counters().bytes_parsed, length);
  }
  return doc;
}

bool contains_huge_array(const document& doc, uint32_t index) {
  if (doc.largest_array <= v8_array_limit) return false;
  uint32_t end = doc.nodes[index].next;
  for (uint32_t i = index; i < end; i++) {
    if (doc.nodes[i].type == node_type::array && doc.nodes[i].count > v8_array_limit) return true;
  }
  return false;
}

// Whether every byte of the text is ASCII, eight at a time.
static bool all_ascii(const char* data, size_t length) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  size_t at = 0;
  uint64_t seen = 0;
  for (; at + 8 <= length; at += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + at, 8);
    seen |= word;
  }
  for (; at < length; at++) seen |= bytes[at];
  return (seen & 0x8080808080808080ull) == 0;
}

napi_value make_string(Napi::Env env, const char* data, size_t length) {
  napi_value out = nullptr;
  // ASCII goes in as Latin-1, which V8 copies as it is; its UTF-8 reader
  // scans the text once to size it and again to copy it.
  napi_status status = all_ascii(data, length) ? napi_create_string_latin1(env, data, length, &out)
                                               : napi_create_string_utf8(env, data, length, &out);
  if (status != napi_ok) {
    if (!env.IsExceptionPending())
      Napi::RangeError::New(env, "the value is too long for a JavaScript string").ThrowAsJavaScriptException();
    return nullptr;
  }
  return out;
}

text_width written_width(const uint8_t* bytes, size_t length, size_t* ascii_prefix) {
  size_t ascii = 0;
#ifdef ARENAJSON_SSE2
  for (; ascii + 32 <= length; ascii += 32) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + ascii));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + ascii + 16));
    if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0) break;
  }
#endif
  while (ascii + 8 <= length) {
    uint64_t word;
    std::memcpy(&word, bytes + ascii, 8);
    if (word & 0x8080808080808080ull) break;
    ascii += 8;
  }
  while (ascii < length && bytes[ascii] < 0x80) ascii++;
  *ascii_prefix = ascii;
  if (ascii == length) return text_width::ascii;
  // Only lead bytes C2/C3 (U+0080..U+00FF) past the ASCII prefix: Latin-1.
  size_t i = ascii;
#ifdef ARENAJSON_SSE2
  const __m128i c3 = _mm_set1_epi8(char(0xC3));
  for (; i + 16 <= length; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    // max(x, C3) == C3 for every byte at most C3.
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, c3), c3)) != 0xFFFF) return text_width::utf16;
  }
#endif
  for (; i < length; i++) {
    if (bytes[i] >= 0xC4) return text_width::utf16;
  }
  return text_width::latin1;
}

size_t utf8_to_latin1(const uint8_t* bytes, size_t length, size_t ascii_prefix, char* out) {
  char* to = out;
  std::memcpy(to, bytes, ascii_prefix);
  to += ascii_prefix;
  size_t i = ascii_prefix;
  while (i < length) {
#ifdef ARENAJSON_SSE2
    // Sixteen ASCII bytes at once. The output never runs ahead of the input
    // (two bytes become one), so `to` has room for them.
    if (i + 16 <= length) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
      if (_mm_movemask_epi8(x) == 0) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(to), x);
        to += 16;
        i += 16;
        continue;
      }
    }
#endif
    const uint8_t c = bytes[i];
    if (c < 0x80) {
      *to++ = char(c);
      i++;
    } else {
      *to++ = char(((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
      i += 2;
    }
  }
  return size_t(to - out);
}

// A JS string from writer output (UTF-8 without lone surrogates). V8 reads
// UTF-8 slowly, so the text goes in as Latin-1 when every character fits in
// a byte (ASCII as it is), else as UTF-16 decoded here; both are plain copies
// on V8's side.
napi_value make_written_string(Napi::Env env, const char* data, size_t length) {
  addon_state& state = state_of(env);
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  size_t ascii = 0;
  const text_width width = written_width(bytes, length, &ascii);
  napi_value out = nullptr;
  napi_status status;
  if (width == text_width::ascii) {
    status = napi_create_string_latin1(env, data, length, &out);
  } else if (width == text_width::latin1) {
    std::string& latin1 = state.latin1;
    latin1.resize(length);
    const size_t count = utf8_to_latin1(bytes, length, ascii, &latin1[0]);
    status = napi_create_string_latin1(env, latin1.data(), count, &out);
    if (latin1.capacity() > scratch_retain_limit) std::string().swap(latin1);
  } else {
    std::u16string& units = state.utf16;
    units.resize(length + 16);
    const size_t count = utf8_to_utf16(bytes, length, &units[0]);
    status = napi_create_string_utf16(env, units.data(), count, &out);
    if (units.capacity() > scratch_retain_limit) std::u16string().swap(units);
  }
  if (status != napi_ok) {
    if (!env.IsExceptionPending()) Napi::RangeError::New(env, "Invalid string length").ThrowAsJavaScriptException();
    return nullptr;
  }
  return out;
}

// Writer output as JS text: one string, or past piece_bytes an array of
// strings of at most piece_bytes each, split between characters, for the
// caller to concatenate in JS. V8 gives a string longer than 128 KB a fresh
// large-object page (page faults and zeroing on every call: ~0.35 ms for
// 600 KB), while pieces are bump-allocated in the young generation; their
// concatenation is a rope, the same shape JSON.stringify's own result has.
napi_value make_written_text(Napi::Env env, const char* data, size_t length) {
  constexpr size_t piece_bytes = 16384;
  if (length <= piece_bytes) return make_written_string(env, data, length);
  if (length >= external_text_bytes) {
    bool made = false;
    napi_value text = make_external_text(env, data, length, &made);
    if (made) return text;
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  napi_value pieces = nullptr;
  if (napi_create_array_with_length(env, length / piece_bytes + 1, &pieces) != napi_ok) return nullptr;
  uint32_t count = 0;
  size_t at = 0;
  while (at < length) {
    size_t end = at + piece_bytes < length ? at + piece_bytes : length;
    while (end < length && (bytes[end] & 0xC0) == 0x80) end--;  // not inside a character
    napi_value piece = make_written_string(env, data + at, end - at);
    if (piece == nullptr || napi_set_element(env, pieces, count++, piece) != napi_ok) return nullptr;
    at = end;
  }
  return pieces;
}

napi_value raw_text(Napi::Env env, const document& doc, uint32_t index) {
  const node& n = doc.nodes[index];
  // Document text passed stage 1's UTF-8 check, so the faster transcoder applies.
  return make_written_string(env, reinterpret_cast<const char*>(doc.text + n.begin), n.end - n.begin);
}

// The JS value JSON.parse would give for the node.
napi_value to_js(Napi::Env env, const document& doc, uint32_t index) {
  const node& n = doc.nodes[index];
  switch (n.type) {
    case node_type::null_value: return env.Null();
    case node_type::true_value: return Napi::Boolean::New(env, true);
    case node_type::false_value: return Napi::Boolean::New(env, false);
    case node_type::number: return Napi::Number::New(env, number_value(doc, n));
    case node_type::string: {
      const uint8_t* body = string_body(doc, n);
      size_t length = string_body_length(n);
      // Document text passed stage 1's UTF-8 check: the faster transcoder applies.
      if (!(n.flags & flag_escaped)) return make_written_string(env, reinterpret_cast<const char*>(body), length);
      std::u16string& units = state_of(env).utf16;
      decode_string_utf16(body, length, units);
      napi_value out = nullptr;
      if (napi_create_string_utf16(env, units.data(), units.size(), &out) != napi_ok) {
        if (!env.IsExceptionPending())
          Napi::RangeError::New(env, "the value is too long for a JavaScript string").ThrowAsJavaScriptException();
        return nullptr;
      }
      return out;
    }
    case node_type::array:
    case node_type::object: {
      if (contains_huge_array(doc, index)) {
        Napi::RangeError::New(env, "array is longer than V8 can hold (134217725 elements)")
            .ThrowAsJavaScriptException();
        return nullptr;
      }
      // V8's own JSON.parse builds containers fastest; the text is the exact subtree.
      napi_value text = raw_text(env, doc, index);
      if (text == nullptr) return nullptr;
      return state_of(env).json_parse.Call({text});
    }
  }
  return env.Undefined();
}

napi_value result_to_js(Napi::Env env, const document& doc, const path_result& result) {
  switch (result.what) {
    case path_result::kind::none: return env.Undefined();
    case path_result::kind::node: return to_js(env, doc, result.node_index);
    case path_result::kind::json: {
      napi_value text = make_string(env, result.json.data(), result.json.size());
      if (text == nullptr) return nullptr;
      return state_of(env).json_parse.Call({text});
    }
  }
  return env.Undefined();
}

napi_value result_raw(Napi::Env env, const document& doc, const path_result& result) {
  switch (result.what) {
    case path_result::kind::none: return env.Undefined();
    case path_result::kind::node: return raw_text(env, doc, result.node_index);
    case path_result::kind::json: return make_string(env, result.json.data(), result.json.size());
  }
  return env.Undefined();
}

napi_value bigint_to_js(Napi::Env env, const document& doc, const node& n) {
  std::vector<uint64_t> words;
  bool negative = false;
  integer_words(doc, n, words, &negative);
  napi_value out = nullptr;
  if (napi_create_bigint_words(env, negative ? 1 : 0, words.size(), words.data(), &out) != napi_ok) {
    if (!env.IsExceptionPending())
      Napi::RangeError::New(env, "Maximum BigInt size exceeded").ThrowAsJavaScriptException();
    return nullptr;
  }
  return out;
}

}  // namespace arenajson
