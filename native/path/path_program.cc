// The path compiler: turns path text into a path_program. The reading of
// each construct follows gjson's own parser (parseObjectPath, parseArrayPath,
// parseQuery, parseSubSelectors, execModifier, execStatic), so that odd paths
// split where gjson splits them. Work is queued, not recursive: a path of a
// million components compiles without deep native recursion.
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "path/gjson_text.h"
#include "path/modifiers.h"
#include "path/path_program.h"

namespace arenajson {

namespace {

constexpr size_t max_path_length = 1u << 20;       // longer paths have no result
constexpr size_t max_steps = 1u << 20;             // steps per program (a 1 MiB path has fewer)
constexpr int max_nesting = 64;                    // queries, multipaths and modifiers within one another
constexpr int64_t scan_budget = int64_t(1) << 25;  // path bytes read while compiling

bool is_one_of(char c, const char* set) noexcept { return c != 0 && std::strchr(set, c) != nullptr; }

bool parse_uint(std::string_view text, uint64_t* out) noexcept {
  if (text.empty()) return false;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    uint64_t digit = uint64_t(c - '0');
    value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;  // saturates, as gjson's parseUint
  }
  *out = value;
  return true;
}

struct pending {
  bool get;
  int32_t id;
  uint32_t begin, end;
  int nesting;
};

class compiler {
 public:
  explicit compiler(path_program& program) : program_(program), text_(program.path) {}

  int32_t get_at(uint32_t begin, uint32_t end) { return intern(true, begin, end, nesting_); }
  int32_t component_at(uint32_t begin, uint32_t end) { return intern(false, begin, end, nesting_); }
  // A sub-path (query, multipath member, modifier argument): one level deeper.
  int32_t nested_get_at(uint32_t begin, uint32_t end) { return intern(true, begin, end, nesting_ + 1); }

  bool run() {
    while (!queue_.empty() && !overflow_) {
      pending next = queue_.back();
      queue_.pop_back();
      nesting_ = next.nesting;
      if (next.get) {
        get_step step;
        build_get(step, next.begin, next.end);
        program_.gets[size_t(next.id)] = std::move(step);
      } else {
        component_step step;
        build_component(step, next.begin, next.end);
        program_.components[size_t(next.id)] = std::move(step);
      }
    }
    return !overflow_;
  }

 private:
  int32_t intern(bool get, uint32_t begin, uint32_t end, int nesting) {
    if (end < begin) end = begin;
    if (nesting > max_nesting) {
      overflow_ = true;
      return -1;
    }
    uint64_t key = (uint64_t(begin) << 32) | end;
    auto& memo = get ? get_memo_ : component_memo_;
    auto found = memo.find(key);
    if (found != memo.end()) return found->second;
    if (program_.gets.size() + program_.components.size() >= max_steps) {
      overflow_ = true;
      return -1;
    }
    int32_t id;
    if (get) {
      id = int32_t(program_.gets.size());
      program_.gets.emplace_back();
    } else {
      id = int32_t(program_.components.size());
      program_.components.emplace_back();
    }
    memo.emplace(key, id);
    queue_.push_back(pending{get, id, begin, end, nesting});
    return id;
  }

  // Counts path bytes read; a path that makes the compiler read too much is invalid.
  void charge(size_t bytes) {
    budget_ -= int64_t(bytes);
    if (budget_ < 0) overflow_ = true;
  }

  std::string_view slice(uint32_t begin, uint32_t end) const {
    return std::string_view(text_).substr(begin, end - begin);
  }

  // After a '.', these start a new get step instead of another component.
  bool is_dot_piper(uint32_t begin, uint32_t end) const {
    char c = text_[begin];
    if (c == '@') {
      uint32_t i = begin + 1;
      while (i < end && text_[i] != '.' && text_[i] != '|' && text_[i] != ':') i++;
      return find_modifier(text_.data() + begin + 1, i - begin - 1) != nullptr;
    }
    return c == '[' || c == '{';
  }

