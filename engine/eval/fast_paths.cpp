#include "eval/fast_paths.h"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace gridlaw {
namespace {

using K = Value::Kind;

// How a quantity operand was read: a value, missing evidence, or something
// the form does not handle (the whole expression goes to the general path).
enum class Got : uint8_t { kValue, kMissing, kGiveUp };

// What a quantity operand is, known when the form is built: the comparison
// and arithmetic functions are instantiated for each pair of kinds, so that
// a field or a constant operand is read in place rather than by a call.
enum class Arg : uint8_t { kPath, kConst, kComputed };

// Strings ordered by length first: most lookups are then settled by
// comparing lengths, and bytes are compared only between strings of one length.
bool ShorterOrBefore(std::string_view x, std::string_view y) {
  return x.size() != y.size() ? x.size() < y.size() : x < y;
}

Tri TriOf(bool b) {
  return b ? Tri::kTrue : Tri::kFalse;
}

// A quantity and the currency it is an amount in (nullptr: none, as for
// every quantity of a record stream; constants in USD/… carry theirs).
// Made without writing anything: most are temporaries that the read of an
// operand fills, and zeroing them first was a tenth of a condition's work.
struct Amount {
  Amount() {}  // NOLINT: left unwritten on purpose
  Amount(const Fraction& v, const std::string* c) : value(v), currency(c) {}
  union {
    Fraction value;
  };
  const std::string* currency;
};

// Amounts in two currencies never combine (the general path's CurrencyClash:
// a tag is never an empty string).
// Tags are a few letters, and those of two amounts are mostly two copies of
// one code: compared here, byte by byte, rather than by a call to memcmp.
[[gnu::always_inline]] inline bool SameText(std::string_view x, std::string_view y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}
[[gnu::always_inline]] inline bool Clash(const std::string* a, const std::string* b) {
  return a != nullptr && b != nullptr && a != b && !SameText(*a, *b);
}
[[gnu::always_inline]] inline bool Clash(const Amount& a, const Amount& b) {
  return Clash(a.currency, b.currency);
}

std::string_view CurrencyOf(const Amount& a) {
  return a.currency != nullptr ? std::string_view(*a.currency) : std::string_view();
}
// CurrencyOf(a) == CurrencyOf(b).
[[gnu::always_inline]] inline bool SameCurrency(const Amount& a, const Amount& b) {
  return a.currency == b.currency || SameText(CurrencyOf(a), CurrencyOf(b));
}

}  // namespace

std::optional<std::vector<std::string_view>> ConstantStrings(const Program& program,
                                                             uint32_t index) {
  const std::vector<gridlaw::Node>& nodes = program.nodes();
  for (int hops = 0; hops < 64 && nodes[index].op == Op::kLet; ++hops)
    index = program.let_node(nodes[index].slot);
  if (nodes[index].op != Op::kList) return std::nullopt;
  std::vector<std::string_view> set;
  for (uint32_t item : nodes[index].items) {
    const gridlaw::Node* constant = program.ConstantBehind(item);
    if (constant == nullptr) return std::nullopt;
    const Value& v = program.constants()[static_cast<size_t>(constant->slot)];
    if (v.kind() != K::kString) return std::nullopt;
    set.emplace_back(v.as_string());
  }
  std::sort(set.begin(), set.end(), ShorterOrBefore);
  return set;
}

bool ContainsString(const std::vector<std::string_view>& strings, std::string_view s) {
  return std::binary_search(strings.begin(), strings.end(), s, ShorterOrBefore);
}

StringLookup::Key StringLookup::KeyOf(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  Key k;
  k.size = n;
  if (n >= 8) {  // bytes [0, 8) and [n - 8, n): all of them, as n <= 16
    std::memcpy(&k.head, p, 8);
    std::memcpy(&k.tail, p + n - 8, 8);
  } else if (n >= 4) {  // [0, 4) and [n - 4, n), as n < 8
    uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    k.head = head;
    k.tail = tail;
  } else if (n > 0) {  // bytes 0, n / 2 and n - 1: all of them, as n <= 3
    k.head = static_cast<uint8_t>(p[0]) |
             static_cast<uint64_t>(static_cast<uint8_t>(p[n / 2])) << 8 |
             static_cast<uint64_t>(static_cast<uint8_t>(p[n - 1])) << 16;
  }
  return k;
}

StringLookup::StringLookup(std::vector<std::string_view> strings) {
  for (std::string_view s : strings) {
    if (s.size() <= kShort) {
      keys_.push_back(KeyOf(s));
    } else {
      long_.push_back(s);
    }
  }
  std::sort(keys_.begin(), keys_.end());
  std::sort(long_.begin(), long_.end(), ShorterOrBefore);
}

bool StringLookup::Contains(std::string_view s) const {
  if (s.size() > kShort) return ContainsString(long_, s);
  const Key k = KeyOf(s);
  if (keys_.size() <= 16) {  // a few: one pass, most keys settled by the length
    for (const Key& key : keys_) {
      if (key == k) return true;
    }
    return false;
  }
  return std::binary_search(keys_.begin(), keys_.end(), k);
}

using Frame = FastPaths::Frame;

struct FastPaths::Memo {
  uint32_t epoch = 0;
  Got got = Got::kMissing;
  Amount value{Fraction(), nullptr};  // the aggregate's; for min and max, the minimum
  Amount high{Fraction(), nullptr};   // for min and max, the maximum
};

