#include "files/read_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gridlaw {

std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes, std::string* error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = fmt::format("cannot open {}: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *error = fmt::format("{} is not a regular file", path);
    ::close(fd);
    return std::nullopt;
  }
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    *error = fmt::format("{} is {} bytes; the limit is {}", path, st.st_size, max_bytes);
    ::close(fd);
    return std::nullopt;
  }
  std::string content;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = fmt::format("cannot read {}: {}", path, std::strerror(errno));
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
    if (content.size() > max_bytes) {
      *error = fmt::format("{} grew past the limit of {} bytes while being read", path, max_bytes);
      ::close(fd);
      return std::nullopt;
    }
  }
  ::close(fd);
  return content;
}

}  // namespace gridlaw
