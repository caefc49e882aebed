// What the stage-2 differential driver (stage2-differential.cc) and the
// stage2 fuzz target (fuzz/stage2.fuzz.cc) both need: the kernels this CPU
// runs, their names, and node equality.
#pragma once

#include <vector>

#include "parse/document.h"
#include "parse/stage2_kernel.h"

namespace arenajson {

/// The stage 2 kernels this CPU runs, the portable one first.
inline std::vector<stage2_kernel> runnable_kernels() {
  std::vector<stage2_kernel> out{stage2_kernel::portable};
#if defined(__x86_64__)
  if (stage2_kernel_for("haswell") == stage2_kernel::avx2 && __builtin_cpu_supports("avx2")) {
    out.push_back(stage2_kernel::avx2);
  }
  // What simdjson's icelake kernel requires, which the AVX-512 kernel uses too (vpcompressb, pext).
  if (stage2_kernel_for("icelake") == stage2_kernel::avx512 && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi2")) {
    out.push_back(stage2_kernel::avx512);
  }
#endif
  return out;
}

inline const char* kernel_name(stage2_kernel kernel) {
  return kernel == stage2_kernel::avx512 ? "avx512" : kernel == stage2_kernel::avx2 ? "avx2" : "portable";
}

/// Every field equal.
inline bool same_node(const node& a, const node& b) {
  return a.begin == b.begin && a.end == b.end && a.next == b.next && a.count == b.count && a.type == b.type &&
         a.flags == b.flags;
}

}  // namespace arenajson
