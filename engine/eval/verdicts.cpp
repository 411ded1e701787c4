#include "eval/verdicts.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <string_view>

#include "eval/fast_paths.h"
#include "num/fraction.h"
#include "time/civil_time.h"

namespace gridlaw {
namespace {

using K = Value::Kind;

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

// A value during verdict evaluation. Trivially copyable: strings, currency
// tags and lists point into the claim or the program (both outlive the
// evaluation); lists built by the evaluation live in its arena.
//
// Kept small and cheap to make: one is built for every field read and every
// intermediate result, so the payloads share a union and a constructor
// writes only what its kind reads.
struct Cell {
  // kList and kRecord. `values` is the claim's or the program's list, or
  // nullptr for a list built here: arena[begin, begin + count).
  struct Items {
    const std::vector<Value>* values;
    uint32_t begin, count;
  };
  union {
    bool flag;          // kBool
    int64_t integer;    // kDate (days), kDateTime (nanoseconds)
    Fraction quantity;  // kQuantity, in base units (not reduced: eval needs no gcd)
    Items items;        // kList, kRecord
  };
  const std::string* text = nullptr;  // kString; kQuantity: its currency, if any
  K kind = K::kMissing;

  Cell() : flag(false) {}  // missing

  static Cell Bool(bool b) {
    Cell c;
    c.kind = K::kBool;
    c.flag = b;
    return c;
  }
  static Cell Quantity(const Fraction& q, const std::string* currency) {
    Cell c;
    c.kind = K::kQuantity;
    c.quantity = q;
    c.text = currency;
    return c;
  }
  static Cell List(uint32_t begin, uint32_t count) {
    Cell c;
    c.kind = K::kList;
    c.items = {nullptr, begin, count};
    return c;
  }
  static Cell Of(const Value& v) {
    Cell c;
    c.Set(v);
    return c;
  }
  // Of(v), in place.
  void Set(const Value& v) {
    kind = v.kind();
    text = nullptr;
    switch (v.kind()) {
      case K::kMissing:
        break;
      case K::kBool:
        flag = v.as_bool();
        break;
      case K::kString:
        text = &v.as_string();
        break;
      case K::kQuantity:
        quantity = Fraction(v.as_quantity());
        text = v.currency().empty() ? nullptr : &v.currency();
        break;
      case K::kDate:
      case K::kDateTime:
        integer = v.as_date();
        break;
      case K::kList:
      case K::kRecord:
        items = {&v.items(), 0, 0};
        break;
    }
  }
  // *this = o, field by field: copying a cell just written field by field
  // as a whole (16-byte moves) would stall on store forwarding.
  void CopyFrom(const Cell& o) {
    kind = o.kind;
    text = o.text;
    switch (o.kind) {
      case K::kQuantity:
        quantity = o.quantity;
        break;
      case K::kList:
      case K::kRecord:
        items = o.items;
        break;
      case K::kBool:
        flag = o.flag;
        break;
      case K::kDate:
      case K::kDateTime:
        integer = o.integer;
        break;
      default:  // kMissing, kString: nothing beyond kind and text
        break;
    }
  }
  bool missing() const { return kind == K::kMissing; }
  std::string_view currency() const { return text != nullptr ? std::string_view(*text) : ""; }
};

const Cell kMissingCell;

// Amounts in two currencies never combine (as in the explaining evaluator).
bool CurrencyClash(const Cell& a, const Cell& b) {
  if (a.kind != K::kQuantity || b.kind != K::kQuantity) return false;
  if (a.text == nullptr || b.text == nullptr || a.text == b.text) return false;
  const std::string_view x = *a.text, y = *b.text;
  if (x.size() != y.size()) return !x.empty() && !y.empty();
  // Currency codes are a few letters: compared here rather than by a call
  // to memcmp, once for every amount an aggregate or comparison meets.
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] != y[i]) return true;
  }
  return false;
}

std::optional<int64_t> AsInstant(const Cell& v) {
  if (v.kind == K::kDateTime) return v.integer;
  if (v.kind == K::kDate) return v.integer * kSecondsPerDay * kNanosPerSecond;
  return std::nullopt;
}

// Compare's answer for values without an order between them. An int rather
// than std::optional<int>: the optional, assembled in memory byte by byte
// and read back whole, stalled every comparison on store forwarding.
constexpr int kUnordered = 2;

