#include "diag/codes.h"

#include <array>
#include <stdexcept>

namespace gridlaw {
namespace {

constexpr std::array kCodes = {
    CodeInfo{Code::kSyntax, "E0101", "syntax-error", "The text does not follow the grammar."},
    CodeInfo{Code::kUnterminatedString, "E0102", "unterminated-string",
             "A string literal is not closed on its line."},
    CodeInfo{Code::kUnexpectedCharacter, "E0103", "unexpected-character",
             "A character that no token of the language starts with."},
    CodeInfo{Code::kInvalidDate, "E0104", "invalid-date",
             "A date or date-time literal names a day or time that does not exist."},
    CodeInfo{Code::kInvalidNumber, "E0105", "invalid-number",
             "A number literal cannot be represented exactly (too many digits or too large)."},
    CodeInfo{Code::kInvalidEscape, "E0106", "invalid-escape",
             "A string escape is malformed or names an invalid code point."},
    CodeInfo{Code::kUnknownName, "E0201", "unknown-name",
             "A name that is neither a parameter, a let binding, a bound variable nor a "
             "schema field."},
    CodeInfo{Code::kDuplicateRule, "E0202", "duplicate-rule", "Two rules have the same id."},
    CodeInfo{Code::kDuplicateName, "E0203", "duplicate-name",
             "A parameter, let binding or variable is declared twice in the same scope."},
    CodeInfo{Code::kUnknownFunction, "E0204", "unknown-function",
             "A call of a function the language does not have."},
    CodeInfo{Code::kMissingHeaderField, "E0206", "missing-header-field",
             "The policy header lacks a required field (title, schema)."},
    CodeInfo{Code::kDuplicateClause, "E0207", "duplicate-clause",
             "A rule or header clause that may appear once appears twice."},
    CodeInfo{Code::kMissingRequire, "E0208", "missing-require", "A rule has no require clause."},
    CodeInfo{Code::kInvalidSeverity, "E0209", "invalid-severity",
             "A severity other than critical, major, minor or info."},
    CodeInfo{Code::kInvalidRuleCategory, "E0210", "invalid-rule-category",
             "A rule id whose first part is not efficiency, safety, fairness or reporting."},
    CodeInfo{Code::kUnknownInterpolation, "E0211", "unknown-interpolation",
             "A {name} in a title that names no parameter or let binding."},
    CodeInfo{Code::kInvalidEffectiveRange, "E0212", "invalid-effective-range",
             "An effective window whose end is before its start."},
    CodeInfo{Code::kUnknownSchema, "E0213", "unknown-schema",
             "The header names a schema that gridlaw does not know."},
    CodeInfo{Code::kParamNotConstant, "E0214", "param-not-constant",
             "A parameter's value depends on attestation data or on a let binding."},
    CodeInfo{Code::kDuplicateHeaderField, "E0215", "duplicate-header-field",
             "A header field appears twice."},
    CodeInfo{Code::kInvalidJurisdiction, "E0216", "invalid-jurisdiction",
             "A jurisdiction that is not an ISO 3166-1 alpha-2 code, EU or * (global)."},
    CodeInfo{Code::kUnknownModule, "E0217", "unknown-module",
             "An extends or import names a module that no file in the policy path declares."},
    CodeInfo{Code::kNoMatchingVersion, "E0218", "no-matching-version",
             "No version of the module in the policy path satisfies the constraint."},
    CodeInfo{Code::kModuleVersionConflict, "E0219", "module-version-conflict",
             "One module is required at two different versions along the extends/import graph."},
    CodeInfo{Code::kModuleCycle, "E0220", "module-cycle",
             "Modules extend or import each other in a cycle."},
    CodeInfo{Code::kUnknownRuleOverride, "E0221", "unknown-rule-override",
             "An override or disable of a rule that the base policy does not have."},
    CodeInfo{Code::kParamOverrideType, "E0222", "param-override-type",
             "A param override whose value has another type or dimension than the inherited one."},
    CodeInfo{Code::kInvalidModuleUse, "E0223", "invalid-module-use",
             "A second extends, or a module version defined by two files in the policy path."},
    CodeInfo{
        Code::kInvalidSteps, "E0224", "invalid-steps",
        "A date-dependent value whose dates are not increasing or whose values differ in type."},
    CodeInfo{Code::kUnknownField, "E0301", "unknown-field",
             "A field that the schema does not declare."},
    CodeInfo{Code::kFieldOfNonRecord, "E0302", "field-of-non-record",
             "A field access on a value that is not a record."},
    CodeInfo{Code::kOperandType, "E0401", "operand-type",
             "An operator applied to operands of types it does not accept."},
    CodeInfo{Code::kConditionNotBool, "E0402", "condition-not-bool",
             "A require, warn, when, where, if or quantifier body that is not boolean."},
    CodeInfo{Code::kBranchTypes, "E0403", "branch-types",
             "The two branches of an if expression have different types."},
    CodeInfo{Code::kAggregateArgument, "E0404", "aggregate-argument",
             "An aggregate applied to values it cannot combine."},
    CodeInfo{Code::kMembershipType, "E0405", "membership-type",
             "An `in` test whose element type differs from the list's element type."},
    CodeInfo{Code::kListElementTypes, "E0406", "list-element-types",
             "A list literal whose elements have different types."},
    CodeInfo{Code::kNotOrdered, "E0407", "not-ordered",
             "An ordering comparison (<, <=, >, >=) on values that have no order."},
    CodeInfo{Code::kArgumentCount, "E0408", "argument-count",
             "A function called with the wrong number or form of arguments."},
    CodeInfo{Code::kWindowArgument, "E0409", "window-argument",
             "A time-window aggregate over something other than a numeric attestation field."},
    CodeInfo{Code::kInvalidWindow, "E0410", "invalid-window",
             "A window that is not a positive whole number of months, quarters or years."},
    CodeInfo{Code::kNotAList, "E0411", "not-a-list",
             "A quantifier, comprehension or aggregate over something that is not a list."},
    CodeInfo{Code::kChainedComparison, "E0412", "chained-comparison",
             "Comparisons chained without `and` (a < b < c)."},
    CodeInfo{Code::kUnknownUnit, "E0501", "unknown-unit", "A unit that gridlaw does not know."},
    CodeInfo{Code::kComparisonDimensions, "E0502", "comparison-dimensions",
             "A comparison of quantities of different dimensions."},
    CodeInfo{Code::kAdditionDimensions, "E0503", "addition-dimensions",
             "An addition or subtraction of quantities of different dimensions."},
    CodeInfo{Code::kInvalidUnitExpression, "E0504", "invalid-unit-expression",
             "A malformed unit expression: an empty factor, or an exponent that is not a "
             "whole number from -9 to 9 other than 0."},
    CodeInfo{Code::kCalendarUnitOutsideWindow, "E0505", "calendar-unit-outside-window",
             "Months, quarters and years have no fixed length: they may only size a window."},
    CodeInfo{Code::kUnitOverflow, "E0506", "unit-overflow",
             "A unit's conversion factor is beyond exact arithmetic."},
    CodeInfo{Code::kSourceTooLarge, "E0601", "source-too-large",
             "The policy text is larger than the limit."},
    CodeInfo{Code::kNestingTooDeep, "E0602", "nesting-too-deep",
             "Expressions are nested deeper than the limit."},
    CodeInfo{Code::kTooManyErrors, "E0603", "too-many-errors",
             "Syntax error recovery gave up after the limit of errors."},
    CodeInfo{Code::kInvalidEncoding, "E0604", "invalid-encoding",
             "The policy text is not valid UTF-8 or contains a NUL byte."},
};

}  // namespace

std::span<const CodeInfo> AllCodes() {
  return kCodes;
}

const CodeInfo& InfoOf(Code code) {
  for (const auto& info : kCodes) {
    if (info.code == code) return info;
  }
  throw std::logic_error("diagnostic code without an entry in the code table");
}

}  // namespace gridlaw
