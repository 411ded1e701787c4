// facility-month/v1: one record is one facility's month, as the peer
// workload (shared/bench/WORKLOAD.md) writes it: flat JSON Lines with plain
// numbers, each in the unit this schema declares for its field. Each record
// is its own subject (its `id`). SPEC.md §8 and §22 reproduce this table; a
// test keeps them in step.

#include "schema/schema.h"

namespace gridlaw {

const Schema& FacilityMonthV1() {
  using K = FieldKind;
  static const Schema schema = [] {
    Schema s;
    s.id = "facility-month/v1";
    s.description =
        "One compute facility's energy, water, service and price figures for one calendar "
        "month, as a JSON Lines record with plain numbers.";
    s.root = RecordField(
        "", "",
        {
            Required(SimpleField("id", K::kString, "Record id: the subject of the record.")),
            Required(SimpleField("provider", K::kString, "Provider id.")),
            Required(SimpleField("facility", K::kString, "Facility id.")),
            SimpleField("region", K::kString, "Provider's region name (\"eu-west\")."),
            Required(
                SimpleField("period_start", K::kDate, "First day of the month the record covers.")),
            QuantityField("energy_facility_kwh", "kWh", "Total facility energy."),
            QuantityField("energy_it_kwh", "kWh", "Energy delivered to IT equipment."),
            QuantityField("renewable_kwh", "kWh", "Renewable energy used."),
            QuantityField("water_l", "L", "Water withdrawn."),
            QuantityField("tokens_served", "token", "Tokens served."),
            QuantityField("pue", "1", "Power usage effectiveness, as the provider states it."),
            QuantityField("availability", "1", "Share of the month the service was available."),
            QuantityField("latency_p99_ms", "ms", "99th percentile request latency."),
            ListOf(RecordField(
                "prices", "List prices per customer class.",
                {
                    SimpleField("customer_class", K::kString,
                                "\"domestic\", \"foreign\", \"sme\", …"),
                    QuantityField("usd_per_mtok", "USD/Mtoken", "Price per million tokens."),
                })),
            ListOf(RecordField(
                "incidents", "Incidents of the month.",
                {
                    OneOf(SimpleField("severity", K::kString, "\"low\", \"high\" or \"critical\"."),
                          {"low", "high", "critical"}),
                    QuantityField("detected_hours", "h",
                                  "When the incident was detected, in hours from the month's "
                                  "start."),
                    QuantityField("reported_hours", "h",
                                  "When it was reported, in hours from the month's start."),
                })),
        });
    s.stream = RecordStreamIdentity{"id", "provider", "period_start", 1};
    return s;
  }();
  return schema;
}

}  // namespace gridlaw
