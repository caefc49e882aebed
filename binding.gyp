{
  "variables": {
    "arenajson_sanitize%": 0,
    "simdjson_dir": "<!(node -p \"require('path').relative('.', require('path').dirname(require.resolve('@nozbe/simdjson/src/simdjson.h'))) || '.'\")"
  },
  "target_defaults": {
    "cflags_cc!": ["-std=gnu++17"],
    "cflags_cc": ["-std=c++17", "-fno-exceptions"],
    # SIMDJSON_IMPLEMENTATION_FALLBACK=1: the portable kernel is compiled in on
    # every architecture (simdjson leaves it out where a SIMD kernel always
    # runs, as on arm64), so SIMDJSON_FORCE_IMPLEMENTATION=fallback works and
    # the tests compare the SIMD kernel with it everywhere.
    "defines": ["SIMDJSON_EXCEPTIONS=0", "NDEBUG", "SIMDJSON_IMPLEMENTATION_FALLBACK=1"],
    "include_dirs": ["<(simdjson_dir)"],
    "xcode_settings": {
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "GCC_ENABLE_CPP_EXCEPTIONS": "NO",
      "OTHER_CPLUSPLUSFLAGS": ["-O3"]
    },
    "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 0 } },
    "conditions": [
      ["arenajson_sanitize==1", {
        "configurations": {
          "Release": {
            "cflags!": ["-O3"],
            "cflags_cc!": ["-O3"],
            "cflags": ["-O1", "-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined", "-fno-sanitize=vptr"],
            "ldflags": ["-fsanitize=address,undefined"]
          }
        }
      }]
    ]
  },
  "targets": [
    {
      "target_name": "simdjson",
      "type": "static_library",
      "cflags_cc": ["-fPIC"],
      "sources": ["<(simdjson_dir)/simdjson.cpp"]
    },
    {
      "target_name": "arenajson",
      "dependencies": ["simdjson"],
      "sources": [
        "native/error.cc",
        "native/arena.cc",
        "native/arena_pool.cc",
        "native/document.cc",
        "native/stage2.cc",
        "native/tape_index.cc",
        "native/materialize.cc",
        "native/value_tape.cc",
        "native/json_text.cc",
        "native/lines.cc",
        "native/path.cc",
        "native/kernel.cc",
        "native/scalar_text.cc",
        "native/builder.cc",
        "native/writer.cc",
        "native/shallow.cc",
        "native/lazy_lookup.cc",
        "native/path_cache.cc",
        "native/path_table.cc",
        "native/path_compile.cc",
        "native/path_eval.cc",
        "native/path_match.cc",
        "native/modifiers.cc",
        "native/pretty.cc",
        "native/ownership.cc",
        "native/metrics.cc",
        "native/read_plan.cc",
        "native/binding/state.cc",
        "native/binding/convert.cc",
        "native/binding/external_text.cc",
        "native/binding/tape_out.cc",
        "native/binding/arena_wrap.cc",
        "native/binding/arena_build.cc",
        "native/binding/arena_lazy.cc",
        "native/binding/arena_async.cc",
        "native/binding/read_options.cc",
        "native/binding/module.cc"
      ],
      "include_dirs": ["native", "<!(node -p \"require('node-addon-api').include_dir\")"],
      # NAPI_EXPERIMENTAL: Node-API then runs this module's finalizers during
      # garbage collection (in the Node 20 and later releases that support
      # it), which is how parseLazy's collected arenas come back inside a loop
      # that never yields (native/arena_pool.h). No experimental function is
      # called, so other runtimes load it too and finalize a little later.
      "defines": ["NAPI_EXPERIMENTAL", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"]
    }
  ]
}
