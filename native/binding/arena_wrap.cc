// NativeArena (see arena_wrap.h): lifecycle, handle checks, parsing and
// reading, reset/free/transfer and stats.
#include "binding/arena_wrap.h"

#include <napi.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "binding/convert.h"
#include "binding/read_options.h"
#include "binding/state.h"
#include "binding/tape_out.h"
#include "memory/metrics.h"
#include "read/value_tape.h"

namespace arenajson {

Napi::Function ArenaWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeArena",
                     {
                         InstanceMethod<&ArenaWrap::Parse>("parse"),
                         InstanceMethod<&ArenaWrap::ParseLines>("parseLines"),
                         InstanceMethod<&ArenaWrap::LinesText>("linesText"),
                         InstanceMethod<&ArenaWrap::LinesValues>("linesValues"),
                         InstanceMethod<&ArenaWrap::Get>("get"),
                         InstanceMethod<&ArenaWrap::PathId>("pathId"),
                         InstanceMethod<&ArenaWrap::GetCompiled>("getCompiled"),
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
                         InstanceMethod<&ArenaWrap::NewObject>("newObject"),
                         InstanceMethod<&ArenaWrap::NewArray>("newArray"),
                         InstanceMethod<&ArenaWrap::Stringify>("stringify"),
                         InstanceMethod<&ArenaWrap::ToBuffer>("toBuffer"),
                         InstanceMethod<&ArenaWrap::SetValue>("setValue"),
                         InstanceMethod<&ArenaWrap::SetJson>("setJson"),
                         InstanceMethod<&ArenaWrap::Remove>("remove"),
                         InstanceMethod<&ArenaWrap::Shallow>("shallow"),
                         InstanceMethod<&ArenaWrap::Lookup>("lookup"),
                         InstanceMethod<&ArenaWrap::Transfer>("transfer"),
                         InstanceMethod<&ArenaWrap::Documents>("documents"),
                         InstanceMethod<&ArenaWrap::ParseAsync>("parseAsync"),
                         InstanceMethod<&ArenaWrap::CancelParse>("cancelParse"),
                         InstanceMethod<&ArenaWrap::Poisoned>("poisoned"),
                         InstanceMethod<&ArenaWrap::Id>("id"),
                     });
}

// new NativeArena(initialSize, maxSize, origin?, spare?): a new arena, or, when
// adopt() is constructing, the arena it took over.
ArenaWrap::ArenaWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ArenaWrap>(info) {
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
    // parseLazy's arenas start from spare chunks and give theirs back.
    if (info.Length() > 3 && info[3].IsBoolean() && info[3].As<Napi::Boolean>().Value()) {
      slot_->keeps_spare = true;
      if (options.max_size == 0) state.spares.take(slot_->memory, options.initial_size);
    }
    count(counters().arenas_created);
  }
  slot_->owner = static_cast<napi_env>(env);
  if (state.arenas != nullptr) state.arenas->list.add(slot_);
  ids_ = state.ids;
  id_ = ids_->add(this);
  report_memory(env, *slot_);
}

// The finalizer: the backstop for an arena nobody freed. The module is built
// with NAPI_EXPERIMENTAL, so Node-API runs it during garbage collection: it
// must run no JS (recycle_arena and release_arena run none).
ArenaWrap::~ArenaWrap() {
  if (ids_ != nullptr) ids_->remove(id_);
  if (slot_ == nullptr) return;  // handed over to another thread
  if (!slot_->freed && !slot_->origin.empty()) {
    std::fprintf(stderr,
                 "arenajson: an Arena was garbage-collected without free(); its memory is released now. "
                 "It was created %s\n",
                 slot_->origin.c_str());
  }
  if (slot_->list != nullptr) slot_->list->remove(slot_);
  // Work in flight holds a reference to this object, so a busy slot is only
  // seen here when the environment is torn down under it: leak it rather than
  // free memory a pool thread may still write.
  if (slot_->busy) return;
  recycle_arena(Env(), *slot_, true);
  delete slot_;
}

