#include "parse/build_ast.h"

#include <fmt/format.h>

#include <algorithm>

#include "num/rational.h"
#include "time/civil_time.h"

namespace gridlaw::parse {
namespace {

using ast::BinaryOp;
using ast::ExprKind;
using ast::ExprPtr;

BinaryOp BinaryOpOf(size_t token_type) {
  using P = gridlaw_antlr::GridlawParser;
  switch (token_type) {
    case P::PLUS:
      return BinaryOp::kAdd;
    case P::MINUS:
      return BinaryOp::kSub;
    case P::STAR:
      return BinaryOp::kMul;
    case P::SLASH:
      return BinaryOp::kDiv;
    case P::LT:
      return BinaryOp::kLt;
    case P::LE:
      return BinaryOp::kLe;
    case P::GT:
      return BinaryOp::kGt;
    case P::GE:
      return BinaryOp::kGe;
    case P::EQ:
      return BinaryOp::kEq;
    default:
      return BinaryOp::kNe;
  }
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

// ">= 1.0", "^1.2.0" or "" as the formatter prints it.
static std::string ConstraintText(gridlaw_antlr::GridlawParser::VersionConstraintContext* ctx) {
  if (ctx == nullptr) return {};
  const std::string version = ctx->version()->getText();
  if (ctx->op == nullptr) return version;
  const std::string op = ctx->op->getText();
  return op == "^" || op == "~" ? op + version : op + " " + version;
}

SourceRange AstBuilder::RangeOf(antlr4::ParserRuleContext* ctx) const {
  const size_t start = ctx->getStart()->getStartIndex();
  antlr4::Token* stop = ctx->getStop();
  // A rule that matched nothing has stop before start.
  if (stop == nullptr || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) {
    return positions_.Span(start, start);
  }
  return positions_.Span(start, stop->getStopIndex());
}

SourceRange AstBuilder::RangeOf(antlr4::Token* token) const {
  return positions_.Span(token->getStartIndex(), token->getStopIndex());
}

ExprPtr AstBuilder::NewExpr(ExprKind kind, SourceRange range) {
  if (++nodes_ == limits_.max_expression_nodes + 1) {
    diagnostics_.Error(Code::kNestingTooDeep, range,
                       fmt::format("expression has more than {} parts; split it with let",
                                   limits_.max_expression_nodes));
    failed_ = true;
  }
  auto expr = std::make_unique<ast::Expr>();
  expr->kind = kind;
  expr->id = next_id_++;
  expr->range = range;
  return expr;
}

std::unique_ptr<ast::Policy> AstBuilder::Build(P::PolicyFileContext* file) {
  auto policy = std::make_unique<ast::Policy>();
  BuildHeader(file->header(), policy->header);
  for (auto* item : file->item())
    BuildItem(item, *policy);
  policy->node_count = next_id_ - 1;
  if (failed_) return nullptr;
  return policy;
}

ast::DottedName AstBuilder::BuildDottedName(P::DottedNameContext* ctx) {
  std::string text = ctx->IDENT()->getText();
  for (auto* part : ctx->name())
    text += "." + part->getText();
  return {std::move(text), RangeOf(ctx)};
}

// Decodes a STRING token. `raw` keeps the text between the quotes as written:
// titles interpolate `{name}` in the raw text so that `\{` stays literal.
ast::StringValue AstBuilder::BuildString(antlr4::tree::TerminalNode* node) {
  const std::string token = node->getText();
  const std::string_view raw = std::string_view(token).substr(1, token.size() - 2);
  ast::StringValue out{std::string(), RangeOf(node), std::string(raw)};
  // The escape's own range: the token starts with the quote, one byte and one
  // column before raw[0]; escapes are ASCII, so columns advance with bytes
  // from the escape on (the column of raw[i] is computed from the code points
  // before it).
  auto escape_range = [&](size_t i, size_t length) {
    const uint32_t column = out.range.begin.column + 1 + CodePointCount(raw.substr(0, i));
    const uint32_t offset = out.range.begin.offset + 1 + static_cast<uint32_t>(i);
    const Location begin{out.range.begin.line, column, offset};
    const Location end{out.range.begin.line, column + static_cast<uint32_t>(length),
                       offset + static_cast<uint32_t>(length)};
    return SourceRange{begin, end};
  };
  // One error per string: a string full of bad escapes is one mistake.
  bool reported = false;
  auto invalid = [&](size_t i, size_t length, std::string message) {
    if (!reported)
      diagnostics_.Error(Code::kInvalidEscape, escape_range(i, length), std::move(message));
    reported = true;
    failed_ = true;
  };
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out.value.push_back(raw[i]);
      continue;
    }
    const char c = raw[i + 1];  // the lexer guarantees a character follows a backslash
    switch (c) {
      case 'n':
        out.value.push_back('\n');
        break;
      case 't':
        out.value.push_back('\t');
        break;
      case 'r':
        out.value.push_back('\r');
        break;
      case 'b':
        out.value.push_back('\b');
        break;
      case 'f':
        out.value.push_back('\f');
        break;
      case '"':
      case '\\':
      case '/':
      case '{':
      case '}':
        out.value.push_back(c);
        break;
      case 'u': {
        const std::string_view hex = raw.substr(i + 2, 4);
        uint32_t cp = 0;
        bool ok = hex.size() == 4;
        for (char h : hex) {
          const int digit = h >= '0' && h <= '9'   ? h - '0'
                            : h >= 'a' && h <= 'f' ? h - 'a' + 10
                            : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                   : -1;
          ok = ok && digit >= 0;
          cp = cp * 16 + static_cast<uint32_t>(std::max(digit, 0));
        }
        if (!ok) {
          invalid(i, 2, "\\u needs four hexadecimal digits (\\u00e9)");
          break;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
          invalid(i, 6,
                  fmt::format("\\u{:04X} is not a character a policy string may hold (NUL and "
                              "UTF-16 surrogates are refused)",
                              cp));
        } else {
          AppendUtf8(out.value, cp);
        }
        i += 4;
        break;
      }
      default: {
        // The escaped character may be multi-byte: report it whole.
        size_t length = 2;
        while (i + length < raw.size() &&
               (static_cast<unsigned char>(raw[i + length]) & 0xC0) == 0x80) {
          ++length;
        }
        invalid(i, 2,
                fmt::format("unknown escape '{}'; strings know \\\" \\\\ \\/ \\{{ \\}} "
                            "\\b \\f \\n \\r \\t and \\uXXXX",
                            raw.substr(i, length)));
        break;
      }
    }
    ++i;
  }
  return out;
}

void AstBuilder::CheckDate(const std::string& text, SourceRange range, bool with_time) {
  const bool ok = with_time ? ParseInstantNanos(text).has_value() : ParseDate(text).has_value();
  if (!ok) {
    diagnostics_.Error(Code::kInvalidDate, range,
                       with_time ? fmt::format("'{}' is not a valid date-time (RFC 3339 with an "
                                               "offset, years 1900 to 2200)",
                                               text)
                                 : fmt::format("'{}' is not a date of the calendar", text));
    failed_ = true;
  }
}

void AstBuilder::BuildHeader(P::HeaderContext* ctx, ast::Header& header) {
  using Field = ast::Header::Field;
  header.id = BuildDottedName(ctx->dottedName());
  header.version = ctx->version()->getText();
  header.version_range = RangeOf(ctx->version());
  header.range = RangeOf(ctx);
  header.open_range = Cover(RangeOf(ctx->POLICY()), RangeOf(ctx->LBRACE()));
  header.close_range = RangeOf(ctx->RBRACE());
  for (auto* field : ctx->headerField()) {
    const SourceRange range = RangeOf(field);
    if (auto* f = dynamic_cast<P::HeaderTitleContext*>(field)) {
      header.title = BuildString(f->STRING());
      header.fields.push_back({Field::kTitle, range, "title \"" + header.title->raw + "\""});
    } else if (auto* f = dynamic_cast<P::HeaderDescriptionContext*>(field)) {
      header.description = BuildString(f->STRING());
      header.fields.push_back(
          {Field::kDescription, range, "description \"" + header.description->raw + "\""});
    } else if (auto* f = dynamic_cast<P::HeaderJurisdictionContext*>(field)) {
      header.has_jurisdiction = true;
      header.jurisdiction_range = range;
      header.jurisdictions.clear();
      std::string canonical = "jurisdiction ";
      for (auto* s : f->STRING()) {
        header.jurisdictions.push_back(BuildString(s));
        canonical += (header.jurisdictions.size() > 1 ? ", \"" : "\"") +
                     header.jurisdictions.back().raw + "\"";
      }
      header.fields.push_back({Field::kJurisdiction, range, canonical});
    } else if (auto* f = dynamic_cast<P::HeaderEffectiveContext*>(field)) {
      header.effective_range = range;
      auto dates = f->DATE();
      header.effective_from = dates[0]->getText();
      CheckDate(*header.effective_from, RangeOf(dates[0]), false);
      header.effective_to.reset();
      std::string canonical = "effective " + *header.effective_from;
      if (dates.size() > 1) {
        header.effective_to = dates[1]->getText();
        CheckDate(*header.effective_to, RangeOf(dates[1]), false);
        canonical += " to " + *header.effective_to;
      }
      header.fields.push_back({Field::kEffective, range, canonical});
    } else if (auto* f = dynamic_cast<P::HeaderSchemaContext*>(field)) {
      std::string text;
      for (auto* child : f->schemaRef()->children)
        text += child->getText();
      header.schema = text;
      header.fields.push_back({Field::kSchema, range, "schema " + text});
      header.schema_range = RangeOf(f->schemaRef());
    } else if (auto* f = dynamic_cast<P::HeaderIndeterminateContext*>(field)) {
      header.has_indeterminate = true;
      header.indeterminate_range = range;
      header.indeterminate_verb = {f->verb->getText(), RangeOf(f->IDENT(0))};
      header.indeterminate_fails.clear();
      std::string canonical = "indeterminate " + header.indeterminate_verb.name + " ";
      const auto words = f->IDENT();
      for (size_t i = 1; i < words.size(); ++i) {
        header.indeterminate_fails.push_back({words[i]->getText(), RangeOf(words[i])});
        canonical += (i > 1 ? ", " : "") + words[i]->getText();
      }
      header.fields.push_back({Field::kIndeterminate, range, canonical});
    }
  }
}

void AstBuilder::BuildItem(P::ItemContext* ctx, ast::Policy& policy) {
  ast::Item item;
  item.range = RangeOf(ctx);
  if (auto* c = dynamic_cast<P::ExtendsItemContext*>(ctx)) {
    item.kind = ast::ItemKind::kExtends;
    item.module = BuildDottedName(c->dottedName());
    item.constraint = ConstraintText(c->versionConstraint());
  } else if (auto* c = dynamic_cast<P::ImportItemContext*>(ctx)) {
    item.kind = ast::ItemKind::kImport;
    item.module = BuildDottedName(c->dottedName());
    item.constraint = ConstraintText(c->versionConstraint());
    if (c->IDENT()) item.alias = ast::Binding{c->IDENT()->getText(), RangeOf(c->IDENT())};
  } else if (auto* c = dynamic_cast<P::ParamItemContext*>(ctx)) {
    item.kind = ast::ItemKind::kParam;
    item.name = {c->IDENT()->getText(), RangeOf(c->IDENT())};
    item.value = BuildExprChecked(c->expr());
    if (auto* steps = c->paramSteps()) {
      const auto dates = steps->DATE();
      const auto values = steps->expr();
      for (size_t i = 0; i < dates.size(); ++i) {
        ast::Step step;
        if (i > 0 && i - 1 < values.size()) step.value = BuildExprChecked(values[i - 1]);
        step.from = dates[i]->getText();
        step.from_range = RangeOf(dates[i]);
        CheckDate(step.from, step.from_range, false);
        item.steps.push_back(std::move(step));
      }
    }
  } else if (auto* c = dynamic_cast<P::LetItemContext*>(ctx)) {
    item.kind = ast::ItemKind::kLet;
    item.name = {c->IDENT()->getText(), RangeOf(c->IDENT())};
    item.value = BuildExprChecked(c->expr());
  } else if (auto* c = dynamic_cast<P::RuleItemContext*>(ctx)) {
    item.kind = ast::ItemKind::kRule;
    item.rule = BuildRule(c->dottedName(), c->ruleClause(), c, c->RBRACE());
  } else if (auto* c = dynamic_cast<P::OverrideRuleItemContext*>(ctx)) {
    item.kind = ast::ItemKind::kOverrideRule;
    item.rule = BuildRule(c->dottedName(), c->ruleClause(), c, c->RBRACE());
    item.reason = BuildString(c->STRING());
    item.rule->override_reason = item.reason;
    item.target = item.rule->id;
  } else if (auto* c = dynamic_cast<P::DisableRuleItemContext*>(ctx)) {
    item.kind = ast::ItemKind::kDisableRule;
    item.target = BuildDottedName(c->dottedName());
    item.reason = BuildString(c->STRING());
  } else {
    return;
  }
  policy.items.push_back(std::move(item));
}

std::unique_ptr<ast::Rule> AstBuilder::BuildRule(P::DottedNameContext* id,
                                                 const std::vector<P::RuleClauseContext*>& clauses,
                                                 antlr4::ParserRuleContext* whole,
                                                 antlr4::tree::TerminalNode* close) {
  using ast::ClauseKind;
  auto rule = std::make_unique<ast::Rule>();
  rule->id = BuildDottedName(id);
  rule->range = RangeOf(whole);
  rule->close_range = RangeOf(close);
  for (auto* clause_ctx : clauses) {
    ast::Clause clause;
    clause.range = RangeOf(clause_ctx);
    if (auto* c = dynamic_cast<P::ClauseTitleContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kTitle;
      clause.text = BuildString(c->STRING());
    } else if (auto* c = dynamic_cast<P::ClauseDescriptionContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kDescription;
      clause.text = BuildString(c->STRING());
    } else if (auto* c = dynamic_cast<P::ClauseCiteContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kCite;
      clause.text = BuildString(c->STRING());
    } else if (auto* c = dynamic_cast<P::ClauseSeverityContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kSeverity;
      clause.text = {c->IDENT()->getText(), RangeOf(c->IDENT()), c->IDENT()->getText()};
    } else if (auto* c = dynamic_cast<P::ClauseWhenContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kWhen;
      clause.expr = BuildExprChecked(c->expr());
    } else if (auto* c = dynamic_cast<P::ClauseLetContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kLet;
      clause.name = {c->IDENT()->getText(), RangeOf(c->IDENT())};
      clause.expr = BuildExprChecked(c->expr());
    } else if (auto* c = dynamic_cast<P::ClauseRequireContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kRequire;
      clause.expr = BuildExprChecked(c->expr());
    } else if (auto* c = dynamic_cast<P::ClauseWarnContext*>(clause_ctx)) {
      clause.kind = ClauseKind::kWarn;
      clause.expr = BuildExprChecked(c->expr());
    } else {
      continue;
    }
    rule->clauses.push_back(std::move(clause));
  }
  return rule;
}

// Builds one top-level expression; the limits are counted per expression.
ExprPtr AstBuilder::BuildExprChecked(P::ExprContext* ctx) {
  depth_ = 0;
  nodes_ = 0;
  too_deep_ = false;
  return BuildExpr(ctx);
}

// The left operand of a left-associative chain (`a + b + c`, `a.b.c`) is not
// a deeper level: long flat chains stay within the depth limit.
ExprPtr AstBuilder::BuildLeft(P::ExprContext* ctx) {
  --depth_;
  ExprPtr left = BuildExpr(ctx);
  ++depth_;
  return left;
}

ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx) {
  // Past the size limit (reported once by NewExpr) stop descending: a long
  // left chain would otherwise recurse once per operator.
  if (nodes_ > limits_.max_expression_nodes) {
    failed_ = true;
    return NewExpr(ExprKind::kBool, RangeOf(ctx));
  }
  if (++depth_ > limits_.max_expression_depth) {
    if (!too_deep_) {
      diagnostics_.Error(Code::kNestingTooDeep, RangeOf(ctx),
                         fmt::format("expression nested deeper than the limit of {} levels",
                                     limits_.max_expression_depth));
    }
    too_deep_ = true;
    failed_ = true;
    --depth_;
    return NewExpr(ExprKind::kBool, RangeOf(ctx));
  }
  ExprPtr result;
  const SourceRange range = RangeOf(ctx);
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) {
    result = BuildPrimary(c->primary());
  } else if (auto* c = dynamic_cast<P::FieldExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kField, range);
    result->text = c->name()->getText();
    result->name_range = RangeOf(c->name());
    result->operands.push_back(BuildLeft(c->expr()));
  } else if (auto* c = dynamic_cast<P::NegateExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kUnary, range);
    result->unary_op = ast::UnaryOp::kNegate;
    result->operands.push_back(BuildExpr(c->expr()));
  } else if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kUnary, range);
    result->unary_op = ast::UnaryOp::kNot;
    result->operands.push_back(BuildExpr(c->expr()));
  } else if (auto* c = dynamic_cast<P::MultiplyExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kBinary, range);
    result->binary_op = BinaryOpOf(c->op->getType());
    result->operands.push_back(BuildLeft(c->expr(0)));
    result->operands.push_back(BuildExpr(c->expr(1)));
  } else if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kBinary, range);
    result->binary_op = BinaryOpOf(c->op->getType());
    result->operands.push_back(BuildLeft(c->expr(0)));
    result->operands.push_back(BuildExpr(c->expr(1)));
  } else if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kBinary, range);
    result->binary_op = BinaryOpOf(c->op->getType());
    result->operands.push_back(BuildLeft(c->expr(0)));
    result->operands.push_back(BuildExpr(c->expr(1)));
  } else if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kBinary, range);
    result->binary_op = c->NOT() ? BinaryOp::kNotIn : BinaryOp::kIn;
    result->operands.push_back(BuildLeft(c->expr(0)));
    result->operands.push_back(BuildExpr(c->expr(1)));
  } else if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kBinary, range);
    result->binary_op = BinaryOp::kAnd;
    result->operands.push_back(BuildLeft(c->expr(0)));
    result->operands.push_back(BuildExpr(c->expr(1)));
  } else if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kBinary, range);
    result->binary_op = BinaryOp::kOr;
    result->operands.push_back(BuildLeft(c->expr(0)));
    result->operands.push_back(BuildExpr(c->expr(1)));
  } else if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kIf, range);
    for (int i = 0; i < 3; ++i)
      result->operands.push_back(BuildExpr(c->expr(i)));
  } else if (auto* c = dynamic_cast<P::QuantifierExprContext*>(ctx)) {
    result = NewExpr(ExprKind::kQuantifier, range);
    result->quantifier =
        c->quantifier->getType() == P::ALL ? ast::QuantifierKind::kAll : ast::QuantifierKind::kAny;
    result->variable = {c->IDENT()->getText(), RangeOf(c->IDENT())};
    auto exprs = c->expr();
    result->has_filter = c->WHERE() != nullptr;
    result->operands.push_back(BuildExpr(exprs.back()));  // body
    result->operands.push_back(BuildExpr(exprs[0]));      // domain
    if (result->has_filter) result->operands.push_back(BuildExpr(exprs[1]));
  } else {
    result = NewExpr(ExprKind::kBool, range);
    failed_ = true;
  }
  --depth_;
  return result;
}

