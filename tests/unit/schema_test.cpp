#include "schema/schema.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gridlaw {
namespace {

void ExpectWellFormed(const FieldSpec& spec, const std::string& path) {
  for (const auto& f : spec.fields) {
    const std::string p = path.empty() ? f.name : path + "." + f.name;
    EXPECT_FALSE(f.name.empty()) << path;
    EXPECT_FALSE(f.description.empty()) << p;
    if (f.kind == FieldKind::kQuantity) {
      EXPECT_FALSE(f.unit.empty()) << p;
    }
    if (f.kind == FieldKind::kRecord) ExpectWellFormed(f, p);
    // Names are unique within a record.
    EXPECT_EQ(std::count_if(spec.fields.begin(), spec.fields.end(),
                            [&](const FieldSpec& g) { return g.name == f.name; }),
              1)
        << p;
  }
}

TEST(Schema, ComputeFacilityV1IsWellFormed) {
  const Schema& s = ComputeFacilityV1();
  EXPECT_EQ(s.id, "compute-facility/v1");
  ExpectWellFormed(s.root, "");
  EXPECT_EQ(FindSchema("compute-facility/v1"), &s);
  EXPECT_EQ(FindSchema("compute-facility/v2"), nullptr);
}

TEST(Schema, FieldsCarryTypesAndUnits) {
  const FieldSpec& root = ComputeFacilityV1().root;
  const FieldSpec* energy = root.Find("energy");
  ASSERT_NE(energy, nullptr);
  const FieldSpec* it = energy->Find("it");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->kind, FieldKind::kQuantity);
  EXPECT_EQ(it->unit, "kWh");
  EXPECT_EQ(it->dimension.Describe(), "energy");
  const FieldSpec* incidents = root.Find("incidents");
  ASSERT_NE(incidents, nullptr);
  EXPECT_TRUE(incidents->is_list);
  EXPECT_EQ(incidents->Find("detected_at")->kind, FieldKind::kDateTime);
  const FieldSpec* prices = root.Find("prices");
  EXPECT_EQ(prices->Find("price")->dimension.Describe(), "currency/token");
  const FieldSpec* pue = root.Find("pue");
  ASSERT_NE(pue, nullptr);
  EXPECT_TRUE(pue->dimension.dimensionless());
  EXPECT_EQ(pue->formula, "energy.facility / energy.it");
}

}  // namespace
}  // namespace gridlaw
