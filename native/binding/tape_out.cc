#include "binding/tape_out.h"

#include <vector>

#include "binding/convert.h"
#include "binding/state.h"
#include "read/value_tape.h"

namespace arenajson {

bool tape_arrays(Napi::Value ops, Napi::Value numbers) {
  return ops.IsTypedArray() && numbers.IsTypedArray() &&
         ops.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array &&
         numbers.As<Napi::TypedArray>().TypedArrayType() == napi_float64_array;
}

napi_value tape_to_js(Napi::Env env, const document& doc, uint32_t index, Napi::Value ops, Napi::Value numbers,
                      bool always, const read_options& options, bool* written) {
  *written = false;
  if (contains_huge_array(doc, index)) return env.Undefined();
  Napi::Int32Array op_array = ops.As<Napi::Int32Array>();
  Napi::Float64Array number_array = numbers.As<Napi::Float64Array>();
  value_tape& tape = state_of(env).tape;
  tape.always = always;
  tape.options = options;
  tape.ops = op_array.Data();
  tape.ops_capacity = op_array.ElementLength();
  tape.numbers = number_array.Data();
  tape.numbers_capacity = number_array.ElementLength();
  bool done = write_value_tape(doc, index, tape);
  tape.ops = nullptr;
  tape.numbers = nullptr;
  if (!done) {
    if (tape.declined) return env.Undefined();
    return Napi::Number::New(env, double(value_tape_ops_bound(doc, index)));
  }
  // Every string first, then the array: storing an element can run JS (a
  // setter on Array.prototype) that frees the document under us.
  std::vector<napi_value>& made = state_of(env).tape_strings;
  made.clear();
  for (uint32_t node_index : tape.strings) {
    // A number node is there because it reads as a BigInt (value_tape.h).
    const node& n = doc.nodes[node_index];
    napi_value string = n.type == node_type::number ? bigint_to_js(env, doc, n) : to_js(env, doc, node_index);
    if (string == nullptr) return nullptr;
    made.push_back(string);
  }
  std::vector<napi_value> values;
  values.swap(made);  // a setter below may call back in here
  napi_value strings = nullptr;
  if (napi_create_array_with_length(env, values.size(), &strings) != napi_ok) return nullptr;
  for (size_t i = 0; i < values.size(); i++) {
    if (napi_set_element(env, strings, uint32_t(i), values[i]) != napi_ok) return nullptr;
  }
  *written = true;
  return strings;
}

Napi::Value SetTapeArrays(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsObject() || !tape_arrays(info[1], info[2])) {
    throw_error(env, error_code::invalid_arg, 0, "setTapeArrays expects an object, an Int32Array and a Float64Array");
    return env.Undefined();
  }
  addon_state& state = state_of(env);
  state.tape_state.Reset(info[0].As<Napi::Object>(), 1);
  state.tape_ops.Reset(info[1].As<Napi::Object>(), 1);
  state.tape_numbers.Reset(info[2].As<Napi::Object>(), 1);
  return env.Undefined();
}

bool to_tape(Napi::Env env, const document& doc, uint32_t index, bool always, napi_value* out) {
  *out = nullptr;
  const node& n = doc.nodes[index];
  if (n.type != node_type::array && n.type != node_type::object) return true;
  if (!always && (n.end - n.begin < 64 * 1024 || !tape_may_pay(doc.text + n.begin, n.end - n.begin))) return true;
  addon_state& state = state_of(env);
  if (state.tape_state.IsEmpty()) return true;
  Napi::Object tape = state.tape_state.Value();
  bool written = false;
  napi_value result =
      tape_to_js(env, doc, index, state.tape_ops.Value(), state.tape_numbers.Value(), always, read_options{}, &written);
  if (result == nullptr) return false;
  // Nothing of the document is read from here on (setting can run JS).
  if (written) {
    if (napi_set_named_property(env, tape, "strings", result) != napi_ok) return false;
  } else {
    napi_valuetype type = napi_undefined;
    napi_typeof(env, result, &type);
    if (type != napi_number) return true;  // declined
    if (napi_set_named_property(env, tape, "need", result) != napi_ok) return false;
  }
  *out = tape;
  return true;
}

}  // namespace arenajson
