#include "ast/ast.h"

namespace gridlaw::ast {

const char* Spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kEq:
      return "==";
    case BinaryOp::kNe:
      return "!=";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kIn:
      return "in";
    case BinaryOp::kNotIn:
      return "not in";
  }
  return "?";
}

const char* Spelling(UnaryOp op) {
  return op == UnaryOp::kNegate ? "-" : "not";
}

const char* Keyword(ClauseKind kind) {
  switch (kind) {
    case ClauseKind::kTitle:
      return "title";
    case ClauseKind::kDescription:
      return "description";
    case ClauseKind::kSeverity:
      return "severity";
    case ClauseKind::kCite:
      return "cite";
    case ClauseKind::kWhen:
      return "when";
    case ClauseKind::kLet:
      return "let";
    case ClauseKind::kRequire:
      return "require";
    case ClauseKind::kWarn:
      return "warn";
  }
  return "?";
}

}  // namespace gridlaw::ast
