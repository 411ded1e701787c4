// Property test: for random well-typed expressions over random claims (with
// missing fields and zeros), the compiled evaluator agrees with a reference
// interpreter written here as a plain walk over the AST.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>

#include "claims/claims.h"
#include "eval/program.h"
#include "eval/run.h"
#include "eval/verdicts.h"
#include "frontend/frontend.h"

namespace gridlaw {
namespace {

using Num = std::optional<Rational>;  // nullopt: missing
using Bool = std::optional<bool>;

const char* kEnergyFields[] = {"energy.it", "energy.facility", "energy.renewable"};
const char* kBoolFields[] = {"facility.hub_node", "facility.western_hub"};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  // An expression of dimension energy.
  std::string Energy(int depth) {
    const int choice = Pick(depth <= 0 ? 2 : 7);
    switch (choice) {
      case 0:
        return kEnergyFields[Pick(3)];
      case 1:
        return Literal() + " kWh";
      case 2:
        return "(" + Energy(depth - 1) + " + " + Energy(depth - 1) + ")";
      case 3:
        return "(" + Energy(depth - 1) + " - " + Energy(depth - 1) + ")";
      case 4:
        return "(" + Energy(depth - 1) + " * " + Literal() + ")";
      case 5:
        return "(" + Energy(depth - 1) + " / " + Energy(depth - 1) + " * 1 kWh)";
      default:
        return "(if " + Boolean(depth - 1) + " then " + Energy(depth - 1) + " else " +
               Energy(depth - 1) + ")";
    }
  }

  std::string Boolean(int depth) {
    static const char* kCompare[] = {"<", "<=", ">", ">=", "==", "!="};
    const int choice = Pick(depth <= 0 ? 3 : 7);
    switch (choice) {
      case 0:
        return kBoolFields[Pick(2)];
      case 1:
        return std::string("present(") + kEnergyFields[Pick(3)] + ")";
      case 2:
        return "(" + Energy(0) + " " + kCompare[Pick(6)] + " " + Energy(0) + ")";
      case 3:
        return "(" + Boolean(depth - 1) + " and " + Boolean(depth - 1) + ")";
      case 4:
        return "(" + Boolean(depth - 1) + " or " + Boolean(depth - 1) + ")";
      case 5:
        return "(not " + Boolean(depth - 1) + ")";
      default:
        return "(" + Energy(depth - 1) + " " + kCompare[Pick(6)] + " " + Energy(depth - 1) + ")";
    }
  }

  std::string Literal() { return std::to_string(Pick(5)) + "." + std::to_string(Pick(10)); }
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

 private:
  std::mt19937 rng_;
};

// The reference: a direct walk with Kleene logic and exact rationals.
class Reference {
 public:
  explicit Reference(std::map<std::string, Num> energy, std::map<std::string, Bool> flags)
      : energy_(std::move(energy)), flags_(std::move(flags)) {}

  Num Number(const ast::Expr& e) {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::kNumber: {
        Rational v = *Rational::FromDecimal(e.text);
        return e.unit == "kWh" ? *v.Mul(Rational::FromInt(3600000)) : v;
      }
      case K::kField:
        return energy_.at(Path(e));
      case K::kIf: {
        const Bool c = Truth(*e.operands[0]);
        if (!c) return std::nullopt;
        return Number(*e.operands[*c ? 1 : 2]);
      }
      case K::kBinary: {
        const Num a = Number(*e.operands[0]);
        const Num b = Number(*e.operands[1]);
        if (!a || !b) return std::nullopt;
        switch (e.binary_op) {
          case ast::BinaryOp::kAdd:
            return a->Add(*b);
          case ast::BinaryOp::kSub:
            return a->Sub(*b);
          case ast::BinaryOp::kMul:
            return a->Mul(*b);
          default:
            return b->is_zero() ? std::nullopt : a->Div(*b);
        }
      }
      default:
        ADD_FAILURE() << "unexpected number node";
        return std::nullopt;
    }
  }

