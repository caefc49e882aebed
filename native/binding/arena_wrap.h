// NativeArena, the one JS-visible class: a wrapped arena_slot (ownership.h).
// Documents and values are not wrapped objects; JS passes a (generation,
// handle) pair, handle = docIndex * 2^32 + nodeIndex, and every method checks
// the arena is alive, on this thread and of that generation before it reads
// native memory (decode_handle, resolve).
//
// The members are defined by concept:
//   arena_wrap.cc   lifecycle, handles, parse, read, query, reset/free/transfer, stats
//   arena_build.cc  building and writing (builder.h, writer.h): newObject, newArray,
//                   stringify, toBuffer, setValue, setJson, remove
//   arena_lazy.cc   shallow and lookup, for the lazy view (shallow.h, lazy_lookup.h)
//   arena_async.cc  parseAsync and cancelParse (a parse on the libuv thread pool)
//   arena_lines.cc  linesText and linesValues (paths over every line of a JSON Lines batch)
#ifndef ARENAJSON_BINDING_ARENA_WRAP_H
#define ARENAJSON_BINDING_ARENA_WRAP_H

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "memory/error.h"
#include "parse/document.h"
#include "path/path.h"
#include "read/read_plan.h"
#include "store/ownership.h"
#include "write/builder.h"
#include "write/writer.h"

namespace arenajson {

constexpr double handle_radix = 4294967296.0;  // a value handle is doc * 2^32 + node

struct async_parse;  // arena_async.cc
class arena_ids;     // state.h
struct addon_state;  // state.h

class ArenaWrap : public Napi::ObjectWrap<ArenaWrap> {
 public:
  // The NativeArena class, with every method below bound.
  static Napi::Function Define(Napi::Env env);
  ArenaWrap(const Napi::CallbackInfo& info);
  ~ArenaWrap() override;

  // The parse running on the thread pool for this arena, or nullptr
  // (arena_async.cc; cleared by the work's completion).
  async_parse* pending_ = nullptr;

  // read(arenaId, generation, handle, ticketAndMode, path), exported by
  // module.cc: getCompiled on the arena whose id() is arenaId, with the
  // ticket and the read mode packed as ticket * 16 + mode. The same checks
  // and errors as the method, without napi_unwrap.
  static napi_value ReadById(napi_env env, napi_callback_info info);
  // queryById(arenaId, generation, handle, ticket, path), exported by module.cc:
  // the query method on the arena whose id() is arenaId, the path named by
  // its pathId ticket (an unknown ticket falls back to the text).
  static napi_value QueryById(napi_env env, napi_callback_info info);
  // setValueById(arenaId, generation, handle, path, valueGeneration,
  // valueHandle), exported by module.cc: the setValue method, found by id.
  static napi_value SetValueById(napi_env env, napi_callback_info info);

 private:
  static constexpr size_t max_first_chunk = size_t(1) << 30;

  // ---- handles (arena_wrap.cc) ----
  bool usable(Napi::Env env, bool allow_busy = false);
  bool decode_handle(const Napi::CallbackInfo& info, size_t at, size_t* doc_id, uint32_t* node_index);
  // decode_handle's checks of a (generation, handle) pair given as JS values
  // (the arena is usable). Throws and returns false when they fail.
  bool check_handle(Napi::Env env, napi_value generation_value, napi_value handle_value, size_t* doc_id,
                    uint32_t* node_index);
  bool resolve(const Napi::CallbackInfo& info, const document** doc, uint32_t* index);
  // The arena `id_value` names, pinned by `pinned` for the call; nullptr when it threw.
  static ArenaWrap* by_id(Napi::Env env, addon_state& state, napi_value id_value, Napi::Object* pinned);
  // The call's five arguments into argv; by_id for argv[0], then the handle
  // at argv[1], argv[2] checked as every method checks it: the document
  // (past its edits) and node it names.
  static ArenaWrap* target_by_id(Napi::Env env, addon_state& state, napi_callback_info info, napi_value (&argv)[5],
                                 Napi::Object* pinned, const document** doc, uint32_t* index);
  size_t document_id(const document* doc) const;
  double register_document(document* doc);

