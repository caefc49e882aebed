// Compiled paths named by number, so that a caller that uses the same path
// again and again can name it by its ticket instead of handing over (and
// having hashed) its text each time.
//
// The table has a fixed number of slots, given out in turn: ticket t lives in
// slot t % slots until ticket t + slots takes the slot over. A ticket is
// checked against the one its slot holds now, so an old ticket, or any number
// that was never a ticket, finds nothing rather than someone else's program.
// Tickets start at 1; 0 names nothing. Not thread-safe: one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "path/path_program.h"

namespace arenajson {

class path_table {
 public:
  static constexpr size_t slots = 4096;
  static constexpr size_t longest_kept = 512;  ///< bytes; longer paths get no ticket

  /// Compiles `path` into the next slot and returns its ticket, or 0 when the
  /// path is too long to keep.
  double add(const char* path, size_t length);

  /// The program of `ticket`, or nullptr when the ticket is not (or no longer) one.
  const path_program* find(double ticket) const noexcept;

 private:
  struct entry {
    double ticket = 0;
    std::unique_ptr<path_program> program;
  };
  entry entries_[slots];
  double next_ = 1;
};

}  // namespace arenajson