ExprPtr AstBuilder::BuildPrimary(P::PrimaryContext* ctx) {
  const SourceRange range = RangeOf(ctx);
  if (auto* c = dynamic_cast<P::NumberLiteralContext*>(ctx)) {
    auto e = NewExpr(ExprKind::kNumber, range);
    e->text = c->NUMBER()->getText();
    if (!Rational::FromDecimal(e->text)) {
      diagnostics_.Error(Code::kInvalidNumber, RangeOf(c->NUMBER()),
                         fmt::format("number {} cannot be held exactly (more than 38 significant "
                                     "digits or beyond 10^38)",
                                     e->text));
      failed_ = true;
    }
    if (c->unit()) {
      for (auto* child : c->unit()->children)
        e->unit += child->getText();
      e->unit_range = RangeOf(c->unit());
    }
    return e;
  }
  if (auto* c = dynamic_cast<P::StringLiteralContext*>(ctx)) {
    auto e = NewExpr(ExprKind::kString, range);
    auto value = BuildString(c->STRING());
    e->text = std::move(value.value);
    e->raw = std::move(value.raw);
    return e;
  }
  if (auto* c = dynamic_cast<P::BoolLiteralContext*>(ctx)) {
    auto e = NewExpr(ExprKind::kBool, range);
    e->bool_value = c->TRUE() != nullptr;
    return e;
  }
  if (auto* c = dynamic_cast<P::DateLiteralContext*>(ctx)) {
    auto e = NewExpr(ExprKind::kDate, range);
    e->text = c->DATE()->getText();
    CheckDate(e->text, range, false);
    return e;
  }
  if (auto* c = dynamic_cast<P::DatetimeLiteralContext*>(ctx)) {
    auto e = NewExpr(ExprKind::kDateTime, range);
    e->text = c->DATETIME()->getText();
    CheckDate(e->text, range, true);
    return e;
  }
  if (auto* c = dynamic_cast<P::NameRefContext*>(ctx)) {
    auto e = NewExpr(ExprKind::kName, range);
    e->text = c->IDENT()->getText();
    e->name_range = range;
    return e;
  }
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) return BuildCall(c);
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) {
    // Parentheses leave no node of their own, only a mark the formatter keeps.
    auto inner = BuildExpr(c->expr());
    inner->parenthesized = true;
    return inner;
  }
  if (auto* c = dynamic_cast<P::ListExprContext*>(ctx)) {
    if (auto* tail = dynamic_cast<P::ComprehensionTailContext*>(c->listTail())) {
      auto e = NewExpr(ExprKind::kComprehension, range);
      e->variable = {tail->IDENT()->getText(), RangeOf(tail->IDENT())};
      e->has_filter = tail->WHERE() != nullptr;
      e->operands.push_back(BuildExpr(c->expr()));
      for (auto* x : tail->expr())
        e->operands.push_back(BuildExpr(x));
      return e;
    }
    auto e = NewExpr(ExprKind::kList, range);
    if (c->expr() != nullptr) {
      e->operands.push_back(BuildExpr(c->expr()));
      for (auto* x : dynamic_cast<P::ElementsTailContext*>(c->listTail())->expr()) {
        e->operands.push_back(BuildExpr(x));
      }
    }
    return e;
  }
  failed_ = true;
  return NewExpr(ExprKind::kBool, range);
}