struct FastPaths::Node {
  // A condition's function (test) or a quantity's (number); leaves that are
  // read in place by their parent have one too, for parents that call.
  using TestFn = Tri (*)(const Node&, Frame&);
  using NumberFn = Got (*)(const Node&, Frame&, Amount*);
  TestFn test = nullptr;
  NumberFn number = nullptr;
  Arg arg = Arg::kComputed;
  Op op = Op::kConst;
  Aggregate aggregate = Aggregate::kCount;
  const Node* a = nullptr;  // operands, by op; see Builder
  const Node* b = nullptr;
  const Node* c = nullptr;
  int32_t slot = -1;  // the variable a quantifier or comprehension binds
  int32_t memo = -1;  // an aggregate's memo slot when it occurs more than once
  // A path: the attestation's fields (base -1) or variable `base`, then
  // field `path[0]`, field `path[1]` … of it. A comparison of a path with a
  // constant holds its operand's path here, and the constant in `constant`.
  static constexpr size_t kMaxDepth = 4;
  int32_t base = -1;
  uint32_t depth = 0;
  uint32_t path[kMaxDepth] = {};
  Amount constant{Fraction(), nullptr};   // a quantity constant
  const std::string* text = nullptr;      // a string constant
  bool flag = false;                      // a boolean constant
  const StringLookup* strings = nullptr;  // `in`: the list's strings
};

