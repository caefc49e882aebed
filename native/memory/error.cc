#include "memory/error.h"

namespace arenajson {

const char* error_name(error_code code) noexcept {
  switch (code) {
#define ARENAJSON_ERROR_NAME(name, js_code, message) \
  case error_code::name: return js_code;
    ARENAJSON_ERROR_CODES(ARENAJSON_ERROR_NAME)
#undef ARENAJSON_ERROR_NAME
  }
  return "ERR_UNKNOWN";
}

const char* error_message(error_code code) noexcept {
  switch (code) {
#define ARENAJSON_ERROR_MESSAGE(name, js_code, message) \
  case error_code::name: return message;
    ARENAJSON_ERROR_CODES(ARENAJSON_ERROR_MESSAGE)
#undef ARENAJSON_ERROR_MESSAGE
  }
  return "unknown error";
}

}  // namespace arenajson
