// simdjson's kernel (the instruction set its stage 1 uses) is chosen at run
// time, never by compiler flags: one binary serves every x64 CPU.
// SIMDJSON_FORCE_IMPLEMENTATION=<name> forces a kernel (for example `fallback`,
// the portable one, to test what a CPU without SIMD would run). simdjson takes
// that name as given: an empty or unknown name leaves it with a kernel that
// fails every parse, and a kernel this CPU cannot run would crash it.
// kernel_select() guards against both before the first parse.
#pragma once

#include <cstddef>
#include <cstdint>

namespace arenajson {

/// Resolves simdjson's kernel (detecting the CPU or honouring the forced
/// name) and, when the result is unusable here, replaces it with the best
/// kernel this CPU supports. Returns false when it had to replace it. Call
/// before the first parse; calling again is harmless.
bool kernel_select() noexcept;

/// The portable kernel skips one byte after a backslash and then takes the
/// rest of a multi-byte character for stray continuation bytes, so it calls
/// valid UTF-8 such as `"\é"` (invalid JSON: only ASCII can be escaped)
/// invalid UTF-8. This copies `length` bytes of `text` to `out`, replacing each
/// non-ASCII character that directly follows a backslash with as many 'x'
/// bytes: the copy holds an invalid escape at the same place, which every
/// kernel reports as a syntax error. Returns whether anything was replaced.
bool mask_escaped_non_ascii(const uint8_t* text, size_t length, uint8_t* out) noexcept;

}  // namespace arenajson
