#include "path/pretty_modifier.h"

#include <algorithm>
#include <vector>

#include "parse/materialize.h"
#include "path/gjson_text.h"

namespace arenajson {

namespace {

struct member_span {
  size_t key_begin, key_end;      // the key literal in the input
  size_t value_begin, value_end;  // the whole member (indent, key, value) in the output
};

// Value kinds in the order tidwall/pretty sorts them.
enum sort_kind { sort_null, sort_false, sort_number, sort_string, sort_true, sort_json };

sort_kind kind_of(std::string_view v) {
  if (v.empty()) return sort_null;
  switch (v[0]) {
    case '"': return sort_string;
    case 'f': return sort_false;
    case 't': return sort_true;
    case 'n': return sort_null;
    case '[':
    case '{': return sort_json;
    default: return sort_number;
  }
}

std::string string_content(std::string_view literal) {
  std::string out;
  if (literal.size() >= 2) {
    std::string_view body = literal.substr(1, literal.size() - 2);
    if (body.find('\\') == std::string_view::npos) return std::string(body);
    decode_string_utf8(reinterpret_cast<const uint8_t*>(body.data()), body.size(), out);
  }
  return out;
}

bool less_by(std::string_view a, std::string_view b) {
  sort_kind ka = kind_of(a), kb = kind_of(b);
  if (ka != kb) return ka < kb;
  if (ka == sort_string) return string_content(a) < string_content(b);
  if (ka == sort_number) {
    double x = 0, y = 0;
    parse_go_float(a, &x);
    parse_go_float(b, &y);
    return x < y;
  }
  return a < b;
}

class printer {
 public:
  printer(std::string& out, std::string_view json, const pretty_options& options, int max_depth, size_t max_bytes)
      : buf_(out),
        json_(json),
        options_(options),
        max_depth_(max_depth),
        limit_(max_bytes > ~size_t(0) - out.size() ? ~size_t(0) : out.size() + max_bytes) {}

  bool run() {
    size_t start = buf_.size();
    if (!room(options_.prefix.size() + 1)) return false;
    buf_ += options_.prefix;
    size_t nl = start;
    bool ok = true;
    any(0, true, options_.width, options_.indent, 0, nl, -1, &ok);
    if (failed_ || !room(1)) return false;
    if (buf_.size() > start) buf_.push_back('\n');
    return true;
  }

 private:
  // Whether `bytes` more fit under the limit; when not, the print fails.
  bool room(size_t bytes) {
    if (!failed_ && bytes <= limit_ - std::min(limit_, buf_.size()) && buf_.size() <= limit_) return true;
    failed_ = true;
    return false;
  }

  // Each returns the input position after the value; *ok reports whether a
  // single-line attempt may keep the value.
  size_t any(size_t i, bool pretty, int width, const std::string& indent, int tabs, size_t& nl, long max, bool* ok) {
    for (; i < json_.size(); i++) {
      char c = json_[i];
      if (static_cast<uint8_t>(c) <= ' ') continue;
      if (c == '"') return string(i);
      if ((c >= '0' && c <= '9') || c == '-') return number(i);
      if (c == '{' || c == '[') return container(i, c, c == '{' ? '}' : ']', pretty, width, indent, tabs, nl, max, ok);
      if (c == 't') {
        buf_ += "true";
        return i + 4;
      }
      if (c == 'f') {
        buf_ += "false";
        return i + 5;
      }
      if (c == 'n') {
        buf_ += "null";
        return i + 4;
      }
    }
    *ok = true;
    return i;
  }

  size_t string(size_t i) {
    size_t s = i;
    for (i++; i < json_.size(); i++) {
      if (json_[i] != '"') continue;
      size_t slashes = 0;
      for (size_t j = i - 1; j > s && json_[j] == '\\'; j--) slashes++;
      if (slashes % 2 == 1) continue;
      i++;
      break;
    }
    const size_t length = std::min(i, json_.size()) - s;
    if (room(length)) buf_.append(json_.data() + s, length);
    return i;
  }

  size_t number(size_t i) {
    size_t s = i;
    for (i++; i < json_.size(); i++) {
      char c = json_[i];
      if (static_cast<uint8_t>(c) <= ' ' || c == ',' || c == ':' || c == ']' || c == '}') break;
    }
    if (room(i - s)) buf_.append(json_.data() + s, i - s);
    return i;
  }

  // Every line starts with the prefix and the indent repeated: the pieces
  // that make the text outgrow its input, so each is measured first.
  void tabs(int count) {
    if (!room(options_.prefix.size() + size_t(count) * options_.indent.size() + 4)) return;
    buf_ += options_.prefix;
    for (int k = 0; k < count; k++) buf_ += options_.indent;
  }

