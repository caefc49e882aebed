#include "error.h"

namespace arenajson {

const char* error_name(error_code code) noexcept {
  switch (code) {
    case error_code::success: return "OK";
    case error_code::json_syntax: return "ERR_JSON_SYNTAX";
    case error_code::invalid_utf8: return "ERR_INVALID_UTF8";
    case error_code::arena_limit: return "ERR_ARENA_LIMIT";
    case error_code::arena_freed: return "ERR_ARENA_FREED";
    case error_code::arena_stale: return "ERR_ARENA_STALE";
    case error_code::arena_wrong_thread: return "ERR_ARENA_WRONG_THREAD";
    case error_code::arena_foreign: return "ERR_ARENA_FOREIGN";
    case error_code::invalid_arg: return "ERR_INVALID_ARG";
    case error_code::too_large: return "ERR_INPUT_TOO_LARGE";
    case error_code::out_of_memory: return "ERR_OUT_OF_MEMORY";
    case error_code::cyclic_value: return "ERR_CYCLIC_VALUE";
    case error_code::arena_token: return "ERR_ARENA_TOKEN";
    case error_code::arena_busy: return "ERR_ARENA_BUSY";
    case error_code::aborted: return "ABORT_ERR";
    case error_code::json_proto: return "ERR_JSON_PROTO";
    case error_code::string_too_long: return "ERR_STRING_TOO_LONG";
  }
  return "ERR_UNKNOWN";
}

const char* error_message(error_code code) noexcept {
  switch (code) {
    case error_code::success: return "no error";
    case error_code::json_syntax: return "the input is not valid JSON";
    case error_code::invalid_utf8: return "the input bytes are not valid UTF-8";
    case error_code::arena_limit: return "the allocation would take the arena past its maxSize";
    case error_code::arena_freed: return "the arena has been freed";
    case error_code::arena_stale: return "the handle is stale: its arena was reset";
    case error_code::arena_wrong_thread: return "the arena is owned by another thread";
    case error_code::arena_foreign: return "the value belongs to another arena";
    case error_code::invalid_arg: return "invalid argument";
    case error_code::too_large: return "the input is larger than 4 GiB";
    case error_code::out_of_memory: return "out of memory";
    case error_code::cyclic_value: return "Converting circular structure to JSON";
    case error_code::arena_token: return "the token names no arena waiting to be adopted: it was made up, or already adopted";
    case error_code::arena_busy: return "the arena is busy: a parseAsync() on it has not settled yet";
    case error_code::aborted: return "The operation was aborted";
    case error_code::json_proto: return "the JSON holds a prototype-poisoning key";
    case error_code::string_too_long: return "Invalid string length";
  }
  return "unknown error";
}

}  // namespace arenajson
