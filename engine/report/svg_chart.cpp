// Draws a measured metric per period against its threshold (svg_chart.h).
//
// Layout: a title line (metric, operator, limit, unit; a legend of the
// marks used on the right), the plot, period labels under it. One slot per
// period: when every period starts on the first of a month, one slot per
// calendar month from the first to the last, so a month without an
// attestation shows as an empty, shaded slot rather than silently closing
// up; otherwise one slot per point. Marks differ in shape as well as colour
// so the chart reads in black and white.

#include "report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include "report/markup.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

constexpr double kPlotTop = 38;
constexpr double kPlotBottom = kChartHeight - 40;
// A missing value is marked in a strip just under the x axis, apart from
// any value or limit of 0 drawn on the axis itself; period labels below it.
constexpr double kMissingMarkY = kPlotBottom + 9;
constexpr double kPeriodLabelY = kPlotBottom + 28;
constexpr double kChartRight = kChartWidth - 4;
// Above this many months the month layout would squeeze slots to nothing;
// the chart falls back to one slot per point.
constexpr int kMaxMonthSlots = 240;
// Rough advance of one character of the 10px and 12px sans-serif labels, to
// keep labels from running into each other without measuring text.
constexpr double kSmallCharWidth = 6.0;
constexpr double kTitleCharWidth = 6.9;
// Numbers beyond this are not placed (their text still shows in tooltips):
// they would break the axis arithmetic and no metric gridlaw measures gets there.
constexpr double kLargestPlotted = 1e18;

// A plain decimal as the report writes it: -?digits(.digits)?. Anything
// else (exponents, "inf", "nan", hostile text) is not a number to plot.
std::optional<double> ReadDecimal(std::string_view text) {
  std::string_view rest = text;
  if (!rest.empty() && rest.front() == '-') rest.remove_prefix(1);
  const size_t dot = rest.find('.');
  const std::string_view whole = rest.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(fraction))) {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value) || std::abs(value) > kLargestPlotted) return std::nullopt;
  return value;
}

// SVG coordinates with one decimal: enough at this size, and stable text.
std::string Coord(double v) {
  const std::string text = fmt::format("{:.1f}", v);
  return text == "-0.0" ? "0.0" : text;
}

// At most `max_bytes` of `text`, cut at a UTF-8 character boundary, with an
// ellipsis when cut. Labels are shortened; tooltips keep the whole text.
std::string Shorten(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string(text.substr(0, cut)) + "…";
}

// Number of characters (not bytes) of UTF-8 text, for width estimates.
size_t Characters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A value axis from `min` to `max` with 1, 2 or 5 × 10^k steps.
struct Axis {
  double lo = 0;
  double hi = 1;
  double step = 0.2;
  int decimals = 1;
  bool labelled = true;  // false when there was no number to scale to
};

Axis NiceAxis(std::vector<double> values) {
  Axis axis;
  if (values.empty()) {
    axis.labelled = false;
    return axis;
  }
  double min = *std::min_element(values.begin(), values.end());
  double max = *std::max_element(values.begin(), values.end());
  // A flat series (a value equal to its limit all year) still needs a band
  // around it: a few per cent of its magnitude, or 0 … 1 at zero.
  if (max - min <= std::max(std::abs(min), std::abs(max)) * 1e-9) {
    const double half = max == 0 ? 0.5 : std::abs(max) * 0.02;
    min = max == 0 ? 0 : min - half;
    max = max == 0 ? 1 : max + half;
  }
  // Quantities that stay well above zero are drawn from zero, so the
  // distance to the limit is not exaggerated; ratios close together (an
  // availability of 99.6 % against 99 %) keep their close-up.
  if (min > 0 && min <= max / 2) min = 0;
  // Room above and below the extreme marks, without crossing zero when the
  // data does not.
  const double pad = (max - min) * 0.06;
  const bool non_negative = min >= 0;
  min -= pad;
  max += pad;
  if (non_negative && min < 0) min = 0;
  const double raw_step = (max - min) / 5;
  const double exponent = std::floor(std::log10(raw_step));
  const double magnitude_step = std::pow(10.0, exponent);
  const double normalised = raw_step / magnitude_step;
  const double factor = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
  axis.step = factor * magnitude_step;
  axis.lo = std::floor(min / axis.step) * axis.step;
  axis.hi = std::ceil(max / axis.step) * axis.step;
  // Values at the edge of the double range (subnormal steps, say) would make
  // a degenerate or endless axis: such a chart gets no value labels.
  const double ticks = (axis.hi - axis.lo) / axis.step;
  if (!std::isfinite(axis.lo) || !std::isfinite(axis.hi) || !(axis.step > 0) ||
      !std::isfinite(ticks) || ticks > 40) {
    return Axis{.labelled = false};
  }
  axis.decimals = std::clamp(static_cast<int>(-std::floor(std::log10(axis.step) + 1e-9)), 0, 12);
  return axis;
}