// Checks that the arena may be used from this call; throws otherwise. While
// a parseAsync() is in flight the arena is pinned: only calls that read
// nothing of its memory (`allow_busy`) go on.
bool ArenaWrap::usable(Napi::Env env, bool allow_busy) {
  if (slot_ == nullptr || slot_->owner != static_cast<napi_env>(env)) {
    throw_error(env, error_code::arena_wrong_thread);
    return false;
  }
  if (slot_->freed) {
    throw_error(env, error_code::arena_freed);
    return false;
  }
  if (slot_->busy && !allow_busy) {
    throw_error(env, error_code::arena_busy);
    return false;
  }
  return true;
}

// Checks the (generation, handle) pair at info[at], info[at + 1] (arena
// usable, generation current, handle in range) and splits it; throws and
// returns false otherwise. The one place handles from JS are checked.
bool ArenaWrap::decode_handle(const Napi::CallbackInfo& info, size_t at, size_t* doc_id, uint32_t* node_index) {
  Napi::Env env = info.Env();
  if (!usable(env)) return false;
  if (info.Length() < at + 2) {
    throw_error(env, error_code::invalid_arg, 0, "expected a generation and a value handle");
    return false;
  }
  return check_handle(env, info[at], info[at + 1], doc_id, node_index);
}

bool ArenaWrap::check_handle(Napi::Env env, napi_value generation_value, napi_value handle_value, size_t* doc_id,
                             uint32_t* node_index) {
  // napi_get_value_double answers napi_number_expected for anything else,
  // which saves asking for the type first.
  double generation = 0;
  double handle = 0;
  if (napi_get_value_double(env, generation_value, &generation) != napi_ok ||
      napi_get_value_double(env, handle_value, &handle) != napi_ok) {
    throw_error(env, error_code::invalid_arg, 0, "expected a generation and a value handle");
    return false;
  }
  if (generation != double(slot_->generation)) {  // NaN never matches
    throw_error(env, error_code::arena_stale);
    return false;
  }
  // An integer in [0, 2^53): doc * 2^32 + node, split by integer arithmetic.
  const uint64_t bits = handle >= 0 && handle < exact_integer_limit ? uint64_t(handle) : 0;
  const size_t doc_part = size_t(bits >> 32);
  const uint32_t node_part = uint32_t(bits);
  if (!(handle >= 0) || double(bits) != handle || doc_part >= slot_->docs.size() ||
      node_part >= slot_->docs[doc_part]->node_count) {
    throw_error(env, error_code::invalid_arg, 0, "invalid value handle");
    return false;
  }
  *doc_id = doc_part;
  *node_index = node_part;
  return true;
}

// Checks the (generation, handle) pair at info[0], info[1] and resolves it to
// a node; the root of an edited document resolves to its snapshot (see
// follow_edits).
bool ArenaWrap::resolve(const Napi::CallbackInfo& info, const document** doc, uint32_t* index) {
  size_t doc_id;
  if (!decode_handle(info, 0, &doc_id, index)) return false;
  *doc = slot_->docs[doc_id];
  if (*index == 0 && !follow_edits(info.Env(), doc_id, doc)) return false;
  return true;
}

// The index of a registered document (docs.size() when it is not one).
size_t ArenaWrap::document_id(const document* doc) const {
  size_t id = 0;
  while (id < slot_->docs.size() && slot_->docs[id] != doc) id++;
  return id;
}

double ArenaWrap::register_document(document* doc) {
  slot_->docs.push_back(doc);
  return double(slot_->docs.size() - 1) * handle_radix;
}

Napi::Value ArenaWrap::Parse(const Napi::CallbackInfo& info) { return ParseAs(info, false); }

// JSON Lines: the document is the array of the lines' documents.
Napi::Value ArenaWrap::ParseLines(const Napi::CallbackInfo& info) { return ParseAs(info, true); }

