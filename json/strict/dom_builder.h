#pragma once
// The SAX handler behind ParseStrictJson (internal to gridlaw_json): builds
// an nlohmann::json tree from nlohmann's SAX events and refuses, with the
// first JsonError, everything strict intake rules out. The member functions
// in the middle block are nlohmann's SAX interface (json_sax<json>); each
// returns false to stop the parse.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strict/json_error.h"
#include "strict/strict_json.h"

namespace gridlaw::json_detail {

class StrictDomBuilder {
 public:
  // `consumed` is updated by the input iterator: how many bytes of `bytes`
  // the lexer has read so far. Both must outlive the builder.
  StrictDomBuilder(std::string_view bytes, const JsonLimits& limits, const size_t* consumed)
      : bytes_(bytes), limits_(limits), consumed_(consumed) {}

  bool null();
  bool boolean(bool value);
  bool number_integer(nlohmann::json::number_integer_t value);
  bool number_unsigned(nlohmann::json::number_unsigned_t value);
  bool number_float(nlohmann::json::number_float_t value, const std::string& text);
  bool string(std::string& value);
  bool binary(nlohmann::json::binary_t& value);
  bool start_object(size_t elements);
  bool key(std::string& name);
  bool end_object();
  bool start_array(size_t elements);
  bool end_array();
  bool parse_error(size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex);

  // After the parse: the error, if any, else the tree.
  const std::optional<JsonError>& error() const { return error_; }
  nlohmann::json TakeRoot() { return std::move(root_); }
  // The path of the value being read when the parse stopped.
  std::string CurrentPath() const { return PathTo(true); }

 private:
  struct Frame {
    nlohmann::json* container;
    std::string key;              // objects: the member being read
    bool awaiting_value = false;  // objects: a key was read, its value not yet
  };

  bool AddValue(nlohmann::json value);
  bool OpenContainer(nlohmann::json empty, char bracket);
  bool CloseContainer();
  bool CheckString(const std::string& text, size_t start);
  bool Fail(JsonErrorCode code, size_t offset, std::string message, bool include_child = true);
  std::string PathTo(bool include_child) const;
  size_t StringStart() const;
  size_t NumberStart(std::string_view text) const;

  std::string_view bytes_;
  const JsonLimits& limits_;
  const size_t* consumed_;
  nlohmann::json root_;
  std::vector<Frame> stack_;
  bool root_done_ = false;
  std::optional<JsonError> error_;
};

}  // namespace gridlaw::json_detail
