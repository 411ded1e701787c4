#pragma once
// Decodes one JSON Lines record of a record-stream schema (SPEC.md §22)
// straight into a Claim: parse events drive a walk over the schema, so no
// JSON tree is built. The events come from a small reader of plain JSON (the
// common case), or from nlohmann's SAX parser for every other line and for
// every refusal, so that errors are always nlohmann's. Numbers are plain JSON numbers in the unit
// the schema declares for the field; their text is read exactly (engine/num), never through a
// binary float. Strict: an unknown or repeated key, a value of the wrong type, null, or a missing
// required field is an error with the JSON pointer of the offending value.
//
// Thread safety: one decoder per thread (it keeps its working stack).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "claims/claims.h"
#include "schema/schema.h"

namespace gridlaw {

struct RecordError {
  uint64_t line = 0;    // 1-based line number in the file; 0 when unknown
  std::string pointer;  // RFC 6901 JSON pointer into the line's record ("" = the record)
  std::string message;
};

// The longest line a record stream may have.
constexpr size_t kMaxRecordLineBytes = size_t{1} << 20;

class RecordDecoder {
 public:
  // `schema` must be a record-stream schema (schema.stream set) and outlive
  // the decoder.
  explicit RecordDecoder(const Schema& schema);
  ~RecordDecoder();
  RecordDecoder(const RecordDecoder&) = delete;
  RecordDecoder& operator=(const RecordDecoder&) = delete;

  // One line without its '\n'. The claim's id is the record's subject id.
  // On failure sets `error` (its line is left for the caller) and returns nullopt.
  std::optional<Claim> Decode(std::string_view line, RecordError* error);

 private:
  struct Impl;
  struct FastReader;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridlaw
