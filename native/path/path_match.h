// Wildcard matching for keys (`child*`) and the `%` / `!%` query operators.
//
// `*` matches any run of characters, `?` exactly one character (a UTF-8
// sequence), `\` makes the next character literal. The matcher is iterative
// and spends at most `budget` steps: a hostile pattern against a long string
// gives up (no match) instead of running for minutes, like gjson's
// complexity-limited matcher.
#pragma once

#include <cstdint>
#include <string_view>

namespace arenajson {

enum class match_result : uint8_t { match, no_match, stopped };

/// Matches `text` against `pattern`, decrementing `*budget` per step.
match_result wildcard_match(std::string_view text, std::string_view pattern, int64_t* budget) noexcept;

}  // namespace arenajson
