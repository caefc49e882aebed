// Per-environment state of the binding (see state.h): errors, memory
// accounting, arena release and the environment cleanup hook.
#include "binding/state.h"

#include <napi.h>

#include "memory/metrics.h"

namespace arenajson {

napi_value make_error(Napi::Env env, error_code code, size_t position, const char* message) {
  addon_state& state = state_of(env);
  if (message == nullptr) message = error_message(code);
  if (state.error_factory.IsEmpty()) return Napi::Error::New(env, message).Value();
  Napi::Value error =
      state.error_factory.Call({Napi::String::New(env, error_name(code)), Napi::String::New(env, message),
                                Napi::Number::New(env, double(position))});
  if (env.IsExceptionPending() || error.IsEmpty()) return nullptr;
  return error;
}

void throw_error(Napi::Env env, error_code code, size_t position, const char* message) {
  addon_state& state = state_of(env);
  if (message == nullptr) message = error_message(code);
  if (!state.error_factory.IsEmpty()) {
    Napi::Value error =
        state.error_factory.Call({Napi::String::New(env, error_name(code)), Napi::String::New(env, message),
                                  Napi::Number::New(env, double(position))});
    if (!env.IsExceptionPending() && !error.IsEmpty()) napi_throw(env, error);
    return;
  }
  Napi::Error::New(env, message).ThrowAsJavaScriptException();
}

void report_memory(Napi::Env env, arena_slot& slot, bool in_finalizer) {
  const arena_stats& stats = slot.memory.stats();
  int64_t reserved = int64_t(stats.bytes_reserved);
  int64_t touched = int64_t(stats.bytes_touched);
  int64_t used = int64_t(stats.bytes_used);
  // Not while a JS exception is pending: V8 may collect inside the call, and
  // this module's finalizers run inside collections (NAPI_EXPERIMENTAL),
  // where Node-API takes the pending exception for theirs and aborts. The
  // next report carries the change. (A finalizer may not ask; it runs in a
  // collection already, where no other one starts.)
  bool pending = false;
  if (touched != slot.reported_bytes &&
      (in_finalizer || (napi_is_exception_pending(env, &pending) == napi_ok && !pending))) {
    Napi::MemoryManagement::AdjustExternalMemory(env, touched - slot.reported_bytes);
    slot.reported_bytes = touched;
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

void release_arena(Napi::Env env, arena_slot& slot, bool in_finalizer) {
  if (slot.freed) return;
  if (slot.busy) {  // a pool thread writes the memory: release it when the work completes
    slot.release_when_idle = true;
    return;
  }
  slot.memory.release();
  slot.docs.clear();
  slot.docs.shrink_to_fit();
  slot.parsed.clear();
  slot.parsed.shrink_to_fit();
  slot.built.clear();
  slot.freed = true;
  slot.generation++;
  report_memory(env, slot, in_finalizer);
  count(counters().arenas_freed);
}

void recycle_arena(Napi::Env env, arena_slot& slot, bool in_finalizer) {
  if (slot.keeps_spare && !slot.freed && !slot.busy) state_of(env).spares.keep(slot.memory);
  release_arena(env, slot, in_finalizer);
}

double arena_ids::add(ArenaWrap* wrap) {
  uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    if (entries_.size() >= (size_t(1) << index_bits)) return 0;
    index = uint32_t(entries_.size());
    entries_.emplace_back();
  }
  entries_[index].wrap = wrap;
  return double(entries_[index].version) * index_radix + double(index);
}

void arena_ids::remove(double id) {
  if (!(id >= index_radix && id < exact_integer_limit)) return;
  const uint64_t bits = uint64_t(id);
  const size_t index = size_t(bits & ((uint64_t(1) << index_bits) - 1));
  if (index >= entries_.size() || entries_[index].version != (bits >> index_bits)) return;
  entry& e = entries_[index];
  e.wrap = nullptr;
  e.version++;
  // Ids stay below 2^53 (exact doubles): a slot that ran through its versions is not reused.
  if (e.version < (uint64_t(1) << (53 - index_bits))) free_.push_back(uint32_t(index));
}

void release_environment_arenas(void* data) {
  auto* arenas = static_cast<environment_arenas*>(data);
  Napi::Env env(arenas->env);
  while (arena_slot* slot = arenas->list.pop()) release_arena(env, *slot);
  delete arenas;
}

}  // namespace arenajson