namespace {

using Node = FastPaths::Node;

// The leaves below are read by every node of a form, several times per
// rule: they are forced inline into their callers, where the copies of the
// values they read disappear (GCC otherwise keeps some of them as calls).
#define GRIDLAW_LEAF [[gnu::always_inline]] inline

// The value a path leads to. A missing record on the way is the path's
// value, as the general path's field access returns it.
const Value& LocateDeep(const Node& n, const Frame& f) {
  const Value* v;
  uint32_t i = 0;
  if (n.base < 0) {
    v = &(*f.fields)[n.path[0]];
    i = 1;
  } else {
    v = f.vars[n.base];
  }
  for (; i < n.depth; ++i) {
    if (v->is_missing()) return *v;
    v = &v->items()[n.path[i]];
  }
  return *v;
}

// LocateDeep, with the two paths most conditions read — a top-level field,
// a field of the element a quantifier visits — taken without the loop.
GRIDLAW_LEAF const Value& Locate(const Node& n, const Frame& f) {
  if (n.depth == 1) {
    if (n.base < 0) return (*f.fields)[n.path[0]];
    const Value* record = f.vars[n.base];
    return record->is_missing() ? *record : record->items()[n.path[0]];
  }
  return LocateDeep(n, f);
}

// A claim's quantity as the general path reads it; a value of another kind
// (a date where arithmetic on dates would follow) gives up.
GRIDLAW_LEAF Got Quantity(const Value& v, Amount* out) {
  if (v.kind() == K::kQuantity) {
    out->value = Fraction(v.as_quantity());
    out->currency = v.currency().empty() ? nullptr : &v.currency();
    return Got::kValue;
  }
  return v.is_missing() ? Got::kMissing : Got::kGiveUp;
}

// Operand n's value: a constant where it is, anything else read into
// `scratch`.
template <Arg A>
GRIDLAW_LEAF Got Read(const Node& n, Frame& f, Amount* scratch, const Amount** out) {
  if constexpr (A == Arg::kConst) {
    *out = &n.constant;
    return Got::kValue;
  } else if constexpr (A == Arg::kPath) {
    *out = scratch;
    return Quantity(Locate(n, f), scratch);
  } else {
    *out = scratch;
    return n.number(n, f, scratch);
  }
}

// Both operands, read in order; missing when either is (after a give-up,
// which wins: the general path then decides).
template <Arg A, Arg B>
GRIDLAW_LEAF Got ReadBoth(const Node& n, Frame& f, Amount* scratch_x, Amount* scratch_y,
                          const Amount** x, const Amount** y) {
  const Got a = Read<A>(*n.a, f, scratch_x, x);
  if (a == Got::kGiveUp) return a;
  const Got b = Read<B>(*n.b, f, scratch_y, y);
  if (b == Got::kGiveUp) return b;
  return a == Got::kMissing || b == Got::kMissing ? Got::kMissing : Got::kValue;
}

template <Op O>
GRIDLAW_LEAF Tri Ordered(int c) {
  if constexpr (O == Op::kLt) return TriOf(c < 0);
  if constexpr (O == Op::kLe) return TriOf(c <= 0);
  if constexpr (O == Op::kGt) return TriOf(c > 0);
  if constexpr (O == Op::kGe) return TriOf(c >= 0);
  if constexpr (O == Op::kEq) return TriOf(c == 0);
  return TriOf(c != 0);
}

// The currency of x op y: an operand's, except that a ratio of two amounts in
// one currency has none.
template <Op O>
GRIDLAW_LEAF const std::string* ResultCurrency(const Amount& x, const Amount& y) {
  if (O == Op::kDiv && SameCurrency(x, y)) return nullptr;
  return x.currency != nullptr ? x.currency : y.currency;
}

// x < y … x != y over quantities: the general path's comparison, where
// amounts in two currencies are missing and other quantities have an order.
template <Arg A, Arg B, Op O>
Tri CompareQuantities(const Node& n, Frame& f) {
  Amount scratch_x, scratch_y;
  const Amount *x, *y;
  const Got got = ReadBoth<A, B>(n, f, &scratch_x, &scratch_y, &x, &y);
  if (got != Got::kValue) return got == Got::kMissing ? Tri::kMissing : Tri::kGiveUp;
  if (Clash(*x, *y)) return Tri::kMissing;
  return Ordered<O>(Compare(x->value, y->value));
}

// CompareQuantities<kPath, kConst, O> (`pue <= 1.3`, `tokens_served > 0
// token`, the most common condition): the claim's quantity is compared where
// it is, without copying it or its currency into an Amount, and the
// currencies are looked at only when both have one. The node holds the
// field's path and the constant itself (Builder::Test copies them from its
// operands), one dependent load less each; kTopLevel: the path is a field of
// the attestation.
template <Op O, bool kTopLevel>
Tri CompareFieldToConstant(const Node& n, Frame& f) {
  const Value& v = kTopLevel ? (*f.fields)[n.path[0]] : Locate(n, f);
  if (v.kind() != K::kQuantity) return v.is_missing() ? Tri::kMissing : Tri::kGiveUp;
  const Amount& c = n.constant;
  if (c.currency != nullptr && !v.currency().empty() && Clash(&v.currency(), c.currency)) {
    return Tri::kMissing;
  }
  return Ordered<O>(Compare(Fraction(v.as_quantity()), c.value));
}

// `x / y op c` for a constant c (the shape of every ratio threshold, x and y
// read from the claim or computed: `max(…) / min(…) <= 1.10`):
// CompareQuantities over the quotient, decided without forming it where it
// can (Fraction::CompareQuotient). Missing, as on the general path, when x
// or y is, when y is zero, when the quotient is beyond exact range, or when
// its currency clashes with c's.
template <Arg A, Arg B, Op O>
Tri CompareRatio(const Node& n, Frame& f) {
  Amount scratch_x, scratch_y;
  // Written whenever it is read; set here too for GCC's flow analysis,
  // which loses track once the slow paths no longer take x's address.
  scratch_x.currency = nullptr;
  const Amount *x, *y;
  const Got got = ReadBoth<A, B>(*n.a, f, &scratch_x, &scratch_y, &x, &y);
  if (got != Got::kValue) return got == Got::kMissing ? Tri::kMissing : Tri::kGiveUp;
  if (y->value.is_zero()) return Tri::kMissing;
  const int c = Fraction::CompareQuotient(x->value, y->value, n.b->constant.value);
  if (c == Fraction::kNoQuotient) return Tri::kMissing;
  // Nothing clashes with a constant without a currency (a ratio threshold).
  const std::string* currency = n.b->constant.currency;
  if (currency != nullptr && Clash(ResultCurrency<Op::kDiv>(*x, *y), currency)) {
    return Tri::kMissing;
  }
  return Ordered<O>(c);
}

// + - * / as the general path computes them: missing on division by zero
// and beyond exact range. The currency follows the dimension: an operand's,
// except that a ratio of two amounts in one currency has none.
template <Arg A, Arg B, Op O>
Got Arithmetic(const Node& n, Frame& f, Amount* out) {
  Amount scratch_x, scratch_y;
  const Amount *x, *y;
  const Got got = ReadBoth<A, B>(n, f, &scratch_x, &scratch_y, &x, &y);
  if (got != Got::kValue) return got;
  std::optional<Fraction> r;
  if constexpr (O == Op::kAdd) r = x->value.Add(y->value);
  if constexpr (O == Op::kSub) r = x->value.Sub(y->value);
  if constexpr (O == Op::kMul) r = x->value.Mul(y->value);
  if constexpr (O == Op::kDiv) {
    if (y->value.is_zero()) return Got::kMissing;
    r = x->value.Div(y->value);
  }
  if (!r) return Got::kMissing;
  out->value = *r;
  out->currency = ResultCurrency<O>(*x, *y);
  return Got::kValue;
}

// Functions instantiated for each pair of operand kinds.
template <template <Arg, Arg, Op> class Table, Op O>
auto PickByArgs(Arg a, Arg b) {
  auto for_b = [&]<Arg A>() {
    switch (b) {
      case Arg::kPath:
        return Table<A, Arg::kPath, O>::fn;
      case Arg::kConst:
        return Table<A, Arg::kConst, O>::fn;
      default:
        return Table<A, Arg::kComputed, O>::fn;
    }
  };
  switch (a) {
    case Arg::kPath:
      return for_b.template operator()<Arg::kPath>();
    case Arg::kConst:
      return for_b.template operator()<Arg::kConst>();
    default:
      return for_b.template operator()<Arg::kComputed>();
  }
}

template <Arg A, Arg B, Op O>
struct CompareTable {
  static constexpr auto fn = &CompareQuantities<A, B, O>;
};
template <Arg A, Arg B, Op O>
struct RatioTable {
  static constexpr auto fn = &CompareRatio<A, B, O>;
};
template <Arg A, Arg B, Op O>
struct ArithmeticTable {
  static constexpr auto fn = &Arithmetic<A, B, O>;
};

Node::TestFn ComparisonFor(Op op, Arg a, Arg b) {
  switch (op) {
    case Op::kLt:
      return PickByArgs<CompareTable, Op::kLt>(a, b);
    case Op::kLe:
      return PickByArgs<CompareTable, Op::kLe>(a, b);
    case Op::kGt:
      return PickByArgs<CompareTable, Op::kGt>(a, b);
    case Op::kGe:
      return PickByArgs<CompareTable, Op::kGe>(a, b);
    case Op::kEq:
      return PickByArgs<CompareTable, Op::kEq>(a, b);
    default:
      return PickByArgs<CompareTable, Op::kNe>(a, b);
  }
}

template <Op O>
Node::TestFn FieldToConstant(bool top_level) {
  return top_level ? &CompareFieldToConstant<O, true> : &CompareFieldToConstant<O, false>;
}

// x op c, for x read from the claim and a constant c.
Node::TestFn FieldToConstantFor(Op op, bool top_level) {
  switch (op) {
    case Op::kLt:
      return FieldToConstant<Op::kLt>(top_level);
    case Op::kLe:
      return FieldToConstant<Op::kLe>(top_level);
    case Op::kGt:
      return FieldToConstant<Op::kGt>(top_level);
    case Op::kGe:
      return FieldToConstant<Op::kGe>(top_level);
    case Op::kEq:
      return FieldToConstant<Op::kEq>(top_level);
    default:
      return FieldToConstant<Op::kNe>(top_level);
  }
}

// x / y op c, by the kinds of x and y.
Node::TestFn RatioComparisonFor(Op op, Arg a, Arg b) {
  switch (op) {
    case Op::kLt:
      return PickByArgs<RatioTable, Op::kLt>(a, b);
    case Op::kLe:
      return PickByArgs<RatioTable, Op::kLe>(a, b);
    case Op::kGt:
      return PickByArgs<RatioTable, Op::kGt>(a, b);
    case Op::kGe:
      return PickByArgs<RatioTable, Op::kGe>(a, b);
    case Op::kEq:
      return PickByArgs<RatioTable, Op::kEq>(a, b);
    default:
      return PickByArgs<RatioTable, Op::kNe>(a, b);
  }
}

Node::NumberFn ArithmeticFor(Op op, Arg a, Arg b) {
  switch (op) {
    case Op::kAdd:
      return PickByArgs<ArithmeticTable, Op::kAdd>(a, b);
    case Op::kSub:
      return PickByArgs<ArithmeticTable, Op::kSub>(a, b);
    case Op::kMul:
      return PickByArgs<ArithmeticTable, Op::kMul>(a, b);
    default:
      return PickByArgs<ArithmeticTable, Op::kDiv>(a, b);
  }
}

// Leaves, for parents that call their operands.
Got PathNumber(const Node& n, Frame& f, Amount* out) {
  return Quantity(Locate(n, f), out);
}
Got ConstNumber(const Node& n, Frame&, Amount* out) {
  *out = n.constant;
  return Got::kValue;
}
Tri ConstTest(const Node& n, Frame&) {
  return TriOf(n.flag);
}
Tri PathTest(const Node& n, Frame& f) {
  const Value& v = Locate(n, f);
  if (v.kind() == K::kBool) return TriOf(v.as_bool());
  return v.is_missing() ? Tri::kMissing : Tri::kGiveUp;
}

Got Negate(const Node& n, Frame& f, Amount* out) {
  const Got got = n.a->number(*n.a, f, out);
  if (got != Got::kValue) return got;
  if (n.op == Op::kAbs && out->value.sign() >= 0) return got;
  const auto negated = out->value.Negate();
  if (!negated) return Got::kGiveUp;  // the general path's precondition: let it decide
  out->value = *negated;
  return got;
}

// Kleene: false and unknown = false; true or unknown = true. The second
// operand is not evaluated once the first decides, as on the general path.
template <bool kOr>
Tri Connective(const Node& n, Frame& f) {
  constexpr Tri decisive = kOr ? Tri::kTrue : Tri::kFalse;
  const Tri a = n.a->test(*n.a, f);
  if (a == decisive || a == Tri::kGiveUp) return a;
  const Tri b = n.b->test(*n.b, f);
  if (b == decisive || b == Tri::kGiveUp) return b;
  // Both are now the other value or missing: missing if either is, which
  // is the greater of the two (kFalse, kTrue < kMissing).
  static_assert(Tri::kFalse < Tri::kMissing && Tri::kTrue < Tri::kMissing);
  return std::max(a, b);
}

Tri Not(const Node& n, Frame& f) {
  const Tri a = n.a->test(*n.a, f);
  if (a == Tri::kTrue) return Tri::kFalse;
  if (a == Tri::kFalse) return Tri::kTrue;
  return a;
}

Tri Present(const Node& n, Frame& f) {
  return TriOf(!Locate(*n.a, f).is_missing());
}

// `x in L` / `x not in L` for a list of string constants: a missing x is
// missing, another kind of value is in no such list (no item is missing,
// so the answer is never unknown).
Tri InStrings(const Node& n, Frame& f) {
  const Value& x = Locate(*n.a, f);
  if (x.is_missing()) return Tri::kMissing;
  bool found = false;
  if (x.kind() == K::kString) {
    found = n.strings->Contains(x.as_string());
  }
  return TriOf(found == (n.op == Op::kIn));
}

// `x == "text"` / `x != "text"`: equal strings are equal; values of other
// kinds go to the general path.
Tri EqualsText(const Node& n, Frame& f) {
  const Value& x = Locate(*n.a, f);
  if (x.kind() == K::kString) return TriOf((x.as_string() == *n.text) == (n.op == Op::kEq));
  return x.is_missing() ? Tri::kMissing : Tri::kGiveUp;
}

// `x == y` / `x != y` between two values read from the claim: strings (two
// elements' classes) or quantities; values of other kinds go to the general
// path.
Tri EqualPaths(const Node& n, Frame& f) {
  const Value& x = Locate(*n.a, f);
  const Value& y = Locate(*n.b, f);
  if (x.is_missing() || y.is_missing()) return Tri::kMissing;
  bool equal;
  if (x.kind() == K::kString && y.kind() == K::kString) {
    equal = x.as_string() == y.as_string();
  } else {
    Amount a, b;
    if (Quantity(x, &a) != Got::kValue || Quantity(y, &b) != Got::kValue) return Tri::kGiveUp;
    if (Clash(a, b)) return Tri::kMissing;
    equal = Compare(a.value, b.value) == 0;
  }
  return TriOf(equal == (n.op == Op::kEq));
}

// The list a quantifier or comprehension visits: a list read from the claim.
GRIDLAW_LEAF Got Domain(const Node& n, Frame& f, const std::vector<Value>** items) {
  const Value& list = Locate(n, f);
  if (list.kind() == K::kList) {
    *items = &list.items();
    return Got::kValue;
  }
  return list.is_missing() ? Got::kMissing : Got::kGiveUp;
}

// all x in L where f: b  is, for every x, (not f) or b;
// any x in L where f: b  is, for some x, f and b — in Kleene logic, with the
// elements visited in order and the first counterexample (all) or witness
// (any) deciding, as on the general path.
template <bool kAll>
Tri Quantify(const Node& n, Frame& f) {
  const std::vector<Value>* items;
  const Got got = Domain(*n.b, f, &items);
  if (got != Got::kValue) return got == Got::kMissing ? Tri::kMissing : Tri::kGiveUp;
  const Tri agrees = kAll ? Tri::kTrue : Tri::kFalse;
  bool unknown = false;
  for (const Value& item : *items) {
    f.vars[n.slot] = &item;
    Tri keep = Tri::kTrue;
    if (n.c != nullptr) {
      keep = n.c->test(*n.c, f);
      if (keep == Tri::kFalse) continue;  // not selected
      if (keep == Tri::kGiveUp) return keep;
    }
    const Tri v = n.a->test(*n.a, f);
    if (v == agrees) continue;
    if (v == Tri::kGiveUp) return v;
    if (keep == Tri::kMissing || v == Tri::kMissing) {
      unknown = true;
      continue;
    }
    return kAll ? Tri::kFalse : Tri::kTrue;  // a counterexample or a witness
  }
  if (unknown) return Tri::kMissing;
  return kAll ? Tri::kTrue : Tri::kFalse;
}

// An element of a comprehension, bound to its variable and put to its
// `where`: kTrue keeps it, kFalse skips it, and anything else ends the fold
// (missing, or give up).
inline Tri Admit(const Node& n, Frame& f, const Value& item) {
  if (n.slot >= 0) f.vars[n.slot] = &item;
  return n.c != nullptr ? n.c->test(*n.c, f) : Tri::kTrue;
}

// count, sum, min, max or mean over `element for x in L where filter` (a =
// L, b = element, c = filter) or over L itself (b null). As the general
// fold: count counts the selected elements whatever they are; otherwise a
// missing element makes the result missing, as does a missing filter, an
// amount in another currency than the first element's, or a sum beyond exact
// range; no element gives 0 for sum and missing otherwise. The result is in
// the first element's currency.
// Missing is the answer as soon as it is certain, since every later event
// the general path could meet also gives missing — unless the form would
// give up on it, which only sends the expression to the general path.
//
// kFieldOfElement: the element is a field of the visited element (`p.f for p
// in L`), read here without a call. kBoth (min or max only): the minimum in
// *out and the maximum in *high, in one pass — min and max over the same
// elements fail alike, as every failure above depends on the elements only.
template <bool kFieldOfElement, bool kBoth>
Got FoldElements(const Node& n, Frame& f, Amount* out, Amount* high) {
  const std::vector<Value>* items;
  const Got got = Domain(*n.a, f, &items);
  if (got != Got::kValue) return got;
  const Aggregate aggregate = n.aggregate;
  int64_t count = 0;
  Amount first(Fraction(), nullptr), best(Fraction(), nullptr), highest(Fraction(), nullptr);
  Fraction sum;
  for (const Value& item : *items) {
    const Tri keep = Admit(n, f, item);
    if (keep == Tri::kFalse) continue;
    if (keep != Tri::kTrue) return keep == Tri::kMissing ? Got::kMissing : Got::kGiveUp;
    ++count;
    if (aggregate == Aggregate::kCount) continue;
    Amount v;
    Got element;
    if constexpr (kFieldOfElement) {
      element = Quantity(item.is_missing() ? item : item.items()[n.b->path[0]], &v);
    } else {
      element = n.b != nullptr ? n.b->number(*n.b, f, &v) : Quantity(item, &v);
    }
    if (element != Got::kValue) return element;
    if (count == 1) first = v;
    if (Clash(first, v)) return Got::kMissing;
    if constexpr (kBoth) {
      // As two passes would: the first of equal values stays, and a value
      // below the minimum is not above the maximum.
      if (count == 1) {
        best = highest = v;
      } else if (Compare(v.value, best.value) < 0) {
        best = v;
      } else if (Compare(v.value, highest.value) > 0) {
        highest = v;
      }
    } else if (aggregate == Aggregate::kMin || aggregate == Aggregate::kMax) {
      const int c = Compare(v.value, best.value);
      if (count == 1 || (aggregate == Aggregate::kMin ? c < 0 : c > 0)) best = v;
    } else {
      const auto next = sum.Add(v.value);
      if (!next) return Got::kMissing;  // beyond exact range
      sum = *next;
    }
  }
  switch (aggregate) {
    case Aggregate::kCount:
      *out = {Fraction(Rational::FromInt(count)), nullptr};
      return Got::kValue;
    case Aggregate::kSum:
      *out = {sum, count == 0 ? nullptr : first.currency};
      return Got::kValue;
    case Aggregate::kMin:
    case Aggregate::kMax:
      if (count == 0) return Got::kMissing;
      *out = best;
      if constexpr (kBoth) *high = highest;
      return Got::kValue;
    case Aggregate::kMean: {
      if (count == 0) return Got::kMissing;
      const auto mean = sum.Div(Fraction(Rational::FromInt(count)));
      if (!mean) return Got::kMissing;
      *out = {*mean, first.currency};
      return Got::kValue;
    }
  }
  return Got::kGiveUp;
}

// FoldElements<true, true> (the lowest and highest `p.f for p in L`), with
// the elements' quantities compared where they are in the claim: the
// extremes so far are pointers to them rather than copies, and the first
// element's currency is the one every other must share.
Got FoldFieldExtremes(const Node& n, Frame& f, Amount* out, Amount* high) {
  const std::vector<Value>* items;
  const Got got = Domain(*n.a, f, &items);
  if (got != Got::kValue) return got;
  const uint32_t field = n.b->path[0];
  const Value *first = nullptr, *best = nullptr, *highest = nullptr;
  const std::string* currency = nullptr;  // the first element's
  for (const Value& item : *items) {
    const Tri keep = Admit(n, f, item);
    if (keep == Tri::kFalse) continue;
    if (keep != Tri::kTrue) return keep == Tri::kMissing ? Got::kMissing : Got::kGiveUp;
    const Value& e = item.is_missing() ? item : item.items()[field];
    if (e.kind() != K::kQuantity) return e.is_missing() ? Got::kMissing : Got::kGiveUp;
    const std::string* tag = e.currency().empty() ? nullptr : &e.currency();
    if (first == nullptr) {
      first = best = highest = &e;
      currency = tag;
      continue;
    }
    if (Clash(currency, tag)) return Got::kMissing;
    // As two passes would: the first of equal values stays, and a value
    // below the minimum is not above the maximum.
    const Fraction v(e.as_quantity());
    if (Compare(v, Fraction(best->as_quantity())) < 0) {
      best = &e;
    } else if (Compare(v, Fraction(highest->as_quantity())) > 0) {
      highest = &e;
    }
  }
  if (first == nullptr) return Got::kMissing;  // the min and max of no values
  auto amount = [](const Value& e) {
    return Amount(Fraction(e.as_quantity()), e.currency().empty() ? nullptr : &e.currency());
  };
  *out = amount(*best);
  *high = amount(*highest);
  return Got::kValue;
}

template <bool kFieldOfElement>
Got Fold(const Node& n, Frame& f, Amount* out) {
  return FoldElements<kFieldOfElement, false>(n, f, out, nullptr);
}

// An aggregate that occurs more than once in the rules (the lowest price of
// `min(…) > 0 and max(…) / min(…) <= r`), computed once per attestation:
// outside any quantifier it reads no variable, so every occurrence has the
// same value while the attestation stays the same. The min and the max of
// the same elements share one memo, filled in one pass.
template <bool kFieldOfElement>
Got RememberedFold(const Node& n, Frame& f, Amount* out) {
  FastPaths::Memo& m = f.memo[n.memo];
  const bool extreme = n.aggregate == Aggregate::kMin || n.aggregate == Aggregate::kMax;
  if (m.epoch != f.epoch) {
    if constexpr (kFieldOfElement) {
      m.got = extreme ? FoldFieldExtremes(n, f, &m.value, &m.high)
                      : FoldElements<true, false>(n, f, &m.value, nullptr);
    } else {
      m.got = extreme ? FoldElements<false, true>(n, f, &m.value, &m.high)
                      : FoldElements<false, false>(n, f, &m.value, nullptr);
    }
    m.epoch = f.epoch;
  }
  if (m.got == Got::kValue) *out = n.aggregate == Aggregate::kMax ? m.high : m.value;
  return m.got;
}

}  // namespace