// -1, 0, 1, or kUnordered.
int Compare(const Cell& a, const Cell& b) {
  if (a.kind == K::kQuantity && b.kind == K::kQuantity) {
    return Compare(a.quantity, b.quantity);
  }
  if (a.kind == K::kDate && b.kind == K::kDate) {
    return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
  }
  auto x = AsInstant(a), y = AsInstant(b);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  return kUnordered;
}

bool Equal(const Cell& a, const Cell& b) {
  if (a.kind == K::kString && b.kind == K::kString) return *a.text == *b.text;
  if (a.kind == K::kBool && b.kind == K::kBool) return a.flag == b.flag;
  return Compare(a, b) == 0;
}

// count, sum, min, max or mean over a list fed one element at a time, so
// that an aggregate needs no materialised list. The result is the list
// aggregate's: count counts the elements whatever they are; otherwise a
// missing element, a currency clash with the first element, elements that do
// not compare or a sum beyond exact range make it missing (whichever comes
// first: every one gives missing), and no element gives 0 for sum and
// missing for min, max and mean.
class Fold {
 public:
  explicit Fold(Aggregate aggregate) : aggregate_(aggregate) {}

  void Add(const Cell& v) {
    ++count_;
    if (failed_ || aggregate_ == Aggregate::kCount) return;
    if (v.missing()) {
      failed_ = true;
      return;
    }
    if (count_ == 1) front_.CopyFrom(v);
    if (CurrencyClash(front_, v)) {
      failed_ = true;
      return;
    }
    if (aggregate_ == Aggregate::kMin || aggregate_ == Aggregate::kMax) {
      // The first element is compared with itself too: a kind without an
      // order makes even a one-element min missing.
      const int c = Compare(v, count_ == 1 ? v : best_);
      if (c == kUnordered) {
        failed_ = true;
      } else if (count_ == 1 || (aggregate_ == Aggregate::kMin && c < 0) ||
                 (aggregate_ == Aggregate::kMax && c > 0)) {
        best_.CopyFrom(v);
      }
      return;
    }
    const auto next = sum_.Add(v.quantity);
    if (next) {
      sum_ = *next;
    } else {
      failed_ = true;  // beyond exact range
    }
  }

  Cell Result() const {
    if (aggregate_ == Aggregate::kCount) {
      return Cell::Quantity(Fraction(Rational::FromInt(static_cast<int64_t>(count_))), nullptr);
    }
    if (failed_) return Cell();
    if (count_ == 0) {
      if (aggregate_ == Aggregate::kSum) return Cell::Quantity(Fraction(), nullptr);
      return Cell();  // the min, max or mean of no values
    }
    switch (aggregate_) {
      case Aggregate::kMin:
      case Aggregate::kMax:
        return best_;
      case Aggregate::kSum:
        return Cell::Quantity(sum_, front_.text);
      default: {
        const auto mean = sum_.Div(Fraction(Rational::FromInt(static_cast<int64_t>(count_))));
        return mean ? Cell::Quantity(*mean, front_.text) : Cell();
      }
    }
  }

 private:
  Aggregate aggregate_;
  size_t count_ = 0;
  bool failed_ = false;
  Cell front_, best_;
  Fraction sum_;
};

// The strings of a constant list, for `in` and `not in` (ConstantStrings).
using StringSet = std::vector<std::string_view>;

}  // namespace

struct VerdictEvaluator::Impl {
  explicit Impl(const Program& p)
      : program(p),
        nodes(p.nodes()),
        node_data(p.nodes().data()),
        scope(p.checked().policy->header),
        lets(p.let_count()),
        let_epoch(p.let_count(), 0),
        vars(p.variable_count()),
        fast(p) {
    const auto& fails = p.checked().indeterminate_fails;
    for (const CompiledRule& rule : p.rules()) {
      const bool info = rule.severity == "info";
      auto form = [&](const std::optional<uint32_t>& e) {
        if (!e) return Condition{};
        const FastPaths::Node* compiled = fast.Compile(*e);
        return Condition{*e, compiled, compiled ? FastPaths::Run(*compiled) : nullptr};
      };
      plans.push_back(
          {form(rule.when), form(rule.require), form(rule.warn), rule.when.has_value(),
           rule.warn.has_value(), !info,
           !info && std::find(fails.begin(), fails.end(), rule.severity) != fails.end()});
    }
    for (const Value& v : p.constants())
      constant_cells.push_back(Cell::Of(v));
    FindStringSets();
    FindRepeats();
  }
  void FindStringSets();
  void FindRepeats();