Napi::Value ArenaWrap::ParseAs(const Napi::CallbackInfo& info, bool lines) {
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
bool ArenaWrap::evaluate(const Napi::CallbackInfo& info, const document** doc, path_result** result) {
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

Napi::Value ArenaWrap::Get(const Napi::CallbackInfo& info) {
  const document* doc;
  path_result* result;
  if (!evaluate(info, &doc, &result)) return info.Env().Undefined();
  return Napi::Value(info.Env(), result_to_js_with(info.Env(), *doc, *result, read_options_arg(info, 3)));
}

// pathId(path): a ticket naming the compiled `path` (path_table.h) for
// getCompiled, or 0 when the path is too long to keep one.
Napi::Value ArenaWrap::PathId(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  addon_state& state = state_of(env);
  if (info.Length() < 1 || !info[0].IsString()) {
    throw_error(env, error_code::invalid_arg, 0, "path must be a string");
    return env.Undefined();
  }
  read_string(env, info[0], state.path);
  return Napi::Number::New(env, state.path_ids.add(state.path.data(), state.path.size()));
}

// getCompiled(generation, handle, ticket, path, mode?): get(generation,
// handle, path, mode) where `ticket` is pathId(path). A ticket that names no
// compiled path (an old one, 0, or no number) falls back to `path`.
Napi::Value ArenaWrap::GetCompiled(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return env.Undefined();
  double ticket = 0;
  if (info.Length() > 2 && napi_get_value_double(env, info[2], &ticket) != napi_ok) ticket = 0;
  napi_value path = info.Length() > 3 ? napi_value(info[3]) : nullptr;
  return Napi::Value(env, read_compiled(env, doc, index, ticket, path, read_options_arg(info, 4)));
}

napi_value ArenaWrap::read_compiled(Napi::Env env, const document* doc, uint32_t index, double ticket, napi_value path,
                                    const read_options& options) {
  addon_state& state = state_of(env);
  if (!evaluate_compiled(env, state, *doc, index, ticket, path)) return nullptr;
  return result_to_js_with(env, *doc, state.result, options);
}

bool ArenaWrap::evaluate_compiled(Napi::Env env, addon_state& state, const document& doc, uint32_t index, double ticket,
                                  napi_value path) {
  const path_program* program = state.path_ids.find(ticket);
  if (program != nullptr) {
    state.paths.evaluate(doc, index, *program, state.result);
    return true;
  }
  napi_valuetype type = napi_undefined;
  if (path == nullptr || napi_typeof(env, path, &type) != napi_ok || type != napi_string) {
    throw_error(env, error_code::invalid_arg, 0, "path must be a string");
    return false;
  }
  read_string(env, Napi::Value(env, path), state.path);
  state.paths.evaluate(doc, index, state.path.data(), state.path.size(), state.result);
  return true;
}

// id(): the number read() names this arena by (0 when the environment's
// table is full: then only the methods reach it).
Napi::Value ArenaWrap::Id(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), id_); }

ArenaWrap* ArenaWrap::by_id(Napi::Env env, addon_state& state, napi_value id_value, Napi::Object* pinned) {
  double id = 0;
  ArenaWrap* wrap = napi_get_value_double(env, id_value, &id) == napi_ok ? state.ids->find(id) : nullptr;
  // Pin the NativeArena for the call: finalizers run inside collections
  // (NAPI_EXPERIMENTAL), and an unreachable arena's could otherwise run in
  // one this call starts. A local handle keeps it alive to the end.
  *pinned = wrap != nullptr ? wrap->Value() : Napi::Object();
  if (wrap == nullptr || pinned->IsEmpty()) {
    throw_error(env, error_code::invalid_arg, 0, "not the id of a live arena");
    return nullptr;
  }
  return wrap;
}

ArenaWrap* ArenaWrap::target_by_id(Napi::Env env, addon_state& state, napi_callback_info info, napi_value (&argv)[5],
                                   Napi::Object* pinned, const document** doc, uint32_t* index) {
  size_t argc = 5;  // missing arguments come back as undefined
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok) return nullptr;
  ArenaWrap* wrap = by_id(env, state, argv[0], pinned);
  if (wrap == nullptr) return nullptr;
  size_t doc_id;
  if (!wrap->usable(env) || !wrap->check_handle(env, argv[1], argv[2], &doc_id, index)) return nullptr;
  *doc = wrap->slot_->docs[doc_id];
  if (*index == 0 && !wrap->follow_edits(env, doc_id, doc)) return nullptr;
  return wrap;
}