// Translates program nodes into forms, bottom-up; nullptr for a node (and so
// for every expression containing it) that has no form.
struct FastPaths::Builder {
  FastPaths& self;
  const Program& program;
  const std::vector<gridlaw::Node>& nodes;
  std::vector<int32_t> bound;  // the variables of the enclosing quantifiers

  Node* New(const Node& n) {
    self.nodes_.push_back(n);
    return &self.nodes_.back();
  }

  // The node a let stands for: a let's value is its expression's (the
  // cache only saves work), and lets never read quantifier variables.
  uint32_t Resolve(uint32_t i) const {
    for (int hops = 0; hops < 64 && nodes[i].op == Op::kLet; ++hops)
      i = program.let_node(nodes[i].slot);
    return i;
  }

  // Fills n's path from a field access, a variable, or a top-level field.
  bool Path(uint32_t i, Node* n) {
    const gridlaw::Node& p = nodes[Resolve(i)];
    switch (p.op) {
      case Op::kRootField:
        n->base = -1;
        n->depth = 1;
        n->path[0] = p.index;
        return true;
      case Op::kVariable:
        if (std::find(bound.begin(), bound.end(), p.slot) == bound.end()) return false;
        n->base = p.slot;
        n->depth = 0;
        return true;
      case Op::kGetField:
        if (!Path(p.a, n) || n->depth == Node::kMaxDepth) return false;
        n->path[n->depth++] = p.index;
        return true;
      default:
        return false;
    }
  }

