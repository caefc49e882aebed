// Lookup indexes over the containers of one document, built on demand.
//
// On the tape an array's element i is found by stepping over the i elements
// before it, and an object's member by comparing every key. That is right for
// a container read once; when a query reads the same big container again
// (a loop over `items.0`, `items.1`, ... or over many keys of one object),
// the second read builds an index: the element offsets of the array, or a
// hash table of the object's keys. Arrays whose elements all have the same
// size need none (flag_uniform: element i is found by arithmetic).
//
// The indexes belong to the document last looked at (by its serial) and are
// dropped when another document is looked at. They are kept outside the
// arena, in memory this object owns, so reading a document never changes its
// arena. Not thread-safe: one per path engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parse/document.h"

namespace arenajson {

class lookup_index {
 public:
  /// Index of element `position` of array node `array`, or -1 (find_element).
  int64_t element(const document& doc, uint32_t array, uint32_t position);

  /// Index of the value of member `key` of object node `object`, or -1; the
  /// last of repeated keys wins (find_member).
  int64_t member(const document& doc, uint32_t object, const char* key, size_t key_length);

  /// Gives the memory back.
  void clear() noexcept;

  static constexpr uint32_t smallest_array = 64;              ///< elements; smaller arrays are stepped
  static constexpr uint32_t smallest_object = 16;             ///< members; smaller objects are scanned
  static constexpr size_t most_kept_words = size_t(1) << 20;  ///< pool words kept after a switch

 private:
  // What is known about one container: an open-addressing table of these,
  // keyed by the container's node index + 1 (0: an empty entry).
  struct entry {
    uint32_t container = 0;  ///< node index + 1 of the container; 0 when the entry is empty
    uint32_t reads = 0;      ///< reads before the index was built
    uint32_t offset = 0;     ///< where the index starts in pool_
    uint32_t size = 0;       ///< words of the index; 0 while not built
  };

  static constexpr size_t smallest_table = 64;       ///< entries_ starts with this many
  static constexpr size_t most_kept_entries = 4096;  ///< entries_ kept after a switch

  bool use(const document& doc);
  entry* note_read(uint32_t container);
  void grow_entries();
  bool build_array(const document& doc, uint32_t array, entry& e);
  bool build_object(const document& doc, uint32_t object, entry& e);
  uint64_t escaped_key_hash(const document& doc, uint32_t key_index);
  static uint64_t lookup_hash(const char* key, size_t key_length) noexcept;
  // find_member over a document with padded text, comparing 8 bytes at a time.
  static int64_t scan(const document& doc, uint32_t object, const char* key, size_t key_length) noexcept;

  uint64_t serial_ = 0;
  std::vector<entry> entries_;  ///< a power of two long (or empty), at most half full
  size_t entries_used_ = 0;
  std::vector<uint32_t> pool_;
  std::string key_buffer_;
};

}  // namespace arenajson
