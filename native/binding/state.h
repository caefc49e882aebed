// Per-environment state of the binding: the instance data each Node-API
// environment (the main thread, each worker) owns, the arenas it must
// release when it goes away, and the one place engine error codes become JS
// errors. No process-global mutable state lives here beyond the metric
// counters (metrics.h).
#ifndef ARENAJSON_BINDING_STATE_H
#define ARENAJSON_BINDING_STATE_H

#include <napi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "memory/arena.h"
#include "memory/arena_pool.h"
#include "memory/error.h"
#include "memory/size_limits.h"
#include "memory/text_buffer.h"
#include "parse/document.h"
#include "parse/lookup_index.h"
#include "path/path.h"
#include "path/path_table.h"
#include "read/read_plan.h"
#include "read/value_tape.h"
#include "store/ownership.h"
#include "write/writer.h"

namespace arenajson {

class ArenaWrap;

// The NativeArenas of one environment named by number, so that the
// module-level read() (ArenaWrap::ReadById) finds its arena without
// napi_unwrap. An id is index + version * 2^20: a slot's version goes up when
// its arena goes away, so an old id, or any number that was never one, finds
// nothing. Entries are removed by ~ArenaWrap, which Node-API runs inside a
// garbage collection (NAPI_EXPERIMENTAL), and a collection may start inside
// any call that allocates: read() therefore pins the NativeArena it found
// with a local handle before it allocates anything. Shared by the
// environment's state and every ArenaWrap: whichever goes last deletes it.
class arena_ids {
 public:
  static constexpr uint32_t index_bits = 20;
  static constexpr double index_radix = double(uint32_t(1) << index_bits);

  /// A new id for `wrap`, or 0 when 2^20 arenas of the environment hold one.
  double add(ArenaWrap* wrap);

  /// Forgets `id` (0 is ignored).
  void remove(double id);

  /// The arena `id` names now, or nullptr.
  ArenaWrap* find(double id) const noexcept {
    if (!(id >= index_radix && id < exact_integer_limit)) return nullptr;  // NaN fails too
    const uint64_t bits = uint64_t(id);
    if (double(bits) != id) return nullptr;
    const uint64_t index = bits & ((uint64_t(1) << index_bits) - 1);
    if (index >= entries_.size()) return nullptr;
    const entry& e = entries_[size_t(index)];
    return e.version == (bits >> index_bits) ? e.wrap : nullptr;
  }

 private:
  struct entry {
    ArenaWrap* wrap = nullptr;
    uint64_t version = 1;  ///< below 2^33; a slot whose version would pass it is retired
  };
  std::vector<entry> entries_;
  std::vector<uint32_t> free_;
};

// The arenas an environment owns, released by an environment cleanup hook
// when the environment (a worker, or the main thread at exit) goes away with
// arenas nobody freed. Allocated apart from addon_state, which Node-API may
// finalize before or after the hook runs; the hook deletes it.
struct environment_arenas {
  napi_env env;
  live_arenas list;
};

// What the binding keeps per environment: the parser's and writers' scratch
// buffers (reused across calls), the one-shot arena, the installed error
// factory, JSON.parse, and the NativeArena class for adopt().
struct addon_state {
  addon_state() : scratch(parser_scratch_create()) {}
  ~addon_state() {
    parser_scratch_destroy(scratch);
    for (parser_scratch* spare : spare_scratch) parser_scratch_destroy(spare);
  }
  addon_state(const addon_state&) = delete;
  addon_state& operator=(const addon_state&) = delete;
  parser_scratch* scratch;
  Napi::FunctionReference error_factory;
  Napi::FunctionReference json_parse;
  arena one_shot{arena_options{}};
  path_result result;
  path_engine paths;
  path_table path_ids;  // compiled paths JS names by ticket (ArenaWrap::PathId)
  std::u16string utf16;
  std::string path;
  writer_scratch writer;
  text_buffer text;
  std::string latin1;
  std::string shallow;                   // scratch for ArenaWrap::Shallow
  lookup_index lazy_index;               // lookup indexes for ArenaWrap::Lookup
  std::string lazy_key;                  // scratch for ArenaWrap::Lookup
  value_tape tape;                       // scratch for parseTape and toJS through the tape (tape_out.h)
  std::vector<napi_value> tape_strings;  // scratch for tape_out.cc
  Napi::ObjectReference tape_state;      // setTapeArrays(): what toJS() answers through the tape with
  Napi::ObjectReference tape_ops;
  Napi::ObjectReference tape_numbers;
  read_plan plan;                       // scratch for reads under the read options (read_options.h)
  Napi::FunctionReference arena_class;  // NativeArena, for adopt()
  arena_slot* adopting = nullptr;       // handed to the next NativeArena constructor call
  std::shared_ptr<arena_ids> ids = std::make_shared<arena_ids>();  // NativeArenas by number (read())
  environment_arenas* arenas = nullptr;                            // deleted by the cleanup hook
  // Chunks of released parseLazy arenas for the next parseLazy (arena_pool.h).
  // Room for what dies between two collections that V8 starts when external
  // memory has grown by 64 MiB, and for what was made while one marked (it
  // survives that one): with 128 MiB a loop over a 5 MB document still met
  // an empty pool every few calls. Arenas from the smallest mapped chunk
  // (64 KiB) up are kept, as many as die between two such collections in a
  // loop over small documents: each one not kept costs a later parse a fresh
  // mapping, its page faults and its unmapping.
  arena_pool spares{1024, size_t(256) << 20, size_t(64) << 10};
  // Parsers for work on the thread pool, never the one above: the main thread
  // and a pool thread must not share one (taken and given back on this thread).
  std::vector<parser_scratch*> spare_scratch;
};

// The instance data of the calling environment.
inline addon_state& state_of(Napi::Env env) { return *env.GetInstanceData<addon_state>(); }

// The JS error for `code`, made by the installed error factory (a plain
// Error before one is installed); nullptr with an exception pending when the
// factory threw.
napi_value make_error(Napi::Env env, error_code code, size_t position = 0, const char* message = nullptr);

// Throws the JS error for `code` (built by the installed error factory, a
// plain Error before one is installed). Runs JS: the caller must look at any
// arena again before using it.
void throw_error(Napi::Env env, error_code code, size_t position = 0, const char* message = nullptr);

// Brings V8's external memory and the process metrics up to date with the
// arena's reserved and used bytes. Call after anything that allocates.
// `in_finalizer`: called from a finalizer, which runs inside a collection.
void report_memory(Napi::Env env, arena_slot& slot, bool in_finalizer = false);

// Releases an arena's memory, once, whoever asks first: free(), the
// finalizer, or the environment going away. The slot stays (freed) so that
// later calls are answered with ERR_ARENA_FREED.
void release_arena(Napi::Env env, arena_slot& slot, bool in_finalizer = false);

// release_arena(), but a parseLazy arena's chunks go to the environment's
// spare pool when it has room. Safe inside a finalizer that runs during
// garbage collection (it runs no JS).
void recycle_arena(Napi::Env env, arena_slot& slot, bool in_finalizer = false);

// Environment cleanup hook (napi_add_env_cleanup_hook with the environment's
// environment_arenas): releases what the environment still owns, then
// deletes `data`.
void release_environment_arenas(void* data);

}  // namespace arenajson

#endif  // ARENAJSON_BINDING_STATE_H
