// libFuzzer target: stage 2 against the stage 2 it replaced.
//
// An input is a JSON text (or not). simdjson's stage 1 indexes it once; the
// frozen former stage 2 (test/native/stage2-oracle.cc, included below so that
// only this target links it) builds its tape from that index, and so does
// build_tape() with each kernel this CPU runs (stage2_kernel.h), into a heap
// block of exactly tape_capacity() nodes, so that a write past it is caught.
// Every side must make the same decision and, when the text is accepted, the
// same nodes, node count and largest array; parse_document() must decide the
// same. The seeds and the dictionary lean on what the block loops read: arrays
// of numbers, compact or with whitespace, and strings with escapes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "../test/native/stage2-compare.h"
#include "../test/native/stage2-oracle.cc"
#include "memory/arena.h"
#include "parse/document.h"
#include "parse/kernel.h"
#include "parse/stage2.h"
#include "simdjson.h"

using namespace arenajson;

namespace {

[[noreturn]] void broken(const char* what, uint32_t at = 0) {
  std::fprintf(stderr, "stage 2 differs: %s (node %u)\n", what, at);
  __builtin_trap();
}

struct tape {
  bool accepted = false;
  bool out_of_memory = false;
  std::vector<node> nodes;
  uint32_t largest_array = 0;
};

void expect_same(const tape& expected, const tape& got, const char* side) {
  if (expected.accepted != got.accepted) broken(side);
  if (!expected.accepted) return;
  if (expected.nodes.size() != got.nodes.size()) broken(side);
  if (expected.largest_array != got.largest_array) broken(side);
  for (uint32_t i = 0; i < expected.nodes.size(); i++) {
    if (!same_node(expected.nodes[i], got.nodes[i])) broken(side, i);
  }
}

tape product_tape(const uint8_t* text, size_t length, const uint32_t* index, uint32_t count, stage2_kernel kernel) {
  tape out;
  const uint64_t capacity = tape_capacity(count);
  std::unique_ptr<node[]> exact(new node[capacity]);
  tape_stack stack;
  stack.kernel = kernel;
  tape_outcome outcome;
  out.accepted = build_tape(text, length, index, count, exact.get(), capacity, stack, &outcome);
  out.out_of_memory = outcome.out_of_memory;
  if (out.accepted) {
    out.nodes.assign(exact.get(), exact.get() + outcome.node_count);
    out.largest_array = outcome.largest_array;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool selected = kernel_select();
  (void)selected;
  static std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  static size_t capacity = 0;
  static parser_scratch* scratch = parser_scratch_create();
  const size_t wanted = size < 65536 ? 65536 : size;
  if (!stage1 || capacity < wanted) {
    stage1.reset();
    if (simdjson::get_active_implementation()->create_dom_parser_implementation(wanted, 1, stage1) !=
        simdjson::SUCCESS) {
      return 0;
    }
    capacity = wanted;
  }
  std::vector<uint8_t> padded(size + simdjson::SIMDJSON_PADDING, ' ');
  if (size > 0) std::memcpy(padded.data(), data, size);

  arena memory(arena_options{});
  parse_error error;
  const document* doc = parse_document(memory, *scratch, padded.data(), size, &error);
  if (stage1->stage1(padded.data(), size, simdjson::stage1_mode::regular) != simdjson::SUCCESS) {
    // Stage 2 never runs; the product turns the text away all the same.
    if (doc != nullptr) broken("stage 1 rejects, parse_document accepts");
    return 0;
  }
  const uint32_t count = stage1->n_structural_indexes;
  const uint32_t* index = stage1->structural_indexes.get();

  tape expected;
  {
    std::vector<node> nodes(count);
    stage2_oracle::tape_stack stack;
    stage2_oracle::tape_outcome outcome;
    expected.accepted = stage2_oracle::build_tape(padded.data(), size, index, count, nodes.data(), stack, &outcome);
    if (outcome.out_of_memory) return 0;
    if (expected.accepted) {
      expected.nodes.assign(nodes.begin(), nodes.begin() + outcome.node_count);
      expected.largest_array = outcome.largest_array;
    }
  }

  tape parsed;
  parsed.accepted = doc != nullptr;
  if (doc != nullptr) {
    parsed.nodes.assign(doc->nodes, doc->nodes + doc->node_count);
    parsed.largest_array = doc->largest_array;
  } else if (error.code != error_code::json_syntax) {
    return 0;  // out of memory: no decision to compare
  }
  expect_same(expected, parsed, "parse_document");
  for (const stage2_kernel kernel : runnable_kernels()) {
    expect_same(expected, product_tape(padded.data(), size, index, count, kernel), kernel_name(kernel));
  }
  return 0;
}