// A tick label: fixed decimals, digits of large numbers grouped in threes by
// a narrow no-break space (as in SI style), so 20000000 reads 20 000 000.
std::string TickLabel(double value, int decimals) {
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-') text.erase(0, 1);
  const size_t sign = text.front() == '-' ? 1 : 0;
  const size_t point = std::min(text.find('.'), text.size());
  if (point - sign < 5) return text;
  std::string grouped = text.substr(0, sign);
  for (size_t i = sign; i < point; ++i) {
    if (i > sign && (point - i) % 3 == 0) grouped += "\u202F";
    grouped += text[i];
  }
  return grouped + text.substr(point);
}

// Where each point goes along the x axis, and the label of every slot.
struct Slots {
  std::vector<int> of_point;              // slot index of each point
  std::vector<std::string> labels;        // one per slot
  std::vector<bool> without_attestation;  // a calendar month the series skips
};

std::string MonthLabel(const CivilDate& date) {
  return fmt::format("{:04}-{:02}", date.year, date.month);
}

Slots LayOutSlots(const std::vector<ChartPoint>& points) {
  Slots slots;
  std::vector<CivilDate> dates;
  for (const ChartPoint& p : points) {
    const auto date = ParseDate(p.period);
    if (!date || date->day != 1) break;
    dates.push_back(*date);
  }
  auto month_number = [](const CivilDate& d) { return d.year * 12 + (d.month - 1); };
  bool by_month = !points.empty() && dates.size() == points.size();
  for (size_t i = 1; by_month && i < dates.size(); ++i) {
    by_month = month_number(dates[i]) > month_number(dates[i - 1]);
  }
  if (by_month) {
    const int first = month_number(dates.front());
    by_month = month_number(dates.back()) - first < kMaxMonthSlots;
    if (by_month) {
      const int count = month_number(dates.back()) - first + 1;
      slots.labels.resize(static_cast<size_t>(count));
      slots.without_attestation.assign(static_cast<size_t>(count), true);
      for (int m = 0; m < count; ++m) {
        const int n = first + m;
        slots.labels[static_cast<size_t>(m)] =
            MonthLabel(CivilDate{.year = n / 12, .month = n % 12 + 1, .day = 1});
      }
      for (const CivilDate& d : dates) {
        const int slot = month_number(d) - first;
        slots.of_point.push_back(slot);
        slots.without_attestation[static_cast<size_t>(slot)] = false;
      }
      return slots;
    }
  }
  for (size_t i = 0; i < points.size(); ++i) {
    slots.of_point.push_back(static_cast<int>(i));
    const auto date = ParseDate(points[i].period);
    slots.labels.push_back(date && date->day == 1 ? MonthLabel(*date)
                                                  : Shorten(points[i].period, 10));
    slots.without_attestation.push_back(false);
  }
  return slots;
}

bool KnownVerdict(std::string_view v) {
  return v == "pass" || v == "warn" || v == "fail" || v == "indeterminate" || v == "not_applicable";
}

// The class that colours a mark: the verdict's, or a neutral one for text
// that is no verdict gridlaw writes.
std::string VerdictClass(std::string_view verdict) {
  return KnownVerdict(verdict) ? "v-" + std::string(verdict) : "v-other";
}

