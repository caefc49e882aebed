// The Node-API binding: the only file that talks to JavaScript. It checks
// every argument and every handle (arena alive, right thread, right
// generation) before it touches native memory, and turns engine error codes
// into JS errors built by the factory that lib/errors.ts installs.
#include <napi.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "arena.h"
#include "builder.h"
#include "document.h"
#include "error.h"
#include "kernel.h"
#include "lines.h"
#include "materialize.h"
#include "metrics.h"
#include "ownership.h"
#include "path.h"
#include "text_buffer.h"
#include "writer.h"
#include "shallow.h"

namespace arenajson {
namespace {

// V8 aborts the process when JSON.parse builds an array this long or longer.
constexpr uint32_t v8_array_limit = 134217725;
constexpr double handle_radix = 4294967296.0;  // a value handle is doc * 2^32 + node

// The arenas an environment owns, released by an environment cleanup hook
// when the environment (a worker, or the main thread at exit) goes away with
// arenas nobody freed. Allocated apart from addon_state, which Node-API may
// finalize before or after the hook runs; the hook deletes it.
struct environment_arenas {
  napi_env env;
  live_arenas list;
};

struct addon_state {
  addon_state() : scratch(parser_scratch_create()) {}
  ~addon_state() { parser_scratch_destroy(scratch); }
  addon_state(const addon_state&) = delete;
  addon_state& operator=(const addon_state&) = delete;
  parser_scratch* scratch;
  Napi::FunctionReference error_factory;
  Napi::FunctionReference json_parse;
  arena one_shot{arena_options{}};
  path_result result;
  path_engine paths;
  std::u16string utf16;
  std::string path;
  writer_scratch writer;
  text_buffer text;
  std::string latin1;
  std::string shallow;  // scratch for ArenaWrap::Shallow
  Napi::FunctionReference arena_class;       // NativeArena, for adopt()
  arena_slot* adopting = nullptr;            // handed to the next NativeArena constructor call
  environment_arenas* arenas = nullptr;      // deleted by the cleanup hook
};

addon_state& state_of(Napi::Env env) { return *env.GetInstanceData<addon_state>(); }

void throw_error(Napi::Env env, error_code code, size_t position = 0, const char* message = nullptr) {
  addon_state& state = state_of(env);
  if (message == nullptr) message = error_message(code);
  if (!state.error_factory.IsEmpty()) {
    Napi::Value error = state.error_factory.Call(
        {Napi::String::New(env, error_name(code)), Napi::String::New(env, message), Napi::Number::New(env, double(position))});
    if (!env.IsExceptionPending() && !error.IsEmpty()) napi_throw(env, error);
    return;
  }
  Napi::Error::New(env, message).ThrowAsJavaScriptException();
}

// Brings V8's external memory and the process metrics up to date with the
// arena's reserved and used bytes. Call after anything that allocates.
void report_memory(Napi::Env env, arena_slot& slot) {
  const arena_stats& stats = slot.memory.stats();
  int64_t reserved = int64_t(stats.bytes_reserved);
  int64_t used = int64_t(stats.bytes_used);
  if (reserved != slot.reported_bytes) {
    Napi::MemoryManagement::AdjustExternalMemory(env, reserved - slot.reported_bytes);
    slot.reported_bytes = reserved;
  }
  if (reserved != slot.counted_reserved) {
    count(counters().bytes_reserved, reserved - slot.counted_reserved);
    slot.counted_reserved = reserved;
  }
  if (used != slot.counted_used) {
    count(counters().bytes_used, used - slot.counted_used);
    slot.counted_used = used;
  }
}

// Releases an arena's memory, once, whoever asks first: free(), the
// finalizer, or the environment going away. The slot stays (freed) so that
// later calls are answered with ERR_ARENA_FREED.
void release_arena(Napi::Env env, arena_slot& slot) {
  if (slot.freed) return;
  slot.memory.release();
  slot.docs.clear();
  slot.docs.shrink_to_fit();
  slot.parsed.clear();
  slot.parsed.shrink_to_fit();
  slot.built.clear();
  slot.freed = true;
  slot.generation++;
  report_memory(env, slot);
  count(counters().arenas_freed);
}

// Environment cleanup hook: releases what the environment still owns.
void release_environment_arenas(void* data) {
  auto* arenas = static_cast<environment_arenas*>(data);
  Napi::Env env(arenas->env);
  while (arena_slot* slot = arenas->list.pop()) release_arena(env, *slot);
  delete arenas;
}

// Reads a JS string argument (a path) as UTF-8 into state.path.
bool read_utf8(Napi::Env env, napi_value value, std::string& out) {
  char small[256];
  size_t copied = 0;
  if (napi_get_value_string_utf8(env, value, small, sizeof(small), &copied) != napi_ok) return false;
  if (copied < sizeof(small) - 1) {
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
  size_t length = 0;
  napi_get_value_string_utf16(env, value, nullptr, 0, &length);
  units.resize(length + 1);
  napi_get_value_string_utf16(env, value, &units[0], length + 1, &length);
  encode_wtf8(units.data(), length, out);
}

// Copies a string or Uint8Array into the arena, padded for the parser.
// Returns false with `error` set when the input is of the wrong type or the
// arena is full.
bool copy_input(Napi::Env env, napi_value input, arena& memory, const uint8_t** text, size_t* length, error_code* error) {
  const size_t padding = parse_padding();
  napi_valuetype type;
  napi_typeof(env, input, &type);
  if (type == napi_string) {
    size_t bytes = 0;
    napi_get_value_string_utf8(env, input, nullptr, 0, &bytes);
    if (bytes >= 0xFFFFFFFFu - padding) {
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
  if (element_count >= 0xFFFFFFFFu - padding) {
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

napi_value make_string(Napi::Env env, const char* data, size_t length) {
  napi_value out = nullptr;
  if (napi_create_string_utf8(env, data, length, &out) != napi_ok) {
    if (!env.IsExceptionPending()) Napi::RangeError::New(env, "the value is too long for a JavaScript string").ThrowAsJavaScriptException();
    return nullptr;
  }
  return out;
}

// A JS string from writer output (UTF-8 without lone surrogates). V8 reads
// UTF-8 slowly, so the text goes in as Latin-1 when every character fits in
// a byte (ASCII as it is), else as UTF-16 decoded here; both are plain copies
// on V8's side.
napi_value make_written_string(Napi::Env env, const char* data, size_t length) {
  addon_state& state = state_of(env);
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  size_t ascii = 0;
  while (ascii + 8 <= length) {
    uint64_t word;
    std::memcpy(&word, bytes + ascii, 8);
    if (word & 0x8080808080808080ull) break;
    ascii += 8;
  }
  while (ascii < length && bytes[ascii] < 0x80) ascii++;
  bool narrow = true;  // only lead bytes C2/C3 (U+0080..U+00FF) past the ASCII prefix
  for (size_t i = ascii; i < length; i++) {
    if (bytes[i] >= 0xC4) {
      narrow = false;
      break;
    }
  }
  napi_value out = nullptr;
  napi_status status;
  if (ascii == length) {
    status = napi_create_string_latin1(env, data, length, &out);
  } else if (narrow) {
    std::string& latin1 = state.latin1;
    latin1.resize(length);
    char* to = &latin1[0];
    std::memcpy(to, data, ascii);
    to += ascii;
    for (size_t i = ascii; i < length; i++) {
      const uint8_t c = bytes[i];
      if (c < 0x80) {
        *to++ = char(c);
      } else {
        *to++ = char(((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
        i++;
      }
    }
    status = napi_create_string_latin1(env, latin1.data(), size_t(to - latin1.data()), &out);
    if (latin1.capacity() > (64u << 20)) std::string().swap(latin1);
  } else {
    std::u16string& units = state.utf16;
    units.resize(length);
    char16_t* to = &units[0];
    for (size_t i = 0; i < ascii; i++) *to++ = char16_t(bytes[i]);
    size_t i = ascii;
    while (i < length) {
      const uint8_t c = bytes[i];
      if (c < 0x80) {
        *to++ = char16_t(c);
        i++;
        while (i + 8 <= length) {  // ASCII runs, eight bytes at a time
          uint64_t word;
          std::memcpy(&word, bytes + i, 8);
          if (word & 0x8080808080808080ull) break;
          for (int k = 0; k < 8; k++) to[k] = char16_t(bytes[i + k]);
          to += 8;
          i += 8;
        }
      } else if (c < 0xE0) {
        *to++ = char16_t(((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
        i += 2;
      } else if (c < 0xF0) {
        *to++ = char16_t(((c & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
        i += 3;
      } else {
        uint32_t cp = ((c & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F);
        cp -= 0x10000;
        *to++ = char16_t(0xD800 + (cp >> 10));
        *to++ = char16_t(0xDC00 + (cp & 0x3FF));
        i += 4;
      }
    }
    status = napi_create_string_utf16(env, units.data(), size_t(to - units.data()), &out);
    if (units.capacity() > (64u << 20)) std::u16string().swap(units);
  }
  if (status != napi_ok) {
    if (!env.IsExceptionPending()) Napi::RangeError::New(env, "Invalid string length").ThrowAsJavaScriptException();
    return nullptr;
  }
  return out;
}

napi_value raw_text(Napi::Env env, const document& doc, uint32_t index) {
  const node& n = doc.nodes[index];
  return make_string(env, reinterpret_cast<const char*>(doc.text + n.begin), n.end - n.begin);
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
      if (!(n.flags & flag_escaped)) return make_string(env, reinterpret_cast<const char*>(body), length);
      std::u16string& units = state_of(env).utf16;
      decode_string_utf16(body, length, units);
      napi_value out = nullptr;
      if (napi_create_string_utf16(env, units.data(), units.size(), &out) != napi_ok) {
        if (!env.IsExceptionPending()) Napi::RangeError::New(env, "the value is too long for a JavaScript string").ThrowAsJavaScriptException();
        return nullptr;
      }
      return out;
    }
    case node_type::array:
    case node_type::object: {
      if (contains_huge_array(doc, index)) {
        Napi::RangeError::New(env, "array is longer than V8 can hold (134217725 elements)").ThrowAsJavaScriptException();
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

class ArenaWrap : public Napi::ObjectWrap<ArenaWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NativeArena",
                       {
                           InstanceMethod<&ArenaWrap::Parse>("parse"),
                           InstanceMethod<&ArenaWrap::ParseLines>("parseLines"),
                           InstanceMethod<&ArenaWrap::Get>("get"),
                           InstanceMethod<&ArenaWrap::GetRaw>("getRaw"),
                           InstanceMethod<&ArenaWrap::Query>("query"),
                           InstanceMethod<&ArenaWrap::Type>("type"),
                           InstanceMethod<&ArenaWrap::ToJS>("toJS"),
                           InstanceMethod<&ArenaWrap::Raw>("raw"),
                           InstanceMethod<&ArenaWrap::Length>("length"),
                           InstanceMethod<&ArenaWrap::Children>("children"),
                           InstanceMethod<&ArenaWrap::Keys>("keys"),
                           InstanceMethod<&ArenaWrap::Reset>("reset"),
                           InstanceMethod<&ArenaWrap::Free>("free"),
                           InstanceMethod<&ArenaWrap::Stats>("stats"),
                           InstanceMethod<&ArenaWrap::NewContainer<false>>("newObject"),
                           InstanceMethod<&ArenaWrap::NewContainer<true>>("newArray"),
                           InstanceMethod<&ArenaWrap::Stringify>("stringify"),
                           InstanceMethod<&ArenaWrap::ToBuffer>("toBuffer"),
                           InstanceMethod<&ArenaWrap::SetValue>("setValue"),
                           InstanceMethod<&ArenaWrap::SetJson>("setJson"),
                           InstanceMethod<&ArenaWrap::Remove>("remove"),
                           InstanceMethod<&ArenaWrap::Shallow>("shallow"),
                           InstanceMethod<&ArenaWrap::Transfer>("transfer"),
                           InstanceMethod<&ArenaWrap::Documents>("documents"),
                       });
  }

  // new NativeArena(initialSize, maxSize, origin?): a new arena, or, when
  // adopt() is constructing, the arena it took over.
  ArenaWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ArenaWrap>(info) {
    Napi::Env env = info.Env();
    addon_state& state = state_of(env);
    if (state.adopting != nullptr) {
      slot_ = state.adopting;
      state.adopting = nullptr;
    } else {
      arena_options options;
      if (info.Length() > 0 && info[0].IsNumber()) {
        double initial = info[0].As<Napi::Number>().DoubleValue();
        if (initial > 0) options.initial_size = initial < double(max_first_chunk) ? size_t(initial) : max_first_chunk;
      }
      if (info.Length() > 1 && info[1].IsNumber()) {
        double max = info[1].As<Napi::Number>().DoubleValue();
        if (max > 0 && max < 1e18) options.max_size = size_t(max);
      }
      if (options.max_size != 0 && options.initial_size > options.max_size) options.initial_size = options.max_size;
      slot_ = new arena_slot(options);
      if (info.Length() > 2 && info[2].IsString()) read_string(env, info[2], slot_->origin);
      count(counters().arenas_created);
    }
    slot_->owner = env;
    if (state.arenas != nullptr) state.arenas->list.add(slot_);
    report_memory(env, *slot_);
  }

  // The finalizer: the backstop for an arena nobody freed.
  ~ArenaWrap() override {
    if (slot_ == nullptr) return;  // handed over to another thread
    if (!slot_->freed && !slot_->origin.empty()) {
      std::fprintf(stderr,
                   "arenajson: an Arena was garbage-collected without free(); its memory is released now. "
                   "It was created %s\n",
                   slot_->origin.c_str());
    }
    release_arena(Env(), *slot_);
    if (slot_->list != nullptr) slot_->list->remove(slot_);
    delete slot_;
  }

 private:
  static constexpr size_t max_first_chunk = size_t(1) << 30;

  // Checks that the arena may be used from this call; throws otherwise.
  bool usable(Napi::Env env) {
    if (slot_ == nullptr || slot_->owner != static_cast<napi_env>(env)) {
      throw_error(env, error_code::arena_wrong_thread);
      return false;
    }
    if (slot_->freed) {
      throw_error(env, error_code::arena_freed);
      return false;
    }
    return true;
  }

  // Checks a (generation, handle) pair from JS and resolves it.
  bool resolve(const Napi::CallbackInfo& info, const document** doc, uint32_t* index) {
    Napi::Env env = info.Env();
    if (!usable(env)) return false;
    if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) {
      throw_error(env, error_code::invalid_arg, 0, "expected a generation and a value handle");
      return false;
    }
    double generation = info[0].As<Napi::Number>().DoubleValue();  // NaN never matches
    if (generation != double(slot_->generation)) {
      throw_error(env, error_code::arena_stale);
      return false;
    }
    double handle = info[1].As<Napi::Number>().DoubleValue();
    if (!(handle >= 0) || handle >= 9007199254740992.0 || std::floor(handle) != handle) {
      throw_error(env, error_code::invalid_arg, 0, "invalid value handle");
      return false;
    }
    double doc_part = std::floor(handle / handle_radix);
    double node_part = handle - doc_part * handle_radix;
    if (doc_part >= double(slot_->docs.size())) {
      throw_error(env, error_code::invalid_arg, 0, "invalid value handle");
      return false;
    }
    const document* d = slot_->docs[size_t(doc_part)];
    if (node_part >= double(d->node_count)) {
      throw_error(env, error_code::invalid_arg, 0, "invalid value handle");
      return false;
    }
    *doc = d;
    *index = uint32_t(node_part);
    if (node_part == 0 && !follow_edits(env, size_t(doc_part), doc)) return false;
    return true;
  }

  double register_document(document* doc) {
    slot_->docs.push_back(doc);
    return double(slot_->docs.size() - 1) * handle_radix;
  }

  Napi::Value Parse(const Napi::CallbackInfo& info) { return ParseAs(info, false); }

  // JSON Lines: the document is the array of the lines' documents.
  Napi::Value ParseLines(const Napi::CallbackInfo& info) { return ParseAs(info, true); }

  Napi::Value ParseAs(const Napi::CallbackInfo& info, bool lines) {
    Napi::Env env = info.Env();
    if (!usable(env)) return env.Undefined();
    if (info.Length() < 1) {
      throw_error(env, error_code::invalid_arg, 0, "parse expects a string, Buffer or Uint8Array");
      return env.Undefined();
    }
    document* doc = parse_into(env, info[0], slot_->memory, lines, true);
    // A failed parse ran the JS error factory, which may have freed or
    // transferred this arena: look at the slot again before using it.
    if (doc == nullptr) {
      if (slot_ != nullptr) report_memory(env, *slot_);
      return env.Undefined();
    }
    report_memory(env, *slot_);
    slot_->parsed.push_back(uint32_t(slot_->docs.size()));
    return Napi::Number::New(env, register_document(doc));
  }

  // Evaluates the path argument info[2] from the handle; false when it threw.
  bool evaluate(const Napi::CallbackInfo& info, const document** doc, path_result** result) {
    uint32_t index;
    if (!resolve(info, doc, &index)) return false;
    Napi::Env env = info.Env();
    addon_state& state = state_of(env);
    if (info.Length() < 3 || !info[2].IsString()) {
      throw_error(env, error_code::invalid_arg, 0, "path must be a string");
      return false;
    }
    read_string(env, info[2], state.path);
    state.paths.evaluate(**doc, index, state.path.data(), state.path.size(), state.result);
    *result = &state.result;
    return true;
  }

  Napi::Value Get(const Napi::CallbackInfo& info) {
    const document* doc;
    path_result* result;
    if (!evaluate(info, &doc, &result)) return info.Env().Undefined();
    return Napi::Value(info.Env(), result_to_js(info.Env(), *doc, *result));
  }

  Napi::Value GetRaw(const Napi::CallbackInfo& info) {
    const document* doc;
    path_result* result;
    if (!evaluate(info, &doc, &result)) return info.Env().Undefined();
    return Napi::Value(info.Env(), result_raw(info.Env(), *doc, *result));
  }

  // Returns the handle of the result, or -1 when there is none. A result the
  // path produced (not a node of the document) is parsed into a new document.
  Napi::Value Query(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const document* doc;
    path_result* result;
    if (!evaluate(info, &doc, &result)) return env.Undefined();
    if (result->what == path_result::kind::none) return Napi::Number::New(env, -1);
    if (result->what == path_result::kind::node) {
      size_t doc_id = 0;
      while (slot_->docs[doc_id] != doc) doc_id++;
      return Napi::Number::New(env, double(doc_id) * handle_radix + result->node_index);
    }
    Napi::String text = Napi::String::New(env, result->json);
    document* made = parse_into(env, text, slot_->memory, false, false);
    if (made == nullptr) {
      if (slot_ != nullptr) report_memory(env, *slot_);  // see Parse
      return env.Undefined();
    }
    report_memory(env, *slot_);
    return Napi::Number::New(env, register_document(made));
  }

  Napi::Value Type(const Napi::CallbackInfo& info) {
    const document* doc;
    uint32_t index;
    if (!resolve(info, &doc, &index)) return info.Env().Undefined();
    return Napi::Number::New(info.Env(), double(doc->nodes[index].type));
  }

  Napi::Value ToJS(const Napi::CallbackInfo& info) {
    const document* doc;
    uint32_t index;
    if (!resolve(info, &doc, &index)) return info.Env().Undefined();
    return Napi::Value(info.Env(), to_js(info.Env(), *doc, index));
  }

  Napi::Value Raw(const Napi::CallbackInfo& info) {
    const document* doc;
    uint32_t index;
    if (!resolve(info, &doc, &index)) return info.Env().Undefined();
    return Napi::Value(info.Env(), raw_text(info.Env(), *doc, index));
  }

  Napi::Value Length(const Napi::CallbackInfo& info) {
    const document* doc;
    uint32_t index;
    if (!resolve(info, &doc, &index)) return info.Env().Undefined();
    return Napi::Number::New(info.Env(), doc->nodes[index].count);
  }

  // Handles of the elements of an array, or of the member values of an object.
  Napi::Value Children(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const document* doc;
    uint32_t index;
    if (!resolve(info, &doc, &index)) return env.Undefined();
    const node& n = doc->nodes[index];
    double base = double(document_id(doc)) * handle_radix;
    // Read the document completely before Set() can run JS (a setter on
    // Array.prototype may free the arena).
    std::vector<uint32_t> children;
    if (n.type == node_type::array || n.type == node_type::object) {
      children.reserve(n.count);
      uint32_t at = index + 1;
      for (uint32_t i = 0; i < n.count; i++) {
        if (n.type == node_type::object) at++;  // skip the key
        children.push_back(at);
        at = doc->nodes[at].next;
      }
    }
    Napi::Array out = Napi::Array::New(env, children.size());
    for (uint32_t i = 0; i < children.size(); i++) out.Set(i, Napi::Number::New(env, base + children[i]));
    return out;
  }

  // The keys of an object in document order (duplicates included).
  Napi::Value Keys(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const document* doc;
    uint32_t index;
    if (!resolve(info, &doc, &index)) return env.Undefined();
    const node& n = doc->nodes[index];
    if (n.type != node_type::object) return Napi::Array::New(env, 0);
    // Make every key string before Set() can run JS (see Children).
    std::vector<napi_value> keys;
    keys.reserve(n.count);
    uint32_t at = index + 1;
    for (uint32_t i = 0; i < n.count; i++) {
      napi_value key = to_js(env, *doc, at);
      if (key == nullptr) return env.Undefined();
      keys.push_back(key);
      at = doc->nodes[at + 1].next;
    }
    Napi::Array out = Napi::Array::New(env, keys.size());
    for (uint32_t i = 0; i < keys.size(); i++) out.Set(i, Napi::Value(env, keys[i]));
    return out;
  }

  Napi::Value Reset(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!usable(env)) return env.Undefined();
    slot_->memory.reset();
    slot_->docs.clear();
    slot_->built.clear();
    slot_->parsed.clear();
    slot_->generation++;
    report_memory(env, *slot_);
    count(counters().resets);
    return Napi::Number::New(env, double(slot_->generation));
  }

  Napi::Value Free(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!usable(env)) return env.Undefined();
    release_arena(env, *slot_);
    return env.Undefined();
  }

  // Gives the arena up: it goes into the hand-over table and this object
  // (with every handle of it) answers ERR_ARENA_WRONG_THREAD from now on.
  // Returns the id adopt() takes, as 16 hex digits.
  Napi::Value Transfer(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!usable(env)) return env.Undefined();
    arena_slot* slot = slot_;
    slot_ = nullptr;
    if (slot->list != nullptr) slot->list->remove(slot);
    // This thread's V8 no longer holds the memory; the adopting thread reports it.
    if (slot->reported_bytes != 0) Napi::MemoryManagement::AdjustExternalMemory(env, -slot->reported_bytes);
    slot->reported_bytes = 0;
    slot->owner = nullptr;
    count(counters().transfers);
    uint64_t id = hand_over(slot);
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016" PRIx64, id);
    return Napi::String::New(env, hex, 16);
  }

  // Handles of the documents parse() made since the last reset, in order.
  Napi::Value Documents(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!usable(env)) return env.Undefined();
    std::vector<uint32_t> parsed = slot_->parsed;  // Set() below may run JS
    Napi::Array out = Napi::Array::New(env, parsed.size());
    for (uint32_t i = 0; i < parsed.size(); i++) out.Set(i, Napi::Number::New(env, double(parsed[i]) * handle_radix));
    return out;
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!usable(env)) return env.Undefined();
    // A copy: Set() below may run JS (a setter on Object.prototype) that frees the arena.
    const arena_stats s = slot_->memory.stats();
    const double documents = double(slot_->docs.size());
    const double generation = double(slot_->generation);
    Napi::Object out = Napi::Object::New(env);
    out.Set("bytesReserved", Napi::Number::New(env, double(s.bytes_reserved)));
    out.Set("bytesUsed", Napi::Number::New(env, double(s.bytes_used)));
    out.Set("peakBytes", Napi::Number::New(env, double(s.peak_bytes)));
    out.Set("chunks", Napi::Number::New(env, double(s.chunks)));
    out.Set("allocations", Napi::Number::New(env, double(s.allocations)));
    out.Set("documents", Napi::Number::New(env, documents));
    out.Set("resets", Napi::Number::New(env, double(s.resets)));
    out.Set("generation", Napi::Number::New(env, generation));
    return out;
  }

  // ---- building and writing (builder.h, writer.h) -------------------------

  size_t document_id(const document* doc) const {
    size_t id = 0;
    while (id < slot_->docs.size() && slot_->docs[id] != doc) id++;
    return id;
  }

  // Checks the (generation, handle) pair at info[at], info[at + 1] and splits it.
  bool decode_handle(const Napi::CallbackInfo& info, size_t at, size_t* doc_id, uint32_t* node_index) {
    Napi::Env env = info.Env();
    if (!usable(env)) return false;
    if (info.Length() < at + 2 || !info[at].IsNumber() || !info[at + 1].IsNumber()) {
      throw_error(env, error_code::invalid_arg, 0, "expected a generation and a value handle");
      return false;
    }
    if (info[at].As<Napi::Number>().DoubleValue() != double(slot_->generation)) {
      throw_error(env, error_code::arena_stale);
      return false;
    }
    double handle = info[at + 1].As<Napi::Number>().DoubleValue();
    if (!(handle >= 0) || handle >= 9007199254740992.0 || std::floor(handle) != handle) {
      throw_error(env, error_code::invalid_arg, 0, "invalid value handle");
      return false;
    }
    double doc_part = std::floor(handle / handle_radix);
    double node_part = handle - doc_part * handle_radix;
    if (doc_part >= double(slot_->docs.size()) || node_part >= double(slot_->docs[size_t(doc_part)]->node_count)) {
      throw_error(env, error_code::invalid_arg, 0, "invalid value handle");
      return false;
    }
    *doc_id = size_t(doc_part);
    *node_index = uint32_t(node_part);
    return true;
  }

  void throw_write_error(Napi::Env env, error_code error) {
    if (error == error_code::cyclic_value) {
      Napi::TypeError::New(env, error_message(error)).ThrowAsJavaScriptException();
    } else {
      throw_error(env, error);
    }
  }

  // Writes the value behind a handle into state.text; false when it threw.
  bool write_handle(Napi::Env env, size_t doc_id, uint32_t node_index, const write_options& options) {
    addon_state& state = state_of(env);
    state.text.clear();
    edit_record* record = node_index == 0 ? slot_->built.find(doc_id) : nullptr;
    error_code error = record != nullptr ? write_built(record->root, options, state.writer, state.text)
                                         : write_node(*slot_->docs[doc_id], node_index, options, state.writer, state.text);
    if (error != error_code::success) {
      throw_write_error(env, error);
      return false;
    }
    return true;
  }

  // When the root of document `doc_id` was edited (or built), reads see a flat
  // copy of it: a document parsed from its text, remade after later edits.
  bool follow_edits(Napi::Env env, size_t doc_id, const document** doc) {
    edit_record* record = slot_->built.find(doc_id);
    if (record == nullptr) return true;
    if (record->root->kind == built_kind::node_ref && record->root->doc == *doc && record->root->index == 0) return true;
    if (record->snapshot != nullptr && record->snapshot_epoch == slot_->built.epoch) {
      *doc = record->snapshot;
      return true;
    }
    write_options options;
    options.source_form = true;
    if (!write_handle(env, doc_id, 0, options)) return false;
    addon_state& state = state_of(env);
    arena& memory = slot_->memory;
    arena::mark start = memory.position();
    error_code error = error_code::success;
    const size_t length = state.text.size();
    auto* copy = static_cast<uint8_t*>(memory.allocate(length + parse_padding(), 64, &error));
    if (copy == nullptr) {
      report_memory(env, *slot_);
      throw_error(env, error);
      return false;
    }
    std::memcpy(copy, state.text.data(), length);
    std::memset(copy + length, ' ', parse_padding());
    parse_error failure;
    document* made = parse_document(memory, *state.scratch, copy, length, &failure);
    report_memory(env, *slot_);
    if (made == nullptr) {
      memory.rollback(start);
      throw_error(env, failure.code == error_code::json_syntax ? error_code::out_of_memory : failure.code);
      return false;
    }
    record = slot_->built.find(doc_id);
    record->snapshot = made;
    record->snapshot_epoch = slot_->built.epoch;
    record->snapshot_id = uint32_t(register_document(made) / handle_radix);
    *doc = made;
    return true;
  }

  // The edit record of document `doc_id`, made on its first edit.
  edit_record* record_for(Napi::Env env, size_t doc_id) {
    builder_state& built = slot_->built;
    if (edit_record* record = built.find(doc_id)) return record;
    error_code error = error_code::success;
    built_value* root = new_node_ref(slot_->memory, slot_->docs[doc_id], 0, false, &error);
    if (root == nullptr) {
      throw_error(env, error);
      return nullptr;
    }
    if (built.records.size() <= doc_id) built.records.resize(doc_id + 1);
    built.records[doc_id] = edit_record{};
    built.records[doc_id].root = root;
    return &built.records[doc_id];
  }

  // A new empty object (or array) in the arena; returns its handle.
  template <bool is_array>
  Napi::Value NewContainer(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!usable(env)) return env.Undefined();
    arena& memory = slot_->memory;
    arena::mark start = memory.position();
    error_code error = error_code::success;
    auto* text = static_cast<uint8_t*>(memory.allocate(2, 1, &error));
    auto* nodes = text != nullptr ? static_cast<node*>(memory.allocate(sizeof(node), alignof(node), &error)) : nullptr;
    auto* doc = nodes != nullptr ? static_cast<document*>(memory.allocate(sizeof(document), alignof(document), &error)) : nullptr;
    built_value* root = nullptr;
    if (doc != nullptr) root = is_array ? new_array(memory, &error) : new_object(memory, &error);
    report_memory(env, *slot_);
    if (root == nullptr) {
      memory.rollback(start);
      throw_error(env, error);
      return env.Undefined();
    }
    text[0] = is_array ? '[' : '{';
    text[1] = is_array ? ']' : '}';
    nodes[0] = node{0, 2, 1, 0, is_array ? node_type::array : node_type::object, 0};
    *doc = document{};
    doc->text = text;
    doc->length = 2;
    doc->nodes = nodes;
    doc->node_count = 1;
    double handle = register_document(doc);
    size_t doc_id = slot_->docs.size() - 1;
    builder_state& built = slot_->built;
    if (built.records.size() <= doc_id) built.records.resize(doc_id + 1);
    built.records[doc_id] = edit_record{};
    built.records[doc_id].root = root;
    return Napi::Number::New(env, handle);
  }

  // Reads the gap string at info[at] into options (kept in state.path's sibling buffer).
  bool read_gap(const Napi::CallbackInfo& info, size_t at, std::string& gap, write_options& options) {
    if (info.Length() > at && info[at].IsString()) {
      read_string(info.Env(), info[at], gap);
    } else {
      gap.clear();
    }
    options.gap = gap.data();
    options.gap_length = gap.size();
    return true;
  }

  // stringify(generation, handle, gap): JSON.stringify(value.toJS(), null, gap).
  Napi::Value Stringify(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    size_t doc_id;
    uint32_t node_index;
    if (!decode_handle(info, 0, &doc_id, &node_index)) return env.Undefined();
    addon_state& state = state_of(env);
    write_options options;
    read_gap(info, 2, gap_, options);
    if (!write_handle(env, doc_id, node_index, options)) return env.Undefined();
    napi_value out = make_written_string(env, state.text.data(), state.text.size());
    state.text.trim(64u << 20);
    if (out == nullptr) return env.Undefined();
    return Napi::Value(env, out);
  }

  // toBuffer(generation, handle, gap): the UTF-8 bytes of stringify's text.
  Napi::Value ToBuffer(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    size_t doc_id;
    uint32_t node_index;
    if (!decode_handle(info, 0, &doc_id, &node_index)) return env.Undefined();
    addon_state& state = state_of(env);
    write_options options;
    read_gap(info, 2, gap_, options);
    if (!write_handle(env, doc_id, node_index, options)) return env.Undefined();
    Napi::Value out = Napi::Buffer<char>::Copy(env, state.text.data(), state.text.size());
    state.text.trim(64u << 20);
    return out;
  }

  // The edit record behind the target (generation, handle) at info[0], info[1]
  // and the path at info[2]; nullptr when it threw.
  edit_record* edit_target(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    size_t doc_id;
    uint32_t node_index;
    if (!decode_handle(info, 0, &doc_id, &node_index)) return nullptr;
    if (node_index != 0) {
      throw_error(env, error_code::invalid_arg, 0, "only a Doc or a built value can be edited");
      return nullptr;
    }
    if (info.Length() < 3 || !info[2].IsString()) {
      throw_error(env, error_code::invalid_arg, 0, "path must be a string");
      return nullptr;
    }
    addon_state& state = state_of(env);
    read_wtf8(env, info[2], state.utf16, state.path);
    return record_for(env, doc_id);
  }

  Napi::Value finish_edit(Napi::Env env, error_code error) {
    slot_->built.epoch++;
    report_memory(env, *slot_);
    if (error == error_code::invalid_arg) {
      throw_error(env, error, 0, "the path cannot be set (see the sjson rules: plain keys, numbers or -1 on arrays)");
    } else if (error != error_code::success) {
      throw_error(env, error);
    }
    return env.Undefined();
  }

  // setValue(generation, handle, path, valueGeneration, valueHandle): a value
  // of this arena, referenced. A Doc (or built value) is shared: later edits
  // to it show through, as with JS object references.
  Napi::Value SetValue(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    size_t value_doc;
    uint32_t value_node;
    if (!decode_handle(info, 3, &value_doc, &value_node)) return env.Undefined();
    built_value* value = nullptr;
    error_code error = error_code::success;
    if (value_node == 0) {
      edit_record* source = record_for(env, value_doc);
      if (source == nullptr) return env.Undefined();
      value = source->root;
    } else {
      value = new_node_ref(slot_->memory, slot_->docs[value_doc], value_node, false, &error);
      if (value == nullptr) return finish_edit(env, error);
    }
    edit_record* record = edit_target(info);
    if (record == nullptr) return env.Undefined();
    const std::string& path = state_of(env).path;
    return finish_edit(env, set_path(slot_->memory, record->root, path.data(), path.size(), value));
  }

  // setJson(generation, handle, path, text): a JS value as JSON.stringify wrote it (undefined for undefined).
  Napi::Value SetJson(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    edit_record* record = edit_target(info);
    if (record == nullptr) return env.Undefined();
    built_value* root = record->root;
    std::string path = state_of(env).path;
    built_value* value = nullptr;
    error_code error = error_code::success;
    if (info.Length() < 4 || info[3].IsUndefined()) {
      value = new_undefined(slot_->memory, &error);
    } else if (!info[3].IsString()) {
      throw_error(env, error_code::invalid_arg, 0, "expected JSON text");
      return env.Undefined();
    } else {
      std::string& text = gap_;
      read_string(env, info[3], text);
      if (!text.empty() && (text[0] == '{' || text[0] == '[')) {
        document* doc = parse_into(env, info[3], slot_->memory, false, false);
        if (doc == nullptr) {
          report_memory(env, *slot_);
          return env.Undefined();
        }
        value = new_node_ref(slot_->memory, doc, 0, true, &error);
      } else {
        value = new_json_text(slot_->memory, text.data(), text.size(), &error);
      }
    }
    if (value == nullptr) return finish_edit(env, error);
    return finish_edit(env, set_path(slot_->memory, root, path.data(), path.size(), value));
  }

  // remove(generation, handle, path): true when a value was deleted.
  Napi::Value Remove(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    edit_record* record = edit_target(info);
    if (record == nullptr) return env.Undefined();
    const std::string& path = state_of(env).path;
    bool deleted = false;
    error_code error = delete_path(slot_->memory, record->root, path.data(), path.size(), &deleted);
    finish_edit(env, error);
    if (env.IsExceptionPending()) return env.Undefined();
    return Napi::Boolean::New(env, deleted);
  }

  std::string gap_;  // scratch for a gap or a JSON text argument

  // The shallow JSON text of an array or object (see shallow.h), for the lazy
  // view; undefined for a scalar. info[2]: inline nested levels up to this many bytes.
  Napi::Value Shallow(const Napi::CallbackInfo& info) {
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

  arena_slot* slot_ = nullptr;
};

// One-shot get/getRaw on a scratch arena: parse, evaluate, convert, reset.
template <bool raw>
Napi::Value OneShot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  addon_state& state = state_of(env);
  if (info.Length() < 2 || !info[1].IsString()) {
    throw_error(env, error_code::invalid_arg, 0, "path must be a string");
    return env.Undefined();
  }
  read_string(env, info[1], state.path);
  state.one_shot.reset();
  // A path that starts with ".." reads its input as JSON Lines.
  bool lines = state.path.size() >= 2 && state.path[0] == '.' && state.path[1] == '.';
  document* doc = parse_into(env, info[0], state.one_shot, lines, true);
  if (doc == nullptr) return env.Undefined();
  state.paths.evaluate(*doc, 0, state.path.data(), state.path.size(), state.result);
  napi_value out = raw ? result_raw(env, *doc, state.result) : result_to_js(env, *doc, state.result);
  // Keep one-shot memory bounded: drop chunks a huge input needed.
  if (state.one_shot.stats().bytes_reserved > (64u << 20)) state.one_shot.release();
  return Napi::Value(env, out);
}

Napi::Value Validate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  addon_state& state = state_of(env);
  if (info.Length() < 1) {
    throw_error(env, error_code::invalid_arg);
    return env.Undefined();
  }
  state.one_shot.reset();
  document* doc = parse_into(env, info[0], state.one_shot, false, false);
  if (doc == nullptr) return env.Undefined();
  Napi::Object out = Napi::Object::New(env);
  out.Set("nodes", Napi::Number::New(env, doc->node_count));
  out.Set("largestArray", Napi::Number::New(env, doc->largest_array));
  if (state.one_shot.stats().bytes_reserved > (64u << 20)) state.one_shot.release();
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
  exports.Set("get", Napi::Function::New<OneShot<false>>(env, "get"));
  exports.Set("getRaw", Napi::Function::New<OneShot<true>>(env, "getRaw"));
  exports.Set("validate", Napi::Function::New<Validate>(env, "validate"));
  exports.Set("setErrorFactory", Napi::Function::New<SetErrorFactory>(env, "setErrorFactory"));
  exports.Set("implementation", Napi::String::New(env, active_implementation()));
  return exports;
}

}  // namespace
}  // namespace arenajson

namespace {
Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return arenajson::Init(env, exports); }
}  // namespace

NODE_API_MODULE(arenajson, InitModule)
