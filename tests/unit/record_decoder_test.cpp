// facility-month/v1 records decoded from JSON Lines (engine/records): exact
// numbers in the schema's units, missing keys as missing evidence, and every
// refusal with its JSON pointer.

#include "records/record_decoder.h"

#include <gtest/gtest.h>

#include "facility_month_record.h"
#include "schema/schema.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

constexpr const char* kRecord = testing::kFacilityMonthRecord;

const Value& Field(const Claim& c, const std::string& name) {
  const FieldSpec& root = FacilityMonthV1().root;
  for (size_t i = 0; i < root.fields.size(); ++i) {
    if (root.fields[i].name == name) return c.record.items()[i];
  }
  throw std::logic_error(name);
}

Rational R(int64_t num, int64_t den) {
  return *Rational::Make(num, den);
}

TEST(RecordDecoder, DecodesExactlyInBaseUnits) {
  RecordDecoder decoder(FacilityMonthV1());
  RecordError error;
  auto claim = decoder.Decode(kRecord, &error);
  ASSERT_TRUE(claim) << error.pointer << ": " << error.message;
  EXPECT_EQ(claim->id, "att-0000001");
  EXPECT_EQ(claim->subject_id, "att-0000001");
  EXPECT_EQ(claim->provider, "prov-007");
  EXPECT_EQ(claim->period_start, DaysFromCivil({2024, 2, 1}));
  EXPECT_EQ(claim->period_end, DaysFromCivil({2024, 3, 1}));
  EXPECT_EQ(Field(*claim, "pue").as_quantity(), R(13, 10));  // never 1.3 as a double
  EXPECT_EQ(Field(*claim, "availability").as_quantity(), R(99951, 100000));
  EXPECT_EQ(Field(*claim, "energy_it_kwh").as_quantity(), Rational::FromInt(3'600'000'000));  // J
  EXPECT_EQ(Field(*claim, "water_l").as_quantity(), R(15, 10));                               // m³
  EXPECT_EQ(Field(*claim, "latency_p99_ms").as_quantity(), R(8125, 10000));                   // s
  const auto& prices = Field(*claim, "prices").items();
  ASSERT_EQ(prices.size(), 2U);
  EXPECT_EQ(prices[0].items()[0].as_string(), "sme");
  EXPECT_EQ(prices[0].items()[1].as_quantity(), R(12345, 10000000000));  // USD per token
  const auto& incident = Field(*claim, "incidents").items().at(0).items();
  EXPECT_EQ(incident[0].as_string(), "critical");
  EXPECT_EQ(incident[2].as_quantity(), Rational::FromInt(30 * 3600));  // s
}

TEST(RecordDecoder, AbsentKeyIsMissingEvidence) {
  std::string line = kRecord;
  const std::string pue = R"("pue":1.3,)";
  line.erase(line.find(pue), pue.size());
  RecordDecoder decoder(FacilityMonthV1());
  RecordError error;
  auto claim = decoder.Decode(line, &error);
  ASSERT_TRUE(claim) << error.message;
  EXPECT_TRUE(Field(*claim, "pue").is_missing());
  EXPECT_FALSE(Field(*claim, "availability").is_missing());
}

struct Refusal {
  std::string from, to;  // replace `from` in kRecord by `to`
  std::string pointer;
  std::string message_part;
};

TEST(RecordDecoder, RefusesWithPointers) {
  const Refusal cases[] = {
      {R"("pue":1.3)", R"("pue":null)", "/pue", "null"},
      {R"("pue":1.3)", R"("pue":"1.3")", "/pue", "expected a number, found a string"},
      {R"("pue":1.3)", R"("pue":1.3,"pue":1.4)", "/pue", "appears twice"},
      {R"("pue":1.3)", R"("pue":1.3,"colour":"red")", "/colour", "unknown field"},
      {R"("severity":"critical")", R"("severity":"major")", "/incidents/0/severity", "not one of"},
      {R"("reported_hours":30)", R"("reported_hours":[30])", "/incidents/0/reported_hours",
       "expected a number, found an array"},
      {R"("usd_per_mtok":1.1})", R"("usd_per_mtok":true})", "/prices/1/usd_per_mtok",
       "expected a number, found a boolean"},
      {R"("period_start":"2024-02-01")", R"("period_start":"2024-02-30")", "/period_start",
       "not a date"},
      {R"("period_start":"2024-02-01")", R"("period_start":"2024-02-02")", "/period_start",
       "first day of a month"},
      {R"("id":"att-0000001",)", "", "", "'id' is required"},
      {R"("prices":[)", R"("prices":{)", "/prices", "expected an array, found an object"},
      {R"("pue":1.3)", R"("pue":1e60)", "/pue", "beyond exact"},
  };
  RecordDecoder decoder(FacilityMonthV1());
  for (const Refusal& c : cases) {
    std::string line = kRecord;
    const size_t at = line.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    line.replace(at, c.from.size(), c.to);
    RecordError error;
    EXPECT_FALSE(decoder.Decode(line, &error)) << line;
    EXPECT_EQ(error.pointer, c.pointer) << c.to << ": " << error.message;
    EXPECT_NE(error.message.find(c.message_part), std::string::npos) << error.message;
  }
  // The decoder is reusable after a refusal.
  RecordError error;
  EXPECT_TRUE(decoder.Decode(kRecord, &error)) << error.message;
}

TEST(RecordDecoder, RefusesWhatIsNotOneRecord) {
  RecordDecoder decoder(FacilityMonthV1());
  const std::vector<std::string> lines = {"", "[1]", "42", std::string(kRecord) + " {}",
                                          std::string(kRecord).substr(0, 60)};
  for (const std::string& line : lines) {
    RecordError error;
    EXPECT_FALSE(decoder.Decode(line, &error)) << line;
    EXPECT_FALSE(error.message.empty()) << line;
  }
}

std::string Replace(const std::string& line, const std::string& from, const std::string& to) {
  return testing::ReplaceFirst(line, from, to);
}

std::string ReplaceAll(std::string line, const std::string& from, const std::string& to) {
  for (size_t at = line.find(from); at != std::string::npos; at = line.find(from, at + to.size()))
    line.replace(at, from.size(), to);
  return line;
}

void ExpectSameValue(const Value& a, const Value& b, const std::string& where) {
  ASSERT_EQ(a.kind(), b.kind()) << where;
  EXPECT_EQ(a.as_string(), b.as_string()) << where;
  EXPECT_EQ(a.as_quantity(), b.as_quantity()) << where;
  EXPECT_EQ(a.as_date(), b.as_date()) << where;
  ASSERT_EQ(a.items().size(), b.items().size()) << where;
  for (size_t i = 0; i < a.items().size(); ++i)
    ExpectSameValue(a.items()[i], b.items()[i], where + "/" + std::to_string(i));
}

// The decoder reads plain lines itself and leaves anything else (here: an
// escape in the id) to nlohmann's parser; both must give the same claim.
TEST(RecordDecoder, FastAndNlohmannReadersAgree) {
  const std::string record = kRecord;
  const std::vector<std::string> lines = {
      record, ReplaceAll(ReplaceAll(record, ",", " ,\t"), ":", "\r\n: "), " \t" + record + " \r",
      Replace(Replace(record, R"("pue":1.3,)", ""), "{", R"({"pue":1.3,)"),  // keys out of order
      Replace(record, R"("region":"eu-west",)", ""),
      Replace(record, R"("pue":1.3)", R"("pue":-0.5e-3)"),
      Replace(record, R"("pue":1.3)", R"("pue":-0)"),
      Replace(record, R"("pue":1.3)", R"("pue":0.0E+0)"),
      Replace(record, R"("pue":1.3)", R"("pue":1E2)"),
      Replace(record, R"("pue":1.3)", R"("pue":1e-30)"),
      Replace(record, R"("pue":1.3)", R"("pue":12345678901234567890.123456789)"),
      Replace(record, R"("tokens_served":7200000000)", R"("tokens_served":9223372036854775807)"),
      Replace(record, R"("tokens_served":7200000000)", R"("tokens_served":18446744073709551615)"),
      Replace(record, R"("tokens_served":7200000000)", R"("tokens_served":18446744073709551616)"),
      Replace(record, R"("tokens_served":7200000000)", R"("tokens_served":-9223372036854775808)"),
      Replace(record, R"("tokens_served":7200000000)", R"("tokens_served":-9223372036854775809)"),
      Replace(record, R"("latency_p99_ms":812.5)", R"("latency_p99_ms":1e20)"),
      // One-step conversion of short decimals (ms is 1/10^3 s, USD/Mtoken
      // 1/10^6 USD/token) at the edges of its 18-digit, scale-18 range.
      Replace(record, R"("latency_p99_ms":812.5)", R"("latency_p99_ms":-812.5)"),
      Replace(record, R"("latency_p99_ms":812.5)", R"("latency_p99_ms":0.000000000000025)"),
      Replace(record, R"("latency_p99_ms":812.5)", R"("latency_p99_ms":0.0000000000000025)"),
      Replace(record, R"("latency_p99_ms":812.5)", R"("latency_p99_ms":999999999999999999)"),
      Replace(record, R"("latency_p99_ms":812.5)", R"("latency_p99_ms":9999999999999999999)"),
      Replace(record, R"("usd_per_mtok":1.2345)", R"("usd_per_mtok":1.234567890125)"),
      Replace(record, R"("usd_per_mtok":1.2345)", R"("usd_per_mtok":1.2345678901250)"),
      Replace(record, R"("energy_it_kwh":1000)", R"("energy_it_kwh":0.00000000000000000125)"),
      Replace(record,
              R"("incidents":[{"severity":"critical","detected_hours":5,"reported_hours":30}])",
              R"("incidents":[])"),
      Replace(record, R"("eu-west")", "\"r\xc3\xa9gion\""),  // UTF-8: nlohmann checks it
      "\xEF\xBB\xBF" + record,                               // a byte order mark, skipped
  };
  RecordDecoder decoder(FacilityMonthV1());
  for (const std::string& line : lines) {
    const std::string escaped = Replace(line, R"("att-0000001")", R"("att\u002d0000001")");
    RecordError error;
    const auto fast = decoder.Decode(line, &error);
    ASSERT_TRUE(fast) << line << "\n" << error.pointer << ": " << error.message;
    const auto slow = decoder.Decode(escaped, &error);
    ASSERT_TRUE(slow) << escaped << "\n" << error.pointer << ": " << error.message;
    EXPECT_EQ(fast->id, slow->id);
    EXPECT_EQ(fast->provider, slow->provider);
    EXPECT_EQ(fast->period_start, slow->period_start);
    EXPECT_EQ(fast->period_end, slow->period_end);
    ExpectSameValue(fast->record, slow->record, line);
  }
}

// Lines outside the plain subset, and refusals, are decided and worded by
// nlohmann's parser and the schema walk exactly as before the fast reader.
TEST(RecordDecoder, RefusalsAreWordedAsBefore) {
  const std::string record = kRecord;
  struct Refused {
    std::string line, pointer, message;
  };
  const Refused lines[] = {
      {Replace(record, R"("pue":1.3)", R"("pue":01)"), "",
       R"(invalid JSON at byte 232 (near '1'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":1.)"), "/pue",
       R"(invalid JSON at byte 233 (near '1.,'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":.5)"), "/pue",
       R"(invalid JSON at byte 231 (near '"pue":.'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":+1)"), "/pue",
       R"(invalid JSON at byte 231 (near '"pue":+'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":1.3e)"), "/pue",
       R"(invalid JSON at byte 235 (near '1.3e,'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":1.3,)"), "",
       R"(invalid JSON at byte 235 (near '1.3,,'))"},
      {Replace(record, R"("pue":1.3)", R"("pue" 1.3)"), "/pue",
       R"(invalid JSON at byte 233 (near '1.3'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":tru)"), "/pue",
       R"(invalid JSON at byte 234 (near '"pue":tru,'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":NaN)"), "/pue",
       R"(invalid JSON at byte 231 (near '"pue":N'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":1e400)"), "/pue",
       R"(invalid JSON at byte 235 (near '1e400'))"},
      {Replace(record, R"("pue":1.3)", R"("pue":-1e39)"), "/pue",
       R"(a number beyond exact arithmetic)"},
      {Replace(record, R"("pue":1.3)", R"("pue":false)"), "/pue",
       R"(expected a number, found a boolean)"},
      {Replace(record, R"("reported_hours":30})", R"("reported_hours":30,})"), "/incidents/0",
       "invalid JSON at byte 463 (near '30,}')"},
      {Replace(record, R"(30}]})", R"(30},]})"), "/incidents/1",
       "invalid JSON at byte 464 (near '30},]')"},
      {Replace(record, R"("customer_class":"sme")", R"("customer_klass":"sme")"),
       "/prices/0/customer_klass", "unknown field 'customer_klass' in 'prices'"},
      {Replace(record, R"("eu-west")", "\"eu\twest\""), "/region",
       "invalid JSON at byte 80 (near '\"eu<U+0009>')"},
      {Replace(record, R"("eu-west")", "\"eu\xffwest\""), "/region",
       "invalid JSON at byte 80 (near '\"eu?')"},  // printable: no stray byte
      {Replace(record, R"("eu-west")", R"("eu\x")"), "/region",
       R"(invalid JSON at byte 81 (near '"eu\x'))"},
      {record + "x", "", "invalid JSON at byte 465 (near '30}]}x')"},
  };
  RecordDecoder decoder(FacilityMonthV1());
  for (const Refused& r : lines) {
    RecordError error;
    EXPECT_FALSE(decoder.Decode(r.line, &error)) << r.line;
    EXPECT_EQ(error.pointer, r.pointer) << r.line;
    EXPECT_EQ(error.message, r.message) << r.line;
  }
}

TEST(RecordDecoder, StreamSchemaIsNoClaimsSchema) {
  EXPECT_EQ(FindSchema("facility-month/v1"), &FacilityMonthV1());
  EXPECT_TRUE(FacilityMonthV1().stream.has_value());
  EXPECT_FALSE(ComputeFacilityV1().stream.has_value());
}

}  // namespace
}  // namespace gridlaw
