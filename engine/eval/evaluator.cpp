// The interpreter of compiled policies: three-valued logic (Kleene), exact
// arithmetic, time windows over a subject's attestations, and explanations.

#include "eval/evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

#include "check/interpolation.h"
#include "format/formatter.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

using K = Value::Kind;

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

Value Overflow() {
  return Value::Missing("arithmetic beyond exact range");
}

// Amounts in two different currencies never combine: gridlaw has no
// exchange rates, so the result is missing evidence, not a guess.
std::optional<Value> CurrencyClash(const Value& a, const Value& b) {
  if (a.kind() != K::kQuantity || b.kind() != K::kQuantity) return std::nullopt;
  if (a.currency().empty() || b.currency().empty() || a.currency() == b.currency()) {
    return std::nullopt;
  }
  return Value::Missing(
      fmt::format("amounts in {} and {} do not combine; gridlaw does not "
                  "convert currencies",
                  a.currency(), b.currency()));
}

// Dates compare with date-times as 00:00 UTC of their day.
std::optional<int64_t> AsInstant(const Value& v) {
  if (v.kind() == K::kDateTime) return v.as_datetime();
  if (v.kind() == K::kDate) return v.as_date() * kSecondsPerDay * kNanosPerSecond;
  return std::nullopt;
}

// -1, 0, 1, or nullopt when the two cannot be ordered.
std::optional<int> Compare(const Value& a, const Value& b) {
  if (a.kind() == K::kQuantity && b.kind() == K::kQuantity) {
    const auto c = a.as_quantity() <=> b.as_quantity();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.kind() == K::kDate && b.kind() == K::kDate) {
    return a.as_date() < b.as_date() ? -1 : (a.as_date() > b.as_date() ? 1 : 0);
  }
  auto x = AsInstant(a), y = AsInstant(b);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  return std::nullopt;
}

bool Equal(const Value& a, const Value& b) {
  if (a.kind() == K::kString && b.kind() == K::kString) return a.as_string() == b.as_string();
  if (a.kind() == K::kBool && b.kind() == K::kBool) return a.as_bool() == b.as_bool();
  auto c = Compare(a, b);
  return c && *c == 0;
}

CivilDate AddMonths(CivilDate d, int months) {
  int total = d.year * 12 + (d.month - 1) + months;
  d.year = total / 12;
  d.month = total % 12 + 1;
  d.day = std::min(d.day, DaysInMonth(d.year, d.month));
  return d;
}

// The escapes of a string literal as written (checked by the parser).
std::string DecodeEscapes(const std::string& raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      out += raw[i];
      continue;
    }
    const char c = raw[++i];
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        const auto cp = static_cast<uint32_t>(std::stoul(raw.substr(i + 1, 4), nullptr, 16));
        i += 4;
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        break;
      }
      default:
        out += c;
    }
  }
  return out;
}

std::string MonthText(int64_t days) {
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}", d.year, d.month);
}

class Evaluator {
 public:
  Evaluator(const Program& program, const SubjectHistory& history, EvaluationScratch& scratch)
      : program_(program),
        history_(history),
        vars_(program.variable_count()),
        memo_(scratch.memo),
        memo_epoch_(scratch.memo_epoch),
        epoch_(scratch.epoch),
        node_text_(scratch.node_text),
        titles_(scratch.titles) {
    if (scratch.program != &program) {
      scratch.program = &program;
      memo_.assign(program.nodes().size(), Value());
      memo_epoch_.assign(program.nodes().size(), 0);
      node_text_.assign(program.nodes().size(), std::nullopt);
      titles_.assign(program.rules().size(), std::nullopt);
    }
  }

  RuleResult EvaluateRule(const CompiledRule& rule, size_t current);

 private:
  struct Frame {
    size_t claim = 0;
    std::vector<std::optional<Value>> lets;
    // The window note of each let's value, so that a comparison through
    // the let explains the attestations it read, as the window itself would.
    std::vector<std::string> let_notes = {};
  };

  Value Eval(uint32_t index);
  Value Compute(uint32_t index);
  Value EvalBinary(const Node& n);
  Value Arithmetic(const Node& n, const Value& a, const Value& b);
  Value Quantify(const Node& n);
  Value Comprehend(const Node& n);
  // `count_true`: count(c over W) counts attestations where c holds;
  // count(list) counts elements.
  Value AggregateOf(Aggregate aggregate, const std::vector<Value>& values, bool count_true = false);
  Value Window(const Node& n);
  Value Let(int32_t slot);

