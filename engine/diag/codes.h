#pragma once
// The stable diagnostic codes of the policy front end. SPEC.md lists them; a
// test keeps the two in step. Codes are never renumbered or reused.

#include <span>
#include <string_view>

namespace gridlaw {

enum class Code {
  // E01xx: text and syntax
  kSyntax,               // E0101
  kUnterminatedString,   // E0102
  kUnexpectedCharacter,  // E0103
  kInvalidDate,          // E0104
  kInvalidNumber,        // E0105
  kInvalidEscape,        // E0106
  // E02xx: policy structure and names
  kUnknownName,            // E0201
  kDuplicateRule,          // E0202
  kDuplicateName,          // E0203
  kUnknownFunction,        // E0204
  kMissingHeaderField,     // E0206
  kDuplicateClause,        // E0207
  kMissingRequire,         // E0208
  kInvalidSeverity,        // E0209
  kInvalidRuleCategory,    // E0210
  kUnknownInterpolation,   // E0211
  kInvalidEffectiveRange,  // E0212
  kUnknownSchema,          // E0213
  kParamNotConstant,       // E0214
  kDuplicateHeaderField,   // E0215
  kInvalidJurisdiction,    // E0216
  kUnknownModule,          // E0217
  kNoMatchingVersion,      // E0218
  kModuleVersionConflict,  // E0219
  kModuleCycle,            // E0220
  kUnknownRuleOverride,    // E0221
  kParamOverrideType,      // E0222
  kInvalidModuleUse,       // E0223
  kInvalidSteps,           // E0224
  // E03xx: schema fields
  kUnknownField,      // E0301
  kFieldOfNonRecord,  // E0302
  // E04xx: types
  kOperandType,        // E0401
  kConditionNotBool,   // E0402
  kBranchTypes,        // E0403
  kAggregateArgument,  // E0404
  kMembershipType,     // E0405
  kListElementTypes,   // E0406
  kNotOrdered,         // E0407
  kArgumentCount,      // E0408
  kWindowArgument,     // E0409
  kInvalidWindow,      // E0410
  kNotAList,           // E0411
  kChainedComparison,  // E0412
  // E05xx: units and dimensions
  kUnknownUnit,                // E0501
  kComparisonDimensions,       // E0502
  kAdditionDimensions,         // E0503
  kInvalidUnitExpression,      // E0504
  kCalendarUnitOutsideWindow,  // E0505
  kUnitOverflow,               // E0506
  // E06xx: limits on untrusted text
  kSourceTooLarge,   // E0601
  kNestingTooDeep,   // E0602
  kTooManyErrors,    // E0603
  kInvalidEncoding,  // E0604
};

struct CodeInfo {
  Code code;
  std::string_view id;       // "E0101"
  std::string_view name;     // "syntax-error": stable kebab-case name, used as the SARIF rule name
  std::string_view summary;  // one line for SPEC.md and SARIF
};

// Every code, in numeric order.
std::span<const CodeInfo> AllCodes();
const CodeInfo& InfoOf(Code code);

}  // namespace gridlaw
