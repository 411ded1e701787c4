#pragma once
// Why strict JSON intake refused a document. Codes are stable: SPEC.md lists
// them, a test keeps the two in step, and they are never renumbered or reused.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace gridlaw {

enum class JsonErrorCode {
  kDuplicateMember,   // J001
  kTrailingData,      // J002
  kByteOrderMark,     // J003
  kInvalidUnicode,    // J004
  kNonFiniteNumber,   // J005
  kIntegerOverflow,   // J006
  kInexactNumber,     // J007
  kDocumentTooLarge,  // J008
  kNestingTooDeep,    // J009
  kStringTooLong,     // J010
  kSyntax,            // J011
  kNulCharacter,      // J012
};

struct JsonErrorInfo {
  JsonErrorCode code;
  std::string_view id;       // "J001"
  std::string_view name;     // "duplicate-member": stable kebab-case name
  std::string_view summary;  // one line for SPEC.md
};

// Every code, in numeric order.
std::span<const JsonErrorInfo> AllJsonErrorCodes();
const JsonErrorInfo& InfoOf(JsonErrorCode code);

struct JsonError {
  JsonErrorCode code = JsonErrorCode::kSyntax;
  // RFC 6901 pointer to where the problem is: the duplicated member, the
  // offending value, or the container being read when the text broke off.
  // "" is the whole document.
  std::string path;
  // 0-based byte offset into the input: where the offending token starts
  // (member name, number, string), or where reading stopped for syntax errors.
  size_t offset = 0;
  std::string message;  // one line, no code and no path: "member \"a\" appears twice"
};

// "J001 at /a/b (byte 17): member \"b\" appears twice"
std::string Describe(const JsonError& error);

}  // namespace gridlaw
