#pragma once
// How an error message names the type of a JSON value ("expected a string,
// not a number"): one wording for every decoder of outside documents.

#include <nlohmann/json.hpp>

namespace gridlaw {

// "null", "an object", "an array", "a string", "a boolean", "a number".
const char* JsonTypeName(const nlohmann::json& value);

}  // namespace gridlaw