  const Value* ConstantValue(uint32_t i) const {
    const gridlaw::Node* c = program.ConstantBehind(i);
    return c == nullptr ? nullptr : &program.constants()[static_cast<size_t>(c->slot)];
  }

  const Node* Number(uint32_t i) {
    i = Resolve(i);
    const gridlaw::Node& p = nodes[i];
    Node n;
    n.op = p.op;
    if (const Value* v = ConstantValue(i)) {
      if (v->kind() != K::kQuantity) return nullptr;
      n.arg = Arg::kConst;
      n.constant = {Fraction(v->as_quantity()), v->currency().empty() ? nullptr : &v->currency()};
      n.number = &ConstNumber;
      return New(n);
    }
    if (Path(i, &n)) {
      n.arg = Arg::kPath;
      n.number = &PathNumber;
      return New(n);
    }
    switch (p.op) {
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
        n.a = Number(p.a);
        n.b = Number(p.b);
        if (n.a == nullptr || n.b == nullptr) return nullptr;
        n.number = ArithmeticFor(p.op, n.a->arg, n.b->arg);
        return New(n);
      case Op::kNegate:
      case Op::kAbs:
        n.a = Number(p.a);
        if (n.a == nullptr) return nullptr;
        n.number = &Negate;
        return New(n);
      case Op::kAggregate:
        return AggregateForm(p, i);
      default:
        return nullptr;
    }
  }