  std::string Explain(uint32_t index, int depth = 0);
  // `digits`: decimals shown (rounded half to even); -1 shows the exact value.
  // `currency` names the ¤ of a claim-currency unit when `v` carries none
  // (an empty sum beside a price).
  std::string Show(uint32_t index, const Value& v, const std::string& unit, int digits = 6,
                   const std::string& currency = {});
  std::string Interpolate(const CompiledRule& rule);
  const std::string& TextOf(uint32_t index);
  std::optional<RuleResult::Measure> MeasureOf(uint32_t require);

  const Claim& CurrentClaim() const { return *history_.claims[frame_->claim]; }
  // The step of a date-dependent param in force at the start of the
  // measured period: the last one from on or before it; -1 before the first.
  int StepInForce(const StepTable& table) const {
    int step = -1;
    for (size_t i = 0; i < table.from.size(); ++i) {
      if (table.from[i] <= CurrentClaim().period_start) step = static_cast<int>(i);
    }
    return step;
  }
  // " (in force from 2030-07-01)" for a name bound to a date-dependent param.
  std::string StepNote(const Node& node) const {
    if (node.op != Op::kLet) return {};
    const Node& value = program_.nodes()[program_.let_node(node.slot)];
    if (value.op != Op::kStep) return {};
    const StepTable& table = program_.steps()[static_cast<size_t>(value.slot)];
    const int step = StepInForce(table);
    if (step < 0) return {};
    return fmt::format(" (in force from {})", table.from_text[static_cast<size_t>(step)]);
  }
  const Type& TypeOf(uint32_t index) const {
    return program_.checked().types[program_.nodes()[index].source->id];
  }

  const Program& program_;
  const SubjectHistory& history_;
  std::string not_in_force_;  // set when a date-dependent param had no step in force
  Frame* frame_ = nullptr;
  std::vector<Value> vars_;
  std::set<size_t> used_;  // claims read by the rule
  std::string window_note_;
  Frame* base_frame_ = nullptr;  // the rule's own attestation
  std::vector<Value>& memo_;     // by node index, valid when memo_epoch_ == epoch_
  std::vector<uint32_t>& memo_epoch_;
  uint32_t& epoch_;
  std::vector<std::optional<std::string>>& node_text_;
  std::vector<std::optional<std::vector<EvaluationScratch::TitlePart>>>& titles_;
};

// The source text of node `index`, as FormatExpr prints it.
const std::string& Evaluator::TextOf(uint32_t index) {
  std::optional<std::string>& text = node_text_[index];
  if (!text) text = FormatExpr(*program_.nodes()[index].source);
  return *text;
}

Value Evaluator::Let(int32_t slot) {
  const auto i = static_cast<size_t>(slot);
  if (frame_->let_notes.size() < frame_->lets.size()) frame_->let_notes.resize(frame_->lets.size());
  if (!frame_->lets[i]) {
    const std::string outer_note = std::move(window_note_);
    window_note_.clear();
    frame_->lets[i] = Eval(program_.let_node(slot));
    frame_->let_notes[i] = window_note_;
    if (window_note_.empty()) window_note_ = outer_note;
  } else if (!frame_->let_notes[i].empty()) {
    window_note_ = frame_->let_notes[i];
  }
  return *frame_->lets[i];
}

// Values of sub-expressions that do not depend on a bound variable are
// memoised for the rule's own attestation, so the explanation, which
// revisits the deciding sub-expressions, does not evaluate them again.
Value Evaluator::Eval(uint32_t index) {
  const Node& n = program_.nodes()[index];
  // Windows are recomputed: their note on the attestations used goes into the explanation.
  if (n.uses_variable || n.contains_window || frame_ != base_frame_ || n.op == Op::kConst) {
    return Compute(index);
  }
  if (memo_epoch_[index] == epoch_) return memo_[index];
  Value v = Compute(index);
  memo_[index] = v;
  memo_epoch_[index] = epoch_;
  return v;
}