napi_value ArenaWrap::ReadById(napi_env raw_env, napi_callback_info info) {
  Napi::Env env(raw_env);
  addon_state& state = state_of(env);
  napi_value argv[5];
  Napi::Object pinned;
  const document* doc;
  uint32_t index;
  ArenaWrap* wrap = target_by_id(env, state, info, argv, &pinned, &doc, &index);
  if (wrap == nullptr) return nullptr;
  // ticket * read_mode_layout::limit + mode (packTicketAndMode, lib/options.ts); anything but
  // such an integer reads the path text with the default options.
  double packed = 0;
  double ticket = 0;
  uint32_t mode = 0;
  if (napi_get_value_double(env, argv[3], &packed) == napi_ok && packed >= 0 && packed < exact_integer_limit &&
      double(uint64_t(packed)) == packed) {
    const uint64_t bits = uint64_t(packed);
    ticket = double(bits >> read_mode_layout::bits);
    mode = uint32_t(bits & (read_mode_layout::limit - 1));
  }
  if (!wrap->evaluate_compiled(env, state, *doc, index, ticket, argv[4])) return nullptr;
  return result_to_js_with(env, *doc, state.result, read_options_of(mode));
}

napi_value ArenaWrap::QueryById(napi_env raw_env, napi_callback_info info) {
  Napi::Env env(raw_env);
  addon_state& state = state_of(env);
  napi_value argv[5];
  Napi::Object pinned;
  const document* doc;
  uint32_t index;
  ArenaWrap* wrap = target_by_id(env, state, info, argv, &pinned, &doc, &index);
  if (wrap == nullptr) return nullptr;
  double ticket = 0;
  if (napi_get_value_double(env, argv[3], &ticket) != napi_ok) ticket = 0;
  if (!wrap->evaluate_compiled(env, state, *doc, index, ticket, argv[4])) return nullptr;
  return wrap->query_result(env, doc, state.result);
}

Napi::Value ArenaWrap::GetRaw(const Napi::CallbackInfo& info) {
  const document* doc;
  path_result* result;
  if (!evaluate(info, &doc, &result)) return info.Env().Undefined();
  return Napi::Value(info.Env(), result_raw(info.Env(), *doc, *result));
}

// Returns the handle of the result, or -1 when there is none.
Napi::Value ArenaWrap::Query(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const document* doc;
  path_result* result;
  if (!evaluate(info, &doc, &result)) return env.Undefined();
  napi_value out = query_result(env, doc, *result);
  return out != nullptr ? Napi::Value(env, out) : env.Undefined();
}

// The handle query() answers for `result`, read from `doc`: a node's own,
// or, for a result the path produced (not a node of the document), that of
// a new document parsed from it; -1 for none; nullptr when it threw.
napi_value ArenaWrap::query_result(Napi::Env env, const document* doc, const path_result& result) {
  if (result.what == path_result::kind::none) return Napi::Number::New(env, -1);
  if (result.what == path_result::kind::node) {
    return Napi::Number::New(env, double(document_id(doc)) * handle_radix + result.node_index);
  }
  Napi::String text = Napi::String::New(env, result.json);
  document* made = parse_into(env, text, slot_->memory, false, false);
  if (made == nullptr) {
    if (slot_ != nullptr) report_memory(env, *slot_);  // see Parse
    return nullptr;
  }
  report_memory(env, *slot_);
  return Napi::Number::New(env, register_document(made));
}

Napi::Value ArenaWrap::Type(const Napi::CallbackInfo& info) {
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return info.Env().Undefined();
  return Napi::Number::New(info.Env(), double(doc->nodes[index].type));
}

// toJS(generation, handle, mode?): the value. Mode tape_mode (or with
// tape_always) reads with the default options and lets a container of
// 64 KiB of text or more (any, with tape_always) that the tape's look
// accepts answer through the value tape instead (tape_out.h): then the
// registered tape state object is returned for JS to build the value from.
Napi::Value ArenaWrap::ToJS(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return env.Undefined();
  double mode = 0;
  if (info.Length() > 2 && info[2].IsNumber()) mode = info[2].As<Napi::Number>().DoubleValue();
  if (mode == double(tape_mode) || mode == double(tape_mode | tape_always)) {
    napi_value tape = nullptr;
    if (!to_tape(env, *doc, index, mode == double(tape_mode | tape_always), &tape)) return env.Undefined();
    return Napi::Value(env, tape != nullptr ? tape : to_js(env, *doc, index));
  }
  return Napi::Value(env, to_js_with(env, *doc, index, read_options_arg(info, 2)));
}

