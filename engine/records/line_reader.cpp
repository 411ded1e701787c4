#include "records/line_reader.h"

#include <cstring>

namespace gridlaw {

namespace {
constexpr size_t kChunk = size_t{1} << 20;
}

bool LineReader::Refill() {
  // Keep the unread tail, then append one chunk after it.
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  buffer_.resize(end_ + kChunk);
  const size_t got = std::fread(buffer_.data() + end_, 1, kChunk, file_);
  end_ += got;
  buffer_.resize(end_);
  bytes_read_ += got;
  if (got < kChunk) {
    if (std::ferror(file_)) return false;
    eof_ = true;
  }
  return true;
}

LineReader::Status LineReader::Next(std::string_view* line) {
  size_t scanned = begin_;
  for (;;) {
    const char* data = buffer_.data();
    const void* nl = end_ > scanned ? std::memchr(data + scanned, '\n', end_ - scanned) : nullptr;
    if (nl != nullptr) {
      const size_t at = static_cast<size_t>(static_cast<const char*>(nl) - data);
      if (at - begin_ > max_line_) return Status::kTooLong;
      *line = std::string_view(data + begin_, at - begin_);
      begin_ = at + 1;
      ++line_number_;
      return Status::kLine;
    }
    if (end_ - begin_ > max_line_) return Status::kTooLong;
    if (eof_) {
      if (begin_ == end_) return Status::kEnd;
      *line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      begin_ = end_;
      ++line_number_;
      return Status::kLine;
    }
    const size_t offset = end_ - begin_;  // already scanned, relative to begin_
    if (!Refill()) return Status::kReadError;
    scanned = begin_ + offset;
  }
}

}  // namespace gridlaw
