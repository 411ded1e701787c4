#include "claims/claims.h"

#include <gtest/gtest.h>

namespace gridlaw {
namespace {

using nlohmann::json;

json ValidClaim() {
  return json::parse(R"({
    "schema": "compute-facility/v1",
    "provider": "acme-cloud",
    "subject": {"id": "fra-1", "kind": "facility", "name": "Frankfurt 1"},
    "country": "DE",
    "region": "eu-central",
    "period": {"start": "2027-01-01", "end": "2027-02-01"},
    "issued_at": "2027-02-03T10:00:00+01:00",
    "nonce": "3f9c2a7e5b1d4c8f",
    "currency": "EUR",
    "facility": {"hub_node": false, "commissioned": "2019-05-01",
                 "it_power_installed": {"value": "4200", "unit": "kW"}},
    "energy": {"facility": {"value": "3.9", "unit": "GWh"}, "it": {"value": "3000000", "unit": "kWh"}},
    "tokens": {"served": {"value": "12000", "unit": "Mtoken"}},
    "incidents": [{"id": "INC-7", "severity": "critical",
                   "detected_at": "2027-01-10T03:00:00Z", "notified_at": "2027-01-10T20:00:00Z"}],
    "prices": [{"customer_class": "domestic", "region": "eu-central",
                "price": {"value": "2.50", "unit": "EUR/Mtoken"}}]
  })");
}

const Value& Field(const Claim& claim, const std::string& name) {
  const auto& fields = claim.schema->root.fields;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return claim.record.items()[i];
  }
  static const Value kMissing;
  return kMissing;
}

TEST(Claims, DecodesIntoBaseUnits) {
  std::vector<ClaimError> errors;
  auto claim = DecodeClaim(ValidClaim(), &errors);
  ASSERT_TRUE(claim.has_value()) << (errors.empty() ? ""
                                                    : errors[0].path + ": " + errors[0].message);
  EXPECT_EQ(claim->provider, "acme-cloud");
  EXPECT_EQ(claim->subject_id, "fra-1");
  EXPECT_EQ(claim->period_end - claim->period_start, 31);
  EXPECT_EQ(claim->issued_at, int64_t{1801645200} * 1000000000);  // 09:00 UTC
  // energy.it: 3 000 000 kWh = 1.08e13 J.
  const Value& energy = Field(*claim, "energy");
  EXPECT_EQ(energy.items()[1].as_quantity(), *Rational::FromDecimal("1.08e13"));
  // Derived: pue = 3.9 GWh / 3 GWh = 1.3 exactly.
  EXPECT_EQ(Field(*claim, "pue").as_quantity(), *Rational::FromDecimal("1.3"));
  // energy_per_token = 1.08e13 J / 1.2e10 token = 900 J/token.
  EXPECT_EQ(Field(*claim, "energy_per_token").as_quantity(), *Rational::FromDecimal("900"));
  // Missing evidence stays missing.
  EXPECT_TRUE(Field(*claim, "wue").is_missing());
  EXPECT_TRUE(Field(*claim, "water").is_missing());
  // Prices carry the claim's currency.
  const Value& price = Field(*claim, "prices").items()[0].items()[2];
  EXPECT_EQ(price.currency(), "EUR");
  EXPECT_EQ(price.as_quantity(), *Rational::FromDecimal("2.5e-6"));
}

struct BadClaim {
  const char* pointer;  // where to change the valid claim
  json replacement;     // null: remove
  const char* path;
  const char* message;
};

class ClaimErrors : public ::testing::TestWithParam<BadClaim> {};