  // A list's length and its elements, whichever way it is stored.
  size_t Size(const Cell& list) const {
    return list.items.values ? list.items.values->size() : list.items.count;
  }
  Cell At(const Cell& list, size_t i) const {
    return list.items.values ? Cell::Of((*list.items.values)[i]) : arena[list.items.begin + i];
  }
  // Binds variable `slot` to At(list, i), in place.
  void Bind(int32_t slot, const Cell& list, size_t i) {
    Cell& var = vars[static_cast<size_t>(slot)];
    if (list.items.values) {
      var.Set((*list.items.values)[i]);
    } else {
      var = arena[list.items.begin + i];
    }
  }
  // Appends `cells` to the arena as one list.
  Cell ListOf(const std::vector<Cell>& cells) {
    const Cell c =
        Cell::List(static_cast<uint32_t>(arena.size()), static_cast<uint32_t>(cells.size()));
    arena.insert(arena.end(), cells.begin(), cells.end());
    return c;
  }
  // Working vectors by nesting depth, so that evaluation does not allocate
  // once they have grown.
  std::vector<Cell>& Buffer() {
    if (depth == buffers.size()) buffers.emplace_back();
    std::vector<Cell>& b = buffers[depth++];
    b.clear();
    return b;
  }
  void Release() { --depth; }

  // A rule's `when`, `require` or `warn`: its node, and its specialised form
  // (eval/fast_paths.h) when it has one.
  struct Condition {
    uint32_t node = 0;
    const FastPaths::Node* form = nullptr;
    FastPaths::TestFn run = nullptr;  // the form's function, called here directly
  };
  // What evaluating a rule needs, prepared once.
  struct RulePlan {
    Condition when, require, warn;
    bool has_when, has_warn;
    bool breaks_on_fail, breaks_on_indeterminate;  // the subject's compliance
  };
  // The condition's value: by its form, or on the general path when it has
  // none or the form gives up.
  Tri Test(const Condition& condition) {
    if (condition.form != nullptr) {
      const Tri t = condition.run(*condition.form, fast.frame());
      if (t != Tri::kGiveUp) return t;
    }
    return General(condition.node);
  }
  // Out of line: most rules never come here, and EvaluateRule stays small.
  // The first time in a rule's evaluation, lets and the arena start afresh.
  [[gnu::noinline]] Tri General(uint32_t node) {
    if (!general_started) {
      ForgetLets();
      arena.clear();
      general_started = true;
    }
    const Cell v = Eval(node);
    return v.missing() ? Tri::kMissing : (v.flag ? Tri::kTrue : Tri::kFalse);
  }

  // Inline into Evaluate's loop over the rules.
  [[gnu::always_inline]] Verdict EvaluateRule(const RulePlan& plan);
  Cell Eval(uint32_t index);
  // Eval for an operand: the leaves that most operands are (fields,
  // constants, variables, a variable's field) are read here, without the
  // call and the indirect jump of Eval's dispatch; the rest goes to Eval.
  // Not recursive, so that it can be inlined.
  Cell Operand(uint32_t index) {
    const Node& n = node_data[index];
    switch (n.op) {
      case Op::kRootField:
        return Cell::Of((*fields)[n.index]);
      case Op::kConst:
        return constant_cells[static_cast<size_t>(n.slot)];
      case Op::kVariable:
        return vars[static_cast<size_t>(n.slot)];
      case Op::kGetField: {
        if (node_data[n.a].op == Op::kVariable) {
          // Read in place: copying a cell just written field by field
          // whole stalls on store forwarding.
          const Cell& record = vars[static_cast<size_t>(node_data[n.a].slot)];
          if (record.missing()) return record;
          return Cell::Of((*record.items.values)[n.index]);
        }
        return Eval(index);
      }
      default:
        return Eval(index);
    }
  }
  Cell Binary(const Node& n);
  Cell Arithmetic(const Node& n, const Cell& a, const Cell& b);
  Cell Quantify(const Node& n);
  Cell Comprehend(const Node& n);
  // `count_true`: count(c over W) counts attestations where c holds.
  Cell AggregateOf(Aggregate aggregate, const Cell* values, size_t count, bool count_true = false);
  Cell AggregateList(const Node& n);
  // Quantifiers, comprehensions and aggregates: the nodes worth memoising.
  Cell Expensive(const Node& n);
  Cell Remembered(int32_t memo_slot, const Node& n);
  Cell InStrings(const Node& n, const StringSet& set);
  Cell Window(const Node& n);
  const Claim& Current() const { return *history[current]; }
  // Makes attestation `i` the current one.
  void Visit(size_t i) {
    current = i;
    fields = &history[i]->record.items();  // an out-of-line call: once per visit
  }
  // Lets are cached per attestation: a new frame forgets them.
  void ForgetLets() {
    if (++epoch == 0) {  // the counter wrapped: forget every cached let
      std::fill(let_epoch.begin(), let_epoch.end(), 0);
      std::fill(memo_epoch.begin(), memo_epoch.end(), 0);
      epoch = 1;
    }
  }