  // ---- parsing and reading (arena_wrap.cc) ----
  Napi::Value Parse(const Napi::CallbackInfo& info);
  Napi::Value ParseLines(const Napi::CallbackInfo& info);
  Napi::Value LinesText(const Napi::CallbackInfo& info);
  Napi::Value LinesValues(const Napi::CallbackInfo& info);
  Napi::Value ParseAs(const Napi::CallbackInfo& info, bool lines);
  bool evaluate(const Napi::CallbackInfo& info, const document** doc, path_result** result);
  Napi::Value Get(const Napi::CallbackInfo& info);
  Napi::Value PathId(const Napi::CallbackInfo& info);
  Napi::Value GetCompiled(const Napi::CallbackInfo& info);
  // The read of getCompiled once the handle is resolved: the program of
  // `ticket`, else the path text `path` (nullptr when it threw).
  napi_value read_compiled(Napi::Env env, const document* doc, uint32_t index, double ticket, napi_value path,
                           const read_options& options);
  // read_compiled's evaluation into state.result; false when it threw.
  bool evaluate_compiled(Napi::Env env, addon_state& state, const document& doc, uint32_t index, double ticket,
                         napi_value path);
  napi_value query_result(Napi::Env env, const document* doc, const path_result& result);
  Napi::Value Id(const Napi::CallbackInfo& info);
  Napi::Value GetRaw(const Napi::CallbackInfo& info);
  Napi::Value Query(const Napi::CallbackInfo& info);
  Napi::Value Type(const Napi::CallbackInfo& info);
  Napi::Value ToJS(const Napi::CallbackInfo& info);
  Napi::Value Poisoned(const Napi::CallbackInfo& info);
  Napi::Value Raw(const Napi::CallbackInfo& info);
  Napi::Value Length(const Napi::CallbackInfo& info);
  Napi::Value Children(const Napi::CallbackInfo& info);
  Napi::Value Keys(const Napi::CallbackInfo& info);

  // ---- lifetime and accounting (arena_wrap.cc) ----
  Napi::Value Reset(const Napi::CallbackInfo& info);
  Napi::Value Free(const Napi::CallbackInfo& info);
  Napi::Value Transfer(const Napi::CallbackInfo& info);
  Napi::Value Documents(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);

  // ---- building and writing (arena_build.cc) ----
  void throw_write_error(Napi::Env env, error_code error);
  bool write_handle(Napi::Env env, size_t doc_id, uint32_t node_index, const write_options& options);
  // The text of the value behind a handle: its source in place when that is
  // already the text, else write_handle's output. False when it threw.
  bool written_text(Napi::Env env, size_t doc_id, uint32_t node_index, const write_options& options, const char** data,
                    size_t* length);
  bool follow_edits(Napi::Env env, size_t doc_id, const document** doc);
  edit_record& add_record(size_t doc_id, built_value* root);
  edit_record* record_for(Napi::Env env, size_t doc_id);
  Napi::Value NewContainer(const Napi::CallbackInfo& info, bool is_array);
  Napi::Value NewObject(const Napi::CallbackInfo& info);
  Napi::Value NewArray(const Napi::CallbackInfo& info);
  // stringify/toBuffer's shared part: the text for (generation, handle, gap,
  // integersAsWritten) in info. False when it threw.
  bool requested_text(const Napi::CallbackInfo& info, const char** data, size_t* length);
  Napi::Value Stringify(const Napi::CallbackInfo& info);
  Napi::Value ToBuffer(const Napi::CallbackInfo& info);
  edit_record* edit_target(const Napi::CallbackInfo& info);
  // edit_target's checks and path for a (generation, handle, path) given as JS values (the arena is usable).
  edit_record* edit_target_of(Napi::Env env, napi_value generation, napi_value handle, napi_value path);
  // setValue's work for its five arguments as JS values.
  napi_value set_value(Napi::Env env, napi_value generation, napi_value handle, napi_value path,
                       napi_value value_generation, napi_value value_handle);
  Napi::Value finish_edit(Napi::Env env, error_code error);
  Napi::Value SetValue(const Napi::CallbackInfo& info);
  Napi::Value SetJson(const Napi::CallbackInfo& info);
  Napi::Value Remove(const Napi::CallbackInfo& info);

  // ---- parsing on the thread pool (arena_async.cc) ----
  Napi::Value ParseAsync(const Napi::CallbackInfo& info);
  Napi::Value CancelParse(const Napi::CallbackInfo& info);

  // ---- the lazy view (arena_lazy.cc) ----
  Napi::Value Shallow(const Napi::CallbackInfo& info);
  Napi::Value Lookup(const Napi::CallbackInfo& info);

  std::string gap_;                 // scratch for a gap or a JSON text argument
  arena_slot* slot_ = nullptr;      // nullptr once transferred to another thread
  std::shared_ptr<arena_ids> ids_;  // the environment's table this arena is named in
  double id_ = 0;                   // its id there (0: none)
};

}  // namespace arenajson

#endif  // ARENAJSON_BINDING_ARENA_WRAP_H
