#include "path/modifiers.h"

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parse/json_chars.h"
#include "parse/materialize.h"
#include "path/gjson_text.h"
#include "path/path_eval.h"
#include "path/path_program.h"
#include "path/pretty_modifier.h"

namespace arenajson {

namespace {

std::string_view raw(const document* doc, uint32_t index) {
  const node& n = doc->nodes[index];
  return std::string_view(reinterpret_cast<const char*>(doc->text + n.begin), n.end - n.begin);
}

template <typename F>
void for_each_member(const document* doc, uint32_t object, F&& f) {
  uint32_t key = object + 1;
  for (uint32_t k = 0; k < doc->nodes[object].count; k++) {
    uint32_t value = key + 1;
    uint32_t next = doc->nodes[value].next;
    f(key, value);
    key = next;
  }
}

template <typename F>
void for_each_element(const document* doc, uint32_t array, F&& f) {
  uint32_t element = array + 1;
  for (uint32_t k = 0; k < doc->nodes[array].count; k++) {
    uint32_t next = doc->nodes[element].next;
    f(element);
    element = next;
  }
}

std::string decoded(const document* doc, uint32_t index) {
  std::string out;
  const node& n = doc->nodes[index];
  decode_string_utf8(string_body(*doc, n), string_body_length(n), out);
  return out;
}

// gjson's Result.String().
std::string string_value(const document* doc, uint32_t index) {
  const node& n = doc->nodes[index];
  std::string out;
  switch (n.type) {
    case node_type::false_value: return "false";
    case node_type::true_value: return "true";
    case node_type::null_value: return "";
    case node_type::string: return decoded(doc, index);
    case node_type::number: append_number_string(out, raw(doc, index), number_value(*doc, n)); return out;
    default: return std::string(raw(doc, index));
  }
}

// gjson's Result.Bool().
bool bool_value(const document* doc, uint32_t index) {
  const node& n = doc->nodes[index];
  switch (n.type) {
    case node_type::true_value: return true;
    case node_type::number: return number_value(*doc, n) != 0;
    case node_type::string: {
      std::string s = decoded(doc, index);
      for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
      }
      return s == "1" || s == "t" || s == "true";
    }
    default: return false;
  }
}

int64_t clamp_to_int(double value) {
  if (std::isnan(value)) return 0;
  if (value >= 9.2e18) return INT64_MAX;
  if (value <= -9.2e18) return INT64_MIN;
  return int64_t(value);
}

// gjson's Result.Int().
int64_t int_value(const document* doc, uint32_t index) {
  const node& n = doc->nodes[index];
  switch (n.type) {
    case node_type::true_value: return 1;
    case node_type::number: return clamp_to_int(number_value(*doc, n));
    case node_type::string: {
      std::string s = decoded(doc, index);
      int64_t out = 0;
      auto r = std::from_chars(s.data(), s.data() + s.size(), out);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return out;
      double f = 0;
      return parse_go_float(s, &f) ? clamp_to_int(f) : 0;
    }
    default: return 0;
  }
}

// gjson's cleanWS: only the whitespace of `text` is kept.
std::string whitespace_only(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (is_json_whitespace(uint8_t(c))) out.push_back(c);
  }
  return out;
}

std::string_view unwrap(std::string_view text) {
  text = trim_space(text);
  if (text.size() >= 2 && (text[0] == '[' || text[0] == '{')) text = text.substr(1, text.size() - 2);
  return text;
}

// One application of a modifier to a value: the handlers and what they share.
// Everything is public so that the table below can name the handlers.
struct modifier_run {
  modifier_run(path_evaluator& evaluator, const get_step& step) : ev_(evaluator), step_(step) {}

  // gjson's @this.
  path_value self(const path_value& input) { return input; }

  // Calls f(key, value) for each member of the argument when it is an object.
  template <typename F>
  void for_each_option(F&& f) {
    if (step_.argument.empty()) return;
    int32_t id;
    std::string& text = ev_.new_text(&id);
    text.assign(ev_.program().path, step_.argument.begin, step_.argument.end - step_.argument.begin);
    path_value argument = ev_.text_value(id, false);
    if (!ev_.resolve(argument)) return;
    if (argument.doc->nodes[argument.index].type != node_type::object) return;
    for_each_member(argument.doc, argument.index,
                    [&](uint32_t key, uint32_t value) { f(decoded(argument.doc, key), argument.doc, value); });
  }

  path_value finish(int32_t id, bool trusted = true) { return ev_.text_value(id, trusted); }

