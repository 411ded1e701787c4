#include "checkpoint/checkpoint.h"

#include <charconv>
#include <vector>

#include "instant/rfc3339.h"

namespace gridlaw {
namespace {

constexpr std::string_view kFormatLine = "gridlaw-checkpoint/v1";

// The value after "<key> " on a line, or nullopt.
std::optional<std::string_view> Field(std::string_view line, std::string_view key) {
  if (line.size() <= key.size() + 1 || line.substr(0, key.size()) != key ||
      line[key.size()] != ' ') {
    return std::nullopt;
  }
  return line.substr(key.size() + 1);
}

}  // namespace

bool IsValidOrigin(std::string_view origin) {
  if (origin.empty() || origin.size() > 64) return false;
  for (char c : origin) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string SerializeCheckpoint(const Checkpoint& checkpoint) {
  return std::string(kFormatLine) + "\norigin " + checkpoint.origin + "\nsize " +
         std::to_string(checkpoint.size) + "\nroot " + merkle::ToHex(checkpoint.root) + "\ntime " +
         FormatRfc3339(checkpoint.time) + "\n";
}

std::optional<Checkpoint> ParseCheckpoint(std::string_view text, std::string* error) {
  auto fail = [&](std::string message) {
    *error = std::move(message);
    return std::nullopt;
  };
  if (text.size() > 1024) return fail("a checkpoint is at most 1024 bytes");
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) return fail("the last line does not end with a newline");
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  if (lines.size() != 5)
    return fail("a checkpoint has 5 lines, not " + std::to_string(lines.size()));
  if (lines[0] != kFormatLine) return fail("line 1 must be " + std::string(kFormatLine));
  Checkpoint checkpoint;
  const auto origin = Field(lines[1], "origin");
  if (!origin || !IsValidOrigin(*origin)) return fail("line 2 must be 'origin NAME'");
  checkpoint.origin = std::string(*origin);
  const auto size = Field(lines[2], "size");
  if (!size || size->size() > 20 || (size->size() > 1 && (*size)[0] == '0')) {
    return fail("line 3 must be 'size N'");
  }
  const auto [end, ec] =
      std::from_chars(size->data(), size->data() + size->size(), checkpoint.size);
  if (ec != std::errc() || end != size->data() + size->size())
    return fail("line 3 must be 'size N'");
  const auto root = Field(lines[3], "root");
  const auto hash = root ? merkle::HashFromHex(*root) : std::nullopt;
  if (!hash) return fail("line 4 must be 'root' and 64 lower-case hex digits");
  checkpoint.root = *hash;
  const auto time = Field(lines[4], "time");
  const auto instant = time ? ParseRfc3339(*time) : std::nullopt;
  if (!instant || FormatRfc3339(*instant) != *time) {
    return fail("line 5 must be 'time' and an RFC 3339 instant in UTC");
  }
  checkpoint.time = *instant;
  return checkpoint;
}

}  // namespace gridlaw
