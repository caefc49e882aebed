#include "binding/tape_out.h"

#include "binding/convert.h"
#include "binding/state.h"
#include "value_tape.h"

namespace arenajson {

bool tape_arrays(Napi::Value ops, Napi::Value numbers) {
  return ops.IsTypedArray() && numbers.IsTypedArray() &&
         ops.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array &&
         numbers.As<Napi::TypedArray>().TypedArrayType() == napi_float64_array;
}

napi_value tape_to_js(Napi::Env env, const document& doc, uint32_t index, Napi::Value ops, Napi::Value numbers,
                      bool always, bool* written) {
  *written = false;
  if (contains_huge_array(doc, index)) return env.Undefined();
  Napi::Int32Array op_array = ops.As<Napi::Int32Array>();
  Napi::Float64Array number_array = numbers.As<Napi::Float64Array>();
  value_tape& tape = state_of(env).tape;
  tape.always = always;
  tape.ops = op_array.Data();
  tape.ops_capacity = op_array.ElementLength();
  tape.numbers = number_array.Data();
  tape.numbers_capacity = number_array.ElementLength();
  bool done = write_value_tape(doc, index, tape);
  tape.ops = nullptr;
  tape.numbers = nullptr;
  if (!done) {
    if (tape.declined) return env.Undefined();
    uint32_t nodes = doc.nodes[index].next - index;
    return Napi::Number::New(env, double(size_t(nodes) * 2 + 2));
  }
  napi_value strings = nullptr;
  if (napi_create_array_with_length(env, tape.strings.size(), &strings) != napi_ok) return nullptr;
  for (size_t i = 0; i < tape.strings.size(); i++) {
    napi_value string = to_js(env, doc, tape.strings[i]);
    if (string == nullptr || napi_set_element(env, strings, uint32_t(i), string) != napi_ok) return nullptr;
  }
  *written = true;
  return strings;
}

}  // namespace arenajson
