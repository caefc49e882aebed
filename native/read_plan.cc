#include "read_plan.h"

#include <cstring>
#include <string_view>
#include <unordered_map>

#include "materialize.h"

namespace arenajson {

namespace {

bool is_container(const node& n) noexcept { return n.type == node_type::array || n.type == node_type::object; }

// The decoded text of key node `index` (a view of the source when it has no escapes).
std::string_view key_text(const document& doc, uint32_t index, std::string& buffer) {
  const node& k = doc.nodes[index];
  const uint8_t* body = string_body(doc, k);
  const size_t length = string_body_length(k);
  if (!(k.flags & flag_escaped)) return std::string_view(reinterpret_cast<const char*>(body), length);
  decode_string_utf8(body, length, buffer);
  return buffer;
}

bool is_proto_key(const document& doc, uint32_t key_index) noexcept {
  const node& k = doc.nodes[key_index];
  if (!(k.flags & flag_escaped) && string_body_length(k) != 9) return false;
  return key_equals(doc, key_index, "__proto__", 9);
}

bool is_constructor_key(const document& doc, uint32_t key_index) noexcept {
  const node& k = doc.nodes[key_index];
  if (!(k.flags & flag_escaped) && string_body_length(k) != 11) return false;
  return key_equals(doc, key_index, "constructor", 11);
}

// Which members of one object JSON.parse keeps (the last of each key),
// worked out only when a change inside the object needs to know.
class member_winners {
 public:
  member_winners(const document& doc, uint32_t object_index) : doc_(doc), object_(object_index) {}

  bool kept(uint32_t key_index) {
    const node& object = doc_.nodes[object_];
    if (object.count <= 8) {  // small: look for a later duplicate directly
      std::string buffer;
      std::string_view key = key_text(doc_, key_index, buffer);
      std::string own(key);
      return find_member(doc_, object_, own.data(), own.size()) == int64_t(key_index) + 1;
    }
    if (last_.empty()) {
      std::string buffer;
      uint32_t at = object_ + 1;
      for (uint32_t i = 0; i < object.count; i++) {
        last_[std::string(key_text(doc_, at, buffer))] = at;
        at = doc_.nodes[at + 1].next;
      }
    }
    std::string buffer;
    auto found = last_.find(std::string(key_text(doc_, key_index, buffer)));
    return found != last_.end() && found->second == key_index;
  }

 private:
  const document& doc_;
  uint32_t object_;
  std::unordered_map<std::string, uint32_t> last_;
};

class planner {
 public:
  planner(const document& doc, const read_options& options, read_plan& plan)
      : doc_(doc), options_(options), plan_(plan) {}

  // Plans the container at `index`; false once proto 'error' found poison.
  bool walk(uint32_t index) {
    const node& n = doc_.nodes[index];
    uint32_t at = index + 1;
    if (n.type == node_type::array) {
      for (uint32_t i = 0; i < n.count; i++) {
        if (!visit(at, plan_step::no_key, i)) return false;
        at = doc_.nodes[at].next;
      }
      return true;
    }
    member_winners winners(doc_, index);
    bool proto_dropped = false;
    bool constructor_checked = false;
    for (uint32_t i = 0; i < n.count; i++) {
      const uint32_t key = at;
      const uint32_t value = at + 1;
      at = doc_.nodes[value].next;
      if (options_.proto != proto_mode::keep) {
        if (is_proto_key(doc_, key)) {
          // One delete removes the own property whatever its duplicates.
          if (!proto_dropped && !drop(key, value, i)) return false;
          proto_dropped = true;
          continue;
        }
        if (is_constructor_key(doc_, key)) {
          if (!constructor_checked && is_poisoned_key(doc_, index, key)) {
            constructor_checked = true;
            if (!drop(key, value, i)) return false;
          }
          if (constructor_checked) continue;
        }
      }
      const size_t steps_before = plan_.steps.size();
      const size_t changes_before = plan_.changes.size();
      if (!visit(value, key, i)) {
        if (!winners.kept(key)) {  // poison inside an overridden member is not in the result
          plan_.steps.resize(steps_before);
          plan_.changes.resize(changes_before);
          plan_.poisoned = false;
          continue;
        }
        return false;
      }
      if (plan_.changes.size() != changes_before && !winners.kept(key)) {
        plan_.steps.resize(steps_before);
        plan_.changes.resize(changes_before);
      }
    }
    return true;
  }

 private:
  bool visit(uint32_t value, uint32_t key, uint32_t position) {
    const node& n = doc_.nodes[value];
    if (n.type == node_type::number) {
      if (options_.bigint != bigint_mode::never && reads_as_bigint(doc_, n, options_.bigint)) {
        path_.push_back(plan_step{value, key, position});
        record(plan_change::kind::to_bigint);
        path_.pop_back();
      }
      return true;
    }
    if (!is_container(n) || n.count == 0) return true;
    path_.push_back(plan_step{value, key, position});
    bool going = walk(value);
    path_.pop_back();
    return going;
  }

  bool drop(uint32_t key, uint32_t value, uint32_t position) {
    path_.push_back(plan_step{value, key, position});
    record(plan_change::kind::drop_key);
    path_.pop_back();
    if (options_.proto == proto_mode::error) {
      plan_.poisoned = true;
      return false;
    }
    return true;
  }

  void record(plan_change::kind what) {
    plan_change change{what, uint32_t(plan_.steps.size()), uint32_t(path_.size())};
    plan_.steps.insert(plan_.steps.end(), path_.begin(), path_.end());
    plan_.changes.push_back(change);
  }

  const document& doc_;
  const read_options& options_;
  read_plan& plan_;
  std::vector<plan_step> path_;
};

// Characters a gjson path must escape in a key.
bool needs_escape(char c) noexcept {
  return c == '.' || c == '*' || c == '?' || c == '|' || c == '#' || c == '@' || c == '\\' || c == '!' || c == '=' ||
         c == '<' || c == '>' || c == '%' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' ||
         c == ',' || c == ':' || c == '"' || c == '~';
}

}  // namespace

read_options read_options_of(uint32_t mode) noexcept {
  read_options options;
  const uint32_t bigint = mode % 4;
  const uint32_t proto = (mode / 4) % 4;
  options.bigint = bigint <= 2 ? bigint_mode(bigint) : bigint_mode::never;
  options.proto = proto <= 2 ? proto_mode(proto) : proto_mode::keep;
  return options;
}

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
  planner(doc, options, plan).walk(index);
}

std::string change_path(const document& doc, const read_plan& plan, const plan_change& change) {
  std::string path;
  std::string buffer;
  for (uint32_t i = 0; i < change.step_count; i++) {
    const plan_step& step = plan.steps[change.first_step + i];
    if (i != 0) path.push_back('.');
    if (step.key == plan_step::no_key) {
      path += std::to_string(step.position);
      continue;
    }
    for (char c : key_text(doc, step.key, buffer)) {
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
