// The value tape (value_tape.h) handed to JS: written into the caller's
// Int32Array and Float64Array, with the strings made as a JS array, for
// lib/value-tape.ts to build the value from.
#ifndef ARENAJSON_BINDING_TAPE_OUT_H
#define ARENAJSON_BINDING_TAPE_OUT_H

#include <napi.h>

#include <cstdint>

#include "parse/document.h"
#include "read/read_plan.h"

namespace arenajson {

// Whether `ops` is an Int32Array and `numbers` a Float64Array.
bool tape_arrays(Napi::Value ops, Napi::Value numbers);

// The tape of node `index` under the read `options`: the strings array when
// it was written; the ops length needed (a number) when the arrays are
// short; undefined when the tape declined (written is false then), which
// under proto 'error' includes a poisoned key. nullptr with a JS exception
// pending when a string could not be made.
napi_value tape_to_js(Napi::Env env, const document& doc, uint32_t index, Napi::Value ops, Napi::Value numbers,
                      bool always, const read_options& options, bool* written);

// toJS() flags, above every read mode (read_mode_layout), that allow the tape.
constexpr uint32_t tape_mode = read_mode_layout::limit;
constexpr uint32_t tape_always = read_mode_layout::limit << 1;  // any container, not only large ones (tests)

// setTapeArrays(state, ops, numbers): the objects toJS() answers through the
// tape with, kept by the environment until the next call.
Napi::Value SetTapeArrays(const Napi::CallbackInfo& info);

// toJS() through the tape for node `index` when it is a container of 64 KiB
// of text or more that tape_may_pay() accepts (any container with `always`):
// writes the registered ops and numbers arrays, sets state.strings, or
// state.need when the arrays are short, and sets *out to the state object.
// *out stays nullptr when the tape is not for this value. False with a JS
// exception pending when it threw.
bool to_tape(Napi::Env env, const document& doc, uint32_t index, bool always, napi_value* out);

}  // namespace arenajson

#endif  // ARENAJSON_BINDING_TAPE_OUT_H