// poisoned(generation, handle): throws ERR_JSON_PROTO naming the first
// prototype-poisoning key of the value; returns undefined when it has none.
// poisoned(generation, handle, true): whether it has one, as a boolean.
Napi::Value ArenaWrap::Poisoned(const Napi::CallbackInfo& info) {
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return info.Env().Undefined();
  if (info.Length() > 2 && info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value()) {
    return Napi::Boolean::New(info.Env(), holds_poison(info.Env(), *doc, index));
  }
  throw_if_poisoned(info.Env(), *doc, index);
  return info.Env().Undefined();
}

Napi::Value ArenaWrap::Raw(const Napi::CallbackInfo& info) {
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return info.Env().Undefined();
  return Napi::Value(info.Env(), raw_text(info.Env(), *doc, index));
}

Napi::Value ArenaWrap::Length(const Napi::CallbackInfo& info) {
  const document* doc;
  uint32_t index;
  if (!resolve(info, &doc, &index)) return info.Env().Undefined();
  return Napi::Number::New(info.Env(), doc->nodes[index].count);
}

// Handles of the elements of an array, or of the member values of an object.
Napi::Value ArenaWrap::Children(const Napi::CallbackInfo& info) {
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
  // Stop at the first Set() that threw (a setter on Array.prototype): with
  // an exception pending nothing more may allocate (see report_memory).
  for (uint32_t i = 0; i < children.size(); i++) {
    if (!out.Set(i, Napi::Number::New(env, base + children[i]))) return env.Undefined();
  }
  return out;
}

// The keys of an object in document order (duplicates included).
Napi::Value ArenaWrap::Keys(const Napi::CallbackInfo& info) {
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

// reset(): ends the generation; the chunks are kept for the next documents.
Napi::Value ArenaWrap::Reset(const Napi::CallbackInfo& info) {
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

Napi::Value ArenaWrap::Free(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  // free(true): a parseLazy arena's chunks may be kept as spares.
  if (info.Length() > 0 && info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value()) {
    recycle_arena(env, *slot_);
  } else {
    release_arena(env, *slot_);
  }
  return env.Undefined();
}

// Gives the arena up: it goes into the hand-over table and this object
// (with every handle of it) answers ERR_ARENA_WRONG_THREAD from now on.
// Returns the id adopt() takes, as 16 hex digits.
Napi::Value ArenaWrap::Transfer(const Napi::CallbackInfo& info) {
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
Napi::Value ArenaWrap::Documents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  std::vector<uint32_t> parsed = slot_->parsed;  // Set() below may run JS
  Napi::Array out = Napi::Array::New(env, parsed.size());
  for (uint32_t i = 0; i < parsed.size(); i++) {
    if (!out.Set(i, Napi::Number::New(env, double(parsed[i]) * handle_radix))) return env.Undefined();
  }
  return out;
}

Napi::Value ArenaWrap::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env, true)) return env.Undefined();
  // A copy: Set() below may run JS (a setter on Object.prototype) that frees the arena.
  // While a parse is in flight, the figures from before it started.
  const arena_stats s = slot_->busy ? slot_->idle_stats : slot_->memory.stats();
  const double documents = double(slot_->docs.size());
  const double generation = double(slot_->generation);
  const std::pair<const char*, double> fields[] = {
      {"bytesReserved", double(s.bytes_reserved)},
      {"bytesUsed", double(s.bytes_used)},
      {"peakBytes", double(s.peak_bytes)},
      {"chunks", double(s.chunks)},
      {"allocations", double(s.allocations)},
      {"documents", documents},
      {"resets", double(s.resets)},
      {"generation", generation},
  };
  Napi::Object out = Napi::Object::New(env);
  // Stop at the first Set() that threw: nothing more may allocate then.
  for (const auto& [name, value] : fields) {
    if (!out.Set(name, Napi::Number::New(env, value))) return env.Undefined();
  }
  return out;
}

}  // namespace arenajson