  // The structure of the subtree at node i: equal for nodes that compute the
  // same thing (lets and params are looked through).
  // `extremes`: min and max alike at the top (they share a memo).
  std::string Key(uint32_t i, bool extremes = false) const {
    i = Resolve(i);
    const gridlaw::Node& p = nodes[i];
    const bool extreme = p.aggregate == Aggregate::kMin || p.aggregate == Aggregate::kMax;
    const std::string aggregate =
        extremes && extreme ? "x" : std::to_string(static_cast<int>(p.aggregate));
    std::string key = "(" + std::to_string(static_cast<int>(p.op)) + " " + aggregate + " " +
                      std::to_string(p.slot) + " " + std::to_string(p.index) + " " +
                      std::to_string(p.has_filter) + " " + std::to_string(p.items.size());
    switch (p.op) {
      case Op::kConst:
      case Op::kRootField:
      case Op::kVariable:
      case Op::kStep:
        break;  // a leaf: the slot or index says it all
      case Op::kList:
      case Op::kAggregateArgs:
        break;  // only `items`: `a` and `b` are unset (0), and node 0 may be this one
      default:
        key += Key(p.a) + Key(p.b) + (p.has_filter ? Key(p.c) : "");
    }
    for (uint32_t item : p.items)
      key += Key(item);
    return key + ")";
  }

