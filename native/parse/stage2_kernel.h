// The instructions stage 2's block loops use (compact_numbers.h, the string
// escapes in stage2.cc), chosen at run time like simdjson's own kernel and
// never by compiler flags, so that one binary serves every x64 CPU. SSE2,
// part of x86-64 itself, needs no choice: the string decoder of
// materialize.cc uses it as well.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define ARENAJSON_SSE2 1
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
/// The AVX2 and AVX-512 kernels are compiled in: functions with these target
/// attributes, called only when that kernel is chosen.
#define ARENAJSON_WIDE_KERNELS 1
#define ARENAJSON_AVX512_TARGET \
  __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vbmi2,bmi,bmi2,popcnt")))
#define ARENAJSON_AVX2_TARGET __attribute__((target("avx2,bmi,bmi2,popcnt")))
#endif
#endif

namespace arenajson {

#ifdef ARENAJSON_WIDE_KERNELS
/// A 16-byte lookup table in each 128-bit lane of a register, for
/// _mm512_shuffle_epi8, which looks up within lanes. (Set by words: GCC 12
/// warns about _mm512_broadcast_i32x4's own code.)
ARENAJSON_AVX512_TARGET inline __m512i lane_table(const uint8_t (&table)[16]) noexcept {
  int32_t words[4];
  std::memcpy(words, table, 16);
  return _mm512_set4_epi32(words[3], words[2], words[1], words[0]);
}
#endif

enum class stage2_kernel : uint8_t {
  portable,  ///< SSE2 on x64 (every x64 CPU has it), plain C++ elsewhere
  avx2,      ///< AVX2
  avx512,    ///< AVX-512 (F, BW, VL, DQ and VBMI2, as simdjson's icelake requires)
};

/// The kernel for simdjson's active one, named `name`: AVX-512 under
/// simdjson's `icelake` and AVX2 under its `haswell`, which require them, so
/// that forcing simdjson's kernel (kernel.h; npm run test:fallback) forces
/// this one too.
inline stage2_kernel stage2_kernel_for(const char* name) noexcept {
#ifdef ARENAJSON_WIDE_KERNELS
  if (std::strcmp(name, "icelake") == 0) return stage2_kernel::avx512;
  if (std::strcmp(name, "haswell") == 0) return stage2_kernel::avx2;
#endif
  (void)name;
  return stage2_kernel::portable;
}

}  // namespace arenajson