ExprPtr AstBuilder::BuildCall(P::CallExprContext* ctx) {
  auto call = NewExpr(ExprKind::kCall, RangeOf(ctx));
  call->text = ctx->IDENT()->getText();
  call->name_range = RangeOf(ctx->IDENT());
  P::CallTailContext* tail = ctx->callTail();
  if (ctx->expr() == nullptr) return call;  // f()
  if (auto* g = dynamic_cast<P::GeneratorArgsContext*>(tail)) {
    auto e = NewExpr(ExprKind::kComprehension, Cover(RangeOf(ctx->expr()), RangeOf(g)));
    e->bracketed = false;
    e->variable = {g->IDENT()->getText(), RangeOf(g->IDENT())};
    e->has_filter = g->WHERE() != nullptr;
    e->operands.push_back(BuildExpr(ctx->expr()));
    for (auto* x : g->expr())
      e->operands.push_back(BuildExpr(x));
    call->operands.push_back(std::move(e));
  } else if (auto* w = dynamic_cast<P::WindowArgsContext*>(tail)) {
    auto e = NewExpr(ExprKind::kWindow, Cover(RangeOf(ctx->expr()), RangeOf(w)));
    e->operands.push_back(BuildExpr(ctx->expr()));
    auto* window = w->window();
    e->window_range = RangeOf(window);
    if (window->NUMBER()) e->window_count = window->NUMBER()->getText();
    e->window_unit = window->IDENT()->getText();
    call->operands.push_back(std::move(e));
  } else if (auto* p = dynamic_cast<P::PlainArgsContext*>(tail)) {
    call->operands.push_back(BuildExpr(ctx->expr()));
    for (auto* x : p->expr())
      call->operands.push_back(BuildExpr(x));
  }
  return call;
}

}  // namespace gridlaw::parse
