// Differential driver for stage 2 (test/stage2.differential.test.mjs).
//
//   stage2-differential compare FILE   one line per input: the verdict of each side
//   stage2-differential time FILE N    both sides N times over every input, in ms
//   stage2-differential product FILE N parse_document() alone, N times (for a profiler)
//
// FILE holds inputs as [uint32 little-endian length][bytes], one after another.
// For each input, simdjson's stage 1 runs once; then the oracle (today's stage
// 2 before its rewrite, stage2-oracle.cc) builds its tape from that index, and
// the product's parse_document() parses the same text into an arena. The two
// must agree on accepting it and, when they accept, on every field of every
// node, the node count and the largest array.
//
// Output of compare, one line per input: "accept", "reject" (both sides
// agree), "stage1" (stage 1 rejected it, so stage 2 never ran; the product
// must reject it too) or "MISMATCH <what>"; then a summary line.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "memory/arena.h"
#include "parse/document.h"
#include "parse/kernel.h"
#include "parse/stage2.h"
#include "simdjson.h"
#include "stage2-compare.h"
#include "stage2-oracle.h"

using namespace arenajson;

namespace {

struct input {
  std::vector<uint8_t> padded;  // the text, then SIMDJSON_PADDING spaces
  size_t length;
};

std::vector<input> read_inputs(const char* path) {
  std::vector<input> out;
  FILE* file = std::fopen(path, "rb");
  if (file == nullptr) return out;
  uint8_t header[4];
  while (std::fread(header, 1, 4, file) == 4) {
    const size_t length =
        size_t(header[0]) | size_t(header[1]) << 8 | size_t(header[2]) << 16 | size_t(header[3]) << 24;
    input one;
    one.length = length;
    one.padded.assign(length + simdjson::SIMDJSON_PADDING, ' ');
    if (length > 0 && std::fread(one.padded.data(), 1, length, file) != length) break;
    out.push_back(std::move(one));
  }
  std::fclose(file);
  return out;
}

struct oracle_result {
  bool stage1_ok = false;
  bool accepted = false;
  bool out_of_memory = false;
  std::vector<node> nodes;
  uint32_t largest_array = 0;
};

struct oracle_parser {
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  size_t capacity = 0;
  stage2_oracle::tape_stack stack;
  std::vector<node> nodes;

