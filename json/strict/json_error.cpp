#include "strict/json_error.h"

#include <array>

namespace gridlaw {
namespace {

using C = JsonErrorCode;

constexpr std::array kCodes = {
    JsonErrorInfo{C::kDuplicateMember, "J001", "duplicate-member",
                  "An object names the same member twice (at any depth)."},
    JsonErrorInfo{C::kTrailingData, "J002", "trailing-data",
                  "Something other than whitespace follows the document's value."},
    JsonErrorInfo{C::kByteOrderMark, "J003", "byte-order-mark",
                  "The document starts with a UTF-8 byte-order mark."},
    JsonErrorInfo{C::kInvalidUnicode, "J004", "invalid-unicode",
                  "The bytes are not UTF-8, or a \\u escape names a lone surrogate."},
    JsonErrorInfo{C::kNonFiniteNumber, "J005", "non-finite-number",
                  "A number overflows binary64, or NaN/Infinity is written."},
    JsonErrorInfo{C::kIntegerOverflow, "J006", "integer-overflow",
                  "An integer literal does not fit in 64 bits (signed or unsigned)."},
    JsonErrorInfo{C::kInexactNumber, "J007", "inexact-number",
                  "A number with a fraction or exponent has no exact binary64 form."},
    JsonErrorInfo{C::kDocumentTooLarge, "J008", "document-too-large",
                  "The document is larger than the size limit (checked before parsing)."},
    JsonErrorInfo{C::kNestingTooDeep, "J009", "nesting-too-deep",
                  "Arrays and objects nest deeper than the limit."},
    JsonErrorInfo{C::kStringTooLong, "J010", "string-too-long",
                  "A string or member name is longer than the limit."},
    JsonErrorInfo{C::kSyntax, "J011", "syntax-error", "The text is not JSON (RFC 8259)."},
    JsonErrorInfo{C::kNulCharacter, "J012", "nul-character",
                  "A string or member name contains U+0000."},
};

}  // namespace

std::span<const JsonErrorInfo> AllJsonErrorCodes() {
  return kCodes;
}

const JsonErrorInfo& InfoOf(JsonErrorCode code) {
  return kCodes[static_cast<size_t>(code)];
}

std::string Describe(const JsonError& error) {
  std::string out(InfoOf(error.code).id);
  out += " at ";
  out += error.path.empty() ? "(document)" : error.path;
  out += " (byte " + std::to_string(error.offset) + "): ";
  out += error.message;
  return out;
}

}  // namespace gridlaw
