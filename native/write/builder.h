// Values built in an arena: new objects and arrays, and the edits made to
// parsed documents.
//
// A built value is a small node allocated in the arena. Parsed data is never
// copied into it: a `node_ref` points at a node of a document's tape, and a
// container of the tape is expanded into a built container (whose members
// are again node_refs) only when a path has to go inside it to change
// something. So an edit costs the containers on its path, not the document.
//
// Objects keep insertion order, as a JS object does for named keys; the
// writer puts integer-like keys first when it serializes, as V8 does.
// Setting an existing key replaces its value in place. Past a handful of
// members an object keeps a hash index, so lookups stay O(1).
//
// Paths follow tidwall/sjson: keys separated by '.', '\' escapes the next
// character, a leading ':' forces a component to be an object key, `-1` on
// an array appends (and, for delete, names the last element), missing
// containers on the way are created (an array when the next component is a
// number), and a scalar in the way is replaced by a container.
//
// Lifetime: everything lives in the arena and dies with its generation.
// Nothing here is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "memory/arena.h"
#include "memory/error.h"
#include "parse/document.h"

namespace arenajson {

enum class built_kind : uint8_t {
  undefined_value,  ///< a JS undefined: left out of objects, null in arrays
  json_text,        ///< a scalar as canonical JSON text (what JSON.stringify wrote for it)
  node_ref,         ///< a node of a parsed document
  array,
  object,
};

enum built_flags : uint8_t {
  built_canonical = 1,  ///< node_ref: the subtree's source text is exactly JSON.stringify's compact output
  built_visiting = 2,   ///< container: being written (cycle detection)
};

struct built_array;
struct built_object;

struct built_value {
  built_kind kind;
  uint8_t flags;
  uint32_t index;        ///< node_ref: the node's tape index; json_text: the text length
  const document* doc;   ///< node_ref
  const char* text;      ///< json_text
  built_array* array;    ///< array
  built_object* object;  ///< object
};

/// Marks a member key that is not an array index.
constexpr uint32_t no_array_index = 0xFFFFFFFFu;

struct built_member {
  const uint8_t* key;  ///< WTF-8 bytes
  uint32_t key_length;
  uint32_t hash;
  uint32_t array_index;  ///< the key's value when it is a canonical array index, else no_array_index
  bool plain_key;        ///< the key is written between quotes as it is
  built_value* value;    ///< nullptr once deleted
};

struct built_object {
  built_member* members;
  uint32_t count;  ///< members, deleted ones included
  uint32_t capacity;
  uint32_t live;    ///< members not deleted
  uint32_t* table;  ///< open-addressing index (member + 1; 0 = empty), or nullptr while small
  uint32_t table_size;
};

struct built_array {
  built_value** elements;  ///< nullptr elements are null
  uint32_t count;
  uint32_t capacity;
};

/// The edits of one document handle: its root as a built value, plus the
/// cached flat copy (a document parsed from the root's text) that reads use.
struct edit_record {
  built_value* root = nullptr;
  document* snapshot = nullptr;
  uint32_t snapshot_id = 0;
  uint64_t snapshot_epoch = 0;
};

/// Per-arena builder state, indexed by document id.
struct builder_state {
  std::vector<edit_record> records;
  uint64_t epoch = 1;  ///< bumped by every edit; a snapshot of an older epoch is stale

  edit_record* find(size_t doc_id) noexcept {
    return doc_id < records.size() && records[doc_id].root != nullptr ? &records[doc_id] : nullptr;
  }
  void clear() noexcept {
    records.clear();
    epoch++;
  }
};

built_value* new_object(arena& memory, error_code* error) noexcept;
built_value* new_array(arena& memory, error_code* error) noexcept;
built_value* new_undefined(arena& memory, error_code* error) noexcept;
/// A reference to node `index` of `doc` (not copied).
built_value* new_node_ref(arena& memory, const document* doc, uint32_t index, bool canonical,
                          error_code* error) noexcept;
/// A scalar from its canonical JSON text (copied into the arena).
built_value* new_json_text(arena& memory, const char* text, size_t length, error_code* error) noexcept;

/// The array index a key spells (canonical decimal up to 2^32 - 2), or no_array_index.
uint32_t array_index_of(const uint8_t* key, size_t length) noexcept;

/// Sets `value` at `path` under `root` (sjson rules). invalid_arg for a path
/// sjson refuses (empty, wildcard/query/modifier characters, a non-numeric key
/// on an array, an index past what an array may hold); arena_limit or
/// out_of_memory when memory runs out (the value is then unchanged or only
/// partly built, never inconsistent).
error_code set_path(arena& memory, built_value* root, const char* path, size_t path_length,
                    built_value* value) noexcept;

/// Deletes the value at `path`; *deleted tells whether there was one.
error_code delete_path(arena& memory, built_value* root, const char* path, size_t path_length, bool* deleted) noexcept;

/// Makes a node_ref to an object or array a built container holding node_refs
/// to its members (duplicate keys resolved as JSON.parse does). Other values
/// are left as they are.
error_code expand(arena& memory, built_value* value) noexcept;

/// The live member named `key`, or nullptr.
built_member* find_built_member(built_object& object, const uint8_t* key, size_t key_length) noexcept;

}  // namespace arenajson