Value Evaluator::Compute(uint32_t index) {
  const Node& n = program_.nodes()[index];
  switch (n.op) {
    case Op::kConst:
      return program_.constants()[static_cast<size_t>(n.slot)];
    case Op::kRootField: {
      used_.insert(frame_->claim);
      const Value& v = CurrentClaim().record.items()[n.index];
      if (v.is_missing()) {
        // A derived field says why it could not be computed.
        const std::string why = v.missing_reason().empty() ? "" : " (" + v.missing_reason() + ")";
        return Value::Missing(TextOf(index) + " is missing" + why);
      }
      return v;
    }
    case Op::kGetField: {
      const Value record = Eval(n.a);
      if (record.is_missing()) return record;
      const Value& v = record.items()[n.index];
      if (v.is_missing()) return Value::Missing(TextOf(index) + " is missing");
      return v;
    }
    case Op::kLet:
      return Let(n.slot);
    case Op::kStep: {
      const StepTable& table = program_.steps()[static_cast<size_t>(n.slot)];
      const int step = StepInForce(table);
      if (step < 0) {
        not_in_force_ = fmt::format("{} has no value before {} (its first step)", table.param,
                                    table.from_text.front());
        return Value::Missing(not_in_force_);
      }
      return Eval(n.items[static_cast<size_t>(step)]);
    }
    case Op::kVariable:
      return vars_[static_cast<size_t>(n.slot)];
    case Op::kNegate: {
      const Value v = Eval(n.a);
      if (v.is_missing()) return v;
      return Value::Quantity(v.as_quantity().Negate(), v.currency());
    }
    case Op::kAbs: {
      const Value v = Eval(n.a);
      if (v.is_missing()) return v;
      return v.as_quantity().sign() < 0 ? Value::Quantity(v.as_quantity().Negate(), v.currency())
                                        : v;
    }
    case Op::kNot: {
      const Value v = Eval(n.a);
      return v.is_missing() ? v : Value::Bool(!v.as_bool());
    }
    case Op::kPresent:
      return Value::Bool(!Eval(n.a).is_missing());
    case Op::kAnd:
    case Op::kOr: {
      // Kleene: false and unknown = false; true or unknown = true.
      const bool decisive = n.op == Op::kOr;
      const Value a = Eval(n.a);
      if (!a.is_missing() && a.as_bool() == decisive) return Value::Bool(decisive);
      const Value b = Eval(n.b);
      if (!b.is_missing() && b.as_bool() == decisive) return Value::Bool(decisive);
      if (a.is_missing()) return a;
      if (b.is_missing()) return b;
      return Value::Bool(!decisive);
    }
    case Op::kIf: {
      const Value c = Eval(n.a);
      if (c.is_missing()) return c;
      return Eval(c.as_bool() ? n.b : n.c);
    }
    case Op::kAll:
    case Op::kAny:
      return Quantify(n);
    case Op::kComprehension:
      return Comprehend(n);
    case Op::kList: {
      std::vector<Value> items;
      for (uint32_t item : n.items)
        items.push_back(Eval(item));
      return Value::List(std::move(items));
    }
    case Op::kAggregate: {
      const Value list = Eval(n.a);
      if (list.is_missing()) return list;
      return AggregateOf(n.aggregate, list.items());
    }
    case Op::kAggregateArgs: {
      std::vector<Value> values;
      for (uint32_t item : n.items)
        values.push_back(Eval(item));
      return AggregateOf(n.aggregate, values);
    }
    case Op::kWindow:
      return Window(n);
    default:
      return EvalBinary(n);
  }
}

Value Evaluator::EvalBinary(const Node& n) {
  const Value a = Eval(n.a);
  const Value b = Eval(n.b);
  if (a.is_missing()) return a;
  if (b.is_missing()) return b;
  switch (n.op) {
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
      return Arithmetic(n, a, b);
    case Op::kIn:
    case Op::kNotIn: {
      bool unknown = false;
      for (const Value& item : b.items()) {
        if (item.is_missing()) {
          unknown = true;
        } else if (Equal(a, item)) {
          return Value::Bool(n.op == Op::kIn);
        }
      }
      if (unknown) return Value::Missing("the list has missing elements");
      return Value::Bool(n.op == Op::kNotIn);
    }
    default:
      break;
  }
  if (auto clash = CurrencyClash(a, b)) return *clash;
  if (n.op == Op::kEq) return Value::Bool(Equal(a, b));
  if (n.op == Op::kNe) return Value::Bool(!Equal(a, b));
  const auto c = Compare(a, b);
  if (!c) return Value::Missing("values cannot be ordered");
  switch (n.op) {
    case Op::kLt:
      return Value::Bool(*c < 0);
    case Op::kLe:
      return Value::Bool(*c <= 0);
    case Op::kGt:
      return Value::Bool(*c > 0);
    default:
      return Value::Bool(*c >= 0);
  }
}

