// The canonical writer against nlohmann::json's dump(), which the reports
// were made with before it: the same bytes for every string byte, nested
// containers and integer limits, and a refusal for what dump() refuses.

#include "canonical/canonical_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace gridlaw {
namespace {

std::string Written(std::string_view text) {
  std::string out;
  AppendJsonString(text, &out);
  return out;
}

TEST(CanonicalWriter, EscapesEveryAsciiByteAsDumpDoes) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string text = "a" + std::string(1, static_cast<char>(c)) + "z";
    EXPECT_EQ(Written(text), nlohmann::json(text).dump()) << "byte " << c;
  }
}

TEST(CanonicalWriter, CopiesUtf8AsItIs) {
  for (const std::string text : {"", "µs", "¤/Mtoken", "≤ 1.3 — ok", "\xF0\x9F\x94\x8B", "日本"}) {
    EXPECT_EQ(Written(text), nlohmann::json(text).dump()) << text;
  }
  EXPECT_EQ(Written("\"\\\n\x01\x1f"), R"("\"\\\n\u0001\u001f")");
}

TEST(CanonicalWriter, RefusesWhatIsNotUtf8AsDumpDoes) {
  for (const std::string text : {"\xff", "ok\xC3", "\xED\xA0\x80", "\xC0\xAF"}) {
    EXPECT_THROW(nlohmann::json(text).dump(), nlohmann::json::type_error);
    EXPECT_THROW(Written(text), std::invalid_argument);
  }
}

TEST(CanonicalWriter, WritesWhatATreeDumps) {
  std::string out;
  CanonicalJsonWriter w(&out);
  w.BeginObject();
  w.Name("a");
  w.BeginArray();
  w.Integer(std::numeric_limits<int64_t>::min());
  w.Integer(std::numeric_limits<int64_t>::max());
  w.Unsigned(std::numeric_limits<uint64_t>::max());
  w.Unsigned(0);
  w.Bool(true);
  w.Bool(false);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.StringArray({"x", "y"});
  w.EndArray();
  w.Member("ab", "text");
  w.Name("b");
  w.BeginObject();
  w.Member("count", uint64_t{3});
  w.Member("ok", false);
  w.EndObject();
  w.Member("list", std::vector<std::string>{});
  w.EndObject();
  EXPECT_TRUE(w.complete());

  nlohmann::json tree;
  tree["b"] = {{"ok", false}, {"count", 3}};
  tree["list"] = nlohmann::json::array();
  tree["ab"] = "text";
  tree["a"] = {std::numeric_limits<int64_t>::min(),
               std::numeric_limits<int64_t>::max(),
               std::numeric_limits<uint64_t>::max(),
               0,
               true,
               false,
               nullptr,
               nlohmann::json::object(),
               nlohmann::json::array(),
               {"x", "y"}};
  EXPECT_EQ(out, tree.dump());
}

TEST(CanonicalWriter, RefusesMembersOutOfOrder) {
  std::string out;
  CanonicalJsonWriter w(&out);
  w.BeginObject();
  w.Member("measure", "a");
  EXPECT_THROW(w.Member("measure", "again"), std::logic_error);
  EXPECT_THROW(w.Member("limit", "b"), std::logic_error);
  w.Member("message", "c");  // after "measure": in order
  w.EndObject();
  EXPECT_TRUE(w.complete());
  EXPECT_EQ(out, R"({"measure":"a","message":"c"})");
}

TEST(CanonicalWriter, RefusesMisuse) {
  std::string out;
  CanonicalJsonWriter w(&out);
  EXPECT_FALSE(w.complete());
  EXPECT_THROW(w.Name("a"), std::logic_error);  // no object open
  w.BeginObject();
  EXPECT_THROW(w.String("value without a name"), std::logic_error);
  EXPECT_THROW(w.EndArray(), std::logic_error);
  w.Name("a");
  EXPECT_THROW(w.Name("b"), std::logic_error);  // a's value is due
  EXPECT_THROW(w.EndObject(), std::logic_error);
  w.Null();
  w.EndObject();
  EXPECT_THROW(w.EndObject(), std::logic_error);
  EXPECT_THROW(w.Null(), std::logic_error);  // a second top-level value
}

}  // namespace
}  // namespace gridlaw