  const Program& program;
  const std::vector<Node>& nodes;
  const Node* const node_data;  // nodes.data(): one load less per node visited
  const PolicyScope scope;
  // By node: the index in string_sets of an `in` or `not in` node's right
  // side when that is a constant list of strings; -1 otherwise.
  std::vector<int32_t> string_set_of;
  std::vector<StringSet> string_sets;
  std::vector<Cell> constant_cells;  // by constant slot
  // By node: its slot in memo when a node of the same structure occurs
  // elsewhere and its value can be shared (FindRepeats); -1 otherwise.
  std::vector<int32_t> memo_of;
  std::vector<Cell> memo;
  std::vector<uint32_t> memo_epoch;  // memo[i] is valid when memo_epoch[i] == epoch

  std::span<const Claim* const> history;
  size_t current = 0;                          // the attestation being read
  const std::vector<Value>* fields = nullptr;  // its top-level fields
  bool not_in_force = false;                   // a date-dependent param had no step in force
  bool general_started = false;                // the rule being evaluated has used the general path
  std::vector<Cell> lets;
  std::vector<uint32_t> let_epoch;  // lets[i] is valid when let_epoch[i] == epoch
  uint32_t epoch = 0;
  std::vector<Cell> vars;
  std::vector<Cell> arena;
  std::deque<std::vector<Cell>> buffers;  // a deque: growing it moves no buffer in use
  size_t depth = 0;
  FastPaths fast;
  std::vector<RulePlan> plans;  // by rule
};

Cell VerdictEvaluator::Impl::Eval(uint32_t index) {
  const Node& n = node_data[index];
  switch (n.op) {
    case Op::kConst:
      return constant_cells[static_cast<size_t>(n.slot)];
    case Op::kRootField:
      return Cell::Of((*fields)[n.index]);
    case Op::kGetField: {
      const Cell record = Operand(n.a);
      if (record.missing()) return record;
      return Cell::Of((*record.items.values)[n.index]);
    }
    case Op::kLet: {
      const auto slot = static_cast<size_t>(n.slot);
      if (let_epoch[slot] != epoch) {
        lets[slot] = Eval(program.let_node(n.slot));
        let_epoch[slot] = epoch;
      }
      return lets[slot];
    }
    case Op::kStep: {
      const StepTable& table = program.steps()[static_cast<size_t>(n.slot)];
      int step = -1;
      for (size_t i = 0; i < table.from.size(); ++i) {
        if (table.from[i] <= Current().period_start) step = static_cast<int>(i);
      }
      if (step < 0) {
        not_in_force = true;
        return kMissingCell;
      }
      return Eval(n.items[static_cast<size_t>(step)]);
    }
    case Op::kVariable:
      return vars[static_cast<size_t>(n.slot)];
    case Op::kNegate: {
      Cell v = Eval(n.a);
      if (!v.missing())
        v.quantity = *v.quantity.Negate();  // never nullopt: Rational refuses that value
      return v;
    }
    case Op::kAbs: {
      Cell v = Eval(n.a);
      if (!v.missing() && v.quantity.sign() < 0) v.quantity = *v.quantity.Negate();
      return v;
    }
    case Op::kNot: {
      const Cell v = Eval(n.a);
      return v.missing() ? v : Cell::Bool(!v.flag);
    }
    case Op::kPresent:
      return Cell::Bool(!Eval(n.a).missing());
    case Op::kAnd:
    case Op::kOr: {
      // Kleene: false and unknown = false; true or unknown = true.
      const bool decisive = n.op == Op::kOr;
      const Cell a = Eval(n.a);
      if (!a.missing() && a.flag == decisive) return Cell::Bool(decisive);
      const Cell b = Eval(n.b);
      if (!b.missing() && b.flag == decisive) return Cell::Bool(decisive);
      if (a.missing() || b.missing()) return kMissingCell;
      return Cell::Bool(!decisive);
    }
    case Op::kIf: {
      const Cell c = Eval(n.a);
      if (c.missing()) return c;
      return Eval(c.flag ? n.b : n.c);
    }
    case Op::kAll:
    case Op::kAny:
    case Op::kComprehension:
    case Op::kAggregate:
    case Op::kAggregateArgs: {
      const int32_t memo = memo_of[index];
      return memo < 0 ? Expensive(n) : Remembered(memo, n);
    }
    case Op::kList: {
      std::vector<Cell>& items = Buffer();
      for (uint32_t item : n.items)
        items.push_back(Eval(item));
      const Cell list = ListOf(items);
      Release();
      return list;
    }
    case Op::kIn:
    case Op::kNotIn: {
      const int32_t set = string_set_of[index];
      if (set >= 0) return InStrings(n, string_sets[static_cast<size_t>(set)]);
      return Binary(n);
    }
    case Op::kWindow:
      return Window(n);
    default:
      return Binary(n);
  }
}