TEST_P(ClaimErrors, Reported) {
  json doc = ValidClaim();
  const json::json_pointer where(GetParam().pointer);
  if (GetParam().replacement.is_null() && std::string(GetParam().pointer) != "/energy/it") {
    doc[where.parent_pointer()].erase(where.back());
  } else {
    doc[where] = GetParam().replacement;
  }
  std::vector<ClaimError> errors;
  EXPECT_FALSE(DecodeClaim(doc, &errors).has_value());
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].path, GetParam().path);
  EXPECT_EQ(errors[0].message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ClaimErrors,
    ::testing::Values(
        BadClaim{"/provider", nullptr, "/provider", "required field 'provider' is missing"},
        BadClaim{"/energy/itt", json{{"value", "1"}, {"unit", "kWh"}}, "/energy/itt",
                 "unknown field 'itt' (did you mean 'it'?)"},
        BadClaim{"/energy/it", nullptr, "/energy/it",
                 "null is not a value; leave the field out when there is no evidence"},
        BadClaim{"/energy/it/unit", "kW", "/energy/it/unit",
                 "unit 'kW' measures power, but this field is energy (for example 'kWh')"},
        BadClaim{"/energy/it/value", 3000000, "/energy/it/value",
                 "expected the value as a decimal string (\"12.5\"), found a number; strings keep "
                 "every digit exact"},
        BadClaim{"/energy/it/value", "-5", "/energy/it/value",
                 "'-5' is not a non-negative decimal number that exact arithmetic can hold"},
        BadClaim{"/prices/0/price/unit", "USD/Mtoken", "/prices/0/price/unit",
                 "unit 'USD/Mtoken' measures USD/token, but this field is EUR/token (for example "
                 "'EUR/Mtoken')"},
        BadClaim{"/pue", json{{"value", "1.1"}, {"unit", "1"}}, "/pue",
                 "'pue' is derived by the engine (energy.facility / energy.it); submit the "
                 "measurements, and put your own figure in claimed.pue"},
        BadClaim{"/subject/kind", "datacentre", "/subject/kind",
                 "'datacentre' is not one of: facility, service, model"},
        BadClaim{"/period/end", "2027-02-30", "/period/end",
                 "'2027-02-30' is not a date of the calendar (YYYY-MM-DD)"},
        BadClaim{"/country", "UK", "/country", "'UK' is not an ISO 3166-1 alpha-2 code"},
        BadClaim{"/currency", "EURO", "/currency", "'EURO' is not an ISO 4217 currency code"},
        BadClaim{"/nonce", "short", "/nonce", "a nonce has 16 to 128 characters"},
        BadClaim{"/incidents/0/detected_at", "2027-01-10 03:00", "/incidents/0/detected_at",
                 "'2027-01-10 03:00' is not an RFC 3339 date-time with an offset "
                 "(2027-01-31T23:00:00Z), years 1900 to 2200"},
        BadClaim{"/schema", "compute-facility/v9", "/schema",
                 "unknown schema 'compute-facility/v9'"}));

TEST(Claims, ClaimedRatiosAreCheckedAgainstTheMeasurements) {
  json doc = ValidClaim();  // pue is 3.9 GWh / 3 GWh = 1.3 exactly
  doc["claimed"] = {{"pue", {{"value", "1.3"}, {"unit", "1"}}}};
  std::vector<ClaimError> errors;
  EXPECT_TRUE(DecodeClaim(doc, &errors)->discrepancies.empty());
  doc["claimed"]["pue"]["value"] = "1.304";  // within half of 0.001? no: 0.004 > 0.0005
  auto claim = DecodeClaim(doc, &errors);
  ASSERT_EQ(claim->discrepancies.size(), 1u);
  EXPECT_EQ(claim->discrepancies[0],
            "claimed.pue = 1.304 disagrees with the recomputed energy.facility / energy.it = "
            "1.30000 beyond the claim's rounding");
  doc["claimed"]["pue"]["value"] = "1.30";  // rounding of 1.3 to two places: agrees
  EXPECT_TRUE(DecodeClaim(doc, &errors)->discrepancies.empty());
  doc["claimed"]["pue"]["value"] = "1.25";
  EXPECT_EQ(DecodeClaim(doc, &errors)->discrepancies.size(), 1u);
  doc["claimed"] = {{"energy_per_token", {{"value", "0.9"}, {"unit", "kJ/token"}}}};
  EXPECT_TRUE(DecodeClaim(doc, &errors)->discrepancies.empty());  // 900 J/token
}

TEST(Claims, CollectsEveryError) {
  json doc = ValidClaim();
  doc["energy"]["it"]["unit"] = "kW";
  doc["subject"]["kind"] = "x";
  doc["bogus"] = 1;
  std::vector<ClaimError> errors;
  EXPECT_FALSE(DecodeClaim(doc, &errors).has_value());
  EXPECT_EQ(errors.size(), 3u);
}

}  // namespace
}  // namespace gridlaw
