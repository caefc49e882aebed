#include "read/read_plan.h"

#include <cstring>
#include <string_view>
#include <unordered_map>

#include "parse/materialize.h"

namespace arenajson {

bool is_proto_key(const document& doc, uint32_t key_index) noexcept {
  const node& k = doc.nodes[key_index];
  if (!(k.flags & flag_escaped) && string_body_length(k) != 9) return false;
  return key_equals(doc, key_index, "__proto__", 9);
}

namespace {

bool is_constructor_key(const document& doc, uint32_t key_index) noexcept {
  const node& k = doc.nodes[key_index];
  if (!(k.flags & flag_escaped) && string_body_length(k) != 11) return false;
  return key_equals(doc, key_index, "constructor", 11);
}

// Plans with an explicit stack of open containers (no recursion, so any
// depth). Steps are written lazily: the open containers get a step only when
// a change below them is recorded, each once.
class planner {
 public:
  planner(const document& doc, const read_options& options, read_plan& plan)
      : doc_(doc), options_(options), plan_(plan) {}

  void run(uint32_t root) {
    levels_.push_back(level{root, root + 1, 0, plan_step::no_parent, 0, plan_step::no_key, 0, 0, 0, false, false});
    while (!levels_.empty()) {
      level& top = levels_.back();
      const node& n = doc_.nodes[top.index];
      if (top.next_position == n.count) {
        finish_level();
        continue;
      }
      const uint32_t position = top.next_position++;
      uint32_t key = plan_step::no_key;
      uint32_t value = top.next_child;
      if (n.type == node_type::object) {
        key = top.next_child;
        value = key + 1;
      }
      top.next_child = doc_.nodes[value].next;
      if (key != plan_step::no_key && options_.proto != proto_mode::keep) {
        if (is_proto_key(doc_, key)) {
          // One delete removes the own property whatever its duplicates.
          if (!top.proto_dropped) {
            top.proto_dropped = true;
            if (!drop(key, value, position)) fail();
          }
          continue;
        }
        if (is_constructor_key(doc_, key)) {
          if (!top.constructor_checked && is_poisoned_key(doc_, top.index, key)) {
            top.constructor_checked = true;
            if (!drop(key, value, position)) {
              fail();
              continue;
            }
          }
          if (top.constructor_checked) continue;
        }
      }
      const node& v = doc_.nodes[value];
      if (v.type == node_type::number) {
        if (options_.bigint != bigint_mode::never && reads_as_bigint(doc_, v, options_.bigint) &&
            (key == plan_step::no_key || kept(top.index, key))) {
          record(plan_change::kind::to_bigint, value, key, position);
        }
        continue;
      }
      if (!is_container(v) || v.count == 0) continue;
      levels_.push_back(level{value, value + 1, 0, plan_step::no_parent, value, key, position, plan_.steps.size(),
                              plan_.changes.size(), false, false});
    }
  }

 private:
  struct level {
    uint32_t index;          ///< the container
    uint32_t next_child;     ///< its next element node, or next key node
    uint32_t next_position;  ///< position of that child
    uint32_t step;           ///< the step written for this container, or no_parent
    // This container as a child of the level below it (unused for the root).
    uint32_t value;
    uint32_t key;
    uint32_t position;
    size_t steps_before;  ///< plan sizes when this container was entered
    size_t changes_before;
    bool proto_dropped;
    bool constructor_checked;
  };

  // The top level is done: its changes stay unless it is a member that a
  // later duplicate key overrides.
  void finish_level() {
    const level done = levels_.back();
    levels_.pop_back();
    if (levels_.empty() || plan_.changes.size() == done.changes_before) return;
    if (done.key != plan_step::no_key && !kept(levels_.back().index, done.key)) roll_back(done);
  }

  // The top level met poison (proto 'error'): the failure ends the plan
  // unless some container on the way is an overridden member, whose changes
  // are then dropped and the walk goes on after it.
  void fail() {
    while (levels_.size() > 1) {
      const level done = levels_.back();
      levels_.pop_back();
      if (done.key != plan_step::no_key && !kept(levels_.back().index, done.key)) {
        roll_back(done);
        plan_.poisoned = false;
        return;
      }
    }
    levels_.clear();  // poison in the result: stop
  }

  void roll_back(const level& done) {
    plan_.steps.resize(done.steps_before);
    plan_.changes.resize(done.changes_before);
    for (size_t i = levels_.size(); i-- > 1;) {
      if (levels_[i].step == plan_step::no_parent || levels_[i].step < done.steps_before) break;
      levels_[i].step = plan_step::no_parent;
    }
  }

  bool drop(uint32_t key, uint32_t value, uint32_t position) {
    record(plan_change::kind::drop_key, value, key, position);
    if (options_.proto == proto_mode::error) {
      plan_.poisoned = true;
      return false;
    }
    return true;
  }

  // Records a change of the child (value, key, position) of the top level,
  // writing the steps of the open containers that have none yet.
  void record(plan_change::kind what, uint32_t value, uint32_t key, uint32_t position) {
    size_t first = levels_.size();
    while (first > 1 && levels_[first - 1].step == plan_step::no_parent) first--;
    for (size_t i = first; i < levels_.size(); i++) {
      level& l = levels_[i];
      l.step = uint32_t(plan_.steps.size());
      plan_.steps.push_back(plan_step{l.value, l.key, l.position, levels_[i - 1].step, uint32_t(i)});
    }
    const uint32_t step = uint32_t(plan_.steps.size());
    plan_.steps.push_back(plan_step{value, key, position, levels_.back().step, uint32_t(levels_.size())});
    plan_.changes.push_back(plan_change{what, step});
  }

