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
        "native/memory/error.cc",
        "native/memory/arena.cc",
        "native/memory/arena_pool.cc",
        "native/parse/document.cc",
        "native/parse/stage2.cc",
        "native/parse/lookup_index.cc",
        "native/parse/materialize.cc",
        "native/read/value_tape.cc",
        "native/path/gjson_text.cc",
        "native/parse/lines.cc",
        "native/path/path.cc",
        "native/path/lines_output.cc",
        "native/parse/kernel.cc",
        "native/write/scalar_text.cc",
        "native/write/builder.cc",
        "native/write/writer.cc",
        "native/read/shallow.cc",
        "native/read/lazy_lookup.cc",
        "native/path/path_cache.cc",
        "native/path/path_table.cc",
        "native/path/path_program.cc",
        "native/path/path_eval.cc",
        "native/path/path_match.cc",
        "native/path/modifiers.cc",
        "native/path/pretty_modifier.cc",
        "native/store/ownership.cc",
        "native/memory/metrics.cc",
        "native/read/read_plan.cc",
        "native/binding/state.cc",
        "native/binding/convert.cc",
        "native/binding/external_text.cc",
        "native/binding/tape_out.cc",
        "native/binding/arena_wrap.cc",
        "native/binding/arena_build.cc",
        "native/binding/arena_lazy.cc",
        "native/binding/arena_async.cc",
        "native/binding/arena_lines.cc",
        "native/binding/read_options.cc",
        "native/binding/module.cc"
      ],
      "include_dirs": ["native", "<!(node -p \"require('node-addon-api').include_dir\")"],
      # NAPI_EXPERIMENTAL: Node-API then runs this module's finalizers during
      # garbage collection (in the Node 20 and later releases that support
      # it), which is how parseLazy's collected arenas come back inside a loop
      # that never yields (native/memory/arena_pool.h). No experimental function is
      # called, so other runtimes load it too and finalize a little later.
      "defines": ["NAPI_EXPERIMENTAL", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"]
    }
  ]
}