  bool run(const input& in, oracle_result* out) {
    size_t wanted = in.length < 65536 ? 65536 : in.length;
    if (!stage1 || capacity < wanted) {
      stage1.reset();
      if (simdjson::get_active_implementation()->create_dom_parser_implementation(wanted, 1, stage1) !=
          simdjson::SUCCESS) {
        return false;
      }
      capacity = wanted;
    }
    out->stage1_ok = stage1->stage1(in.padded.data(), in.length, simdjson::stage1_mode::regular) == simdjson::SUCCESS;
    if (!out->stage1_ok) return true;
    const uint32_t count = stage1->n_structural_indexes;
    nodes.resize(count);
    stage2_oracle::tape_outcome outcome;
    out->accepted = stage2_oracle::build_tape(in.padded.data(), in.length, stage1->structural_indexes.get(), count,
                                              nodes.data(), stack, &outcome);
    out->out_of_memory = outcome.out_of_memory;
    if (out->accepted) {
      out->nodes.assign(nodes.begin(), nodes.begin() + outcome.node_count);
      out->largest_array = outcome.largest_array;
    }
    return true;
  }
};

int compare(const std::vector<input>& inputs) {
  oracle_parser oracle;
  parser_scratch* scratch = parser_scratch_create();
  arena memory(arena_options{});
  size_t mismatches = 0, accepted = 0, rejected = 0, stage1 = 0;
  for (const input& in : inputs) {
    oracle_result expected;
    if (!oracle.run(in, &expected)) {
      std::printf("MISMATCH oracle out of memory\n");
      mismatches++;
      continue;
    }
    memory.reset();
    parse_error error;
    const document* doc = parse_document(memory, *scratch, in.padded.data(), in.length, &error);
    char what[160] = "";
    if (expected.stage1_ok) {
      // build_tape() again into a heap block of exactly tape_capacity()
      // nodes, where a sanitizer build sees a write past the end, with each
      // kernel this CPU runs (parse_document() takes the one that goes with
      // simdjson's).
      const uint32_t count = oracle.stage1->n_structural_indexes;
      for (const stage2_kernel kernel : runnable_kernels()) {
        std::unique_ptr<node[]> exact(new node[tape_capacity(count)]);
        tape_stack stack;
        stack.kernel = kernel;
        tape_outcome outcome;
        const bool built = build_tape(in.padded.data(), in.length, oracle.stage1->structural_indexes.get(), count,
                                      exact.get(), tape_capacity(count), stack, &outcome);
        const char* name = kernel_name(kernel);
        if (built != (doc != nullptr)) {
          std::snprintf(what, sizeof what, "build_tape (%s) and parse_document disagree", name);
        } else if (built && outcome.node_count != doc->node_count) {
          std::snprintf(what, sizeof what, "build_tape (%s) node count %u, parse_document %u", name, outcome.node_count,
                        doc->node_count);
        } else if (built) {
          for (uint32_t i = 0; i < outcome.node_count; i++) {
            if (!same_node(exact[i], doc->nodes[i])) {
              std::snprintf(what, sizeof what, "build_tape (%s) and parse_document differ at node %u", name, i);
              break;
            }
          }
        }
      }
    }
    if (!expected.stage1_ok) {
      if (doc != nullptr) std::snprintf(what, sizeof what, "stage 1 rejects, the product accepts");
    } else if (expected.accepted != (doc != nullptr)) {
      std::snprintf(what, sizeof what, "oracle %s, product %s (error %d)", expected.accepted ? "accepts" : "rejects",
                    doc != nullptr ? "accepts" : "rejects", int(error.code));
    } else if (doc == nullptr && error.code != error_code::json_syntax && !expected.out_of_memory) {
      std::snprintf(what, sizeof what, "product rejects with error %d, not a syntax error", int(error.code));
    } else if (doc != nullptr) {
      if (doc->node_count != expected.nodes.size()) {
        std::snprintf(what, sizeof what, "node count %u, oracle %zu", doc->node_count, expected.nodes.size());
      } else if (doc->largest_array != expected.largest_array) {
        std::snprintf(what, sizeof what, "largest array %u, oracle %u", doc->largest_array, expected.largest_array);
      } else {
        for (uint32_t i = 0; i < doc->node_count; i++) {
          const node& a = doc->nodes[i];
          const node& b = expected.nodes[i];
          if (!same_node(a, b)) {
            std::snprintf(what, sizeof what,
                          "node %u: {%u %u %u %u type %d flags %d}, oracle {%u %u %u %u type %d flags %d}", i, a.begin,
                          a.end, a.next, a.count, int(a.type), int(a.flags), b.begin, b.end, b.next, b.count,
                          int(b.type), int(b.flags));
            break;
          }
        }
      }
    }
    if (what[0] != '\0') {
      std::printf("MISMATCH %s\n", what);
      mismatches++;
    } else if (!expected.stage1_ok) {
      std::printf("stage1\n");
      stage1++;
    } else if (doc != nullptr) {
      std::printf("accept\n");
      accepted++;
    } else {
      std::printf("reject\n");
      rejected++;
    }
  }
  parser_scratch_destroy(scratch);
  std::printf("summary inputs %zu accepted %zu rejected %zu stage1 %zu mismatches %zu kernel %s\n", inputs.size(),
              accepted, rejected, stage1, mismatches, active_implementation());
  return mismatches == 0 ? 0 : 1;
}

// Times stage 1 + the oracle's stage 2 against parse_document() (stage 1 +
// the product's stage 2 + the arena), alternating, best of `rounds`.
int time(const std::vector<input>& inputs, int rounds) {
  using clock = std::chrono::steady_clock;
  oracle_parser oracle;
  parser_scratch* scratch = parser_scratch_create();
  arena memory(arena_options{});
  double best_oracle = 1e30, best_product = 1e30, best_stage1 = 1e30;
  size_t bytes = 0;
  for (const input& in : inputs) bytes += in.length;
  for (int round = 0; round < rounds; round++) {
    auto t0 = clock::now();
    for (const input& in : inputs) {
      oracle_result r;
      oracle.run(in, &r);
    }
    auto t1 = clock::now();
    for (const input& in : inputs) {
      memory.reset();
      parse_error error;
      parse_document(memory, *scratch, in.padded.data(), in.length, &error);
    }
    auto t2 = clock::now();
    for (const input& in : inputs) {
      if (oracle.stage1->stage1(in.padded.data(), in.length, simdjson::stage1_mode::regular) != simdjson::SUCCESS) {
        continue;
      }
    }
    auto t3 = clock::now();
    best_oracle = std::min(best_oracle, std::chrono::duration<double, std::milli>(t1 - t0).count());
    best_product = std::min(best_product, std::chrono::duration<double, std::milli>(t2 - t1).count());
    best_stage1 = std::min(best_stage1, std::chrono::duration<double, std::milli>(t3 - t2).count());
  }
  parser_scratch_destroy(scratch);
  std::printf("bytes %zu kernel %s\n", bytes, active_implementation());
  std::printf("stage 1 alone           %8.3f ms  %5.2f GB/s\n", best_stage1, bytes / best_stage1 / 1e6);
  std::printf("stage 1 + oracle        %8.3f ms  %5.2f GB/s\n", best_oracle, bytes / best_oracle / 1e6);
  std::printf("parse_document          %8.3f ms  %5.2f GB/s\n", best_product, bytes / best_product / 1e6);
  return 0;
}

int product_only(const std::vector<input>& inputs, int rounds) {
  parser_scratch* scratch = parser_scratch_create();
  arena memory(arena_options{});
  size_t accepted = 0;
  for (int round = 0; round < rounds; round++) {
    for (const input& in : inputs) {
      memory.reset();
      parse_error error;
      accepted += parse_document(memory, *scratch, in.padded.data(), in.length, &error) != nullptr;
    }
  }
  parser_scratch_destroy(scratch);
  std::printf("accepted %zu\n", accepted);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s compare FILE | time FILE ROUNDS\n", argv[0]);
    return 2;
  }
  kernel_select();  // as the addon does before its first parse
  std::vector<input> inputs = read_inputs(argv[2]);
  if (std::strcmp(argv[1], "compare") == 0) return compare(inputs);
  if (std::strcmp(argv[1], "product") == 0) return product_only(inputs, argc > 3 ? std::atoi(argv[3]) : 10);
  if (std::strcmp(argv[1], "time") == 0) return time(inputs, argc > 3 ? std::atoi(argv[3]) : 10);
  return 2;
}