// A mark's shape by verdict, centred on (x, y): pass ●, warn ▲, fail ■,
// indeterminate ◇, not_applicable ○.
std::string Mark(std::string_view verdict, double x, double y) {
  const std::string cls = VerdictClass(verdict);
  if (verdict == "warn") {
    return fmt::format("<path class=\"mark {}\" d=\"M{},{}L{},{}L{},{}Z\"/>", cls, Coord(x),
                       Coord(y - 4.8), Coord(x + 4.6), Coord(y + 3.4), Coord(x - 4.6),
                       Coord(y + 3.4));
  }
  if (verdict == "fail") {
    return fmt::format("<rect class=\"mark {}\" x=\"{}\" y=\"{}\" width=\"8\" height=\"8\"/>", cls,
                       Coord(x - 4), Coord(y - 4));
  }
  if (verdict == "indeterminate") {
    return fmt::format("<path class=\"mark hollow {}\" d=\"M{},{}L{},{}L{},{}L{},{}Z\"/>", cls,
                       Coord(x), Coord(y - 4.8), Coord(x + 4.8), Coord(y), Coord(x), Coord(y + 4.8),
                       Coord(x - 4.8), Coord(y));
  }
  const bool filled = verdict == "pass";
  return fmt::format("<circle class=\"mark{} {}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                     filled ? "" : " hollow", cls, Coord(x), Coord(y), filled ? "3.8" : "3.4");
}

// A missing value: a cross sitting on the x axis, in the verdict's colour.
std::string MissingMark(std::string_view verdict, double x, double y) {
  return fmt::format("<path class=\"missing {}\" d=\"M{},{}L{},{}M{},{}L{},{}\"/>",
                     VerdictClass(verdict), Coord(x - 4), Coord(y - 4), Coord(x + 4), Coord(y + 4),
                     Coord(x - 4), Coord(y + 4), Coord(x + 4), Coord(y - 4));
}

// The legend entries for what the chart shows, in a fixed order.
struct LegendEntry {
  std::string_view verdict;  // "" for the non-verdict entries
  std::string_view label;
};

std::string Legend(const std::vector<ChartPoint>& points, bool has_missing, bool has_limit,
                   double right, double baseline, double* width) {
  std::vector<LegendEntry> entries;
  for (std::string_view v : {"pass", "warn", "fail", "indeterminate", "not_applicable"}) {
    const bool used = std::any_of(points.begin(), points.end(), [&](const ChartPoint& p) {
      return p.verdict == v && ReadDecimal(p.value).has_value();
    });
    if (used) entries.push_back({v, v == "not_applicable" ? "n/a" : v});
  }
  if (has_missing) entries.push_back({"", "no value"});
  if (has_limit) entries.push_back({"", "limit"});
  // Laid out right to left so the legend ends at the right edge.
  std::string out;
  double x = right;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const double text_width = static_cast<double>(it->label.size()) * kSmallCharWidth;
    out += fmt::format("<text class=\"legend\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                       Coord(x), Coord(baseline), it->label);
    const double symbol_x = x - text_width - 9;
    const double symbol_y = baseline - 3.5;
    if (!it->verdict.empty()) {
      out += Mark(it->verdict, symbol_x, symbol_y);
    } else if (it->label == "limit") {
      out += fmt::format("<path class=\"limit key\" d=\"M{},{}H{}\"/>", Coord(symbol_x - 8),
                         Coord(symbol_y), Coord(symbol_x + 6));
    } else {
      out += MissingMark("other", symbol_x, symbol_y);
    }
    x = symbol_x - 16;
    out += "\n";
  }
  *width = right - x;
  return out;
}

std::string ValueWithUnit(std::string_view value, std::string_view unit) {
  if (value.empty()) return "missing";
  if (unit.empty()) return std::string(value);
  return std::string(value) + " " + std::string(unit);
}

}  // namespace