void VerdictEvaluator::Impl::FindStringSets() {
  string_set_of.assign(nodes.size(), -1);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    if (n.op != Op::kIn && n.op != Op::kNotIn) continue;
    // A number, a date or an item read from the claim: the general path.
    auto set = ConstantStrings(program, n.b);
    if (!set) continue;
    string_set_of[i] = static_cast<int32_t>(string_sets.size());
    string_sets.push_back(std::move(*set));
  }
}

// `x in L` for a list literal L of string constants: the general path
// (Binary) would compare x with each item by Equal, which is true only for
// a string equal to the item; no item is missing, so it is never unknown.
// So a missing x is missing, a string is looked up, and any other kind of
// value is in no such list. L itself needs no evaluation: building a list
// of constants, or caching it in a let, has no effect beyond its value.
Cell VerdictEvaluator::Impl::InStrings(const Node& n, const StringSet& set) {
  const Cell x = Operand(n.a);
  if (x.missing()) return x;
  const bool found = x.kind == K::kString && ContainsString(set, *x.text);
  return Cell::Bool(found == (n.op == Op::kIn));
}

// An aggregate over a comprehension folds its elements as they are made
// rather than building the list first: the domain, the filter and the
// elements are evaluated exactly as Comprehend does (same order, all of
// them), and a missing filter makes the list, hence the aggregate, missing.
Cell VerdictEvaluator::Impl::AggregateList(const Node& n) {
  Fold fold(n.aggregate);
  const Node& list_node = nodes[n.a];
  if (list_node.op == Op::kComprehension) {
    const Cell domain = Operand(list_node.b);
    if (domain.missing()) return domain;
    const size_t size = Size(domain);
    for (size_t i = 0; i < size; ++i) {
      Bind(list_node.slot, domain, i);
      if (list_node.has_filter) {
        const Cell keep = Eval(list_node.c);
        if (keep.missing()) return keep;
        if (!keep.flag) continue;
      }
      fold.Add(Operand(list_node.a));
    }
    return fold.Result();
  }
  const Cell list = Operand(n.a);
  if (list.missing()) return list;
  const size_t size = Size(list);
  for (size_t i = 0; i < size; ++i)
    fold.Add(At(list, i));
  return fold.Result();
}

Cell VerdictEvaluator::Impl::Expensive(const Node& n) {
  switch (n.op) {
    case Op::kAll:
    case Op::kAny:
      return Quantify(n);
    case Op::kComprehension:
      return Comprehend(n);
    case Op::kAggregate:
      return AggregateList(n);
    default: {  // kAggregateArgs
      std::vector<Cell>& values = Buffer();
      for (uint32_t item : n.items)
        values.push_back(Eval(item));
      const Cell result = AggregateOf(n.aggregate, values.data(), values.size());
      Release();
      return result;
    }
  }
}