  // Whether member `key_index` of object `object_index` is the one JSON.parse
  // keeps for its key (the last of its duplicates).
  bool kept(uint32_t object_index, uint32_t key_index) {
    const node& object = doc_.nodes[object_index];
    std::string buffer;
    if (object.count <= 8) {  // small: look for a later duplicate directly
      std::string own(decoded_string(doc_, key_index, buffer));
      return find_member(doc_, object_index, own.data(), own.size()) == int64_t(key_index) + 1;
    }
    auto& last = last_keys_[object_index];
    if (last.empty()) {
      uint32_t at = object_index + 1;
      for (uint32_t i = 0; i < object.count; i++) {
        last[std::string(decoded_string(doc_, at, buffer))] = at;
        at = doc_.nodes[at + 1].next;
      }
    }
    auto found = last.find(std::string(decoded_string(doc_, key_index, buffer)));
    return found != last.end() && found->second == key_index;
  }

  const document& doc_;
  const read_options& options_;
  read_plan& plan_;
  std::vector<level> levels_;
  std::unordered_map<uint32_t, std::unordered_map<std::string, uint32_t>> last_keys_;
};

// Characters a gjson path must escape in a key.
bool needs_escape(char c) noexcept {
  return c == '.' || c == '*' || c == '?' || c == '|' || c == '#' || c == '@' || c == '\\' || c == '!' || c == '=' ||
         c == '<' || c == '>' || c == '%' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' ||
         c == ',' || c == ':' || c == '"' || c == '~';
}

}  // namespace

bool is_integer_literal(const document& doc, const node& n) noexcept {
  if (n.type != node_type::number) return false;
  if (n.flags & flag_plain_integer) return true;
  for (uint32_t i = n.begin; i < n.end; i++) {
    const uint8_t c = doc.text[i];
    if (c == '.' || c == 'e' || c == 'E') return false;
  }
  return true;
}

bool reads_as_bigint(const document& doc, const node& n, bigint_mode mode) noexcept {
  if (mode == bigint_mode::never || n.type != node_type::number) return false;
  if (mode == bigint_mode::always) return is_integer_literal(doc, n);
  if (n.flags & flag_plain_integer) return false;  // at most 15 digits: exact
  if (!is_integer_literal(doc, n)) return false;
  const uint8_t* digits = doc.text + n.begin;
  size_t length = n.end - n.begin;
  if (digits[0] == '-') {
    digits++;
    length--;
  }
  static const char max_safe[] = "9007199254740991";  // 2^53 - 1
  if (length != 16) return length > 16;
  return std::memcmp(digits, max_safe, 16) > 0;
}

void integer_words(const document& doc, const node& n, std::vector<uint64_t>& words, bool* negative) {
  const uint8_t* digits = doc.text + n.begin;
  size_t length = n.end - n.begin;
  *negative = length > 0 && digits[0] == '-';
  if (*negative) {
    digits++;
    length--;
  }
  // Base 2^32 limbs, nine decimal digits at a time.
  std::vector<uint32_t> limbs(1, 0);
  size_t at = 0;
  while (at < length) {
    size_t take = length - at < 9 ? length - at : 9;
    uint32_t chunk = 0;
    uint32_t scale = 1;
    for (size_t i = 0; i < take; i++) {
      chunk = chunk * 10 + uint32_t(digits[at + i] - '0');
      scale *= 10;
    }
    at += take;
    uint64_t carry = chunk;
    for (uint32_t& limb : limbs) {
      uint64_t product = uint64_t(limb) * scale + carry;
      limb = uint32_t(product);
      carry = product >> 32;
    }
    if (carry != 0) limbs.push_back(uint32_t(carry));
  }
  words.assign((limbs.size() + 1) / 2, 0);
  for (size_t i = 0; i < limbs.size(); i++) words[i / 2] |= uint64_t(limbs[i]) << (32 * (i % 2));
}

void make_read_plan(const document& doc, uint32_t index, const read_options& options, read_plan& plan) {
  plan.clear();
  if (options.plain() || !is_container(doc.nodes[index])) return;
  planner(doc, options, plan).run(index);
}

std::string change_path(const document& doc, const read_plan& plan, const plan_change& change) {
  std::vector<uint32_t> chain;
  for (uint32_t at = change.step; at != plan_step::no_parent; at = plan.steps[at].parent) chain.push_back(at);
  std::string path;
  std::string buffer;
  for (size_t i = chain.size(); i-- > 0;) {
    const plan_step& step = plan.steps[chain[i]];
    if (i + 1 != chain.size()) path.push_back('.');
    if (step.key == plan_step::no_key) {
      path += std::to_string(step.position);
      continue;
    }
    for (char c : decoded_string(doc, step.key, buffer)) {
      if (needs_escape(c)) path.push_back('\\');
      path.push_back(c);
    }
  }
  return path;
}

bool is_poisoned_key(const document& doc, uint32_t object_index, uint32_t key_index) noexcept {
  if (is_proto_key(doc, key_index)) return true;
  if (!is_constructor_key(doc, key_index)) return false;
  const int64_t kept = find_member(doc, object_index, "constructor", 11);
  if (kept < 0 || doc.nodes[kept].type != node_type::object) return false;
  return find_member(doc, uint32_t(kept), "prototype", 9) >= 0;
}

}  // namespace arenajson
