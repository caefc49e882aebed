#include "memory/metrics.h"

namespace arenajson {

process_counters& counters() noexcept {
  // Never destroyed, so a worker may count while the process exits.
  static process_counters* instance = new process_counters();
  return *instance;
}

}  // namespace arenajson
