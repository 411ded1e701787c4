#include "ast/ast_printer.h"

namespace gridlaw::ast {
namespace {

void Print(std::string& out, const Expr& e);

void PrintOperands(std::string& out, const Expr& e, size_t from = 0) {
  for (size_t i = from; i < e.operands.size(); ++i) {
    out += " ";
    Print(out, *e.operands[i]);
  }
}

void Print(std::string& out, const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNumber:
      out += e.unit.empty() ? e.text : "(" + e.text + " " + e.unit + ")";
      return;
    case ExprKind::kString:
      out += "\"" + e.raw + "\"";
      return;
    case ExprKind::kBool:
      out += e.bool_value ? "true" : "false";
      return;
    case ExprKind::kDate:
    case ExprKind::kDateTime:
    case ExprKind::kName:
      out += e.text;
      return;
    case ExprKind::kField:
      out += "(. ";
      Print(out, *e.operands[0]);
      out += " " + e.text + ")";
      return;
    case ExprKind::kUnary:
      out += std::string("(") + Spelling(e.unary_op);
      PrintOperands(out, e);
      out += ")";
      return;
    case ExprKind::kBinary:
      out += std::string("(") + Spelling(e.binary_op);
      PrintOperands(out, e);
      out += ")";
      return;
    case ExprKind::kIf:
      out += "(if";
      PrintOperands(out, e);
      out += ")";
      return;
    case ExprKind::kQuantifier:
    case ExprKind::kComprehension:
      out += "(";
      out += e.kind == ExprKind::kComprehension
                 ? (e.bracketed ? "list-for" : "for")
                 : (e.quantifier == QuantifierKind::kAll ? "all" : "any");
      out += " " + e.variable.name + " ";
      Print(out, *e.operands[1]);
      if (e.has_filter) {
        out += " where ";
        Print(out, *e.operands[2]);
      }
      out += " : ";
      Print(out, *e.operands[0]);
      out += ")";
      return;
    case ExprKind::kList:
      out += "(list";
      PrintOperands(out, e);
      out += ")";
      return;
    case ExprKind::kCall:
      out += "(call " + e.text;
      PrintOperands(out, e);
      out += ")";
      return;
    case ExprKind::kWindow:
      out += "(window ";
      Print(out, *e.operands[0]);
      out += " " + (e.window_count.empty() ? std::string("1") : e.window_count) + " " +
             e.window_unit + ")";
      return;
  }
}

}  // namespace

std::string DebugString(const Expr& expr) {
  std::string out;
  Print(out, expr);
  return out;
}

}  // namespace gridlaw::ast
