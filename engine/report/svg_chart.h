#pragma once
// One inline SVG chart for the HTML report (report_html.h): a measured
// metric per period against its threshold, as SPEC.md §13.6 records it in a
// verdict's `measure` and `series`.
//
// Every string is treated as hostile text from a report: it is escaped
// wherever it reaches the markup, and numbers are read from it only to place
// marks (an unreadable number is drawn as a missing value, its text kept in
// the tooltip). The output is a pure function of the input: no ids that
// could collide between charts, no clock, no locale.

#include <string>
#include <vector>

namespace gridlaw {

struct ChartPoint {
  std::string period;   // period start as the report gives it, e.g. "2027-03-01"
  std::string verdict;  // pass, warn, fail, indeterminate or not_applicable
  std::string value;    // decimal text in the chart's unit; "" when missing
  std::string limit;    // decimal text in the chart's unit; "" when there was none
};

struct ChartInput {
  std::string rule;     // rule id, for data-rule
  std::string subject;  // "provider/subject", for data-subject
  std::string metric;   // as the measure gives them
  std::string op;
  std::string limit;
  std::string unit;
  // In period order; the last one is the evaluated attestation. Empty
  // points are allowed (the chart then says there is nothing to plot).
  std::vector<ChartPoint> points;
};

// `<svg class="chart" data-rule=… data-subject=…>…</svg>`, one line per
// element, ending in a newline. Its viewBox is kChartWidth × kChartHeight
// user units; the page scales it down on narrow screens.
std::string RenderSvgChart(const ChartInput& chart);

inline constexpr int kChartWidth = 900;
inline constexpr int kChartHeight = 212;

}  // namespace gridlaw
