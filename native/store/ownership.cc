#include "store/ownership.h"

#include <mutex>
#include <random>
#include <unordered_map>

namespace arenajson {

void live_arenas::add(arena_slot* slot) noexcept {
  if (slot->list != nullptr) return;
  slot->list = this;
  slot->previous = nullptr;
  slot->next = head_;
  if (head_ != nullptr) head_->previous = slot;
  head_ = slot;
}

void live_arenas::remove(arena_slot* slot) noexcept {
  if (slot->list != this) return;
  if (slot->previous != nullptr)
    slot->previous->next = slot->next;
  else
    head_ = slot->next;
  if (slot->next != nullptr) slot->next->previous = slot->previous;
  slot->list = nullptr;
  slot->previous = nullptr;
  slot->next = nullptr;
}

arena_slot* live_arenas::pop() noexcept {
  arena_slot* slot = head_;
  if (slot != nullptr) remove(slot);
  return slot;
}

namespace {

struct hand_over_table {
  std::mutex lock;
  std::unordered_map<uint64_t, arena_slot*> slots;
  std::random_device entropy;

  uint64_t fresh_id() {
    for (;;) {
      uint64_t id = (uint64_t(entropy()) << 32) ^ uint64_t(entropy());
      if (id != 0 && slots.find(id) == slots.end()) return id;
    }
  }
};

// Never destroyed: a worker may still hand over or take over while the main
// thread runs static destructors at exit.
hand_over_table& table() {
  static hand_over_table* instance = new hand_over_table();
  return *instance;
}

}  // namespace

uint64_t hand_over(arena_slot* slot) noexcept {
  hand_over_table& t = table();
  std::lock_guard<std::mutex> guard(t.lock);
  uint64_t id = t.fresh_id();
  t.slots.emplace(id, slot);
  return id;
}

arena_slot* take_over(uint64_t id) noexcept {
  hand_over_table& t = table();
  std::lock_guard<std::mutex> guard(t.lock);
  auto found = t.slots.find(id);
  if (found == t.slots.end()) return nullptr;
  arena_slot* slot = found->second;
  t.slots.erase(found);
  return slot;
}

}  // namespace arenajson
