// NativeArena (see arena_wrap.h): parseAsync and cancelParse, a parse that
// runs on the libuv thread pool.
//
// The main thread does what needs V8: it pins the arena (slot.busy, which
// makes every other call on it throw ERR_ARENA_BUSY), copies the input (a
// string or the bytes of a Buffer) into the arena, takes a reference to the
// arena object (so it is not collected), and hands a parser scratch from the
// environment's pool to the work. The pool thread then runs stage 1 and
// stage 2 into the arena; it calls no Node-API function and touches nothing
// but the arena's memory and its own scratch: never the caller's input,
// which JavaScript may resize, detach or rewrite meanwhile. Back on the main
// thread, completion unpins the arena, registers the document (or rolls the
// arena back) and settles the promise.
//
// Cancellation: cancelParse() marks the work abandoned and asks libuv to
// cancel it; work that has not started is dropped, work that is running
// finishes and its result is thrown away. Either way the promise rejects
// with ABORT_ERR and the arena is as it was before the call.
#include <napi.h>

#include <atomic>
#include <cstring>
#include <memory>

#include "binding/arena_wrap.h"
#include "binding/convert.h"
#include "binding/state.h"
#include "memory/metrics.h"
#include "parse/lines.h"

namespace arenajson {

struct async_parse {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  napi_ref arena_object = nullptr;  // keeps the NativeArena (and its slot) alive
  ArenaWrap* wrap = nullptr;
  arena_slot* slot = nullptr;
  parser_scratch* scratch = nullptr;
  bool lines = false;
  const uint8_t* text = nullptr;  // the padded copy in the arena
  size_t length = 0;
  arena::mark start{};
  document* doc = nullptr;
  parse_error failure;
  std::atomic<bool> abandoned{false};
};

namespace {

// Parsers kept for later async work; more than this many idle ones are freed.
constexpr size_t spare_scratch_limit = 4;

// On the pool thread: no Node-API here.
void execute_parse(napi_env, void* data) {
  auto* job = static_cast<async_parse*>(data);
  if (job->abandoned.load(std::memory_order_acquire)) return;
  arena& memory = job->slot->memory;
  job->doc = job->lines ? parse_lines_document(memory, *job->scratch, job->text, job->length, &job->failure)
                        : parse_document(memory, *job->scratch, job->text, job->length, &job->failure);
}

// Settles the promise with `value`, or with the pending exception when
// making `value` threw.
void settle(napi_env env, napi_deferred deferred, napi_value value, bool resolved) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending || value == nullptr) {
    napi_value exception = nullptr;
    napi_get_and_clear_last_exception(env, &exception);
    if (exception == nullptr) napi_get_undefined(env, &exception);
    napi_reject_deferred(env, deferred, exception);
    return;
  }
  if (resolved) {
    napi_resolve_deferred(env, deferred, value);
  } else {
    napi_reject_deferred(env, deferred, value);
  }
}

// On the main thread, after the work ran or was cancelled.
void complete_parse(napi_env raw_env, napi_status status, void* data) {
  std::unique_ptr<async_parse> job(static_cast<async_parse*>(data));
  Napi::Env env(raw_env);
  addon_state& state = state_of(env);
  arena_slot& slot = *job->slot;
  slot.busy = false;
  job->wrap->pending_ = nullptr;
  if (state.spare_scratch.size() < spare_scratch_limit) {
    state.spare_scratch.push_back(job->scratch);
  } else {
    parser_scratch_destroy(job->scratch);
  }
  napi_delete_async_work(raw_env, job->work);

  const bool aborted = status == napi_cancelled || job->abandoned.load(std::memory_order_acquire);
  const bool parsed = !aborted && status == napi_ok && job->doc != nullptr;
  if (!parsed) slot.memory.rollback(job->start);
  napi_value outcome = nullptr;
  if (slot.release_when_idle) {
    release_arena(env, slot);
    outcome = make_error(env, error_code::arena_freed);
  } else if (aborted) {
    outcome = make_error(env, error_code::aborted);
  } else if (!parsed) {
    if (job->failure.code == error_code::json_syntax) count(counters().parse_errors);
    error_code code = job->failure.code == error_code::success ? error_code::out_of_memory : job->failure.code;
    outcome = make_error(env, code, job->failure.position);
  } else {
    count(counters().documents_parsed);
    count(counters().bytes_parsed, job->length);
    slot.parsed.push_back(uint32_t(slot.docs.size()));
    slot.docs.push_back(job->doc);
    outcome = Napi::Number::New(env, double(slot.docs.size() - 1) * handle_radix);
  }
  if (!slot.freed) report_memory(env, slot);
  napi_delete_reference(raw_env, job->arena_object);
  settle(raw_env, job->deferred, outcome, parsed && !slot.freed);
}

}  // namespace