// A node's value is a function of the node's structure, the current
// attestation and the variables it reads: two nodes of one structure that
// read no variable have one value while the attestation stays the same. The
// memo lives as long as a let's cache (one epoch: one rule evaluation, one
// attestation of a window), so its lists are still in the arena. Nodes with
// a window are left out (a window moves the current attestation). A
// date-dependent param inside is no obstacle: the evaluation that filled the
// memo has already set not_in_force, a flag that only ever gets set during
// the rule's evaluation.
void VerdictEvaluator::Impl::FindRepeats() {
  memo_of.assign(nodes.size(), -1);
  constexpr uint64_t kAnyVariable = ~uint64_t{0};  // a slot beyond 63: assume all
  std::vector<uint64_t> free(nodes.size(), 0);     // the variables each node reads
  std::vector<uint32_t> shape(nodes.size());       // equal for structurally equal nodes
  std::map<std::vector<uint64_t>, uint32_t> shapes;
  auto bit = [&](int32_t slot) {
    return slot >= 0 && slot < 64 ? uint64_t{1} << slot : kAnyVariable;
  };
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    // Children come before their parents; a child index that is not below
    // i is an unused field.
    auto child_shape = [&](uint32_t c) { return c < i ? uint64_t{shape[c]} : ~uint64_t{0}; };
    auto child_free = [&](uint32_t c) { return c < i ? free[c] : 0; };
    std::vector<uint64_t> key = {static_cast<uint64_t>(n.op),
                                 static_cast<uint64_t>(n.aggregate),
                                 static_cast<uint64_t>(n.window_unit),
                                 static_cast<uint64_t>(static_cast<int64_t>(n.slot)),
                                 n.index,
                                 n.has_filter,
                                 child_shape(n.a),
                                 child_shape(n.b),
                                 child_shape(n.c)};
    for (uint32_t item : n.items)
      key.push_back(child_shape(item));
    shape[i] = shapes.emplace(std::move(key), static_cast<uint32_t>(shapes.size())).first->second;
    switch (n.op) {
      case Op::kConst:
      case Op::kRootField:
      case Op::kLet:  // evaluated outside any quantifier
        break;
      case Op::kVariable:
        free[i] = bit(n.slot);
        break;
      case Op::kAll:
      case Op::kAny:
      case Op::kComprehension:
        free[i] = ((child_free(n.a) | child_free(n.c)) & ~bit(n.slot)) | child_free(n.b);
        if (bit(n.slot) == kAnyVariable) free[i] = kAnyVariable;
        break;
      default:
        free[i] = child_free(n.a) | child_free(n.b) | child_free(n.c);
        for (uint32_t item : n.items)
          free[i] |= child_free(item);
    }
  }
  std::vector<uint32_t> count(shapes.size(), 0);
  for (uint32_t i = 0; i < nodes.size(); ++i)
    ++count[shape[i]];
  std::map<uint32_t, int32_t> memo_of_shape;
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    const bool expensive = n.op == Op::kAll || n.op == Op::kAny || n.op == Op::kComprehension ||
                           n.op == Op::kAggregate || n.op == Op::kAggregateArgs;
    if (!expensive || free[i] != 0 || n.contains_window || count[shape[i]] < 2) continue;
    memo_of[i] =
        memo_of_shape.emplace(shape[i], static_cast<int32_t>(memo_of_shape.size())).first->second;
  }
  memo.resize(memo_of_shape.size());
  memo_epoch.assign(memo_of_shape.size(), 0);
}

Cell VerdictEvaluator::Impl::Remembered(int32_t slot, const Node& n) {
  const auto i = static_cast<size_t>(slot);
  if (memo_epoch[i] != epoch) {
    memo[i] = Expensive(n);
    memo_epoch[i] = epoch;
  }
  return memo[i];
}

Cell VerdictEvaluator::Impl::Binary(const Node& n) {
  const Cell a = Operand(n.a);
  const Cell b = Operand(n.b);
  if (a.missing()) return a;
  if (b.missing()) return b;
  switch (n.op) {
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
      return Arithmetic(n, a, b);
    case Op::kIn:
    case Op::kNotIn: {
      bool unknown = false;
      const size_t size = Size(b);
      for (size_t i = 0; i < size; ++i) {
        const Cell item = At(b, i);
        if (item.missing()) {
          unknown = true;
        } else if (Equal(a, item)) {
          return Cell::Bool(n.op == Op::kIn);
        }
      }
      if (unknown) return kMissingCell;
      return Cell::Bool(n.op == Op::kNotIn);
    }
    default:
      break;
  }
  if (CurrencyClash(a, b)) return kMissingCell;
  if (n.op == Op::kEq) return Cell::Bool(Equal(a, b));
  if (n.op == Op::kNe) return Cell::Bool(!Equal(a, b));
  const int c = Compare(a, b);
  if (c == kUnordered) return kMissingCell;
  switch (n.op) {
    case Op::kLt:
      return Cell::Bool(c < 0);
    case Op::kLe:
      return Cell::Bool(c <= 0);
    case Op::kGt:
      return Cell::Bool(c > 0);
    default:
      return Cell::Bool(c >= 0);
  }
}

