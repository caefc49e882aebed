// NativeArena (see arena_wrap.h): building and writing. Values built or
// edited in the arena live in its builder_state (builder.h); reads of an
// edited document see a flat snapshot of it (follow_edits); stringify and
// toBuffer run the writer (writer.h).
#include <napi.h>

#include <cstring>
#include <string>

#include "binding/arena_wrap.h"
#include "binding/convert.h"
#include "binding/state.h"

namespace arenajson {

// A cycle becomes JSON.stringify's TypeError, with code ERR_CYCLIC_VALUE (the
// error factory, lib/errors.ts, makes it a genuine TypeError).
void ArenaWrap::throw_write_error(Napi::Env env, error_code error) {
  if (error == error_code::string_too_long) {
    Napi::RangeError::New(env, error_message(error)).ThrowAsJavaScriptException();  // JSON.stringify's own
  } else {
    throw_error(env, error);
  }
}

// Writes the value behind a handle into state.text; false when it threw.
bool ArenaWrap::write_handle(Napi::Env env, size_t doc_id, uint32_t node_index, const write_options& options) {
  addon_state& state = state_of(env);
  state.text.clear();
  // A JS string is the text's destination (stringify, toBuffer, a read of an
  // edited document): longer text than V8 can hold stops the write early.
  if (!options.source_form) state.text.limit(v8_string_max_length);
  edit_record* record = node_index == 0 ? slot_->built.find(doc_id) : nullptr;
  error_code error = record != nullptr
                         ? write_built(record->root, options, state.writer, state.text)
                         : write_node(*slot_->docs[doc_id], node_index, options, state.writer, state.text);
  if (error != error_code::success) {
    throw_write_error(env, error);
    return false;
  }
  return true;
}

bool ArenaWrap::written_text(Napi::Env env, size_t doc_id, uint32_t node_index, const write_options& options,
                             const char** data, size_t* length) {
  const bool edited = node_index == 0 && slot_->built.find(doc_id) != nullptr;
  if (!edited && options.gap_length == 0 && !options.source_form &&
      compact_text_is_source(*slot_->docs[doc_id], node_index, data, length)) {
    return true;
  }
  if (!write_handle(env, doc_id, node_index, options)) return false;
  addon_state& state = state_of(env);
  *data = state.text.data();
  *length = state.text.size();
  return true;
}

// When the root of document `doc_id` was edited (or built), reads see a flat
// copy of it: a document parsed from its text, remade after later edits.
bool ArenaWrap::follow_edits(Napi::Env env, size_t doc_id, const document** doc) {
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

// A fresh edit record for document `doc_id`, with `root` as its value.
edit_record& ArenaWrap::add_record(size_t doc_id, built_value* root) {
  builder_state& built = slot_->built;
  if (built.records.size() <= doc_id) built.records.resize(doc_id + 1);
  built.records[doc_id] = edit_record{};
  built.records[doc_id].root = root;
  return built.records[doc_id];
}

// The edit record of document `doc_id`, made on its first edit.
edit_record* ArenaWrap::record_for(Napi::Env env, size_t doc_id) {
  if (edit_record* record = slot_->built.find(doc_id)) return record;
  error_code error = error_code::success;
  built_value* root = new_node_ref(slot_->memory, slot_->docs[doc_id], 0, false, &error);
  if (root == nullptr) {
    throw_error(env, error);
    return nullptr;
  }
  return &add_record(doc_id, root);
}

// A new empty object (or array) in the arena; returns its handle.
Napi::Value ArenaWrap::NewContainer(const Napi::CallbackInfo& info, bool is_array) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  arena& memory = slot_->memory;
  arena::mark start = memory.position();
  error_code error = error_code::success;
  auto* text = static_cast<uint8_t*>(memory.allocate(2, 1, &error));
  auto* nodes = text != nullptr ? static_cast<node*>(memory.allocate(sizeof(node), alignof(node), &error)) : nullptr;
  auto* doc =
      nodes != nullptr ? static_cast<document*>(memory.allocate(sizeof(document), alignof(document), &error)) : nullptr;
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
  add_record(slot_->docs.size() - 1, root);
  return Napi::Number::New(env, handle);
}

Napi::Value ArenaWrap::NewObject(const Napi::CallbackInfo& info) { return NewContainer(info, false); }

Napi::Value ArenaWrap::NewArray(const Napi::CallbackInfo& info) { return NewContainer(info, true); }

bool ArenaWrap::requested_text(const Napi::CallbackInfo& info, const char** data, size_t* length) {
  Napi::Env env = info.Env();
  size_t doc_id;
  uint32_t node_index;
  if (!decode_handle(info, 0, &doc_id, &node_index)) return false;
  write_options options;
  if (info.Length() > 2 && info[2].IsString()) {
    read_string(env, info[2], gap_);
  } else {
    gap_.clear();
  }
  options.gap = gap_.data();
  options.gap_length = gap_.size();
  // info[3]: write integer literals as written (the bigint option).
  options.integers_as_written = info.Length() > 3 && info[3].IsBoolean() && info[3].As<Napi::Boolean>().Value();
  return written_text(env, doc_id, node_index, options, data, length);
}

// stringify(generation, handle, gap): JSON.stringify(value.toJS(), null, gap), as a
// string or, when long, an array of pieces to concatenate (make_written_text).
Napi::Value ArenaWrap::Stringify(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* data;
  size_t length;
  if (!requested_text(info, &data, &length)) {
    state_of(env).text.trim(scratch_retain_limit);  // a failed write may have grown it to its limit
    return env.Undefined();
  }
  napi_value out = make_written_text(env, data, length);
  state_of(env).text.trim(scratch_retain_limit);
  if (out == nullptr) return env.Undefined();
  return Napi::Value(env, out);
}

// toBuffer(generation, handle, gap): the UTF-8 bytes of stringify's text.
Napi::Value ArenaWrap::ToBuffer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* data;
  size_t length;
  if (!requested_text(info, &data, &length)) {
    state_of(env).text.trim(scratch_retain_limit);
    return env.Undefined();
  }
  Napi::Value out = Napi::Buffer<char>::Copy(env, data, length);
  state_of(env).text.trim(scratch_retain_limit);
  return out;
}