  path_value valid(const path_value& input) {
    path_value v = input;
    return ev_.resolve(v) ? v : path_value{};
  }

  path_value reverse(const path_value& input) {
    path_value v = input;
    if (!ev_.resolve(v)) return {};
    const document* doc = v.doc;
    node_type type = doc->nodes[v.index].type;
    if (!is_container(type)) return v;
    std::vector<std::string_view> parts;
    if (type == node_type::array) {
      for_each_element(doc, v.index, [&](uint32_t e) { parts.push_back(raw(doc, e)); });
    } else {
      for_each_member(doc, v.index, [&](uint32_t k, uint32_t value) {
        parts.push_back(raw(doc, k));
        parts.push_back(raw(doc, value));
      });
    }
    if (!ev_.spend(int64_t(parts.size()))) return {};
    if (!ev_.produce(raw(doc, v.index).size())) return {};  // the members again, with fewer separators
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out.push_back(type == node_type::array ? '[' : '{');
    if (type == node_type::array) {
      for (size_t i = parts.size(); i-- > 0;) {
        if (i + 1 < parts.size()) out.push_back(',');
        out += parts[i];
      }
    } else {
      for (size_t i = parts.size(); i >= 2; i -= 2) {
        if (i < parts.size()) out.push_back(',');
        out += parts[i - 2];
        out.push_back(':');
        out += parts[i - 1];
      }
    }
    out.push_back(type == node_type::array ? ']' : '}');
    return finish(id);
  }

  path_value ugly(const path_value& input) {
    path_value v = input;
    if (v.exists() && !v.trusted && !ev_.resolve(v)) return {};
    std::string_view json = ev_.json_of(v);
    if (!ev_.spend(int64_t(json.size() / 64)) || !ev_.produce(json.size())) return {};  // never longer than json
    int32_t id;
    std::string& out = ev_.new_text(&id);
    append_ugly(out, json);
    return finish(id);
  }

  path_value pretty(const path_value& input) {
    path_value v = input;
    if (v.exists() && !v.trusted && !ev_.resolve(v)) return {};
    pretty_options options;
    for_each_option([&](const std::string& key, const document* doc, uint32_t value) {
      if (key == "sortKeys")
        options.sort_keys = bool_value(doc, value);
      else if (key == "indent")
        options.indent = whitespace_only(string_value(doc, value));
      else if (key == "prefix")
        options.prefix = whitespace_only(string_value(doc, value));
      else if (key == "width")
        options.width = int(std::max<int64_t>(INT32_MIN, std::min<int64_t>(INT32_MAX, int_value(doc, value))));
    });
    std::string_view json = ev_.json_of(v);
    if (!ev_.spend(int64_t(json.size() / 16))) return {};
    int32_t id;
    std::string& out = ev_.new_text(&id);
    // The printer stops at what the fuel allows (a prefix or indent repeated
    // on every line can make the text far longer than its input).
    if (!append_pretty(out, json, options, ev_.depth_left(), ev_.text_allowance())) return {};
    if (!ev_.produce(out.size())) return {};
    return finish(id);
  }

  bool flatten_into(std::string& out, const document* doc, uint32_t array, bool deep) {
    if (!ev_.enter()) return false;
    size_t written = 0;
    bool ok = true;
    for_each_element(doc, array, [&](uint32_t e) {
      if (!ok || !ev_.spend(1)) {
        ok = false;
        return;
      }
      std::string nested;
      std::string_view piece = raw(doc, e);
      if (doc->nodes[e].type == node_type::array) {
        if (deep) {
          nested.push_back('[');
          ok = flatten_into(nested, doc, e, true);
          nested.push_back(']');
          piece = unwrap(nested);
        } else {
          piece = unwrap(piece);
        }
      }
      piece = trim_space(piece);
      if (!ok || piece.empty()) return;
      if (!ev_.produce(piece.size() + 1)) {
        ok = false;
        return;
      }
      if (written++ > 0) out.push_back(',');
      out += piece;
    });
    ev_.leave();
    return ok;
  }

  path_value flatten(const path_value& input) {
    path_value v = input;
    if (!ev_.resolve(v)) return {};
    if (v.doc->nodes[v.index].type != node_type::array) return v;
    bool deep = false;
    for_each_option([&](const std::string& key, const document* doc, uint32_t value) {
      if (key == "deep") deep = bool_value(doc, value);
    });
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out.push_back('[');
    if (!flatten_into(out, v.doc, v.index, deep)) return {};
    out.push_back(']');
    return finish(id);
  }