Cell VerdictEvaluator::Impl::Arithmetic(const Node& n, const Cell& a, const Cell& b) {
  // Dates and date-times: differences are durations in seconds.
  const bool a_time = a.kind == K::kDate || a.kind == K::kDateTime;
  const bool b_time = b.kind == K::kDate || b.kind == K::kDateTime;
  if (a_time && b_time) {
    if (a.kind == K::kDate && b.kind == K::kDate) {
      return Cell::Quantity(Fraction(Rational::FromInt((a.integer - b.integer) * kSecondsPerDay)),
                            nullptr);
    }
    const auto diff = Rational::Make(*AsInstant(a) - *AsInstant(b), kNanosPerSecond);
    return diff ? Cell::Quantity(Fraction(*diff), nullptr) : kMissingCell;
  }
  if (a_time || b_time) {
    const Cell& when = a_time ? a : b;
    // Rare: date arithmetic goes through Rational, as in the explaining evaluator.
    const auto exact = (a_time ? b : a).quantity.Exact();
    if (!exact) return kMissingCell;
    const Rational seconds = *exact;
    const Rational signed_seconds = n.op == Op::kSub ? seconds.Negate() : seconds;
    Cell moved = when;
    if (when.kind == K::kDate) {
      const auto days = signed_seconds.Div(Rational::FromInt(kSecondsPerDay));
      if (!days || !days->is_integer()) return kMissingCell;  // whole days only
      moved.integer += static_cast<int64_t>(days->num());
      return moved;
    }
    const auto nanos = signed_seconds.Mul(Rational::FromInt(kNanosPerSecond));
    if (!nanos || !nanos->is_integer()) return kMissingCell;  // finer than a nanosecond
    moved.integer += static_cast<int64_t>(nanos->num());
    return moved;
  }
  const Fraction& x = a.quantity;
  const Fraction& y = b.quantity;
  std::optional<Fraction> r;
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
      if (y.is_zero()) return kMissingCell;  // division by zero
      r = x.Div(y);
  }
  if (!r) return kMissingCell;  // beyond exact range
  // Currency tags follow the dimension: a ratio of two amounts in one
  // currency has none.
  const std::string* currency = a.text != nullptr ? a.text : b.text;
  if (n.op == Op::kDiv && a.currency() == b.currency()) currency = nullptr;
  return Cell::Quantity(*r, currency);
}

// all x in L where f: b  means, for every x, (not f) or b;
// any x in L where f: b  means, for some x, f and b — both in Kleene logic.
Cell VerdictEvaluator::Impl::Quantify(const Node& n) {
  const Cell domain = Operand(n.b);
  if (domain.missing()) return domain;
  const bool all = n.op == Op::kAll;
  bool unknown = false;
  const size_t size = Size(domain);
  for (size_t i = 0; i < size; ++i) {
    Bind(n.slot, domain, i);
    Cell keep = Cell::Bool(true);
    if (n.has_filter) {
      keep = Eval(n.c);
      if (!keep.missing() && !keep.flag) continue;  // not selected
    }
    const Cell v = Eval(n.a);
    if (!v.missing() && v.flag == all) continue;  // this element agrees
    if (keep.missing() || v.missing()) {
      unknown = true;
      continue;
    }
    return Cell::Bool(!all);  // a counterexample (all) or a witness (any)
  }
  if (unknown) return kMissingCell;
  return Cell::Bool(all);
}

Cell VerdictEvaluator::Impl::Comprehend(const Node& n) {
  const Cell domain = Operand(n.b);
  if (domain.missing()) return domain;
  std::vector<Cell>& out = Buffer();
  const size_t size = Size(domain);
  for (size_t i = 0; i < size; ++i) {
    Bind(n.slot, domain, i);
    if (n.has_filter) {
      const Cell keep = Eval(n.c);
      if (keep.missing()) {
        Release();
        return keep;
      }
      if (!keep.flag) continue;
    }
    out.push_back(Operand(n.a));
  }
  const Cell list = ListOf(out);
  Release();
  return list;
}

Cell VerdictEvaluator::Impl::AggregateOf(Aggregate aggregate, const Cell* values, size_t count,
                                         bool count_true) {
  if (aggregate == Aggregate::kCount && count_true) {
    int64_t holds = 0;
    for (size_t i = 0; i < count; ++i) {
      if (values[i].missing()) return kMissingCell;
      holds += values[i].flag ? 1 : 0;
    }
    return Cell::Quantity(Fraction(Rational::FromInt(holds)), nullptr);
  }
  Fold fold(aggregate);
  for (size_t i = 0; i < count; ++i)
    fold.Add(values[i]);
  return fold.Result();
}

