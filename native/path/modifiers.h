// gjson's built-in modifiers: @reverse @ugly @pretty @this @valid @flatten
// @join @keys @values @tostr @fromstr @group @dig, with their arguments and
// with gjson's answers on missing input (@keys and @values give [], @tostr
// gives "", the others nothing).
#pragma once

#include "path/path_eval.h"
#include "path/path_program.h"

namespace arenajson {

/// Applies the modifier of `step` to `input`.
path_value apply_modifier(path_evaluator& evaluator, const get_step& step, const path_value& input);

}  // namespace arenajson