Value Evaluator::Arithmetic(const Node& n, const Value& a, const Value& b) {
  // Dates and date-times: differences are durations in seconds.
  const bool a_time = a.kind() == K::kDate || a.kind() == K::kDateTime;
  const bool b_time = b.kind() == K::kDate || b.kind() == K::kDateTime;
  if (a_time && b_time) {
    if (a.kind() == K::kDate && b.kind() == K::kDate) {
      return Value::Quantity(Rational::FromInt((a.as_date() - b.as_date()) * kSecondsPerDay));
    }
    const auto diff = Rational::Make(*AsInstant(a) - *AsInstant(b), kNanosPerSecond);
    return diff ? Value::Quantity(*diff) : Overflow();
  }
  if (a_time || b_time) {
    const Value& when = a_time ? a : b;
    const Rational seconds = (a_time ? b : a).as_quantity();
    const Rational signed_seconds = n.op == Op::kSub ? seconds.Negate() : seconds;
    if (when.kind() == K::kDate) {
      const auto days = signed_seconds.Div(Rational::FromInt(kSecondsPerDay));
      if (!days || !days->is_integer()) {
        return Value::Missing("a date moves by whole days only");
      }
      return Value::Date(when.as_date() + static_cast<int64_t>(days->num()));
    }
    const auto nanos = signed_seconds.Mul(Rational::FromInt(kNanosPerSecond));
    if (!nanos || !nanos->is_integer()) return Value::Missing("finer than a nanosecond");
    return Value::DateTime(when.as_datetime() + static_cast<int64_t>(nanos->num()));
  }
  const Rational& x = a.as_quantity();
  const Rational& y = b.as_quantity();
  std::optional<Rational> r;
  switch (n.op) {
    case Op::kAdd:
      r = x.Add(y);
      break;
    case Op::kSub:
      r = x.Sub(y);
      break;
    case Op::kMul:
      r = x.Mul(y);
      break;
    default:
      if (y.is_zero()) {
        return Value::Missing(fmt::format("division by zero: {} is 0", TextOf(n.b)));
      }
      r = x.Div(y);
  }
  if (!r) return Overflow();
  // Currency tags follow the dimension: a ratio of two amounts in one
  // currency has none.
  std::string currency = a.currency().empty() ? b.currency() : a.currency();
  if (n.op == Op::kDiv && a.currency() == b.currency()) currency.clear();
  return Value::Quantity(*r, currency);
}

// all x in L where f: b  means, for every x, (not f) or b;
// any x in L where f: b  means, for some x, f and b — both in Kleene logic.
Value Evaluator::Quantify(const Node& n) {
  const Value domain = Eval(n.b);
  if (domain.is_missing()) return domain;
  const bool all = n.op == Op::kAll;
  std::optional<Value> unknown;
  for (const Value& item : domain.items()) {
    vars_[static_cast<size_t>(n.slot)] = item;
    Value keep = Value::Bool(true);
    if (n.has_filter) {
      keep = Eval(n.c);
      if (!keep.is_missing() && !keep.as_bool()) continue;  // not selected
    }
    const Value v = Eval(n.a);
    if (!v.is_missing() && v.as_bool() == all) continue;  // this element agrees
    if (keep.is_missing() || v.is_missing()) {
      // all: an element of unknown selection whose body fails or is unknown;
      // any: an element whose selection or body is unknown, the other not false.
      unknown = keep.is_missing() ? keep : v;
      continue;
    }
    return Value::Bool(!all);  // a counterexample (all) or a witness (any)
  }
  if (unknown) return *unknown;
  return Value::Bool(all);
}

Value Evaluator::Comprehend(const Node& n) {
  const Value domain = Eval(n.b);
  if (domain.is_missing()) return domain;
  std::vector<Value> out;
  for (const Value& item : domain.items()) {
    vars_[static_cast<size_t>(n.slot)] = item;
    if (n.has_filter) {
      const Value keep = Eval(n.c);
      if (keep.is_missing()) return keep;
      if (!keep.as_bool()) continue;
    }
    out.push_back(Eval(n.a));
  }
  return Value::List(std::move(out));
}

Value Evaluator::AggregateOf(Aggregate aggregate, const std::vector<Value>& values,
                             bool count_true) {
  if (aggregate == Aggregate::kCount) {
    if (!count_true) return Value::Quantity(Rational::FromInt(static_cast<int64_t>(values.size())));
    int64_t count = 0;
    for (const Value& v : values) {
      if (v.is_missing()) return v;
      count += v.as_bool() ? 1 : 0;
    }
    return Value::Quantity(Rational::FromInt(count));
  }
  for (const Value& v : values) {
    if (v.is_missing()) return v;
  }
  if (values.empty()) {
    if (aggregate == Aggregate::kSum) return Value::Quantity(Rational());
    return Value::Missing(fmt::format("{} of no values", aggregate == Aggregate::kMean  ? "mean"
                                                         : aggregate == Aggregate::kMin ? "min"
                                                                                        : "max"));
  }
  for (const Value& v : values) {
    if (auto clash = CurrencyClash(values.front(), v)) return *clash;
  }
  if (aggregate == Aggregate::kMin || aggregate == Aggregate::kMax) {
    const Value* best = &values.front();
    for (const Value& v : values) {
      const auto c = Compare(v, *best);
      if (!c) return Value::Missing("values cannot be ordered");
      if ((aggregate == Aggregate::kMin && *c < 0) || (aggregate == Aggregate::kMax && *c > 0)) {
        best = &v;
      }
    }
    return *best;
  }
  Rational sum;
  for (const Value& v : values) {
    auto next = sum.Add(v.as_quantity());
    if (!next) return Overflow();
    sum = *next;
  }
  if (aggregate == Aggregate::kSum) return Value::Quantity(sum, values.front().currency());
  auto mean = sum.Div(Rational::FromInt(static_cast<int64_t>(values.size())));
  return mean ? Value::Quantity(*mean, values.front().currency()) : Overflow();
}