  path_value join(const path_value& input) {
    path_value v = input;
    if (!ev_.resolve(v)) return {};
    const document* doc = v.doc;
    if (doc->nodes[v.index].type != node_type::array) return v;
    bool preserve = false;
    for_each_option([&](const std::string& key, const document* d, uint32_t value) {
      if (key == "preserve") preserve = bool_value(d, value);
    });
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out.push_back('{');
    if (preserve) {
      size_t written = 0;
      for_each_element(doc, v.index, [&](uint32_t e) {
        if (doc->nodes[e].type != node_type::object || ev_.aborted()) return;
        const std::string_view members = unwrap(raw(doc, e));
        if (!ev_.produce(members.size() + 1)) return;
        if (written++ > 0) out.push_back(',');
        out += members;
      });
      if (ev_.aborted()) return {};
      out.push_back('}');
      return finish(id, false);  // an empty object leaves a stray comma, as in gjson
    }
    struct member {
      std::string_view key, value;
    };
    std::vector<member> members;
    std::unordered_map<std::string, size_t> seen;
    for_each_element(doc, v.index, [&](uint32_t e) {
      if (doc->nodes[e].type != node_type::object) return;
      for_each_member(doc, e, [&](uint32_t k, uint32_t value) {
        ev_.spend(1);
        auto inserted = seen.emplace(decoded(doc, k), members.size());
        if (inserted.second) {
          members.push_back(member{raw(doc, k), raw(doc, value)});
        } else {
          members[inserted.first->second].value = raw(doc, value);
        }
      });
    });
    if (ev_.aborted()) return {};
    for (size_t i = 0; i < members.size(); i++) {
      if (!ev_.produce(members[i].key.size() + members[i].value.size() + 2)) return {};
      if (i > 0) out.push_back(',');
      out += members[i].key;
      out.push_back(':');
      out += members[i].value;
    }
    out.push_back('}');
    return finish(id);
  }

  // The source text of every key (or every value) of object `index`, comma separated.
  // False when the fuel ran out.
  bool append_members(std::string& out, const document* doc, uint32_t index, bool keys) {
    size_t written = 0;
    bool ok = true;
    for_each_member(doc, index, [&](uint32_t key, uint32_t value) {
      const std::string_view piece = raw(doc, keys ? key : value);
      if (!ok || !ev_.produce(piece.size() + 1)) {
        ok = false;
        return;
      }
      if (written++ > 0) out.push_back(',');
      out += piece;
    });
    return ok;
  }

  path_value keys(const path_value& input) {
    path_value v = input;
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out.push_back('[');
    if (ev_.resolve(v)) {
      const document* doc = v.doc;
      node_type type = doc->nodes[v.index].type;
      if (type == node_type::object) {
        if (!append_members(out, doc, v.index, true)) return {};
      } else {
        uint32_t count = type == node_type::array ? doc->nodes[v.index].count : 1;
        if (!ev_.spend(count) || !ev_.produce(size_t(count) * 5)) return {};
        for (uint32_t i = 0; i < count; i++) out += i == 0 ? "null" : ",null";
      }
    }
    out.push_back(']');
    return finish(id);
  }

  path_value values(const path_value& input) {
    path_value v = input;
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out.push_back('[');
    if (ev_.resolve(v)) {
      const document* doc = v.doc;
      node_type type = doc->nodes[v.index].type;
      if (type == node_type::array) return v;
      if (type == node_type::object) {
        if (!append_members(out, doc, v.index, false)) return {};
      } else if (!ev_.append(out, ev_.raw_of(v))) {
        return {};
      }
    }
    out.push_back(']');
    return finish(id);
  }

  path_value tostr(const path_value& input) {
    path_value v = input;
    if (v.exists() && !v.trusted && !ev_.resolve(v)) v = path_value{};
    std::string_view json = ev_.json_of(v);
    // The string is at most six bytes per input byte (\u00XX): counted whole before writing.
    if (!ev_.spend(int64_t(json.size() / 64)) || !ev_.produce(json_string_length_bound(json))) return {};
    int32_t id;
    std::string& out = ev_.new_text(&id);
    append_json_string(out, json);
    return finish(id);
  }

  path_value fromstr(const path_value& input) {
    path_value v = input;
    if (!ev_.resolve(v)) return {};
    const node& n = v.doc->nodes[v.index];
    if (is_container(n.type)) return v;
    if (!ev_.produce(ev_.raw_of(v).size())) return {};  // the decoded string is never longer
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out = string_value(v.doc, v.index);
    return finish(id, false);
  }

