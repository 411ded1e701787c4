#pragma once
// Reads a file line by line through one reused buffer: a record stream is
// never held whole in memory.

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace gridlaw {

class LineReader {
 public:
  // `max_line` bytes at most per line (without its '\n').
  LineReader(std::FILE* file, size_t max_line) : file_(file), max_line_(max_line) {}

  enum class Status { kLine, kEnd, kTooLong, kReadError };
  // The next line without its '\n' (valid until the next call). A last line
  // without '\n' is still a line.
  Status Next(std::string_view* line);
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t line_number() const { return line_number_; }  // of the line last returned

 private:
  bool Refill();

  std::FILE* file_;
  size_t max_line_;
  std::string buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes: buffer_[begin_, end_)
  bool eof_ = false;
  uint64_t bytes_read_ = 0;
  uint64_t line_number_ = 0;
};

}  // namespace gridlaw
