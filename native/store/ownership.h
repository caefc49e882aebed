// Who may use an arena, and how an arena moves from one thread to another.
//
// An arena_slot is everything native about one JS Arena: its memory, its
// documents, its generation and its owner. The owner is an opaque id of the
// Node.js environment (the main thread or one worker) that made or adopted the
// arena; only the owner ever touches the slot, so nothing in a slot is locked.
//
// Moving an arena to another thread goes through the hand-over table, the one
// piece of process-wide state here: a mutex-protected map from a random 64-bit
// id to a slot that has no owner. hand_over() puts a slot in and returns its
// id (the token); take_over() takes it out, once. The mutex orders everything
// the old owner wrote before the hand-over before everything the new owner
// reads after it. Nothing but transfer and adopt touches the table, so the
// owner thread's hot path takes no lock. A slot that is handed over and never
// taken over stays in the table until the process exits.
//
// Per environment, live_arenas lists the slots the environment owns, so that
// a worker that exits with arenas it never freed still releases their memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory/arena.h"
#include "parse/document.h"
#include "write/builder.h"

namespace arenajson {

class live_arenas;

struct arena_slot {
  explicit arena_slot(const arena_options& options) noexcept : memory(options) {}
  arena_slot(const arena_slot&) = delete;
  arena_slot& operator=(const arena_slot&) = delete;

  arena memory;
  std::vector<document*> docs;     ///< every document in the arena; a handle's high half indexes it
  std::vector<uint32_t> parsed;    ///< indexes in docs of the documents parse() made, in order
  builder_state built;             ///< edits of documents and built values, by document id
  uint64_t generation = 1;         ///< bumped by reset() and free(); handles carry it
  bool freed = false;              ///< the memory is released; the slot only answers "freed"
  const void* owner = nullptr;     ///< the environment that may use the arena; null while handed over
  int64_t reported_bytes = 0;      ///< external memory reported to the owner's V8 heap
  int64_t counted_reserved = 0;    ///< bytes_reserved as last added to the process metrics
  int64_t counted_used = 0;        ///< bytes_used as last added to the process metrics
  std::string origin;              ///< where the arena was made (only when debugging), else empty
  bool keeps_spare = false;        ///< parseLazy's arena: released, its chunks go to the spare pool
  bool busy = false;               ///< a parse runs on the thread pool: only that work touches `memory`
  bool release_when_idle = false;  ///< release was asked while busy; done when the work completes
  arena_stats idle_stats;          ///< memory.stats() as it was when the work started (stats() while busy)

  // Membership in the owner's live_arenas list (null when in none).
  live_arenas* list = nullptr;
  arena_slot* previous = nullptr;
  arena_slot* next = nullptr;
};

/// The slots one environment owns. Used only by that environment's thread.
class live_arenas {
 public:
  live_arenas() = default;
  live_arenas(const live_arenas&) = delete;
  live_arenas& operator=(const live_arenas&) = delete;

  void add(arena_slot* slot) noexcept;
  void remove(arena_slot* slot) noexcept;

  /// Takes the first slot out of the list, or returns nullptr when it is empty.
  arena_slot* pop() noexcept;

 private:
  arena_slot* head_ = nullptr;
};

/// Puts an ownerless slot in the hand-over table; returns its id (never 0).
uint64_t hand_over(arena_slot* slot) noexcept;

/// Takes the slot with this id out of the table; nullptr when there is none
/// (the id was made up, or the slot was already taken over).
arena_slot* take_over(uint64_t id) noexcept;

}  // namespace arenajson
