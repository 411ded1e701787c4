#pragma once
// Turns the ANTLR parse tree of a policy into gridlaw's AST. Internal to
// engine/parse.

#include <memory>

#include "GridlawParser.h"
#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "parse/parser.h"
#include "parse/token_positions.h"

namespace gridlaw::parse {

class AstBuilder {
 public:
  AstBuilder(const TokenPositions& positions, Diagnostics& diagnostics, const ParseLimits& limits)
      : positions_(positions), diagnostics_(diagnostics), limits_(limits) {}

  // Null when a literal is invalid or the nesting limit is hit (each reported).
  std::unique_ptr<ast::Policy> Build(gridlaw_antlr::GridlawParser::PolicyFileContext* file);

 private:
  using P = gridlaw_antlr::GridlawParser;

  SourceRange RangeOf(antlr4::ParserRuleContext* ctx) const;
  SourceRange RangeOf(antlr4::Token* token) const;
  SourceRange RangeOf(antlr4::tree::TerminalNode* node) const { return RangeOf(node->getSymbol()); }
  // A token's text as written, without the copy ANTLR's getText() makes.
  std::string_view TextOf(antlr4::Token* token) const {
    return positions_.Text(token->getStartIndex(), token->getStopIndex());
  }

  void BuildHeader(P::HeaderContext* ctx, ast::Header& header);
  void BuildItem(P::ItemContext* ctx, ast::Policy& policy);
  // The clauses are the children of `whole` from `first_clause` to the last but one.
  std::unique_ptr<ast::Rule> BuildRule(P::DottedNameContext* id, antlr4::ParserRuleContext* whole,
                                       size_t first_clause, antlr4::Token* close);
  ast::DottedName BuildDottedName(P::DottedNameContext* ctx);
  ast::StringValue BuildString(antlr4::Token* token);

  ast::ExprPtr BuildExpr(P::ExprContext* ctx);
  ast::ExprPtr BuildExprChecked(P::ExprContext* ctx);
  ast::ExprPtr BuildLeft(P::ExprContext* ctx);
  ast::ExprPtr BuildBinary(SourceRange range, ast::BinaryOp op, P::ExprContext* lhs,
                           P::ExprContext* rhs);
  ast::ExprPtr BuildPrimary(P::PrimaryContext* ctx);
  ast::ExprPtr BuildCall(P::CallExprContext* ctx);
  ast::ExprPtr NewExpr(ast::ExprKind kind, SourceRange range);
  void CheckDate(const std::string& text, SourceRange range, bool with_time);

  const TokenPositions& positions_;
  Diagnostics& diagnostics_;
  const ParseLimits& limits_;
  ast::NodeId next_id_ = 1;
  int depth_ = 0;
  int nodes_ = 0;
  bool too_deep_ = false;
  bool failed_ = false;
};

}  // namespace gridlaw::parse