  // An aggregate outside any quantifier that occurs again is the node
  // already built, remembered (RememberedFold) from then on; so is the min
  // of elements whose max is taken too, and the other way round.
  const Node* AggregateForm(const gridlaw::Node& p, uint32_t i) {
    if (!bound.empty()) return NewAggregate(p);
    FastPaths::Shared& shared = self.aggregates_[Key(i, /*extremes=*/true)];
    Node* node = nullptr;
    for (Node* built : shared.nodes) {
      if (built->aggregate == p.aggregate) node = built;
    }
    if (node == nullptr) {
      node = const_cast<Node*>(NewAggregate(p));
      if (node == nullptr) return nullptr;
      shared.nodes.push_back(node);
    }
    if (++shared.uses >= 2) {
      if (shared.memo < 0) {
        shared.memo = static_cast<int32_t>(self.memo_.size());
        self.memo_.emplace_back();
      }
      for (Node* built : shared.nodes) {
        if (built->memo >= 0) continue;
        built->memo = shared.memo;
        built->number =
            built->number == &Fold<true> ? &RememberedFold<true> : &RememberedFold<false>;
      }
    }
    return node;
  }

  const Node* NewAggregate(const gridlaw::Node& p) {
    Node n;
    n.op = p.op;
    n.aggregate = p.aggregate;
    n.number = &Fold<false>;
    const gridlaw::Node& list = nodes[Resolve(p.a)];
    if (list.op != Op::kComprehension) {
      Node domain;
      if (!Path(p.a, &domain)) return nullptr;
      n.a = New(domain);
      return New(n);
    }
    Node domain;
    if (!Path(list.b, &domain)) return nullptr;
    n.a = New(domain);
    n.slot = list.slot;
    bound.push_back(list.slot);
    bool ok = true;
    if (list.has_filter) ok = (n.c = Test(list.c)) != nullptr;
    // count needs no element: its value cannot change the count.
    if (ok && p.aggregate != Aggregate::kCount) ok = (n.b = Number(list.a)) != nullptr;
    bound.pop_back();
    if (!ok) return nullptr;
    if (n.b != nullptr && n.b->arg == Arg::kPath && n.b->base == n.slot && n.b->depth == 1) {
      n.number = &Fold<true>;
    }
    return New(n);
  }

