#pragma once
// The fast path of strict JSON intake (internal to gridlaw_json).
//
// nlohmann's lexer reads through an input iterator byte by byte, copies
// every string character by character and checks UTF-8 as it goes; for the
// envelopes and claims that ingest reads twice per submission, that was
// most of the time spent outside signature verification. Documents that
// gridlaw and well-behaved providers write are a narrow subset of JSON:
// ASCII strings without escapes, integers, literals. This reader reads that
// subset straight from the bytes into the same SAX handler
// (StrictDomBuilder), so the tree and every strictness rule (duplicate
// names, limits, depth) are the handler's. It never decides a refusal:
// anything outside the subset (an escape, a byte beyond ASCII, a number
// with a fraction or exponent or of more than 18 digits, malformed JSON)
// and any refusal by the handler make it give up, and ParseStrictJson reads
// the document again from the start with nlohmann and a fresh handler. What
// is accepted, the tree, and every error are therefore nlohmann's and the
// handler's exactly (fuzz/json_fuzzer.cpp compares the two paths).

#include <cstddef>
#include <string_view>

#include "strict/dom_builder.h"

namespace gridlaw::json_detail {

// True when `bytes` is one JSON value of the plain subset, with whitespace
// around it, and `builder` accepted every event; `consumed` tracks the
// position as nlohmann's lexer would report it to the builder.
bool ReadPlainJson(std::string_view bytes, StrictDomBuilder& builder, size_t* consumed);

}  // namespace gridlaw::json_detail
