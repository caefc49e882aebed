// JS values under the read options (read_plan.h): BigInts for big integer
// literals, prototype-poisoning keys removed or rejected. Containers are
// built by V8's JSON.parse as without options, then the read plan's changes
// are applied to that result in place.
#ifndef ARENAJSON_BINDING_READ_OPTIONS_H
#define ARENAJSON_BINDING_READ_OPTIONS_H

#include <napi.h>

#include "parse/document.h"
#include "path/path.h"
#include "read/read_plan.h"

namespace arenajson {

// The read options of info[at] (a read mode number; anything else is the default).
read_options read_options_arg(const Napi::CallbackInfo& info, size_t at);

// The JS value of node `index` under `options`; nullptr with an exception
// pending when it threw (ERR_JSON_PROTO under proto 'error').
napi_value to_js_with(Napi::Env env, const document& doc, uint32_t index, const read_options& options);

// A path result under `options` (undefined when there is none).
napi_value result_to_js_with(Napi::Env env, const document& doc, const path_result& result,
                             const read_options& options);

// Whether the value at node `index` holds a poisoned key that JSON.parse's
// result keeps (what proto 'remove' drops and proto 'error' rejects).
bool holds_poison(Napi::Env env, const document& doc, uint32_t index);

// Throws ERR_JSON_PROTO naming the first poisoned key under node `index`;
// false when there is none.
bool throw_if_poisoned(Napi::Env env, const document& doc, uint32_t index);

}  // namespace arenajson

#endif  // ARENAJSON_BINDING_READ_OPTIONS_H
