// compute-facility/v1: one attestation covers one subject (a data-centre
// facility, a compute service or a model endpoint) over one period.
// SPEC.md §Schema reproduces this table; a test keeps them in step.

#include "schema/schema.h"

namespace gridlaw {

const Schema& ComputeFacilityV1() {
  using K = FieldKind;
  static const Schema schema = [] {
    Schema s;
    s.id = "compute-facility/v1";
    s.description =
        "Energy, water, carbon, service and price measurements of one compute "
        "subject over one period.";
    s.root = RecordField(
        "", "",
        {
            Required(SimpleField("provider", K::kString,
                                 "Provider id, as registered in the trust store.")),
            Required(RecordField(
                "subject", "What the attestation is about.",
                {
                    Required(
                        SimpleField("id", K::kString, "Subject id, unique within the provider.")),
                    Required(OneOf(
                        SimpleField("kind", K::kString, "\"facility\", \"service\" or \"model\"."),
                        {"facility", "service", "model"})),
                    SimpleField("name", K::kString, "Human-readable name."),
                })),
            SimpleField("country", K::kString,
                        "ISO 3166-1 alpha-2 code where the subject operates."),
            SimpleField("region", K::kString,
                        "Provider's region name (\"eu-west\", \"cn-north\")."),
            Required(RecordField(
                "period", "The measured period: start inclusive, end exclusive.",
                {
                    Required(SimpleField("start", K::kDate, "First day of the period.")),
                    Required(SimpleField("end", K::kDate, "Day after the last day of the period.")),
                })),
            Required(SimpleField("issued_at", K::kDateTime, "When the provider issued the claim.")),
            Required(SimpleField("nonce", K::kString,
                                 "Unique per claim and provider, 16 to 128 characters: refuses "
                                 "replays.")),
            SimpleField("currency", K::kString,
                        "ISO 4217 code of every price in the claim (the ¤ in price units)."),
            RecordField(
                "facility", "The data-centre facility.",
                {
                    SimpleField("hub_node", K::kBool, "Located in a national computing hub node."),
                    SimpleField("western_hub", K::kBool,
                                "Located in a western hub node (CN: Inner "
                                "Mongolia, Guizhou, Gansu, Ningxia)."),
                    SimpleField("commissioned", K::kDate, "Date the facility entered operation."),
                    QuantityField("it_power_installed", "kW", "Installed IT power (rated)."),
                    QuantityField("rack_utilisation", "%", "Share of installed racks in use."),
                }),
            RecordField(
                "energy", "Energy over the period.",
                {
                    QuantityField("facility", "kWh", "Total facility energy (grid and on-site)."),
                    QuantityField("it", "kWh", "Energy delivered to IT equipment."),
                    QuantityField("renewable", "kWh",
                                  "Renewable energy used (on-site, PPA, guarantees of "
                                  "origin)."),
                    QuantityField("reused", "kWh",
                                  "Waste heat energy reused outside the facility."),
                }),
            RecordField("water", "Water over the period.",
                        {
                            QuantityField("withdrawn", "L", "Water withdrawn from all sources."),
                        }),
            RecordField("carbon", "Carbon.",
                        {
                            QuantityField("grid_intensity", "gCO2e/kWh",
                                          "Carbon intensity of the grid supply."),
                        }),
            RecordField("tokens", "Model tokens.",
                        {
                            QuantityField("served", "token", "Tokens served (input + output)."),
                        }),
            RecordField(
                "requests", "Service requests.",
                {
                    QuantityField("served", "req", "Requests answered."),
                    QuantityField("failed", "req", "Requests answered with a server error."),
                }),
            RecordField("latency", "Request latency percentiles over the period.",
                        {
                            QuantityField("p50", "ms", "Median latency."),
                            QuantityField("p95", "ms", "95th percentile latency."),
                            QuantityField("p99", "ms", "99th percentile latency."),
                        }),
            RecordField(
                "availability", "Service time.",
                {
                    QuantityField("available", "min", "Minutes the service was available."),
                    QuantityField("unavailable", "min", "Minutes the service was unavailable."),
                }),
            ListOf(RecordField(
                "incidents", "Incidents that began in the period.",
                {
                    SimpleField("id", K::kString, "Incident id."),
                    OneOf(SimpleField("severity", K::kString, "\"low\", \"high\" or \"critical\"."),
                          {"low", "high", "critical"}),
                    SimpleField("detected_at", K::kDateTime,
                                "When the provider became aware of it."),
                    SimpleField("early_warning_at", K::kDateTime,
                                "When the early warning was sent."),
                    SimpleField("notified_at", K::kDateTime,
                                "When the incident notification was sent."),
                    SimpleField("final_report_at", K::kDateTime, "When the final report was sent."),
                    SimpleField("resolved_at", K::kDateTime, "When service was restored."),
                })),
            ListOf(
                RecordField("prices", "List prices per customer class and region.",
                            {
                                SimpleField("customer_class", K::kString,
                                            "\"domestic\", \"foreign\", \"sme\", …"),
                                SimpleField("region", K::kString, "Region the price applies in."),
                                QuantityField("price", "¤/Mtoken",
                                              "Price per million tokens, in the claim currency."),
                            })),
            RecordField(
                "electricity", "Electricity purchase.",
                {
                    QuantityField("price", "¤/kWh", "Average price paid, in the claim currency."),
                }),
            RecordField(
                "claimed",
                "Ratios as the provider computed them; the engine recomputes "
                "them from the measurements and reports disagreement.",
                {
                    QuantityField("pue", "1", "Claimed PUE."),
                    QuantityField("ref", "%", "Claimed renewable energy factor."),
                    QuantityField("erf", "%", "Claimed energy reuse factor."),
                    QuantityField("wue", "L/kWh", "Claimed water usage effectiveness."),
                    QuantityField("energy_per_token", "J/token", "Claimed IT energy per token."),
                }),
            // Derived by the engine from the measurements above; a claim may not set them.
            Derived(QuantityField("pue", "1", "Power usage effectiveness (ISO/IEC 30134-2)."),
                    "energy.facility / energy.it"),
            Derived(QuantityField("ref", "%", "Renewable energy factor (ISO/IEC 30134-3)."),
                    "energy.renewable / energy.facility"),
            Derived(QuantityField("erf", "%", "Energy reuse factor (ISO/IEC 30134-6)."),
                    "energy.reused / energy.facility"),
            Derived(QuantityField("wue", "L/kWh", "Water usage effectiveness (ISO/IEC 30134-9)."),
                    "water.withdrawn / energy.it"),
            Derived(QuantityField("energy_per_token", "J/token", "IT energy per token served."),
                    "energy.it / tokens.served"),
            Derived(QuantityField("availability_ratio", "%",
                                  "Share of the period the service was "
                                  "available."),
                    "availability.available / (availability.available + availability.unavailable)"),
        });
    return s;
  }();
  return schema;
}

}  // namespace gridlaw