  void build_get(get_step& step, uint32_t begin, uint32_t end) {
    const uint32_t n = end - begin;
    if (n > 1 && text_[begin] == '@' && build_modifier(step, begin, end)) return;
    if (n > 1 && text_[begin] == '!' && build_literal(step, begin, end)) return;
    if (n > 1 && (text_[begin] == '[' || text_[begin] == '{')) {
      uint32_t rest = end;
      if (!build_multipath(step, begin, end, &rest)) {
        step = get_step{};
        step.component = component_at(end, end);  // gjson goes on with an empty path
        return;
      }
      if (rest < end && text_[rest] != '|' && text_[rest] != '.') {
        step = get_step{};
        step.component = component_at(rest, end);  // gjson goes on with what follows
        return;
      }
      if (rest < end) step.rest = get_at(rest + 1, end);
      return;
    }
    if (n >= 2 && text_[begin] == '.' && text_[begin + 1] == '.') {
      step.kind = get_kind::lines;
      step.component = component_at(begin + 2, end);
      return;
    }
    step.kind = get_kind::plain;
    step.component = component_at(begin, end);
  }

  bool build_modifier(get_step& step, uint32_t begin, uint32_t end) {
    uint32_t name_end = end, out = end;
    bool has_argument = false;
    for (uint32_t i = begin + 1; i < end; i++) {
      char c = text_[i];
      if (c == ':') {
        name_end = i;
        out = i + 1;
        has_argument = out < end;
        break;
      }
      if (c == '|' || c == '.') {
        name_end = i;
        out = i;
        break;
      }
    }
    const modifier_entry* modifier = find_modifier(text_.data() + begin + 1, name_end - begin - 1);
    if (modifier == nullptr) return false;
    step.kind = get_kind::modifier;
    step.modifier = modifier;
    if (has_argument) {
      char c = text_[out];
      if (c == '{' || c == '[' || c == '"') {
        uint32_t length = uint32_t(squash_length(slice(out, end)));
        step.argument = text_range{out, out + length};
        out += length;
      } else {
        uint32_t i = out;
        for (; i < end; i++) {
          if (text_[i] == '|') break;
          if (is_one_of(text_[i], "{[\"(")) i += uint32_t(squash_length(slice(i, end))) - 1;
        }
        step.argument = text_range{out, i};
        out = i;
      }
    }
    if (modifier->argument == modifier_argument::path)
      step.argument_path = nested_get_at(step.argument.begin, step.argument.end);
    charge(out - begin);
    if (out < end && (text_[out] == '|' || text_[out] == '.')) step.rest = get_at(out + 1, end);
    return true;
  }

  bool build_literal(get_step& step, uint32_t begin, uint32_t end) {
    uint32_t name = begin + 1;
    uint32_t out = end;
    if (is_one_of(text_[name], "{[\"+-0123456789")) {
      uint32_t length = uint32_t(parse_squash_length(slice(name, end)));
      step.literal = text_range{name, name + length};
      out = name + length;
    } else {
      uint32_t name_end = end;
      for (uint32_t i = begin + 1; i < end; i++) {
        if (text_[i] == '|' || text_[i] == '.') {
          name_end = i;
          out = i;
          break;
        }
      }
      std::string lower(slice(name, name_end));
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
      }
      if (lower != "true" && lower != "false" && lower != "null" && lower != "nan" && lower != "inf") return false;
      step.literal = text_range{name, name_end};
    }
    step.kind = get_kind::literal;
    if (out < end && (text_[out] == '|' || text_[out] == '.')) step.rest = get_at(out + 1, end);
    return true;
  }

  // gjson's nameOfLast: the text after the last unescaped '.' or '|'.
  std::string_view name_of_last(uint32_t begin, uint32_t end) const {
    for (uint32_t i = end; i-- > begin;) {
      if (text_[i] == '|' || text_[i] == '.') {
        if (i > begin && text_[i - 1] == '\\') continue;
        return slice(i + 1, end);
      }
    }
    return slice(begin, end);
  }

  static bool is_simple_name(std::string_view name) {
    for (char c : name) {
      if (static_cast<uint8_t>(c) < ' ' || is_one_of(c, "[]{}()#|!")) return false;
    }
    return true;
  }