  Bool Truth(const ast::Expr& e) {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::kField:
        return flags_.at(Path(e));
      case K::kCall:
        return energy_.at(Path(*e.operands[0])).has_value();
      case K::kUnary: {
        const Bool v = Truth(*e.operands[0]);
        return v ? Bool(!*v) : std::nullopt;
      }
      case K::kBinary: {
        const auto op = e.binary_op;
        if (op == ast::BinaryOp::kAnd || op == ast::BinaryOp::kOr) {
          const Bool a = Truth(*e.operands[0]);
          const Bool b = Truth(*e.operands[1]);
          const bool decisive = op == ast::BinaryOp::kOr;
          if ((a && *a == decisive) || (b && *b == decisive)) return decisive;
          if (!a || !b) return std::nullopt;
          return !decisive;
        }
        const Num a = Number(*e.operands[0]);
        const Num b = Number(*e.operands[1]);
        if (!a || !b) return std::nullopt;
        switch (op) {
          case ast::BinaryOp::kLt:
            return *a < *b;
          case ast::BinaryOp::kLe:
            return *a <= *b;
          case ast::BinaryOp::kGt:
            return *a > *b;
          case ast::BinaryOp::kGe:
            return *a >= *b;
          case ast::BinaryOp::kEq:
            return *a == *b;
          default:
            return *a != *b;
        }
      }
      default:
        ADD_FAILURE() << "unexpected bool node";
        return std::nullopt;
    }
  }

 private:
  static std::string Path(const ast::Expr& e) {
    return e.operands[0]->text + "." + e.text;  // two-level paths only
  }
  std::map<std::string, Num> energy_;
  std::map<std::string, Bool> flags_;
};

TEST(EvalProperty, CompiledEvaluatorAgreesWithReference) {
  Generator gen(20271231);
  int checked = 0, indeterminate = 0;
  for (int round = 0; round < 400; ++round) {
    const std::string expr = gen.Boolean(3);
    const std::string text =
        "policy p.q version 1.0.0 {\n  title \"t\"\n  schema compute-facility/v1\n}\n\n"
        "rule efficiency.r {\n  require " +
        expr + "\n}\n";
    CompiledPolicy policy = CheckPolicyText("p.policy", text);
    ASSERT_TRUE(policy.ok()) << expr;
    auto program = Program::Compile(*policy.checked);
    VerdictEvaluator verdicts(*program);
    for (int sample = 0; sample < 5; ++sample) {
      nlohmann::json doc = {{"schema", "compute-facility/v1"},
                            {"provider", "p"},
                            {"subject", {{"id", "s"}, {"kind", "facility"}}},
                            {"period", {{"start", "2027-01-01"}, {"end", "2027-02-01"}}},
                            {"issued_at", "2027-02-01T00:00:00Z"},
                            {"nonce", "0123456789abcdef"},
                            {"energy", nlohmann::json::object()},
                            {"facility", nlohmann::json::object()}};
      std::map<std::string, Num> energy;
      std::map<std::string, Bool> flags;
      for (const char* path : kEnergyFields) {
        const int roll = gen.Pick(6);
        const std::string name = std::string(path).substr(7);
        if (roll == 0) {
          energy[path] = std::nullopt;  // missing evidence
        } else {
          const std::string value = roll == 1 ? "0" : gen.Literal();  // zeros divide by zero
          doc["energy"][name] = {{"value", value}, {"unit", "kWh"}};
          energy[path] = Rational::FromDecimal(value)->Mul(Rational::FromInt(3600000));
        }
      }
      for (const char* path : kBoolFields) {
        const int roll = gen.Pick(3);
        const std::string name = std::string(path).substr(9);
        if (roll == 0) {
          flags[path] = std::nullopt;
        } else {
          doc["facility"][name] = roll == 1;
          flags[path] = roll == 1;
        }
      }
      std::vector<ClaimError> errors;
      auto claim = DecodeClaim(doc, &errors);
      ASSERT_TRUE(claim.has_value()) << errors.at(0).message;
      claim->id = "c";
      std::vector<Claim> claims;
      claims.push_back(std::move(*claim));
      std::vector<InputError> input_errors;
      auto run = Evaluate(*program, claims, std::nullopt, &input_errors);
      ASSERT_TRUE(run.has_value());
      const Verdict verdict = run->subjects.at(0).rules.at(0).verdict;
      Reference reference(energy, flags);
      const Bool expected = reference.Truth(*policy.policy->items[0].rule->clauses[0].expr);
      const Verdict want =
          !expected ? Verdict::kIndeterminate : (*expected ? Verdict::kPass : Verdict::kFail);
      ASSERT_EQ(VerdictName(verdict), std::string(VerdictName(want)))
          << "require " << expr << "\nmessage: " << run->subjects[0].rules[0].message
          << "\nclaim: " << doc.dump();
      // The verdict evaluator (summaries) decides the same.
      SubjectVerdicts fast;
      verdicts.Evaluate(claims[0], run->evaluated_at, &fast);
      ASSERT_EQ(fast.rules.size(), 1U);
      ASSERT_EQ(VerdictName(fast.rules[0]), std::string(VerdictName(want))) << "require " << expr;
      ++checked;
      indeterminate += want == Verdict::kIndeterminate ? 1 : 0;
    }
  }
  EXPECT_EQ(checked, 2000);
  // The generator must exercise all three outcomes, not just one.
  EXPECT_GT(indeterminate, 100);
  EXPECT_LT(indeterminate, 1900);
}

}  // namespace
}  // namespace gridlaw
