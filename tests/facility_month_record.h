#pragma once
// One plain facility-month/v1 record (the peer workload's schema), for tests
// that vary it field by field, and the replacement they vary it with.

#include <stdexcept>
#include <string>

namespace gridlaw::testing {

inline constexpr const char* kFacilityMonthRecord =
    R"({"id":"att-0000001","provider":"prov-007","facility":"prov-007-f2","region":"eu-west",)"
    R"("period_start":"2024-02-01","energy_facility_kwh":1300,"energy_it_kwh":1000,)"
    R"("renewable_kwh":700,"water_l":1500,"tokens_served":7200000000,"pue":1.3,)"
    R"("availability":0.99951,"latency_p99_ms":812.5,)"
    R"("prices":[{"customer_class":"sme","usd_per_mtok":1.2345},)"
    R"({"customer_class":"domestic","usd_per_mtok":1.1}],)"
    R"("incidents":[{"severity":"critical","detected_hours":5,"reported_hours":30}]})";

// `text` with the first `from` replaced by `to`; a `from` that is not there
// is a mistake in the test, and throws.
inline std::string ReplaceFirst(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("not in the text: " + from);
  return text.replace(at, from.size(), to);
}

}  // namespace gridlaw::testing
