// Evaluation follows gjson's own control flow (Get, parseObject, parseArray,
// procQuery, queryMatches) so that results match it in the odd corners too:
// where a pipe applies, which of several matching keys wins, what a query
// compares. One deliberate difference: a plain key that repeats in an object
// gives its last value, as JSON.parse does (gjson gives the first).
#include "path/path_eval.h"
#include "read/read_plan.h"

#include <cstring>

#include "parse/json_chars.h"
#include "parse/materialize.h"
#include "path/gjson_text.h"
#include "path/modifiers.h"
#include "path/path_match.h"

namespace arenajson {

namespace {

constexpr int64_t fuel_per_run = int64_t(1) << 25;
constexpr size_t scratch_keep_bytes = size_t(64) << 20;

// gjson's value kinds, as queries compare them.
enum class result_type : uint8_t { missing, null_value, false_value, number, string, true_value, json };

result_type type_of(const path_value& v) {
  if (v.doc == nullptr) return result_type::missing;
  switch (v.doc->nodes[v.index].type) {
    case node_type::null_value: return result_type::null_value;
    case node_type::true_value: return result_type::true_value;
    case node_type::false_value: return result_type::false_value;
    case node_type::number: return result_type::number;
    case node_type::string: return result_type::string;
    default: return result_type::json;
  }
}

// Go's strconv.ParseBool after strings.ToLower: 1 true, 0 false, -1 neither.
int parse_bool(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  if (lower == "1" || lower == "t" || lower == "true") return 1;
  if (lower == "0" || lower == "f" || lower == "false") return 0;
  return -1;
}

}  // namespace

path_evaluator::path_evaluator() : scratch_(arena_options{}) {}

path_evaluator::~path_evaluator() {
  if (parser_ != nullptr) parser_scratch_destroy(parser_);
}

void path_evaluator::run(const path_program& program, const document& doc, uint32_t start, path_result& out) {
  program_ = &program;
  origin_ = &doc;
  texts_used_ = 0;
  parsed_.clear();
  fuel_ = fuel_per_run;
  produced_ = 0;
  depth_ = 0;
  aborted_ = false;
  if (scratch_.stats().bytes_used != 0) {
    if (scratch_.stats().bytes_reserved > scratch_keep_bytes) {
      scratch_.release();
    } else {
      scratch_.reset();
    }
  }
  if (run_plain(program, doc, start, out)) return;
  path_value result = get(node_value(&doc, start), 0);
  out.what = path_result::kind::none;
  out.json.clear();
  if (aborted_ || !result.exists()) return;
  if (result.text < 0 && result.doc == origin_) {
    out.what = path_result::kind::node;
    out.node_index = result.index;
    return;
  }
  if (!result.trusted && !resolve(result)) return;
  out.json.assign(raw_of(result));
  out.what = path_result::kind::json;
}

bool is_plain_chain(const path_program& program) noexcept {
  if (program.gets.empty() || program.gets[0].kind != get_kind::plain) return false;
  int32_t at = program.gets[0].component;
  for (int steps = 0; steps < 32; steps++) {
    if (at < 0 || size_t(at) >= program.components.size()) return false;
    const component_step& step = program.components[size_t(at)];
    const continuation& next = step.object.next;
    if (step.object.wild || (next.what != continuation::kind::end && next.what != continuation::kind::more))
      return false;
    if (step.array.kind != array_kind::none) {
      if (step.array.kind != array_kind::index) return false;
      if (step.array.next.what != next.what || step.array.next.target != next.target) return false;
    }
    if (next.what == continuation::kind::end) return true;
    at = next.target;
  }
  return false;
}

// walk() for a plain chain, with the same lookups, fuel and outcome; the
// general path's bookkeeping (get steps, walk contexts, texts) is not needed.
bool path_evaluator::run_plain(const path_program& program, const document& doc, uint32_t start, path_result& out) {
  if (!program.plain_chain) return false;
  out.what = path_result::kind::none;
  out.json.clear();
  int64_t fuel = fuel_;
  uint32_t at = start;
  int32_t component = program.gets[0].component;
  for (;;) {
    if (--fuel < 0) return true;
    const node& n = doc.nodes[at];
    const component_step& step = program.components[size_t(component)];
    int64_t found;
    if (n.type == node_type::object) {
      found = index_.member(doc, at, step.object.key.data(), step.object.key.size());
    } else if (n.type == node_type::array && step.array.kind == array_kind::index) {
      if (step.array.index >= n.count) return true;
      fuel -= int64_t(step.array.index / 16);
      if (fuel < 0) return true;
      found = index_.element(doc, at, uint32_t(step.array.index));
    } else {
      return true;
    }
    if (found < 0) return true;
    // Both views continue alike (is_plain_chain).
    const continuation& next = step.object.next;
    if (next.what == continuation::kind::end) {
      out.what = path_result::kind::node;
      out.node_index = uint32_t(found);
      return true;
    }
    if (!is_container(doc.nodes[found].type)) return true;
    at = uint32_t(found);
    component = next.target;
  }
}

path_value path_evaluator::node_value(const document* doc, uint32_t index) const noexcept {
  path_value v;
  v.doc = doc;
  v.index = index;
  return v;
}

bool path_evaluator::spend(int64_t units) noexcept {
  fuel_ -= units;
  if (fuel_ < 0) aborted_ = true;
  return !aborted_;
}

bool path_evaluator::produce(size_t bytes) noexcept {
  const uint64_t before = produced_ / text_bytes_per_unit;
  produced_ += bytes;
  return spend(int64_t(produced_ / text_bytes_per_unit - before));
}

bool path_evaluator::append(std::string& out, std::string_view piece) {
  if (!produce(piece.size())) return false;
  out.append(piece.data(), piece.size());
  return true;
}

size_t path_evaluator::text_allowance() const noexcept {
  if (aborted_ || fuel_ <= 0) return 0;
  return size_t(fuel_) * text_bytes_per_unit;
}

bool path_evaluator::enter() noexcept {
  if (aborted_ || depth_ >= max_depth) {
    aborted_ = true;
    return false;
  }
  depth_++;
  return true;
}

std::string& path_evaluator::new_text(int32_t* id) {
  if (texts_used_ == texts_.size()) texts_.emplace_back();
  std::string& text = texts_[texts_used_];
  text.clear();
  *id = int32_t(texts_used_++);
  return text;
}

path_value path_evaluator::text_value(int32_t id, bool trusted) {
  path_value v;
  const std::string& text = texts_[size_t(id)];
  if (!spend(int64_t(text.size() / 16))) return v;
  for (char c : text) {
    if (!is_json_whitespace(uint8_t(c))) {
      v.text = id;
      v.trusted = trusted;
      return v;
    }
  }
  return v;
}

bool path_evaluator::resolve(path_value& value) {
  if (value.doc != nullptr) return true;
  if (value.text < 0) return false;
  size_t id = size_t(value.text);
  if (parsed_.size() <= id) parsed_.resize(id + 1, nullptr);
  if (parsed_[id] == nullptr) {
    const std::string& text = texts_[id];
    if (!spend(int64_t(text.size() / 64) + 1)) return false;
    if (parser_ == nullptr) parser_ = parser_scratch_create();
    if (parser_ == nullptr) return false;
    const size_t padding = parse_padding();
    error_code error = error_code::success;
    auto* copy = static_cast<uint8_t*>(scratch_.allocate(text.size() + padding, 64, &error));
    if (copy == nullptr) return false;
    std::memcpy(copy, text.data(), text.size());
    std::memset(copy + text.size(), ' ', padding);
    parse_error failure;
    parsed_[id] = parse_document(scratch_, *parser_, copy, text.size(), &failure);
    if (parsed_[id] == nullptr) {
      value.text = -1;  // not JSON: the value is missing
      return false;
    }
  }
  value.doc = parsed_[id];
  value.index = 0;
  value.trusted = true;
  return true;
}

std::string_view path_evaluator::json_of(const path_value& value) {
  if (value.text >= 0) return texts_[size_t(value.text)];
  if (value.doc == nullptr) return std::string_view();
  if (value.index == 0) return std::string_view(reinterpret_cast<const char*>(value.doc->text), value.doc->length);
  const node& n = value.doc->nodes[value.index];
  return std::string_view(reinterpret_cast<const char*>(value.doc->text + n.begin), n.end - n.begin);
}

std::string_view path_evaluator::raw_of(const path_value& value) {
  if (value.text >= 0) {
    // gjson's Parse: a container runs to the end of the text, a scalar is its token.
    std::string_view text = texts_[size_t(value.text)];
    size_t b = 0;
    while (b < text.size() && static_cast<uint8_t>(text[b]) <= ' ') b++;
    text.remove_prefix(b);
    if (!text.empty() && (text[0] == '{' || text[0] == '[')) return text;
    return trim_space(text);
  }
  if (value.doc == nullptr) return std::string_view();
  const node& n = value.doc->nodes[value.index];
  return std::string_view(reinterpret_cast<const char*>(value.doc->text + n.begin), n.end - n.begin);
}

path_value path_evaluator::number_text(uint64_t number) {
  int32_t id;
  std::string& text = new_text(&id);
  text = std::to_string(number);
  return text_value(id, true);
}

path_value path_evaluator::get(const path_value& input, int32_t step_id) {
  if (step_id < 0 || !enter()) return {};
  const get_step& step = program_->gets[size_t(step_id)];
  path_value out;
  switch (step.kind) {
    case get_kind::plain: out = plain(step.component, input); break;
    case get_kind::lines: out = lines(step.component, input); break;
    case get_kind::modifier:
      out = step.modifier->apply(*this, step, input);
      if (step.rest >= 0) out = get(out, step.rest);
      break;
    case get_kind::literal: {
      int32_t id;
      std::string& text = new_text(&id);
      text.assign(program_->path, step.literal.begin, step.literal.end - step.literal.begin);
      out = text_value(id, false);
      if (step.rest >= 0) out = get(out, step.rest);
      break;
    }
    case get_kind::multipath:
      out = multipath(step, input);
      if (step.rest >= 0) out = get(out, step.rest);
      break;
  }
  leave();
  return aborted_ ? path_value{} : out;
}

path_value path_evaluator::plain(int32_t component, const path_value& input) {
  path_value v = input;
  if (!resolve(v)) return {};
  walk_context context;
  if (is_container(v.doc->nodes[v.index].type)) walk(context, v.doc, v.index, component);
  if (context.piped) return get(context.value, context.pipe);
  return context.value;
}

path_value path_evaluator::lines(int32_t component, const path_value& input) {
  path_value all = input;
  bool is_lines = all.text < 0 && all.doc != nullptr && all.index == 0 && all.doc->lines;
  if (!is_lines) {
    // Anything else reads as one line: a document of one element.
    if (all.exists() && !all.trusted && !resolve(all)) all = path_value{};
    std::string_view json = json_of(all);
    int32_t id;
    std::string& text = new_text(&id);
    if (!produce(json.size() + 2)) return {};
    text.push_back('[');
    text.append(json);
    text.push_back(']');
    all = text_value(id, true);
    if (!resolve(all)) return {};
  }
  walk_context context;
  walk(context, all.doc, all.index, component);
  if (context.piped) return get(context.value, context.pipe);
  return context.value;
}

path_value path_evaluator::multipath(const get_step& step, const path_value& input) {
  int32_t id;
  std::string& out = new_text(&id);
  out.push_back(step.object ? '{' : '[');
  size_t written = 0;
  for (const multipath_member& member : step.members) {
    path_value r = get(input, member.path);
    if (!r.exists() || (!r.trusted && !resolve(r))) continue;
    const std::string_view raw = raw_of(r);
    if (!produce(raw.size() + member.name.size() + 2)) return {};
    if (written++ > 0) out.push_back(',');
    if (step.object) {
      out += member.name;
      out.push_back(':');
    }
    out += raw;
  }
  out.push_back(step.object ? '}' : ']');
  return text_value(id, true);
}

bool path_evaluator::key_matches(const document* doc, uint32_t key, const std::string& pattern) {
  std::string_view name = decoded_string(*doc, key, key_buffer_);
  int64_t budget = int64_t(name.size() + 1) * 10000;
  if (budget > fuel_) budget = fuel_;
  int64_t start = budget;
  match_result r = wildcard_match(name, pattern, &budget);
  spend(start - budget);
  return r == match_result::match;
}

bool path_evaluator::like(std::string_view text, std::string_view pattern) {
  int64_t budget = int64_t(text.size() + 1) * 10000;
  if (budget > fuel_) budget = fuel_;
  int64_t start = budget;
  match_result r = wildcard_match(text, pattern, &budget);
  spend(start - budget);
  return r == match_result::match;
}

bool path_evaluator::walk(walk_context& context, const document* doc, uint32_t at, int32_t component) {
  for (;;) {
    if (!spend(1)) return false;
    const node& n = doc->nodes[at];
    const component_step& step = program_->components[size_t(component)];
    if (n.type == node_type::object) {
      const object_step& view = step.object;
      if (view.next.what == continuation::kind::pipe) {
        context.pipe = view.next.target;
        context.piped = true;
      }
      bool more = view.next.what == continuation::kind::more;
      if (!view.wild) {
        int64_t found = doc == origin_ ? index_.member(*doc, at, view.key.data(), view.key.size())
                                       : find_member(*doc, at, view.key.data(), view.key.size());
        if (found < 0) return false;
        if (!more) {
          context.value = node_value(doc, uint32_t(found));
          return true;
        }
        if (!is_container(doc->nodes[found].type)) return false;
        at = uint32_t(found);
        component = view.next.target;
        continue;
      }
      uint32_t key = at + 1;
      for (uint32_t k = 0; k < n.count; k++) {
        uint32_t value = key + 1;
        uint32_t next_key = doc->nodes[value].next;
        if (!spend(1)) return false;
        if (key_matches(doc, key, view.key)) {
          if (!more) {
            context.value = node_value(doc, value);
            return true;
          }
          if (is_container(doc->nodes[value].type)) {
            if (!enter()) return false;
            bool hit = walk(context, doc, value, view.next.target);
            leave();
            if (hit) return true;
            if (aborted_) return false;
          }
        }
        key = next_key;
      }
      return false;
    }
    if (n.type != node_type::array) return false;
    const array_step& view = step.array;
    if (view.next.what == continuation::kind::pipe) {
      context.pipe = view.next.target;
      context.piped = true;
    }
    switch (view.kind) {
      case array_kind::none: return false;
      case array_kind::count: context.value = number_text(n.count); return true;
      case array_kind::map:
        if (view.map_pipe >= 0) {
          context.pipe = view.map_pipe;
          context.piped = true;
        }
        context.value = map(doc, at, view);
        return true;
      case array_kind::query: return run_query(context, doc, at, view);
      case array_kind::index: {
        if (view.index >= n.count) return false;
        if (!spend(int64_t(view.index / 16))) return false;
        int64_t found = doc == origin_ ? index_.element(*doc, at, uint32_t(view.index))
                                       : find_element(*doc, at, uint32_t(view.index));
        if (found < 0) return false;
        if (view.next.what != continuation::kind::more) {
          context.value = node_value(doc, uint32_t(found));
          return true;
        }
        if (!is_container(doc->nodes[found].type)) return false;
        at = uint32_t(found);
        component = view.next.target;
        continue;
      }
    }
    return false;
  }
}

path_value path_evaluator::map(const document* doc, uint32_t array, const array_step& step) {
  int32_t id;
  std::string& out = new_text(&id);
  out.push_back('[');
  size_t written = 0;
  const node& n = doc->nodes[array];
  uint32_t element = array + 1;
  for (uint32_t k = 0; k < n.count && !aborted_; k++) {
    spend(1);
    path_value r = get(node_value(doc, element), step.map_key);
    if (r.exists() && (r.trusted || resolve(r))) {
      if (!produce(1)) break;
      if (written++ > 0) out.push_back(',');
      if (!append(out, raw_of(r))) break;
    }
    element = doc->nodes[element].next;
  }
  out.push_back(']');
  return text_value(id, true);
}

bool path_evaluator::run_query(walk_context& context, const document* doc, uint32_t array, const array_step& step) {
  const query_spec& query = step.query;
  int32_t id = -1;
  std::string* out = nullptr;
  size_t written = 0;
  if (query.all) {
    out = &new_text(&id);
    out->push_back('[');
  }
  const node& n = doc->nodes[array];
  uint32_t element = array + 1;
  for (uint32_t k = 0; k < n.count; k++, element = doc->nodes[element].next) {
    if (!spend(1)) return false;
    path_value item = node_value(doc, element);
    path_value compared;
    if (is_container(doc->nodes[element].type)) {
      compared = get(item, query.path);
    } else {
      if (!query.path_empty) continue;
      compared = item;
    }
    if (aborted_) return false;
    if (!query_matches(query, compared)) continue;
    path_value picked = item;
    if (step.next.what == continuation::kind::split) {
      if (step.next.pipe >= 0) {
        context.pipe = step.next.pipe;
        context.piped = true;
      }
      picked = get(item, step.next.target);
    }
    if (!query.all) {
      context.value = picked;
      return true;
    }
    if (!picked.exists() || (!picked.trusted && !resolve(picked))) continue;
    if (!produce(1)) return false;
    if (written++ > 0) out->push_back(',');
    if (!append(*out, raw_of(picked))) return false;
  }
  if (query.all && !context.value.exists()) {
    out->push_back(']');
    context.value = text_value(id, true);
  }
  return false;
}

// When node `n` and `literal` are both integer literals (digits, an optional
// minus sign), sets *order to -1, 0 or 1 as n is below, equal to or above
// the literal, compared exactly, and returns true.
static bool compare_integer_literals(const document& doc, const node& n, std::string_view literal, int* order) {
  if (!is_integer_literal(doc, n)) return false;
  auto split = [](std::string_view text, bool* negative, std::string_view* digits) {
    *negative = !text.empty() && text[0] == '-';
    if (*negative) text.remove_prefix(1);
    if (text.empty()) return false;
    for (char c : text) {
      if (c < '0' || c > '9') return false;
    }
    while (text.size() > 1 && text[0] == '0') text.remove_prefix(1);
    *digits = text;
    return true;
  };
  bool left_negative, right_negative;
  std::string_view left, right;
  split(std::string_view(reinterpret_cast<const char*>(doc.text + n.begin), n.end - n.begin), &left_negative, &left);
  if (!split(literal, &right_negative, &right)) return false;
  if (left == "0") left_negative = false;
  if (right == "0") right_negative = false;
  int magnitude = left.size() != right.size() ? (left.size() < right.size() ? -1 : 1) : left.compare(right);
  if (magnitude != 0) magnitude = magnitude < 0 ? -1 : 1;
  if (left_negative != right_negative) {
    *order = left_negative ? -1 : 1;
  } else {
    *order = left_negative ? -magnitude : magnitude;
  }
  return true;
}

bool path_evaluator::query_matches(const query_spec& query, path_value value) {
  if (value.exists() && !resolve(value)) value = path_value{};
  result_type type = type_of(value);
  std::string_view expected = query.value;
  std::string buffer;
  if (query.tilde != query_tilde::none) {
    bool ish = false;
    switch (query.tilde) {
      case query_tilde::exists: ish = type != result_type::missing; break;
      case query_tilde::null_value: ish = type == result_type::missing || type == result_type::null_value; break;
      case query_tilde::truthy:
        if (type == result_type::true_value) ish = true;
        if (type == result_type::number) ish = number_value(*value.doc, value.doc->nodes[value.index]) != 0;
        if (type == result_type::string) ish = parse_bool(decoded_string(*value.doc, value.index, buffer)) == 1;
        break;
      case query_tilde::falsy:
        if (type == result_type::missing || type == result_type::null_value || type == result_type::false_value)
          ish = true;
        if (type == result_type::number) ish = number_value(*value.doc, value.doc->nodes[value.index]) == 0;
        if (type == result_type::string) ish = parse_bool(decoded_string(*value.doc, value.index, buffer)) == 0;
        break;
      default: return false;  // an unknown ~word compares a missing value: no match
    }
    if (query.op == query_op::exists) return true;
    expected = "true";
    type = ish ? result_type::true_value : result_type::false_value;
  }
  if (type == result_type::missing) return false;
  if (query.op == query_op::exists) return true;
  switch (type) {
    case result_type::string: {
      std::string_view s = decoded_string(*value.doc, value.index, buffer);
      switch (query.op) {
        case query_op::equal: return s == expected;
        case query_op::not_equal: return s != expected;
        case query_op::less: return s < expected;
        case query_op::less_equal: return s <= expected;
        case query_op::greater: return s > expected;
        case query_op::greater_equal: return s >= expected;
        case query_op::like: return like(s, expected);
        case query_op::not_like: return !like(s, expected) && !aborted_;
        default: return false;
      }
    }
    case result_type::number: {
      const node& n = value.doc->nodes[value.index];
      double x = number_value(*value.doc, n);
      double y = query.number;
      int exact = 0;  // both integer literals: compared by value, not as doubles
      if (compare_integer_literals(*value.doc, n, query.value, &exact)) {
        x = exact;
        y = 0;
      }
      switch (query.op) {
        case query_op::equal: return x == y;
        case query_op::not_equal: return x != y;
        case query_op::less: return x < y;
        case query_op::less_equal: return x <= y;
        case query_op::greater: return x > y;
        case query_op::greater_equal: return x >= y;
        default: return false;
      }
    }
    case result_type::true_value:
      switch (query.op) {
        case query_op::equal: return expected == "true";
        case query_op::not_equal: return expected != "true";
        case query_op::greater: return expected == "false";
        case query_op::greater_equal: return true;
        default: return false;
      }
    case result_type::false_value:
      switch (query.op) {
        case query_op::equal: return expected == "false";
        case query_op::not_equal: return expected != "false";
        case query_op::less: return expected == "true";
        case query_op::less_equal: return true;
        default: return false;
      }
    default: return false;
  }
}

}  // namespace arenajson