// The attestations of the subject whose periods lie in the N calendar units
// ending with the current attestation's period. A gap is missing evidence.
Value Evaluator::Window(const Node& n) {
  const Claim& current = CurrentClaim();
  const int months = static_cast<int>(n.index) * (n.window_unit == CalendarUnit::kMonth     ? 1
                                                  : n.window_unit == CalendarUnit::kQuarter ? 3
                                                                                            : 12);
  const int64_t end = current.period_end;
  const int64_t start = DaysFromCivil(AddMonths(CivilFromDays(end), -months));
  std::vector<size_t> members;
  for (size_t i = 0; i < history_.claims.size(); ++i) {
    const Claim& c = *history_.claims[i];
    if (c.period_start >= start && c.period_end <= end) members.push_back(i);
  }
  int64_t cursor = start;
  for (size_t i : members) {
    const Claim& c = *history_.claims[i];
    if (c.period_start > cursor) {
      return Value::Missing(fmt::format(
          "no attestation for {} … {} in the window {} … {}", FormatDate(CivilFromDays(cursor)),
          FormatDate(CivilFromDays(c.period_start - 1)), MonthText(start), MonthText(end - 1)));
    }
    cursor = std::max(cursor, c.period_end);
  }
  if (cursor < end) {
    return Value::Missing(fmt::format(
        "no attestation for {} … {} in the window {} … {}", FormatDate(CivilFromDays(cursor)),
        FormatDate(CivilFromDays(end - 1)), MonthText(start), MonthText(end - 1)));
  }
  std::vector<Value> values;
  Frame* outer = frame_;
  for (size_t i : members) {
    Frame frame{i, std::vector<std::optional<Value>>(program_.let_count())};
    frame_ = &frame;
    Value v = Eval(n.a);
    used_.insert(i);
    frame_ = outer;
    if (v.is_missing()) {
      // Say which attestation of the window lacks the evidence.
      return Value::Missing(fmt::format("{} in the attestation for {}",
                                        v.missing_reason().empty() ? "missing" : v.missing_reason(),
                                        MonthText(history_.claims[i]->period_start)));
    }
    values.push_back(std::move(v));
  }
  window_note_ = fmt::format(" ({} attestation{}, {} … {})", members.size(),
                             members.size() == 1 ? "" : "s", MonthText(start), MonthText(end - 1));
  return AggregateOf(n.aggregate, values, /*count_true=*/true);
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kWarn:
      return "warn";
    case Verdict::kFail:
      return "fail";
    case Verdict::kIndeterminate:
      return "indeterminate";
    case Verdict::kNotApplicable:
      return "not_applicable";
    case Verdict::kExempt:
      return "exempt";
  }
  return "?";
}

namespace {

// The factor of a display unit, or nullopt when it does not parse. Display
// units are few and every explained value is shown in one, so each is
// parsed once per thread (no locking); the cache is bounded because units
// come from policy text.
const std::optional<Rational>& DisplayUnitFactor(const std::string& unit) {
  thread_local std::unordered_map<std::string, std::optional<Rational>> factors;
  auto it = factors.find(unit);
  if (it == factors.end()) {
    if (factors.size() >= 4096) factors.clear();
    const UnitParseResult parsed = ParseUnit(unit);
    it = factors.emplace(unit, parsed.unit ? std::optional(parsed.unit->factor) : std::nullopt)
             .first;
  }
  return it->second;
}

}  // namespace

QuantityParts QuantityInUnit(const Rational& base_value, const std::string& unit,
                             const Dimension& dimension, int digits) {
  Rational shown = base_value;
  QuantityParts parts;
  if (!unit.empty()) {
    if (const auto& factor = DisplayUnitFactor(unit)) {
      if (auto v = base_value.Div(*factor)) shown = *v;
      parts.unit = unit;
    }
  } else if (!dimension.dimensionless()) {
    parts.unit = dimension.BaseUnitText();
  }
  parts.number = digits < 0 ? shown.ToString() : shown.ToDecimal(digits);
  if (digits >= 0 && parts.number.find('.') != std::string::npos) {
    while (parts.number.back() == '0')
      parts.number.pop_back();
    if (parts.number.back() == '.') parts.number.pop_back();
  }
  return parts;
}

