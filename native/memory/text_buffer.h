// A growable byte buffer for writing JSON text. Growth failure does not throw
// (the engine is built without exceptions): the buffer records it in failed()
// and ignores later writes, so a writer checks once at the end.
//
// The text may be bounded (limit()) by the length of the JS string it will
// become, in UTF-16 code units (the text is WTF-8: a unit per character, two
// for a character beyond U+FFFF). The bound is checked while writing, not
// after: once the text is longer, the buffer fails with too_long() and the
// writer stops, so a text that could never be a string is never made. The
// check costs nothing per byte: the buffer only counts units when the bytes
// written reach a mark up to which the bound cannot be passed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace arenajson {

/// UTF-16 code units of WTF-8 text: one per lead byte, one more per 4-byte sequence.
inline size_t wtf8_utf16_units(const char* text, size_t length) noexcept {
  size_t units = 0;
  for (size_t i = 0; i < length; i++) {
    const uint8_t c = uint8_t(text[i]);
    units += size_t((c & 0xC0) != 0x80) + size_t(c >= 0xF0);
  }
  return units;
}

class text_buffer {
 public:
  static constexpr size_t no_limit = ~size_t(0);

  text_buffer() noexcept = default;
  ~text_buffer() { std::free(data_); }
  text_buffer(const text_buffer&) = delete;
  text_buffer& operator=(const text_buffer&) = delete;

  /// Makes room for `bytes` more bytes; returns false (and marks the buffer
  /// failed) when memory runs out or the text is past its limit.
  bool reserve(size_t bytes) noexcept {
    if (end_ - size_ >= bytes) return true;
    return grow(bytes);
  }

  void put(char c) noexcept {
    if (size_ == end_ && !grow(1)) return;
    data_[size_++] = c;
  }

  void append(const void* bytes, size_t length) noexcept {
    if (!reserve(length)) return;
    std::memcpy(data_ + size_, bytes, length);
    size_ += length;
  }

  /// Writes directly into the reserved tail; call commit() with the count written.
  char* tail() noexcept { return data_ + size_; }
  void commit(size_t length) noexcept { size_ += length; }

  /// Empties the buffer and lifts any limit.
  void clear() noexcept {
    size_ = 0;
    failed_ = false;
    too_long_ = false;
    set_limit(no_limit);
  }

  /// Bounds the text to `units` UTF-16 code units (call on an empty buffer).
  void limit(size_t units) noexcept { set_limit(units); }

  /// True when the text is within its limit: the final check, for what was
  /// written since the last mark. Marks the buffer failed when it is not.
  bool within_limit() noexcept {
    if (too_long_) return false;
    // Each byte is at most one unit: only text longer in bytes needs counting.
    if (limit_ == no_limit || units_ + (size_ - counted_) <= limit_) return true;
    count_units();
    if (units_ <= limit_) return true;
    failed_ = too_long_ = true;
    return false;
  }

  /// Frees the storage when it grew past `keep` bytes (so one huge write does not pin memory).
  void trim(size_t keep) noexcept {
    if (capacity_ > keep) {
      std::free(data_);
      data_ = nullptr;
      capacity_ = 0;
      size_ = 0;
      set_limit(limit_);
    }
  }

  /// The limit set by limit(), in UTF-16 units (no_limit when none).
  size_t limit_units() const noexcept { return limit_; }

  const char* data() const noexcept { return data_; }
  size_t size() const noexcept { return size_; }
  bool failed() const noexcept { return failed_; }
  /// The buffer failed because the text passed its limit (not for memory).
  bool too_long() const noexcept { return too_long_; }

 private:
  void set_limit(size_t units) noexcept {
    limit_ = units;
    counted_ = 0;
    units_ = 0;
    check_at_ = units;  // each byte adds at most one unit
    end_ = capacity_ < check_at_ ? capacity_ : check_at_;
  }

  void count_units() noexcept {
    units_ += wtf8_utf16_units(data_ + counted_, size_ - counted_);
    counted_ = size_;
  }

  bool grow(size_t bytes) noexcept {
    if (failed_) return false;
    if (bytes > no_limit - size_) {
      failed_ = true;
      return false;
    }
    if (size_ + bytes > check_at_) {
      // The write may pass the limit: count what is written. A write that
      // starts within it goes ahead; the next mark (or within_limit) judges it.
      count_units();
      if (units_ > limit_) {
        failed_ = too_long_ = true;
        return false;
      }
      const size_t room = limit_ - units_;
      check_at_ = size_ + (room > bytes ? room : bytes);
    }
    if (capacity_ - size_ < bytes) {
      size_t wanted = capacity_ < 4096 ? 4096 : capacity_;
      while (wanted - size_ < bytes) {
        if (wanted > (~size_t(0)) / 2) {
          failed_ = true;
          return false;
        }
        wanted *= 2;
      }
      void* grown = std::realloc(data_, wanted);
      if (grown == nullptr) {
        failed_ = true;
        return false;
      }
      data_ = static_cast<char*>(grown);
      capacity_ = wanted;
    }
    end_ = capacity_ < check_at_ ? capacity_ : check_at_;
    return true;
  }

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  size_t end_ = 0;           ///< writes up to here need no check: min(capacity, check_at)
  size_t limit_ = no_limit;  ///< UTF-16 units the text may hold
  size_t counted_ = 0;       ///< bytes whose units are in units_
  size_t units_ = 0;
  size_t check_at_ = no_limit;  ///< bytes up to which the limit cannot be passed
  bool failed_ = false;
  bool too_long_ = false;
};

}  // namespace arenajson
