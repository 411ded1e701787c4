#pragma once
// Specialised forms of a rule's conditions for the verdict evaluator
// (eval/verdicts.h): each node of a `when`, `require` or `warn` expression is
// translated once, when the evaluator is made, into a function chosen by its
// operator and by the kinds of its operands (a field, a constant, a computed
// value), so that the common shapes — `field <= constant`, `a / b >= c`,
// `min(x.f for x in list)`, `all i in list: …`, `field in param` — run as
// a few direct reads of the decoded claim and one call per node, without the
// general interpreter's cells and dispatch. Ratio thresholds are compared
// without forming the quotient (Fraction::CompareQuotient); an aggregate
// that the rules use more than once is computed once per attestation, and
// the min and max of the same elements in one pass.
//
// Only what a form decides exactly as the general path does is compiled:
// quantities (with their currency tags), strings, Kleene logic, `present`,
// quantifiers and aggregates over lists read from the claim, params and
// lets bound to constants or to such expressions. An expression with
// anything else (a window, a date-dependent param, a list built by the
// policy, `if`) has no form. A form that meets, at evaluation, a value it
// does not handle (a date where a quantity was expected) gives up, and the caller evaluates the
// whole expression on the general path: evaluation has no effects, so an abandoned attempt leaves
// nothing behind.
//
// Thread safety: one FastPaths per thread (it holds the variables bound
// while a quantifier runs); the Program is shared.

#include <compare>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/program.h"
#include "num/fraction.h"
#include "value/value.h"

namespace gridlaw {

// A condition's value: Kleene logic's three, or "evaluate on the general path".
enum class Tri : uint8_t { kFalse, kTrue, kMissing, kGiveUp };

// The strings of a list literal of string constants (directly or behind the
// params and lets bound to it), sorted for ContainsString; nullopt when
// `index` is not such a list.
std::optional<std::vector<std::string_view>> ConstantStrings(const Program& program,
                                                             uint32_t index);
// Whether `strings` (from ConstantStrings) holds `s`.
bool ContainsString(const std::vector<std::string_view>& strings, std::string_view s);

// ConstantStrings' strings, for `in` forms: Contains(s) is
// ContainsString(strings, s). A string of up to 16 bytes is looked up as its
// length and two machine words read from its ends (which, for that length,
// cover every byte), compared without a call to memcmp; longer ones by
// ContainsString.
class StringLookup {
 public:
  explicit StringLookup(std::vector<std::string_view> strings);
  bool Contains(std::string_view s) const;

 private:
  struct Key {
    uint64_t size = 0, head = 0, tail = 0;
    friend auto operator<=>(const Key&, const Key&) = default;
  };
  static constexpr size_t kShort = 16;
  static Key KeyOf(std::string_view s);  // s.size() <= kShort
  std::vector<Key> keys_;                // the short strings' keys, sorted
  std::vector<std::string_view> long_;   // the others, as ContainsString wants them
};

class FastPaths {
 public:
  struct Node;
  struct Memo;  // a remembered aggregate
  // What the forms read: the visited attestation's fields, the elements the
  // enclosing quantifiers and comprehensions visit, remembered aggregates.
  struct Frame {
    const std::vector<Value>* fields = nullptr;
    const Value** vars = nullptr;  // by variable slot
    Memo* memo = nullptr;          // by memo slot
    uint32_t epoch = 0;            // a remembered value is valid in this epoch only
  };
  // `program` must outlive the FastPaths.
  explicit FastPaths(const Program& program);
  ~FastPaths();
  FastPaths(const FastPaths&) = delete;
  FastPaths& operator=(const FastPaths&) = delete;

  // The form of the boolean expression at node `index` of the program;
  // nullptr when it has none. Owned by this FastPaths.
  const Node* Compile(uint32_t index);
  // Makes the attestation whose top-level fields are `fields` the one the
  // forms read, until the next Visit.
  void Visit(const std::vector<Value>& fields);
  // The form's value for that attestation.
  Tri Test(const Node& form);
  // Test without the call to it: Test(form) is Run(form)(form, frame()).
  using TestFn = Tri (*)(const Node&, Frame&);
  static TestFn Run(const Node& form);
  Frame& frame() { return frame_; }

 private:
  struct Builder;
  const Program& program_;
  std::deque<Node> nodes_;  // a deque: adding a node moves none already built
  std::deque<StringLookup> string_sets_;
  std::vector<const Value*> vars_;  // by variable slot, while a quantifier runs
  // Aggregates that occur more than once in the rules, by memo slot: valid
  // when their epoch is the current one (one per Visit).
  std::vector<Memo> memo_;
  uint32_t epoch_ = 0;
  Frame frame_;
  // Built aggregates outside any quantifier, by structure (Builder::Key,
  // min and max alike), and how often the rules use them.
  struct Shared {
    std::vector<Node*> nodes;  // one per aggregate (min, max, …)
    int uses = 0;
    int32_t memo = -1;
  };
  std::map<std::string, Shared> aggregates_;
};

}  // namespace gridlaw
