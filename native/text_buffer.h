// A growable byte buffer for writing JSON text. Growth failure does not throw
// (the engine is built without exceptions): the buffer records it in failed()
// and ignores later writes, so a writer checks once at the end.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace arenajson {

class text_buffer {
 public:
  text_buffer() noexcept = default;
  ~text_buffer() { std::free(data_); }
  text_buffer(const text_buffer&) = delete;
  text_buffer& operator=(const text_buffer&) = delete;

  /// Makes room for `bytes` more bytes; returns false (and marks the buffer failed) when memory runs out.
  bool reserve(size_t bytes) noexcept {
    if (capacity_ - size_ >= bytes) return true;
    return grow(bytes);
  }

  void put(char c) noexcept {
    if (size_ == capacity_ && !grow(1)) return;
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

  void clear() noexcept {
    size_ = 0;
    failed_ = false;
  }
  /// Frees the storage when it grew past `keep` bytes (so one huge write does not pin memory).
  void trim(size_t keep) noexcept {
    if (capacity_ > keep) {
      std::free(data_);
      data_ = nullptr;
      capacity_ = 0;
      size_ = 0;
    }
  }

  const char* data() const noexcept { return data_; }
  size_t size() const noexcept { return size_; }
  bool failed() const noexcept { return failed_; }

 private:
  bool grow(size_t bytes) noexcept {
    if (failed_) return false;
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
    return true;
  }

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  bool failed_ = false;
};

}  // namespace arenajson
