// One property read of a lazy view that has not built its level yet: the
// member or element a JS property key names in an array or object node,
// found on the tape without building the rest of the level.
//
// The answer must be what the JSON.parse result of the container would give
// for that key as an own property: the last of repeated keys, `__proto__` as
// an ordinary key, array elements only for canonical index keys. When the
// read options could change which members exist (proto 'remove' drops the
// poisoned keys `__proto__` and `constructor`), the lookup declines and the
// caller builds the whole level instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "parse/document.h"
#include "parse/lookup_index.h"
#include "read/read_plan.h"

namespace arenajson {

/// The key names no own property of the container (missing member, or an
/// array key that is not an index below its length).
constexpr int64_t lookup_absent = -1;
/// The lookup cannot tell; build the level to answer.
constexpr int64_t lookup_declined = -2;

/// The node index of the member or element that the JS property key
/// `key[0, length)` (UTF-16) names in container node `container`, or
/// lookup_absent / lookup_declined. `indexes` may speed up repeated reads of
/// big containers; `scratch` holds the key's WTF-8 form.
int64_t lazy_lookup(const document& doc, uint32_t container, const char16_t* key, size_t length,
                    const read_options& options, lookup_index& indexes, std::string& scratch);

}  // namespace arenajson
