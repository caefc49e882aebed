#include "parse/kernel.h"

#include <cstring>

#include <simdjson.h>

namespace arenajson {

bool kernel_select() noexcept {
  auto& active = simdjson::get_active_implementation();
  // The first call through the active pointer makes simdjson pick its kernel.
  (void)active->name();
  const simdjson::implementation* chosen = active;
  if (chosen->name() != "unsupported" && chosen->supported_by_runtime_system()) return true;
  active = simdjson::get_available_implementations().detect_best_supported();
  return false;
}

bool mask_escaped_non_ascii(const uint8_t* text, size_t length, uint8_t* out) noexcept {
  std::memcpy(out, text, length);
  bool masked = false;
  for (size_t at = 0; at + 1 < length; at++) {
    if (out[at] != '\\') continue;
    at++;  // the escaped byte
    if (out[at] < 0x80) continue;
    out[at] = 'x';
    while (at + 1 < length && (out[at + 1] & 0xC0) == 0x80) out[++at] = 'x';
    masked = true;
  }
  return masked;
}

}  // namespace arenajson
