#pragma once
// Strict JSON intake: the one reader of JSON that comes from outside
// (claims, envelopes, trust stores, HTTP bodies). nlohmann_json does the
// lexing; a SAX handler of ours builds the tree and closes what nlohmann
// leaves open:
//   - duplicate member names (nlohmann keeps the last one silently),
//   - numbers it would round or truncate (see decimal/exact_number.h),
//   - a UTF-8 byte-order mark (nlohmann skips it silently),
//   - size and nesting limits, enforced before the tree grows past them.
// Every refusal is a JsonError with a stable code, an RFC 6901 path and a
// byte offset. Accepted documents are RFC 8259 JSON read without loss.
//
// Thread safety: none needed; the function keeps no state between calls.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "result/result.h"
#include "strict/json_error.h"

namespace gridlaw {

struct JsonLimits {
  // Whole document in bytes, checked before any parsing.
  size_t max_bytes = size_t{1} << 20;
  // Nesting of arrays and objects; a top-level [] or {} is depth 1. Checked
  // as each container opens, so a hostile document never builds deeper.
  size_t max_depth = 64;
  // One string or member name, in bytes after unescaping.
  size_t max_string_bytes = size_t{64} << 10;
};

using JsonResult = Result<nlohmann::json, JsonError>;

// Parses `bytes` as one JSON value under `limits`, or says why not.
JsonResult ParseStrictJson(std::string_view bytes, const JsonLimits& limits = {});

namespace json_detail {
// ParseStrictJson without its fast path for plain documents
// (strict/plain_reader.h): nlohmann reads every byte. Both give the same
// result for every input; tests and the JSON fuzzer compare them.
JsonResult ParseStrictJsonThroughNlohmann(std::string_view bytes, const JsonLimits& limits = {});
// The same tree, number types and member order included (nlohmann's ==
// holds 1 and 1u equal).
bool IdenticalTrees(const nlohmann::json& a, const nlohmann::json& b);
}  // namespace json_detail

}  // namespace gridlaw