  const Node* Test(uint32_t i) {
    i = Resolve(i);
    const gridlaw::Node& p = nodes[i];
    Node n;
    n.op = p.op;
    if (const Value* v = ConstantValue(i)) {
      if (v->kind() != K::kBool) return nullptr;
      n.flag = v->as_bool();
      n.test = &ConstTest;
      return New(n);
    }
    if (Path(i, &n)) {
      n.test = &PathTest;
      return New(n);
    }
    switch (p.op) {
      case Op::kAnd:
      case Op::kOr:
        n.a = Test(p.a);
        n.b = Test(p.b);
        if (n.a == nullptr || n.b == nullptr) return nullptr;
        n.test = p.op == Op::kOr ? &Connective<true> : &Connective<false>;
        return New(n);
      case Op::kNot:
        n.a = Test(p.a);
        if (n.a == nullptr) return nullptr;
        n.test = &Not;
        return New(n);
      case Op::kPresent: {
        Node path;
        if (!Path(p.a, &path)) return nullptr;
        n.a = New(path);
        n.test = &Present;
        return New(n);
      }
      case Op::kEq:
      case Op::kNe: {
        if (const Node* text = EqualsText(p)) return text;
        Node x, y;
        if (Path(p.a, &x) && Path(p.b, &y)) {
          n.a = New(x);
          n.b = New(y);
          n.test = &EqualPaths;
          return New(n);
        }
      }
        [[fallthrough]];
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        n.a = Number(p.a);
        n.b = Number(p.b);
        if (n.a == nullptr || n.b == nullptr) return nullptr;
        n.test = ComparisonFor(p.op, n.a->arg, n.b->arg);
        if (n.a->arg == Arg::kPath && n.b->arg == Arg::kConst) {
          n.base = n.a->base;
          n.depth = n.a->depth;
          std::copy(std::begin(n.a->path), std::end(n.a->path), std::begin(n.path));
          n.constant = n.b->constant;
          n.test = FieldToConstantFor(p.op, n.base < 0 && n.depth == 1);
        }
        if (n.a->op == Op::kDiv && n.a->arg == Arg::kComputed && n.b->arg == Arg::kConst) {
          n.test = RatioComparisonFor(p.op, n.a->a->arg, n.a->b->arg);
        }
        return New(n);
      case Op::kIn:
      case Op::kNotIn: {
        auto strings = ConstantStrings(program, p.b);
        Node path;
        if (!strings || !Path(p.a, &path)) return nullptr;
        self.string_sets_.emplace_back(std::move(*strings));
        n.strings = &self.string_sets_.back();
        n.a = New(path);
        n.test = &InStrings;
        return New(n);
      }
      case Op::kAll:
      case Op::kAny: {
        Node domain;
        if (!Path(p.b, &domain)) return nullptr;
        n.b = New(domain);
        n.slot = p.slot;
        bound.push_back(p.slot);
        bool ok = true;
        if (p.has_filter) ok = (n.c = Test(p.c)) != nullptr;
        if (ok) ok = (n.a = Test(p.a)) != nullptr;
        bound.pop_back();
        if (!ok) return nullptr;
        n.test = p.op == Op::kAll ? &Quantify<true> : &Quantify<false>;
        return New(n);
      }
      default:
        return nullptr;
    }
  }

  // `path == "text"` or `"text" == path` (and !=); nullptr for other shapes.
  const Node* EqualsText(const gridlaw::Node& p) {
    uint32_t field = p.a;
    const Value* text = ConstantValue(p.b);
    if (text == nullptr) {
      field = p.b;
      text = ConstantValue(p.a);
    }
    if (text == nullptr || text->kind() != K::kString) return nullptr;
    Node path;
    if (!Path(field, &path)) return nullptr;
    Node n;
    n.op = p.op;
    n.text = &text->as_string();
    n.a = New(path);
    n.test = &::gridlaw::EqualsText;
    return New(n);
  }
};

FastPaths::FastPaths(const Program& program)
    : program_(program), vars_(program.variable_count(), nullptr) {}

FastPaths::~FastPaths() = default;

const FastPaths::Node* FastPaths::Compile(uint32_t index) {
  Builder builder{*this, program_, program_.nodes(), {}};
  const Node* form = builder.Test(index);
  frame_.vars = vars_.data();
  frame_.memo = memo_.data();  // it may have grown
  return form;
}

void FastPaths::Visit(const std::vector<Value>& fields) {
  frame_.fields = &fields;
  if (++epoch_ == 0) {  // the counter wrapped: forget every remembered value
    for (Memo& m : memo_)
      m.epoch = 0;
    epoch_ = 1;
  }
  frame_.epoch = epoch_;
}

FastPaths::TestFn FastPaths::Run(const Node& form) {
  return form.test;
}

Tri FastPaths::Test(const Node& form) {
  Frame& frame = frame_;
  return form.test(form, frame);
}

}  // namespace gridlaw