// parseAsync(input, lines): a promise of the new document's handle.
Napi::Value ArenaWrap::ParseAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!usable(env)) return env.Undefined();
  if (info.Length() < 1) {
    throw_error(env, error_code::invalid_arg, 0, "parseAsync expects a string, Buffer or Uint8Array");
    return env.Undefined();
  }
  auto job = std::make_unique<async_parse>();
  job->lines = info.Length() > 1 && info[1].ToBoolean().Value();
  job->wrap = this;
  job->slot = slot_;
  arena& memory = slot_->memory;
  job->start = memory.position();

  // The input is copied into the arena here, on the calling thread, whatever
  // its kind: the pool thread never reads the caller's memory, which a
  // resizable or transferable ArrayBuffer could shrink or detach while the
  // work waits in the queue.
  bool input_type = info[0].IsString() ||
                    (info[0].IsTypedArray() && info[0].As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array);
  if (!input_type) {
    Napi::TypeError::New(env, "input must be a string, Buffer or Uint8Array").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const arena_stats before = memory.stats();  // what stats reports while the arena is pinned
  error_code error = error_code::success;
  if (!copy_input(env, info[0], memory, &job->text, &job->length, &error)) {
    memory.rollback(job->start);
    report_memory(env, *slot_);
    throw_error(env, error);
    return env.Undefined();
  }

  addon_state& state = state_of(env);
  if (!state.spare_scratch.empty()) {
    job->scratch = state.spare_scratch.back();
    state.spare_scratch.pop_back();
  } else {
    job->scratch = parser_scratch_create();
  }
  napi_value promise = nullptr;
  napi_value name = Napi::String::New(env, "arenajson.parseAsync");
  napi_create_reference(env, Value(), 1, &job->arena_object);
  // Pin before queueing: from the queue call on, the pool thread owns `memory`.
  slot_->idle_stats = before;
  slot_->busy = true;
  pending_ = job.get();
  if (job->scratch == nullptr || napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_async_work(env, nullptr, name, execute_parse, complete_parse, job.get(), &job->work) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    // Nothing was queued: undo and report (a promise that never settles is worse than a throw).
    slot_->busy = false;
    pending_ = nullptr;
    if (job->work != nullptr) napi_delete_async_work(env, job->work);
    if (job->scratch != nullptr) parser_scratch_destroy(job->scratch);
    napi_delete_reference(env, job->arena_object);
    memory.rollback(job->start);
    if (job->deferred != nullptr) {
      napi_value error = make_error(env, error_code::out_of_memory);
      if (error != nullptr) napi_reject_deferred(env, job->deferred, error);
    }
    if (!env.IsExceptionPending()) throw_error(env, error_code::out_of_memory);
    return env.Undefined();
  }
  job.release();  // complete_parse deletes it
  return Napi::Value(env, promise);
}

// cancelParse(): aborts the parse in flight, if any; its promise rejects with
// ABORT_ERR. True when there was one.
Napi::Value ArenaWrap::CancelParse(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (pending_ == nullptr) return Napi::Boolean::New(env, false);
  pending_->abandoned.store(true, std::memory_order_release);
  napi_cancel_async_work(env, pending_->work);  // fails once the work runs; then its result is dropped
  return Napi::Boolean::New(env, true);
}

}  // namespace arenajson