  void add_member(get_step& step, uint32_t start, uint32_t colon, uint32_t i) {
    multipath_member member;
    uint32_t path_begin = colon == 0 ? start : colon + 1;
    member.path = nested_get_at(path_begin, i);
    if (step.object) {
      std::string_view name = colon == 0 ? std::string_view() : slice(start, colon);
      if (!name.empty()) {
        if (name[0] == '"' && is_json_string_literal(trim_json_space(name))) {
          member.name.assign(name);
        } else {
          append_json_string(member.name, name);
        }
      } else {
        std::string_view last = name_of_last(path_begin, i);
        append_json_string(member.name, is_simple_name(last) ? last : std::string_view("_"));
      }
    }
    step.members.push_back(std::move(member));
  }

  bool build_multipath(get_step& step, uint32_t begin, uint32_t end, uint32_t* rest) {
    step.kind = get_kind::multipath;
    step.object = text_[begin] == '{';
    uint32_t modifier = 0, colon = 0, start = begin + 1;
    int depth = 1;
    for (uint32_t i = begin + 1; i < end; i++) {
      switch (text_[i]) {
        case '\\': i++; break;
        case '@':
          if (modifier == 0 && (text_[i - 1] == '.' || text_[i - 1] == '|')) modifier = i;
          break;
        case ':':
          if (modifier == 0 && colon == 0 && depth == 1) colon = i;
          break;
        case ',':
          if (depth == 1) {
            add_member(step, start, colon, i);
            colon = 0;
            modifier = 0;
            start = i + 1;
          }
          break;
        case '"':
          for (i++; i < end; i++) {
            if (text_[i] == '\\') {
              i++;
            } else if (text_[i] == '"') {
              break;
            }
          }
          break;
        case '[':
        case '(':
        case '{': depth++; break;
        case ']':
        case ')':
        case '}':
          depth--;
          if (depth == 0) {
            charge(i - begin);
            add_member(step, start, colon, i);
            *rest = i + 1;
            return true;
          }
          break;
        default: break;
      }
    }
    charge(end - begin);
    return false;
  }

  void build_component(component_step& step, uint32_t begin, uint32_t end) {
    build_object_view(step.object, begin, end);
    build_array_view(step.array, begin, end);
  }

  continuation dot_or_pipe(uint32_t dot, uint32_t end, bool allow_piper) {
    continuation next;
    if (allow_piper && dot + 1 < end && is_dot_piper(dot + 1, end)) {
      next.what = continuation::kind::pipe;
      next.target = get_at(dot + 1, end);
    } else {
      next.what = continuation::kind::more;
      next.target = component_at(dot + 1, end);
    }
    return next;
  }

  continuation pipe_to(uint32_t bar, uint32_t end) {
    continuation next;
    next.what = continuation::kind::pipe;
    next.target = get_at(bar + 1, end);
    return next;
  }

  void build_object_view(object_step& step, uint32_t begin, uint32_t end) {
    for (uint32_t i = begin; i < end; i++) {
      char c = text_[i];
      if (c == '|') {
        step.key.assign(slice(begin, i));
        step.next = pipe_to(i, end);
        return;
      }
      if (c == '.') {
        step.key.assign(slice(begin, i));
        step.next = dot_or_pipe(i, end, true);
        return;
      }
      if (c == '*' || c == '?') {
        step.wild = true;
        continue;
      }
      if (c == '\\') {
        // Escapes: the key is built byte by byte from here on.
        step.key.assign(slice(begin, i));
        i++;
        if (i < end) {
          step.key.push_back(text_[i]);
          for (i++; i < end; i++) {
            c = text_[i];
            if (c == '\\') {
              i++;
              if (i < end) step.key.push_back(text_[i]);
              continue;
            }
            if (c == '.') {
              step.next = dot_or_pipe(i, end, true);
              return;
            }
            if (c == '|') {
              step.next = pipe_to(i, end);
              return;
            }
            if (c == '*' || c == '?') step.wild = true;
            step.key.push_back(c);
          }
        }
        return;
      }
    }
    step.key.assign(slice(begin, end));
  }