// The edit record behind the target (generation, handle) at info[0], info[1]
// and the path at info[2]; nullptr when it threw.
edit_record* ArenaWrap::edit_target(const Napi::CallbackInfo& info) {
  // Missing arguments read as undefined, which check_handle refuses as decode_handle does.
  if (!usable(info.Env())) return nullptr;
  return edit_target_of(info.Env(), info[0], info[1], info[2]);
}

edit_record* ArenaWrap::edit_target_of(Napi::Env env, napi_value generation, napi_value handle, napi_value path) {
  size_t doc_id;
  uint32_t node_index;
  if (!check_handle(env, generation, handle, &doc_id, &node_index)) return nullptr;
  if (node_index != 0) {
    throw_error(env, error_code::invalid_arg, 0, "only a Doc or a built value can be edited");
    return nullptr;
  }
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, path, &type) != napi_ok || type != napi_string) {
    throw_error(env, error_code::invalid_arg, 0, "path must be a string");
    return nullptr;
  }
  addon_state& state = state_of(env);
  read_wtf8(env, Napi::Value(env, path), state.utf16, state.path);
  return record_for(env, doc_id);
}

Napi::Value ArenaWrap::finish_edit(Napi::Env env, error_code error) {
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
Napi::Value ArenaWrap::SetValue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  napi_value out = set_value(env, info[0], info[1], info[2], info[3], info[4]);
  return out != nullptr ? Napi::Value(env, out) : env.Undefined();
}

napi_value ArenaWrap::set_value(Napi::Env env, napi_value generation, napi_value handle, napi_value path,
                                napi_value value_generation, napi_value value_handle) {
  size_t value_doc;
  uint32_t value_node;
  if (!usable(env) || !check_handle(env, value_generation, value_handle, &value_doc, &value_node)) return nullptr;
  built_value* value = nullptr;
  error_code error = error_code::success;
  if (value_node == 0) {
    edit_record* source = record_for(env, value_doc);
    if (source == nullptr) return nullptr;
    value = source->root;
  } else {
    value = new_node_ref(slot_->memory, slot_->docs[value_doc], value_node, false, &error);
    if (value == nullptr) return finish_edit(env, error);
  }
  if (!usable(env)) return nullptr;
  edit_record* record = edit_target_of(env, generation, handle, path);
  if (record == nullptr) return nullptr;
  const std::string& text = state_of(env).path;
  return finish_edit(env, set_path(slot_->memory, record->root, text.data(), text.size(), value));
}

napi_value ArenaWrap::SetValueById(napi_env raw_env, napi_callback_info info) {
  Napi::Env env(raw_env);
  size_t argc = 6;
  napi_value argv[6];  // missing arguments come back as undefined
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok) return nullptr;
  Napi::Object pinned;
  ArenaWrap* wrap = by_id(env, state_of(env), argv[0], &pinned);
  if (wrap == nullptr) return nullptr;
  return wrap->set_value(env, argv[1], argv[2], argv[3], argv[4], argv[5]);
}

// setJson(generation, handle, path, text): a JS value as JSON.stringify wrote it (undefined for undefined).
Napi::Value ArenaWrap::SetJson(const Napi::CallbackInfo& info) {
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
Napi::Value ArenaWrap::Remove(const Napi::CallbackInfo& info) {
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

}  // namespace arenajson