// The attestations of the subject whose periods lie in the N calendar units
// ending with the current attestation's period; a gap is missing evidence.
Cell VerdictEvaluator::Impl::Window(const Node& n) {
  const int months = static_cast<int>(n.index) * (n.window_unit == CalendarUnit::kMonth     ? 1
                                                  : n.window_unit == CalendarUnit::kQuarter ? 3
                                                                                            : 12);
  const int64_t end = Current().period_end;
  CivilDate from = CivilFromDays(end);
  const int total = from.year * 12 + (from.month - 1) - months;
  from.year = total / 12;
  from.month = total % 12 + 1;
  from.day = std::min(from.day, DaysInMonth(from.year, from.month));
  const int64_t start = DaysFromCivil(from);
  int64_t cursor = start;
  std::vector<Cell>& values = Buffer();
  const size_t outer = current;
  for (size_t i = 0; i < history.size(); ++i) {
    const Claim& c = *history[i];
    if (c.period_start < start || c.period_end > end) continue;
    if (c.period_start > cursor) break;  // a gap
    cursor = std::max(cursor, c.period_end);
    Visit(i);
    ForgetLets();
    values.push_back(Eval(n.a));
    Visit(outer);
    ForgetLets();
    if (values.back().missing()) break;
  }
  Cell result = kMissingCell;
  if (cursor >= end && (values.empty() || !values.back().missing())) {
    result = AggregateOf(n.aggregate, values.data(), values.size(), /*count_true=*/true);
  }
  Release();
  return result;
}

inline Verdict VerdictEvaluator::Impl::EvaluateRule(const RulePlan& plan) {
  general_started = false;
  not_in_force = false;
  auto decide = [&]() {
    if (plan.has_when) {
      const Tri applies = Test(plan.when);
      if (applies == Tri::kMissing) return Verdict::kIndeterminate;
      if (applies == Tri::kFalse) return Verdict::kNotApplicable;
    }
    const Tri required = Test(plan.require);
    if (required == Tri::kMissing) return Verdict::kIndeterminate;
    if (required == Tri::kFalse) return Verdict::kFail;
    if (plan.has_warn && Test(plan.warn) == Tri::kFalse) return Verdict::kWarn;
    return Verdict::kPass;
  };
  const Verdict verdict = decide();
  // A threshold not yet in force: the rule does not apply to this period.
  if (verdict == Verdict::kIndeterminate && not_in_force) return Verdict::kNotApplicable;
  return verdict;
}

VerdictEvaluator::VerdictEvaluator(const Program& program)
    : impl_(std::make_unique<Impl>(program)) {}

VerdictEvaluator::~VerdictEvaluator() = default;

void VerdictEvaluator::Evaluate(std::span<const Claim* const> history, int64_t at,
                                SubjectVerdicts* out) {
  Impl& e = *impl_;
  out->compliant = false;
  size_t current = history.size();
  for (size_t i = 0; i < history.size(); ++i) {
    if (history[i]->period_end <= at) current = i;
  }
  out->evaluated = current < history.size();
  if (!out->evaluated) {
    out->rules.clear();
    return;
  }
  const size_t rule_count = e.plans.size();
  // Sized once: later subjects of the run write in place.
  if (out->rules.size() != rule_count) out->rules.resize(rule_count);
  Verdict* verdicts = out->rules.data();
  const PolicyScope::Fit fit = e.scope.Of(*history[current]);
  // Whether a verdict keeps the subject compliant: as the summary counts it.
  auto keeps = [](const Impl::RulePlan& plan, Verdict v) {
    return !((v == Verdict::kFail && plan.breaks_on_fail) ||
             (v == Verdict::kIndeterminate && plan.breaks_on_indeterminate));
  };
  bool compliant = true;
  if (fit != PolicyScope::Fit::kInside) {
    const Verdict v =
        fit == PolicyScope::Fit::kUnknown ? Verdict::kIndeterminate : Verdict::kNotApplicable;
    std::fill_n(verdicts, rule_count, v);
    for (size_t i = 0; i < rule_count; ++i)
      compliant &= keeps(e.plans[i], v);
  } else {
    e.history = history;
    e.Visit(current);
    e.fast.Visit(*e.fields);
    const Impl::RulePlan* plans = e.plans.data();
    for (size_t i = 0; i < rule_count; ++i) {
      const Verdict v = e.EvaluateRule(plans[i]);
      verdicts[i] = v;
      compliant &= keeps(plans[i], v);
    }
    e.history = {};
  }
  out->compliant = compliant;
}

}  // namespace gridlaw
