#include "path/path_table.h"

#include <cmath>

#include "memory/size_limits.h"

namespace arenajson {

double path_table::add(const char* path, size_t length) {
  if (length > longest_kept) return 0;
  // Past 2^53 a double no longer counts by one: give none rather than repeat one.
  if (next_ >= exact_integer_limit - 1) return 0;
  double ticket = next_;
  next_ += 1;
  entry& e = entries_[size_t(std::fmod(ticket, double(slots)))];
  if (!e.program) e.program = std::make_unique<path_program>();
  compile_path(path, length, *e.program);
  e.ticket = ticket;
  return ticket;
}

const path_program* path_table::find(double ticket) const noexcept {
  // Rejects NaN, fractions, negatives and anything past the last ticket.
  if (!(ticket >= 1 && ticket < next_) || std::floor(ticket) != ticket) return nullptr;
  const entry& e = entries_[size_t(std::fmod(ticket, double(slots)))];
  return e.ticket == ticket ? e.program.get() : nullptr;
}

}  // namespace arenajson