  // gjson's splitPossiblePipe: where a '|' ends the part applied per element.
  bool split_possible_pipe(uint32_t begin, uint32_t end, text_range* left, text_range* right) {
    const void* bar = std::memchr(text_.data() + begin, '|', end - begin);
    if (bar == nullptr) return false;
    charge(size_t(static_cast<const char*>(bar) - text_.data()) - begin);
    if (text_[begin] == '{') {
      uint32_t length = uint32_t(squash_length(slice(begin + 1, end)));
      if (length < end - begin - 1) {
        uint32_t close = begin + 1 + length;
        if (text_[close] == '|') {
          *left = text_range{begin, close};
          *right = text_range{close + 1, end};
          return true;
        }
      }
      return false;
    }
    for (uint32_t i = begin; i < end; i++) {
      char c = text_[i];
      if (c == '\\') {
        i++;
      } else if (c == '.') {
        if (i == end - 1) return false;
        if (text_[i + 1] == '#') {
          i += 2;
          if (i == end) return false;
          if (text_[i] == '[' || text_[i] == '(') {
            char open = text_[i], close = open == '[' ? ']' : ')';
            int depth = 1;
            for (i++; i < end; i++) {
              if (text_[i] == '\\') {
                i++;
              } else if (text_[i] == open) {
                depth++;
              } else if (text_[i] == close) {
                if (--depth == 0) break;
              } else if (text_[i] == '"') {
                for (i++; i < end; i++) {
                  if (text_[i] == '\\') {
                    i++;
                  } else if (text_[i] == '"') {
                    break;
                  }
                }
              }
            }
          }
        }
      } else if (c == '|') {
        *left = text_range{begin, i};
        *right = text_range{i + 1, end};
        return true;
      }
    }
    return false;
  }