  void newline(size_t& nl) {
    nl = buf_.size();
    if (buf_.back() == ' ') {
      buf_.back() = '\n';
    } else {
      buf_.push_back('\n');
    }
  }

  size_t container(size_t i, char open, char close, bool pretty, int width, const std::string& indent, int depth,
                   size_t& nl, long max, bool* ok) {
    if (depth >= max_depth_) {
      failed_ = true;
      return json_.size();
    }
    if (width > 0) {
      if (pretty && open == '[' && max == -1) {
        long room = long(width) - long(buf_.size() - nl);
        if (room > 3) {
          size_t s1 = buf_.size(), s2 = i;
          size_t scratch_nl = 0;
          bool fits = true;
          static const std::string no_indent;
          size_t after = container(i, '[', ']', false, width, no_indent, 0, scratch_nl, room, &fits);
          if (failed_) return json_.size();
          if (fits && long(buf_.size() - s1) <= room) {
            *ok = true;
            return after;
          }
          buf_.resize(s1);
          i = s2;
        }
      } else if (max != -1 && open == '{') {
        *ok = false;
        return i;
      }
    }
    buf_.push_back(open);
    i++;
    bool sorting = open == '{' && options_.sort_keys;
    std::vector<member_span> members;
    int n = 0;
    for (; i < json_.size(); i++) {
      char c = json_[i];
      if (static_cast<uint8_t>(c) <= ' ') continue;
      if (c == close) {
        if (pretty) {
          if (sorting) sort_members(members);
          if (n > 0) newline(nl);
          if (buf_.back() != open) tabs(depth);
        }
        buf_.push_back(close);
        *ok = open != '{';
        return i + 1;
      }
      if (open == '[' || c == '"') {
        if (n > 0) {
          buf_.push_back(',');
          if (width != -1 && open == '[') buf_.push_back(' ');
        }
        member_span span{};
        if (failed_ || !room(4)) return json_.size();
        if (pretty) {
          newline(nl);
          if (sorting) {
            span.key_begin = i;
            span.value_begin = buf_.size();
          }
          tabs(depth + 1);
        }
        if (open == '{') {
          i = string(i);
          if (sorting) span.key_end = i;
          buf_.push_back(':');
          if (pretty) buf_.push_back(' ');
        }
        bool element_ok = true;
        i = any(i, pretty, width, indent, depth + 1, nl, max, &element_ok);
        if (failed_) return json_.size();
        if (max != -1 && !element_ok) {
          *ok = false;
          return i;
        }
        if (pretty && sorting) {
          span.value_end = buf_.size();
          if (span.key_begin > span.key_end || span.value_begin > span.value_end) {
            sorting = false;
          } else {
            members.push_back(span);
          }
        }
        i--;
        n++;
      }
    }
    *ok = open != '{';
    return i;
  }

  void sort_members(std::vector<member_span>& members) {
    if (members.empty()) return;
    size_t begin = members.front().value_begin;
    auto key_of = [&](const member_span& m) { return json_.substr(m.key_begin, m.key_end - m.key_begin); };
    auto value_of = [&](const member_span& m) {
      std::string_view whole = trim_space(std::string_view(buf_).substr(m.value_begin, m.value_end - m.value_begin));
      size_t key_length = m.key_end - m.key_begin;
      if (whole.size() >= key_length + 1) whole = trim_space(whole.substr(key_length + 1));
      return whole;
    };
    std::vector<size_t> order(members.size());
    for (size_t k = 0; k < order.size(); k++) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      std::string_view ka = key_of(members[a]), kb = key_of(members[b]);
      if (less_by(ka, kb)) return true;
      if (less_by(kb, ka)) return false;
      return less_by(value_of(members[a]), value_of(members[b]));
    });
    std::string rebuilt;
    for (size_t k = 0; k < order.size(); k++) {
      const member_span& m = members[order[k]];
      rebuilt.append(buf_, m.value_begin, m.value_end - m.value_begin);
      if (k + 1 < order.size()) rebuilt += ",\n";
    }
    buf_.resize(begin);
    buf_ += rebuilt;
  }

  std::string& buf_;
  std::string_view json_;
  const pretty_options& options_;
  int max_depth_;
  size_t limit_;  // buf_ may not grow past this size
  bool failed_ = false;
};

}  // namespace

bool append_pretty(std::string& out, std::string_view json, const pretty_options& options, int max_depth,
                   size_t max_bytes) {
  printer p(out, json, options, max_depth, max_bytes);
  return p.run();
}

void append_ugly(std::string& out, std::string_view json) {
  // Copies the runs between skipped bytes, so a text with none is one append.
  size_t from = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); i++) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (static_cast<uint8_t>(c) <= ' ') {
      out.append(json.data() + from, i - from);
      from = i + 1;
    }
  }
  if (from < json.size()) out.append(json.data() + from, json.size() - from);
}

}  // namespace arenajson
