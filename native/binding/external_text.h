// Long writer output as one JS string whose characters stay in native memory.
//
// Handing V8 a long text by copy costs every call: as one string it is a
// large object on fresh pages (page faults and zeroing), as 16 KB pieces it
// is young-generation memory that every scavenge copies again while the
// caller keeps the text. An external string is a small heap object that
// points at characters held outside the heap. Here they are written into
// an arena taken from the spare pool (arena_pool.h), reported to V8 as
// external memory while the string lives, and given back to the pool when
// V8 collects it, so a loop that writes large texts reuses warm memory.
//
// Node-API has external strings since Node 20.4 and 18.18, under
// NAPI_EXPERIMENTAL. They are looked up at run time, so the addon still
// loads and works (through pieces) where they are missing.
#ifndef ARENAJSON_BINDING_EXTERNAL_TEXT_H
#define ARENAJSON_BINDING_EXTERNAL_TEXT_H

#include <napi.h>

#include <cstddef>

namespace arenajson {

// Writer output of at least this many bytes becomes an external string.
constexpr size_t external_text_bytes = size_t(1) << 20;

// The JS string of writer output `data` (valid UTF-8 without lone
// surrogates) as an external string. *made says whether it was tried: then
// the result is the string, or nullptr with a JS exception pending. When
// not (no external strings here, no memory, longer than V8's limit) the
// result is nullptr with nothing pending, and the caller makes the text
// another way.
napi_value make_external_text(Napi::Env env, const char* data, size_t length, bool* made);

}  // namespace arenajson

#endif  // ARENAJSON_BINDING_EXTERNAL_TEXT_H
