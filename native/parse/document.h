// A parsed JSON document that lives in an arena.
//
// The document keeps a copy of the source text and a tape of nodes built from
// simdjson's stage 1 structural index. A node records where its value begins
// and ends in the text; containers also record how many elements they hold and
// where their subtree ends on the tape, so a query skips a whole subtree in
// one step. Numbers and strings are validated while the tape is built but are
// decoded only when read (see materialize.h), which is what makes a parse that
// is followed by a handful of reads cheap.
//
// Lifetime: a document is valid until its arena is reset or released. It does
// not own any memory of its own.
#pragma once

#include <cstddef>
#include <cstdint>

#include "memory/arena.h"
#include "memory/error.h"

namespace arenajson {

enum class node_type : uint8_t { null_value, true_value, false_value, number, string, array, object };

enum node_flags : uint16_t {
  flag_escaped = 1,        ///< string: holds at least one backslash escape
  flag_plain_integer = 2,  ///< number: an integer of at most 15 digits (exact in a double)
  flag_negative_zero = 4,  ///< number: an integer "-0" (exactness needs the sign)
  // Containers: what the writer learned about the subtree's text the first
  // time it wrote it (writer.h), kept so later writes can copy instead.
  flag_text_checked = 8,    ///< container: flag_text_clean and flag_text_compact are known
  flag_text_clean = 16,     ///< container: JSON.stringify's compact text is the source minus whitespace
  flag_text_compact = 32,   ///< container: the source has no whitespace outside strings
  flag_order_checked = 64,  ///< object: flag_v8_order is known
  flag_v8_order = 128,      ///< object: tape order is V8's (no key repeats; integer-like keys first, ascending)
  flag_uniform = 256,       ///< array: every element's subtree has as many nodes as the
                            ///< first's, so element i is at index + 1 + i * that size
  // Learned by the writer too (writer.h): a number whose source is not V8's
  // form keeps the form it was rewritten to, so that later writes copy it.
  flag_number_cached = 512,  ///< number: `count` holds its JSON.stringify text, packed as a
                             ///< prefix of the source plus a few characters (writer.cc)
  flag_text_patched = 1024,  ///< container, with flag_text_clean: the compact text is the source
                             ///< minus whitespace with cached numbers in place of their source
};

struct node {
  uint32_t begin;  ///< offset of the value's first byte (the quote of a string)
  uint32_t end;    ///< offset one past the value's last byte
  uint32_t next;   ///< tape index just after this value's subtree
  uint32_t count;  ///< array: elements; object: members; number with flag_number_cached:
                   ///< its packed text; others: 0
  node_type type;
  uint16_t flags;
};

/// Within an object, members are laid out as key node, value node, key node, ...
/// Within an array, elements follow one another; node.next skips each.
struct document {
  const uint8_t* text = nullptr;  ///< the source, padded with SIMDJSON_PADDING bytes
  uint32_t length = 0;            ///< source length without padding
  node* nodes = nullptr;
  uint32_t node_count = 0;
  uint32_t largest_array = 0;  ///< element count of the largest array
  bool ascii = false;          ///< every byte of the text is < 0x80
  bool lines = false;          ///< the root array holds the documents of a JSON Lines text
  uint64_t serial = 0;         ///< unique per parse in the process (never reused); 0 for
                               ///< documents not made by parse_document
};

/// Arrays and objects.
inline bool is_container(node_type type) noexcept { return type == node_type::array || type == node_type::object; }
inline bool is_container(const node& n) noexcept { return is_container(n.type); }

struct parse_error {
  error_code code = error_code::success;
  size_t position = 0;  ///< 0, or for an empty or unclosed input its length (V8 gives the real position: lib/input.ts)
};

/// Bytes of padding the parser needs after the text.
size_t parse_padding() noexcept;

/// True when data[0, length) is valid UTF-8 (simdjson's validator).
bool is_valid_utf8(const uint8_t* data, size_t length) noexcept;

/// The name of simdjson's active kernel ("haswell", "icelake", "fallback", ...).
const char* active_implementation() noexcept;

/// Reusable parser state (the stage 1 index and a container stack). One per
/// thread; not shared.
class parser_scratch;
parser_scratch* parser_scratch_create() noexcept;
void parser_scratch_destroy(parser_scratch* scratch) noexcept;

/// Parses `text[0, length)` — which must already be in `memory` and be
/// followed by parse_padding() bytes of spaces — into a document allocated in
/// `memory`. On failure returns nullptr and fills `error`; nothing the failed
/// parse allocated is reachable afterwards.
document* parse_document(arena& memory, parser_scratch& scratch, const uint8_t* text, size_t length,
                         parse_error* error) noexcept;

/// Index of the value of member `key` in object node `object_index`, or -1.
/// When a key repeats, the last one wins, as in JSON.parse.
int64_t find_member(const document& doc, uint32_t object_index, const char* key, size_t key_length) noexcept;

/// Index of element `position` of array node `array_index`, or -1.
int64_t find_element(const document& doc, uint32_t array_index, uint32_t position) noexcept;

/// True when the key node at `key_index` spells exactly `key` once decoded.
bool key_equals(const document& doc, uint32_t key_index, const char* key, size_t key_length) noexcept;

}  // namespace arenajson