std::string FormatQuantity(const Rational& base_value, const std::string& unit,
                           const Dimension& dimension, int digits) {
  const QuantityParts parts = QuantityInUnit(base_value, unit, dimension, digits);
  return parts.unit.empty() ? parts.number : parts.number + " " + parts.unit;
}

namespace {

std::string Evaluator::Show(uint32_t index, const Value& v, const std::string& unit, int digits,
                            const std::string& currency) {
  switch (v.kind()) {
    case K::kMissing:
      return v.missing_reason().empty() ? "missing" : "missing (" + v.missing_reason() + ")";
    case K::kBool:
      return v.as_bool() ? "true" : "false";
    case K::kString:
      return "\"" + v.as_string() + "\"";
    case K::kDate:
      return FormatDate(CivilFromDays(v.as_date()));
    case K::kDateTime: {
      const int64_t seconds = v.as_datetime() / kNanosPerSecond;
      const int64_t days = seconds / kSecondsPerDay - (seconds % kSecondsPerDay < 0 ? 1 : 0);
      const int64_t rest = seconds - days * kSecondsPerDay;
      const int64_t fraction = v.as_datetime() - seconds * kNanosPerSecond;
      std::string text = fmt::format("{}T{:02}:{:02}:{:02}", FormatDate(CivilFromDays(days)),
                                     rest / 3600, rest / 60 % 60, rest % 60);
      if (fraction != 0) {
        std::string nanos =
            fmt::format("{:09}", fraction < 0 ? fraction + kNanosPerSecond : fraction);
        while (nanos.back() == '0')
          nanos.pop_back();
        text += "." + nanos;
      }
      return text + "Z";
    }
    case K::kQuantity: {
      std::string text = FormatQuantity(v.as_quantity(), unit, TypeOf(index).dimension(), digits);
      const std::string& tag = v.currency().empty() ? currency : v.currency();
      if (!tag.empty()) {
        // Claim-currency units show the claim's currency.
        const size_t at = text.find("¤");
        if (at != std::string::npos) text.replace(at, std::string("¤").size(), tag);
      }
      return text;
    }
    case K::kList:
      return fmt::format("a list of {}", v.items().size());
    case K::kRecord:
      return "a record";
  }
  return "?";
}

// A comparison of quantities or numbers, read as "metric op limit": the
// metric is the side that reads evidence (a constant or param is the limit;
// when both or neither read evidence, the left side is the metric).
std::optional<RuleResult::Measure> Evaluator::MeasureOf(uint32_t require) {
  const Node& n = program_.nodes()[require];
  if (n.op < Op::kLt || n.op > Op::kNe) return std::nullopt;
  const bool numeric = [&] {
    const Type& ta = TypeOf(n.a);
    const Type& tb = TypeOf(n.b);
    return ta.is(Type::Kind::kQuantity) && tb.is(Type::Kind::kQuantity);
  }();
  if (!numeric) return std::nullopt;
  const bool flip =
      program_.ConstantBehind(n.a) != nullptr && program_.ConstantBehind(n.b) == nullptr;
  const uint32_t metric = flip ? n.b : n.a;
  const uint32_t limit = flip ? n.a : n.b;
  const Node& nm = program_.nodes()[metric];
  const Node& nl = program_.nodes()[limit];
  const std::string unit = nm.display_unit.empty() ? nl.display_unit : nm.display_unit;
  static const char* kFlipped[] = {">", ">=", "<", "<=", "==", "!="};
  const char* op = ast::Spelling(n.source->binary_op);
  RuleResult::Measure measure;
  measure.metric = TextOf(metric);
  measure.op = flip ? kFlipped[static_cast<int>(n.op) - static_cast<int>(Op::kLt)] : op;
  auto number = [&](uint32_t index, std::string* out) -> std::string {
    const Value v = Eval(index);
    if (v.kind() != K::kQuantity) return "";
    QuantityParts parts = QuantityInUnit(v.as_quantity(), unit, TypeOf(index).dimension());
    if (!v.currency().empty()) {
      const size_t at = parts.unit.find("¤");
      if (at != std::string::npos) parts.unit.replace(at, std::string("¤").size(), v.currency());
    }
    if (out->empty()) *out = parts.unit;
    return parts.number;
  };
  std::string shown_unit;
  measure.value = number(metric, &shown_unit);
  measure.limit = number(limit, &shown_unit);
  measure.unit = shown_unit;
  return measure;
}

// Why a boolean node came out as it did, in terms of the values that decided it.
std::string Evaluator::Explain(uint32_t index, int depth) {
  const Node& n = program_.nodes()[index];
  const Value v = Eval(index);
  const std::string& text = TextOf(index);
  if (depth > 8) return text;
  switch (n.op) {
    case Op::kAnd:
    case Op::kOr: {
      const bool decisive = n.op == Op::kOr;
      const Value a = Eval(n.a);
      const Value b = Eval(n.b);
      std::vector<std::string> parts;
      // Explain the operands that made the result what it is.
      const bool result_known = !v.is_missing();
      for (uint32_t child : {n.a, n.b}) {
        const Value c = child == n.a ? a : b;
        const bool relevant =
            result_known ? (!c.is_missing() && c.as_bool() == v.as_bool()) : c.is_missing();
        if (relevant) parts.push_back(Explain(child, depth + 1));
        if (relevant && result_known && v.as_bool() == decisive) break;  // one suffices
      }
      return fmt::format("{}", fmt::join(parts, n.op == Op::kAnd ? "; " : "; "));
    }
    case Op::kNot:
      return "not (" + Explain(n.a, depth + 1) + ")";
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kEq:
    case Op::kNe: {
      window_note_.clear();
      const Value a = Eval(n.a);
      const std::string note_a = window_note_;
      window_note_.clear();
      const Value b = Eval(n.b);
      const std::string note = note_a + window_note_;
      const Node& na = program_.nodes()[n.a];
      const Node& nb = program_.nodes()[n.b];
      const std::string unit = na.display_unit.empty() ? nb.display_unit : na.display_unit;
      // When rounding would show two different values as the same, show
      // more decimals, then the exact value: the message must not hide the
      // difference it reports.
      int digits = 6;
      for (;
           digits <= 18 && !Equal(a, b) && Show(n.a, a, unit, digits) == Show(n.b, b, unit, digits);
           digits += 6) {
      }
      if (digits > 18) digits = -1;
      const std::string tag = a.currency().empty() ? b.currency() : a.currency();
      auto side = [&](uint32_t i, const Node& node, const Value& value) {
        const std::string shown = Show(i, value, unit, digits, tag);
        if (node.op == Op::kConst) return shown;
        return TextOf(i) + " = " + shown + StepNote(node);
      };
      if (v.is_missing()) {
        return fmt::format("{} is unknown: {}", text,
                           v.missing_reason().empty() ? "missing evidence" : v.missing_reason());
      }
      static const char* kNegated[] = {">=", ">", "<=", "<", "!=", "=="};
      const char* op = ast::Spelling(n.source->binary_op);
      if (!v.as_bool()) op = kNegated[static_cast<int>(n.op) - static_cast<int>(Op::kLt)];
      return fmt::format("{} {} {}{}", side(n.a, na, a), op, side(n.b, nb, b), note);
    }
    case Op::kAll:
    case Op::kAny: {
      if (v.is_missing()) return fmt::format("{} is unknown: {}", text, v.missing_reason());
      const Value domain = Eval(n.b);
      const std::string& list = TextOf(n.b);
      if ((n.op == Op::kAll) == v.as_bool()) {
        size_t selected = 0;
        for (const Value& item : domain.items()) {
          vars_[static_cast<size_t>(n.slot)] = item;
          const Value keep = n.has_filter ? Eval(n.c) : Value::Bool(true);
          selected += !keep.is_missing() && keep.as_bool() ? 1 : 0;
        }
        const std::string which = n.has_filter ? fmt::format(" selected by {}", TextOf(n.c)) : "";
        if (selected == 0) {
          return n.has_filter ? fmt::format("no element of {}{}", list, which)
                              : fmt::format("{} is empty", list);
        }
        if (n.op == Op::kAll) {
          return fmt::format("{} holds for all {} element{} of {}{}", TextOf(n.a), selected,
                             selected == 1 ? "" : "s", list, which);
        }
        return fmt::format("{} holds for none of the {} element{} of {}{}", TextOf(n.a), selected,
                           selected == 1 ? "" : "s", list, which);
      }
      // Find the counterexample (all) or witness (any) and explain it.
      for (size_t i = 0; i < domain.items().size(); ++i) {
        vars_[static_cast<size_t>(n.slot)] = domain.items()[i];
        if (n.has_filter) {
          const Value keep = Eval(n.c);
          if (keep.is_missing() || !keep.as_bool()) continue;
        }
        const Value body = Eval(n.a);
        if (!body.is_missing() && body.as_bool() != (n.op == Op::kAll)) {
          return fmt::format("{}[{}]: {}", TextOf(n.b), i, Explain(n.a, depth + 1));
        }
      }
      return text;
    }
    default:
      if (v.is_missing()) {
        return fmt::format("{} is unknown: {}", text,
                           v.missing_reason().empty() ? "missing evidence" : v.missing_reason());
      }
      return fmt::format("{} = {}", text, Show(index, v, n.display_unit));
  }
}

std::string Evaluator::Interpolate(const CompiledRule& rule) {
  auto& parts = titles_[static_cast<size_t>(&rule - program_.rules().data())];
  if (!parts) {
    parts.emplace();
    for (const auto& part : ParseTitle(rule.title).parts) {
      parts->push_back({part.is_name, part.is_name ? part.text : DecodeEscapes(part.text)});
    }
  }
  std::string out;
  for (const auto& part : *parts) {
    if (!part.is_name) {
      out += part.text;
      continue;
    }
    int32_t slot = -1;
    for (const auto& [name, s] : rule.lets) {
      if (name == part.text) slot = s;
    }
    for (const auto& [name, s] : program_.names()) {
      if (slot < 0 && name == part.text) slot = s;
    }
    if (slot < 0) {
      out += "{" + part.text + "}";
      continue;
    }
    const uint32_t node = program_.let_node(slot);
    const Value value = Let(slot);
    if (value.is_missing() && program_.nodes()[node].op == Op::kStep) {
      // A threshold not yet in force has no value to show.
      const StepTable& table = program_.steps()[static_cast<size_t>(program_.nodes()[node].slot)];
      out += "(none before " + table.from_text.front() + ")";
      continue;
    }
    out += Show(node, value, program_.nodes()[node].display_unit);
  }
  return out;
}

RuleResult Evaluator::EvaluateRule(const CompiledRule& rule, size_t current) {
  Frame frame{current, std::vector<std::optional<Value>>(program_.let_count())};
  frame_ = &frame;
  base_frame_ = &frame;
  if (++epoch_ == 0) {  // a new rule evaluation: forget the memoised values
    std::fill(memo_epoch_.begin(), memo_epoch_.end(), 0);
    epoch_ = 1;
  }
  used_.clear();
  not_in_force_.clear();
  RuleResult result;
  result.rule_id = rule.id;
  result.severity = rule.severity;
  result.cite = rule.cite;
  result.override_reason = rule.override_reason;
  result.title = Interpolate(rule);
  auto outcome_of = [](const Value& v) {
    return v.is_missing() ? ClauseOutcome::kUnknown
           : v.as_bool()  ? ClauseOutcome::kTrue
                          : ClauseOutcome::kFalse;
  };
  auto decide = [&]() {
    if (rule.when) {
      const Value applies = Eval(*rule.when);
      result.clauses.when = outcome_of(applies);
      if (applies.is_missing()) {
        result.verdict = Verdict::kIndeterminate;
        result.message = "applicability unknown: " + Explain(*rule.when);
        return;
      }
      if (!applies.as_bool()) {
        result.verdict = Verdict::kNotApplicable;
        result.message = "not applicable: " + Explain(*rule.when);
        return;
      }
    }
    const Value required = Eval(*rule.require);
    result.clauses.require = outcome_of(required);
    if (required.is_missing()) {
      result.verdict = Verdict::kIndeterminate;
      result.message = Explain(*rule.require);
      return;
    }
    if (!required.as_bool()) {
      result.verdict = Verdict::kFail;
      result.message = Explain(*rule.require);
      return;
    }
    result.verdict = Verdict::kPass;
    result.message = Explain(*rule.require);
    if (rule.warn) {
      const Value warned = Eval(*rule.warn);
      result.clauses.warn = outcome_of(warned);
      if (!warned.is_missing() && !warned.as_bool()) {
        result.verdict = Verdict::kWarn;
        result.message = Explain(*rule.warn);
      } else if (warned.is_missing()) {
        result.message += "; warn level unknown: " + Explain(*rule.warn);
      }
    }
  };
  decide();
  // A threshold not yet in force: the rule does not apply to this period.
  if (result.verdict == Verdict::kIndeterminate && !not_in_force_.empty()) {
    result.verdict = Verdict::kNotApplicable;
    result.message = "not applicable: " + not_in_force_;
  }
  if (result.verdict != Verdict::kNotApplicable && rule.require) {
    result.measure = MeasureOf(*rule.require);
  }
  for (size_t i : used_)
    result.attestations.push_back(history_.claims[i]->id);
  std::sort(result.attestations.begin(), result.attestations.end());
  result.attestations.erase(std::unique(result.attestations.begin(), result.attestations.end()),
                            result.attestations.end());
  frame_ = nullptr;
  return result;
}

}  // namespace

std::vector<RuleResult> EvaluateSubject(const Program& program, const SubjectHistory& history,
                                        size_t current, EvaluationScratch* scratch) {
  EvaluationScratch local;
  Evaluator evaluator(program, history, scratch != nullptr ? *scratch : local);
  std::vector<RuleResult> results;
  for (const CompiledRule& rule : program.rules()) {
    results.push_back(evaluator.EvaluateRule(rule, current));
  }
  return results;
}

}  // namespace gridlaw