  // gjson's parseQuery over text_[begin, end) (which starts "#(" or "#[").
  // Returns false when the brackets do not close.
  bool parse_query(uint32_t begin, uint32_t end, query_spec& query, uint32_t* after) {
    uint32_t i = begin + 2, op_at = 0;
    int depth = 1;
    bool escaped_value = false;
    for (; i < end; i++) {
      char c = text_[i];
      if (depth == 1 && op_at == 0 && is_one_of(c, "!=<>%")) {
        op_at = i;
        continue;
      }
      if (c == '\\') {
        i++;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || c == ')') {
        if (--depth == 0) break;
      } else if (c == '"') {
        for (i++; i < end; i++) {
          if (text_[i] == '\\') {
            escaped_value = true;
            i++;
          } else if (text_[i] == '"') {
            break;
          }
        }
      }
    }
    charge(i - begin);
    if (depth > 0) return false;
    *after = i + 1;
    std::string_view path;
    if (op_at == 0) {
      path = trim_space(slice(begin + 2, i));
      query.op = query_op::exists;
    } else {
      path = trim_space(slice(begin + 2, op_at));
      std::string_view value = trim_space(slice(op_at, i));
      size_t op_size = 0;
      if (value.size() == 1) {
        op_size = 1;
      } else if ((value[0] == '!' && (value[1] == '=' || value[1] == '%')) ||
                 ((value[0] == '<' || value[0] == '>') && value[1] == '=')) {
        op_size = 2;
      } else if (value[0] == '=' && value[1] == '=') {
        value.remove_prefix(1);
        op_size = 1;
      } else if (is_one_of(value[0], "<>=%")) {
        op_size = 1;
      }
      std::string_view op = value.substr(0, op_size);
      value = trim_space(value.substr(op_size));
      if (op.empty())
        query.op = query_op::exists;
      else if (op == "=")
        query.op = query_op::equal;
      else if (op == "!=")
        query.op = query_op::not_equal;
      else if (op == "<")
        query.op = query_op::less;
      else if (op == "<=")
        query.op = query_op::less_equal;
      else if (op == ">")
        query.op = query_op::greater;
      else if (op == ">=")
        query.op = query_op::greater_equal;
      else if (op == "%")
        query.op = query_op::like;
      else if (op == "!%")
        query.op = query_op::not_like;
      else
        query.op = query_op::never;
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
        if (escaped_value) {
          append_unescaped(query.value, value);
        } else {
          query.value.assign(value);
        }
      } else {
        query.value.assign(value);
      }
    }
    const std::string& v = query.value;
    if (!v.empty() && v[0] == '~') {
      std::string_view rest = std::string_view(v).substr(1);
      if (rest == "*")
        query.tilde = query_tilde::exists;
      else if (rest == "null")
        query.tilde = query_tilde::null_value;
      else if (rest == "true")
        query.tilde = query_tilde::truthy;
      else if (rest == "false")
        query.tilde = query_tilde::falsy;
      else
        query.tilde = query_tilde::unknown;
    }
    parse_go_float(v, &query.number);
    uint32_t path_begin = uint32_t(path.data() - text_.data());
    query.path_empty = path.empty();
    query.path = nested_get_at(path_begin, path_begin + uint32_t(path.size()));
    return true;
  }

  void build_array_view(array_step& step, uint32_t begin, uint32_t end) {
    bool arrch = false, map = false, query = false;
    uint32_t part_end = end;
    uint32_t dot = 0;  // the '.' before more components, when there is one
    bool more = false;
    bool piped = false;
    uint32_t bar = 0;
    for (uint32_t i = begin; i < end; i++) {
      char c = text_[i];
      if (c == '|') {
        part_end = i;
        piped = true;
        bar = i;
        break;
      }
      if (c == '.') {
        part_end = i;
        if (!arrch && i + 1 < end && is_dot_piper(i + 1, end)) {
          piped = true;
          bar = i;
        } else {
          more = true;
          dot = i;
        }
        break;
      }
      if (c == '#') {
        arrch = true;
        if (i == begin && end - begin > 1) {
          if (text_[begin + 1] == '.') {
            map = true;
          } else if (text_[begin + 1] == '[' || text_[begin + 1] == '(') {
            uint32_t after = 0;
            if (!parse_query(begin, end, step.query, &after)) {
              step.kind = array_kind::none;  // an unclosed query matches nothing
              return;
            }
            query = true;
            i = after - 1;
            if (i + 1 < end && text_[i + 1] == '#') step.query.all = true;
          }
        }
      }
    }
    if (query) {
      step.kind = array_kind::query;
      if (piped) {
        step.next = pipe_to(bar, end);
      } else if (more) {
        text_range left{dot + 1, end}, right;
        step.next.what = continuation::kind::split;
        if (split_possible_pipe(dot + 1, end, &left, &right)) step.next.pipe = get_at(right.begin, right.end);
        step.next.target = get_at(left.begin, left.end);
      }
      return;
    }
    if (map) {
      step.kind = array_kind::map;
      text_range left{begin + 2, end}, right;
      if (split_possible_pipe(begin + 2, end, &left, &right)) step.map_pipe = get_at(right.begin, right.end);
      step.map_key = get_at(left.begin, left.end);
      return;
    }
    // gjson takes up a pipe even when the part matches nothing.
    if (piped) step.next = pipe_to(bar, end);
    if (arrch) {
      if (part_end - begin == 1 && text_[begin] == '#') step.kind = array_kind::count;
      return;
    }
    if (!parse_uint(slice(begin, part_end), &step.index)) return;
    step.kind = array_kind::index;
    if (!piped && more) {
      step.next.what = continuation::kind::more;
      step.next.target = component_at(dot + 1, end);
    }
  }

  path_program& program_;
  const std::string& text_;
  std::unordered_map<uint64_t, int32_t> get_memo_, component_memo_;
  std::vector<pending> queue_;
  bool overflow_ = false;
  int nesting_ = 0;
  int64_t budget_ = scan_budget;
};

}  // namespace

bool compile_path(const char* path, size_t length, path_program& out) {
  out.path.assign(path, length);
  out.gets.clear();
  out.components.clear();
  out.valid = false;
  out.plain_chain = false;
  if (length >= max_path_length) return false;
  compiler c(out);
  c.get_at(0, uint32_t(length));
  out.valid = c.run();
  out.plain_chain = out.valid && is_plain_chain(out);
  return out.valid;
}

}  // namespace arenajson
