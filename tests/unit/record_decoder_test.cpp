// facility-month/v1 records decoded from JSON Lines (engine/records): exact
// numbers in the schema's units, missing keys as missing evidence, and every
// refusal with its JSON pointer.

#include "records/record_decoder.h"

#include <gtest/gtest.h>

#include "schema/schema.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

constexpr const char* kRecord =
    R"({"id":"att-0000001","provider":"prov-007","facility":"prov-007-f2","region":"eu-west",)"
    R"("period_start":"2024-02-01","energy_facility_kwh":1300,"energy_it_kwh":1000,)"
    R"("renewable_kwh":700,"water_l":1500,"tokens_served":7200000000,"pue":1.3,)"
    R"("availability":0.99951,"latency_p99_ms":812.5,)"
    R"("prices":[{"customer_class":"sme","usd_per_mtok":1.2345},)"
    R"({"customer_class":"domestic","usd_per_mtok":1.1}],)"
    R"("incidents":[{"severity":"critical","detected_hours":5,"reported_hours":30}]})";

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

TEST(RecordDecoder, StreamSchemaIsNoClaimsSchema) {
  EXPECT_EQ(FindSchema("facility-month/v1"), &FacilityMonthV1());
  EXPECT_TRUE(FacilityMonthV1().stream.has_value());
  EXPECT_FALSE(ComputeFacilityV1().stream.has_value());
}

}  // namespace
}  // namespace gridlaw