  path_value group(const path_value& input) {
    path_value v = input;
    if (!ev_.resolve(v)) return {};
    const document* doc = v.doc;
    if (doc->nodes[v.index].type != node_type::object) return {};
    std::vector<std::string> rows;
    for_each_member(doc, v.index, [&](uint32_t k, uint32_t value) {
      if (doc->nodes[value].type != node_type::array) return;
      size_t row = 0;
      for_each_element(doc, value, [&](uint32_t e) {
        // Each row repeats the key: count it for every element.
        if (!ev_.spend(1) || !ev_.produce(raw(doc, k).size() + raw(doc, e).size() + 4)) return;
        if (row == rows.size()) rows.emplace_back();
        std::string& r = rows[row++];
        r.push_back(',');
        r += raw(doc, k);
        r.push_back(':');
        r += raw(doc, e);
      });
    });
    if (ev_.aborted()) return {};
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out.push_back('[');
    for (size_t i = 0; i < rows.size(); i++) {
      if (i > 0) out.push_back(',');
      out.push_back('{');
      out.append(rows[i], 1, std::string::npos);
      out.push_back('}');
    }
    out.push_back(']');
    return finish(id);
  }

  void descend(std::string& out, size_t& written, const path_value& value) {
    if (!ev_.enter()) return;
    ev_.spend(1);
    path_value found = ev_.get(value, step_.argument_path);
    if (found.exists() && (found.trusted || ev_.resolve(found))) {
      const std::string_view piece = ev_.raw_of(found);
      if (ev_.produce(piece.size() + 1)) {
        if (written++ > 0) out.push_back(',');
        out += piece;
      }
    }
    if (value.doc != nullptr && !ev_.aborted()) {
      const document* doc = value.doc;
      node_type type = doc->nodes[value.index].type;
      if (type == node_type::array) {
        for_each_element(doc, value.index, [&](uint32_t e) { descend(out, written, ev_.node_value(doc, e)); });
      } else if (type == node_type::object) {
        for_each_member(doc, value.index, [&](uint32_t, uint32_t e) { descend(out, written, ev_.node_value(doc, e)); });
      }
    }
    ev_.leave();
  }

  path_value dig(const path_value& input) {
    path_value v = input;
    if (!ev_.resolve(v)) v = path_value{};
    int32_t id;
    std::string& out = ev_.new_text(&id);
    out.push_back('[');
    size_t written = 0;
    descend(out, written, v);
    out.push_back(']');
    if (ev_.aborted()) return {};
    return finish(id);
  }

  path_evaluator& ev_;
  const get_step& step_;
};

// A table entry's handler: runs `handler` of a modifier_run for the step.
template <path_value (modifier_run::*handler)(const path_value&)>
path_value run(path_evaluator& evaluator, const get_step& step, const path_value& input) {
  modifier_run call(evaluator, step);
  return (call.*handler)(input);
}

// Every modifier: name, argument, handler. The compiler finds a name here once;
// the evaluator calls the handler the step keeps.
constexpr modifier_entry modifiers[] = {
    {"reverse", modifier_argument::none, run<&modifier_run::reverse>},
    {"ugly", modifier_argument::none, run<&modifier_run::ugly>},
    {"pretty", modifier_argument::options, run<&modifier_run::pretty>},
    {"this", modifier_argument::none, run<&modifier_run::self>},
    {"valid", modifier_argument::none, run<&modifier_run::valid>},
    {"flatten", modifier_argument::options, run<&modifier_run::flatten>},
    {"join", modifier_argument::options, run<&modifier_run::join>},
    {"keys", modifier_argument::none, run<&modifier_run::keys>},
    {"values", modifier_argument::none, run<&modifier_run::values>},
    {"tostr", modifier_argument::none, run<&modifier_run::tostr>},
    {"fromstr", modifier_argument::none, run<&modifier_run::fromstr>},
    {"group", modifier_argument::none, run<&modifier_run::group>},
    {"dig", modifier_argument::path, run<&modifier_run::dig>},
};

}  // namespace

const modifier_entry* find_modifier(const char* name, size_t length) noexcept {
  const std::string_view wanted(name, length);
  for (const modifier_entry& entry : modifiers) {
    if (entry.name == wanted) return &entry;
  }
  return nullptr;
}

const modifier_entry* modifier_table() noexcept { return modifiers; }

size_t modifier_count() noexcept { return sizeof(modifiers) / sizeof(modifiers[0]); }

}  // namespace arenajson