std::string RenderSvgChart(const ChartInput& chart) {
  const std::string title = fmt::format("{} {} {}{}{}", chart.metric, chart.op,
                                        chart.limit.empty() ? "(no limit)" : chart.limit,
                                        chart.unit.empty() ? "" : " ", chart.unit);
  std::string out = fmt::format(
      "<svg class=\"chart\" data-rule=\"{}\" data-subject=\"{}\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
      EscapeMarkup(chart.rule), EscapeMarkup(chart.subject), kChartWidth, kChartHeight, kChartWidth,
      kChartHeight, EscapeMarkup(title), EscapeMarkup(title));

  std::vector<std::optional<double>> values;
  std::vector<std::optional<double>> limits;
  std::vector<double> scaled;
  for (const ChartPoint& p : chart.points) {
    values.push_back(ReadDecimal(p.value));
    limits.push_back(ReadDecimal(p.limit));
    if (values.back()) scaled.push_back(*values.back());
    if (limits.back()) scaled.push_back(*limits.back());
  }
  const Axis axis = NiceAxis(scaled);
  std::vector<std::string> tick_labels;
  if (axis.labelled) {
    const auto first = static_cast<int64_t>(std::llround(axis.lo / axis.step));
    const auto last = static_cast<int64_t>(std::llround(axis.hi / axis.step));
    for (int64_t i = first; i <= last; ++i) {
      tick_labels.push_back(TickLabel(static_cast<double>(i) * axis.step, axis.decimals));
    }
  }
  size_t widest = Characters(chart.unit);
  for (const std::string& label : tick_labels)
    widest = std::max(widest, Characters(label));
  const double left = std::max(40.0, static_cast<double>(widest) * kSmallCharWidth + 14);
  // The evaluated value and its limit are written out in a gutter right of
  // the plot, level with their marks.
  const std::string value_text =
      chart.points.empty() || !values.back() ? "" : Shorten(chart.points.back().value, 24);
  const std::string limit_text = chart.points.empty() || !limits.back()
                                     ? ""
                                     : "limit " + Shorten(chart.points.back().limit, 24);
  const double gutter =
      std::max(14.0, static_cast<double>(std::max(Characters(value_text), Characters(limit_text))) *
                             kSmallCharWidth +
                         14);
  const double right = kChartRight - gutter;
  // Clamped, so a value the axis could not scale to stays inside the plot.
  auto y_of = [&](double v) {
    const double y = kPlotBottom - (v - axis.lo) / (axis.hi - axis.lo) * (kPlotBottom - kPlotTop);
    return std::isfinite(y) ? std::clamp(y, kPlotTop, kPlotBottom) : kPlotBottom;
  };

  // Title and legend share the top line; the title gives way.
  const bool has_missing =
      std::any_of(values.begin(), values.end(), [](const auto& v) { return !v.has_value(); });
  const bool has_limit =
      std::any_of(limits.begin(), limits.end(), [](const auto& v) { return v.has_value(); });
  double legend_width = 0;
  const std::string legend =
      Legend(chart.points, has_missing, has_limit, kChartRight, 14, &legend_width);
  const auto title_room =
      static_cast<size_t>(std::max(10.0, (kChartRight - legend_width - 24) / kTitleCharWidth));
  out += fmt::format("<text class=\"chart-title\" x=\"0\" y=\"14\">{}</text>\n",
                     EscapeMarkup(Shorten(title, title_room)));
  out += legend;
  if (!chart.unit.empty()) {
    out += fmt::format("<text class=\"unit\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                       Coord(left - 6), Coord(kPlotTop - 9), EscapeMarkup(Shorten(chart.unit, 24)));
  }

  const Slots slots = LayOutSlots(chart.points);
  const double slot_width =
      (right - left) / static_cast<double>(std::max<size_t>(1, slots.labels.size()));
  auto slot_start = [&](int slot) { return left + slot_width * slot; };
  auto x_of = [&](int slot) { return slot_start(slot) + slot_width / 2; };

  // Months the series skips: shaded, with the reason as a tooltip.
  for (size_t s = 0; s < slots.labels.size(); ++s) {
    if (!slots.without_attestation[s]) continue;
    out += fmt::format(
        "<rect class=\"no-attestation\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: "
        "no attestation</title></rect>\n",
        Coord(slot_start(static_cast<int>(s))), Coord(kPlotTop), Coord(slot_width),
        Coord(kPlotBottom - kPlotTop), EscapeMarkup(slots.labels[s]));
  }

  // Value grid and its labels.
  for (size_t i = 0; i < tick_labels.size(); ++i) {
    const double v = axis.lo + static_cast<double>(i) * axis.step;
    const double y = y_of(v);
    out +=
        fmt::format("<path class=\"grid\" d=\"M{},{}H{}\"/>", Coord(left), Coord(y), Coord(right));
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                       Coord(left - 6), Coord(y + 3.5), tick_labels[i]);
  }
  if (scaled.empty()) {
    out +=
        fmt::format("<text class=\"note\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                    Coord((left + right) / 2), Coord((kPlotTop + kPlotBottom) / 2),
                    chart.points.empty() ? "nothing to plot" : "no measured value in any period");
  }

  // The compliant side of the threshold, lightly shaded, then the threshold
  // itself: one step per slot, so a limit that changes shows as a staircase.
  const bool below_is_compliant = chart.op == "<" || chart.op == "<=";
  const bool above_is_compliant = chart.op == ">" || chart.op == ">=";
  std::string limit_path;
  int previous_slot = -2;
  std::string previous_y;
  for (size_t i = 0; i < chart.points.size(); ++i) {
    if (!limits[i]) continue;
    const int slot = slots.of_point[i];
    const double y = y_of(*limits[i]);
    if (below_is_compliant || above_is_compliant) {
      const double from = below_is_compliant ? y : kPlotTop;
      const double to = below_is_compliant ? kPlotBottom : y;
      out += fmt::format(
          "<rect class=\"compliant-side\" x=\"{}\" y=\"{}\" width=\"{}\" "
          "height=\"{}\"/>\n",
          Coord(slot_start(slot)), Coord(from), Coord(slot_width), Coord(std::max(0.0, to - from)));
    }
    if (slot != previous_slot + 1) {
      limit_path += fmt::format("M{},{}", Coord(slot_start(slot)), Coord(y));
    } else if (Coord(y) != previous_y) {
      limit_path += fmt::format("V{}", Coord(y));
    }
    limit_path += fmt::format("H{}", Coord(slot_start(slot + 1)));
    previous_slot = slot;
    previous_y = Coord(y);
  }
  if (!limit_path.empty()) out += fmt::format("<path class=\"limit\" d=\"{}\"/>\n", limit_path);

  // Axes.
  out += fmt::format("<path class=\"axis\" d=\"M{},{}V{}H{}\"/>\n", Coord(left), Coord(kPlotTop),
                     Coord(kPlotBottom), Coord(right));
  // Period labels, thinned to what fits; the evaluated (last) period always.
  size_t longest_label = 1;
  for (const std::string& label : slots.labels)
    longest_label = std::max(longest_label, Characters(label));
  const auto fitting = static_cast<size_t>(
      std::max(1.0, (right - left) / (static_cast<double>(longest_label) * kSmallCharWidth + 4)));
  const size_t every = (slots.labels.size() + fitting - 1) / fitting;
  for (size_t s = 0; s < slots.labels.size(); ++s) {
    const double x = x_of(static_cast<int>(s));
    out += fmt::format("<path class=\"axis\" d=\"M{},{}v4\"/>", Coord(x), Coord(kPlotBottom));
    if ((slots.labels.size() - 1 - s) % std::max<size_t>(1, every) != 0) {
      out += "\n";
      continue;
    }
    out +=
        fmt::format("<text class=\"period{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                    slots.without_attestation[s] ? " skipped" : "", Coord(x), Coord(kPeriodLabelY),
                    EscapeMarkup(slots.labels[s]));
  }

  // The measured values: a thin line through consecutive months that have
  // one (broken where a value or a month is missing), then the marks.
  std::string value_path;
  int last_plotted_slot = -2;
  for (size_t i = 0; i < chart.points.size(); ++i) {
    if (!values[i]) {
      last_plotted_slot = -2;
      continue;
    }
    const int slot = slots.of_point[i];
    value_path += fmt::format("{}{},{}", slot == last_plotted_slot + 1 ? "L" : "M",
                              Coord(x_of(slot)), Coord(y_of(*values[i])));
    last_plotted_slot = slot;
  }
  if (!value_path.empty()) out += fmt::format("<path class=\"series\" d=\"{}\"/>\n", value_path);
  for (size_t i = 0; i < chart.points.size(); ++i) {
    const ChartPoint& p = chart.points[i];
    const double x = x_of(slots.of_point[i]);
    const std::string tooltip = fmt::format(
        "{}: {}, {} (limit {})", p.period, p.verdict, ValueWithUnit(p.value, chart.unit),
        p.limit.empty() ? "none" : ValueWithUnit(p.limit, chart.unit));
    out += fmt::format("<g><title>{}</title>", EscapeMarkup(tooltip));
    out +=
        values[i] ? Mark(p.verdict, x, y_of(*values[i])) : MissingMark(p.verdict, x, kMissingMarkY);
    out += "</g>\n";
  }
  // The gutter labels, pushed apart when they would overlap.
  if (!value_text.empty() || !limit_text.empty()) {
    double value_y = value_text.empty() ? 0 : y_of(*values.back());
    double limit_y = limit_text.empty() ? 0 : y_of(*limits.back());
    if (!value_text.empty() && !limit_text.empty() && std::abs(value_y - limit_y) < 14) {
      const double middle = (value_y + limit_y) / 2;
      const bool value_above = value_y <= limit_y;
      value_y = middle + (value_above ? -7 : 7);
      limit_y = middle + (value_above ? 7 : -7);
    }
    if (!value_text.empty()) {
      out += fmt::format("<text class=\"value-label {}\" x=\"{}\" y=\"{}\">{}</text>\n",
                         VerdictClass(chart.points.back().verdict), Coord(right + 8),
                         Coord(value_y + 3.5), EscapeMarkup(value_text));
    }
    if (!limit_text.empty()) {
      out += fmt::format("<text class=\"limit-label\" x=\"{}\" y=\"{}\">{}</text>\n",
                         Coord(right + 8), Coord(limit_y + 3.5), EscapeMarkup(limit_text));
    }
  }
  out += "</svg>\n";
  return out;
}

}  // namespace gridlaw
