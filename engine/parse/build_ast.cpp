#include "parse/build_ast.h"

#include <fmt/format.h>

#include <algorithm>
#include <typeinfo>
#include <unordered_map>

#include "GridlawBaseVisitor.h"
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

// The labeled alternatives engine/parse tells apart.
#define GRIDLAW_ALTS(X)  \
  X(HeaderTitle)         \
  X(HeaderDescription)   \
  X(HeaderJurisdiction)  \
  X(HeaderEffective)     \
  X(HeaderSchema)        \
  X(HeaderIndeterminate) \
  X(ExtendsItem)         \
  X(ImportItem)          \
  X(ParamItem)           \
  X(LetItem)             \
  X(RuleItem)            \
  X(OverrideRuleItem)    \
  X(DisableRuleItem)     \
  X(ClauseTitle)         \
  X(ClauseDescription)   \
  X(ClauseSeverity)      \
  X(ClauseCite)          \
  X(ClauseWhen)          \
  X(ClauseLet)           \
  X(ClauseRequire)       \
  X(ClauseWarn)          \
  X(PrimaryExpr)         \
  X(FieldExpr)           \
  X(NegateExpr)          \
  X(MultiplyExpr)        \
  X(AddExpr)             \
  X(CompareExpr)         \
  X(InExpr)              \
  X(NotExpr)             \
  X(AndExpr)             \
  X(OrExpr)              \
  X(IfExpr)              \
  X(QuantifierExpr)      \
  X(NumberLiteral)       \
  X(StringLiteral)       \
  X(BoolLiteral)         \
  X(DateLiteral)         \
  X(DatetimeLiteral)     \
  X(NameRef)             \
  X(CallExpr)            \
  X(ParenExpr)           \
  X(ListExpr)            \
  X(GeneratorArgs)       \
  X(WindowArgs)          \
  X(PlainArgs)           \
  X(ComprehensionTail)   \
  X(ElementsTail)

enum class Alt {
  kUnknown,
#define GRIDLAW_ALT(Name) k##Name,
  GRIDLAW_ALTS(GRIDLAW_ALT)
#undef GRIDLAW_ALT
};

// Asks a context which alternative it is through its virtual accept(): one
// call, where trying a dynamic_cast per alternative cost a fifth of parsing.
// AltOf() below needs it only when its table has no entry.
class AltVisitor final : public gridlaw_antlr::GridlawBaseVisitor {
 public:
  Alt alt = Alt::kUnknown;

#define GRIDLAW_ALT(Name)                                                            \
  antlrcpp::Any visit##Name(gridlaw_antlr::GridlawParser::Name##Context*) override { \
    alt = Alt::k##Name;                                                              \
    return antlrcpp::Any();                                                          \
  }
  GRIDLAW_ALTS(GRIDLAW_ALT)
#undef GRIDLAW_ALT
};

// The alternative of each labeled context class, keyed by the address of its
// type_info: typeid(*ctx) is two loads, where accept() costs a dynamic_cast
// of the visitor (string compares of type names across the ANTLR library)
// on every node.
const std::unordered_map<const std::type_info*, Alt>& AltsByType() {
  static const std::unordered_map<const std::type_info*, Alt> alts = {
#define GRIDLAW_ALT(Name) {&typeid(gridlaw_antlr::GridlawParser::Name##Context), Alt::k##Name},
      GRIDLAW_ALTS(GRIDLAW_ALT)
#undef GRIDLAW_ALT
  };
  return alts;
}

Alt AltOf(antlr4::tree::ParseTree* ctx) {
  const auto& alts = AltsByType();
  const auto found = alts.find(&typeid(*ctx));
  if (found != alts.end()) return found->second;
  // A type_info elsewhere than in this binary (possible only if the
  // generated classes were linked twice) still answers through accept().
  AltVisitor visitor;
  ctx->accept(&visitor);
  return visitor.alt;
}

// Child `i` of a context, by the position the grammar gives it. The builder
// only sees trees parsed without errors, so every position holds what its
// rule says; the generated accessors would search the children with a
// dynamic_cast each.
template <typename T>
T* Child(antlr4::ParserRuleContext* ctx, size_t i) {
  return static_cast<T*>(ctx->children[i]);
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
  // header item* EOF
  for (size_t i = 1; i + 1 < file->children.size(); ++i)
    BuildItem(Child<P::ItemContext>(file, i), *policy);
  policy->node_count = next_id_ - 1;
  if (failed_) return nullptr;
  return policy;
}

ast::DottedName AstBuilder::BuildDottedName(P::DottedNameContext* ctx) {
  // IDENT (DOT name)*: the words are the even children, each one token.
  std::string text(TextOf(ctx->getStart()));
  for (size_t i = 2; i < ctx->children.size(); i += 2) {
    text += '.';
    text += TextOf(static_cast<antlr4::ParserRuleContext*>(ctx->children[i])->getStart());
  }
  return {std::move(text), RangeOf(ctx)};
}

// Decodes a STRING token. `raw` keeps the text between the quotes as written:
// titles interpolate `{name}` in the raw text so that `\{` stays literal.
ast::StringValue AstBuilder::BuildString(antlr4::Token* token) {
  const std::string_view text = TextOf(token);
  const std::string_view raw = text.substr(1, text.size() - 2);
  ast::StringValue out{std::string(), RangeOf(token), std::string(raw)};
  out.value.reserve(raw.size());
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
    const Alt alt = AltOf(field);
    if (alt == Alt::kHeaderTitle) {
      auto* f = static_cast<P::HeaderTitleContext*>(field);
      header.title = BuildString(f->STRING()->getSymbol());
      header.fields.push_back({Field::kTitle, range, "title \"" + header.title->raw + "\""});
    } else if (alt == Alt::kHeaderDescription) {
      auto* f = static_cast<P::HeaderDescriptionContext*>(field);
      header.description = BuildString(f->STRING()->getSymbol());
      header.fields.push_back(
          {Field::kDescription, range, "description \"" + header.description->raw + "\""});
    } else if (alt == Alt::kHeaderJurisdiction) {
      auto* f = static_cast<P::HeaderJurisdictionContext*>(field);
      header.has_jurisdiction = true;
      header.jurisdiction_range = range;
      header.jurisdictions.clear();
      std::string canonical = "jurisdiction ";
      for (auto* s : f->STRING()) {
        header.jurisdictions.push_back(BuildString(s->getSymbol()));
        canonical += (header.jurisdictions.size() > 1 ? ", \"" : "\"") +
                     header.jurisdictions.back().raw + "\"";
      }
      header.fields.push_back({Field::kJurisdiction, range, canonical});
    } else if (alt == Alt::kHeaderEffective) {
      auto* f = static_cast<P::HeaderEffectiveContext*>(field);
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
    } else if (alt == Alt::kHeaderSchema) {
      auto* f = static_cast<P::HeaderSchemaContext*>(field);
      std::string text;
      for (auto* child : f->schemaRef()->children)
        text += child->getText();
      header.schema = text;
      header.fields.push_back({Field::kSchema, range, "schema " + text});
      header.schema_range = RangeOf(f->schemaRef());
    } else if (alt == Alt::kHeaderIndeterminate) {
      auto* f = static_cast<P::HeaderIndeterminateContext*>(field);
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
  const Alt alt = AltOf(ctx);
  if (alt == Alt::kExtendsItem) {
    auto* c = static_cast<P::ExtendsItemContext*>(ctx);
    item.kind = ast::ItemKind::kExtends;
    item.module = BuildDottedName(c->dottedName());
    item.constraint = ConstraintText(c->versionConstraint());
  } else if (alt == Alt::kImportItem) {
    auto* c = static_cast<P::ImportItemContext*>(ctx);
    item.kind = ast::ItemKind::kImport;
    item.module = BuildDottedName(c->dottedName());
    item.constraint = ConstraintText(c->versionConstraint());
    if (c->IDENT()) item.alias = ast::Binding{c->IDENT()->getText(), RangeOf(c->IDENT())};
  } else if (alt == Alt::kParamItem) {
    auto* c = static_cast<P::ParamItemContext*>(ctx);
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
  } else if (alt == Alt::kLetItem) {
    auto* c = static_cast<P::LetItemContext*>(ctx);
    item.kind = ast::ItemKind::kLet;
    item.name = {c->IDENT()->getText(), RangeOf(c->IDENT())};
    item.value = BuildExprChecked(c->expr());
  } else if (alt == Alt::kRuleItem) {
    auto* c = static_cast<P::RuleItemContext*>(ctx);
    item.kind = ast::ItemKind::kRule;
    // RULE dottedName LBRACE ruleClause* RBRACE
    item.rule = BuildRule(Child<P::DottedNameContext>(c, 1), c, 3, c->getStop());
  } else if (alt == Alt::kOverrideRuleItem) {
    auto* c = static_cast<P::OverrideRuleItemContext*>(ctx);
    item.kind = ast::ItemKind::kOverrideRule;
    // OVERRIDE RULE dottedName BECAUSE STRING LBRACE ruleClause* RBRACE
    item.rule = BuildRule(Child<P::DottedNameContext>(c, 2), c, 6, c->getStop());
    item.reason = BuildString(c->STRING()->getSymbol());
    item.rule->override_reason = item.reason;
    item.target = item.rule->id;
  } else if (alt == Alt::kDisableRuleItem) {
    auto* c = static_cast<P::DisableRuleItemContext*>(ctx);
    item.kind = ast::ItemKind::kDisableRule;
    item.target = BuildDottedName(c->dottedName());
    item.reason = BuildString(c->STRING()->getSymbol());
  } else {
    return;
  }
  policy.items.push_back(std::move(item));
}

std::unique_ptr<ast::Rule> AstBuilder::BuildRule(P::DottedNameContext* id,
                                                 antlr4::ParserRuleContext* whole,
                                                 size_t first_clause, antlr4::Token* close) {
  using ast::ClauseKind;
  auto rule = std::make_unique<ast::Rule>();
  rule->id = BuildDottedName(id);
  rule->range = RangeOf(whole);
  rule->close_range = RangeOf(close);
  // The clauses are the children from `first_clause` up to the closing '}'.
  for (size_t i = first_clause; i + 1 < whole->children.size(); ++i) {
    auto* clause_ctx = Child<P::RuleClauseContext>(whole, i);
    ast::Clause clause;
    clause.range = RangeOf(clause_ctx);
    // Title, description and cite end with their STRING, severity with its
    // IDENT: the context's stop token.
    const Alt alt = AltOf(clause_ctx);
    if (alt == Alt::kClauseTitle) {
      clause.kind = ClauseKind::kTitle;
      clause.text = BuildString(clause_ctx->getStop());
    } else if (alt == Alt::kClauseDescription) {
      clause.kind = ClauseKind::kDescription;
      clause.text = BuildString(clause_ctx->getStop());
    } else if (alt == Alt::kClauseCite) {
      clause.kind = ClauseKind::kCite;
      clause.text = BuildString(clause_ctx->getStop());
    } else if (alt == Alt::kClauseSeverity) {
      antlr4::Token* level = clause_ctx->getStop();
      clause.kind = ClauseKind::kSeverity;
      clause.text = {std::string(TextOf(level)), RangeOf(level), std::string(TextOf(level))};
    } else if (alt == Alt::kClauseWhen) {
      clause.kind = ClauseKind::kWhen;
      clause.expr = BuildExprChecked(Child<P::ExprContext>(clause_ctx, 1));  // WHEN expr
    } else if (alt == Alt::kClauseLet) {
      auto* c = static_cast<P::ClauseLetContext*>(clause_ctx);
      clause.kind = ClauseKind::kLet;
      clause.name = {std::string(TextOf(c->IDENT()->getSymbol())), RangeOf(c->IDENT())};
      clause.expr = BuildExprChecked(c->expr());
    } else if (alt == Alt::kClauseRequire) {
      clause.kind = ClauseKind::kRequire;
      clause.expr = BuildExprChecked(Child<P::ExprContext>(clause_ctx, 1));  // REQUIRE expr
    } else if (alt == Alt::kClauseWarn) {
      clause.kind = ClauseKind::kWarn;
      clause.expr = BuildExprChecked(Child<P::ExprContext>(clause_ctx, 1));  // WARN expr
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
  switch (AltOf(ctx)) {
    case Alt::kPrimaryExpr:
      result = BuildPrimary(Child<P::PrimaryContext>(ctx, 0));
      break;
    case Alt::kFieldExpr: {
      auto* c = static_cast<P::FieldExprContext*>(ctx);
      result = NewExpr(ExprKind::kField, range);
      result->text = TextOf(c->field->getStart());
      result->name_range = RangeOf(c->field);
      result->operands.push_back(BuildLeft(c->operand));
      break;
    }
    case Alt::kNegateExpr:
      result = NewExpr(ExprKind::kUnary, range);
      result->unary_op = ast::UnaryOp::kNegate;
      result->operands.push_back(BuildExpr(static_cast<P::NegateExprContext*>(ctx)->operand));
      break;
    case Alt::kNotExpr:
      result = NewExpr(ExprKind::kUnary, range);
      result->unary_op = ast::UnaryOp::kNot;
      result->operands.push_back(BuildExpr(static_cast<P::NotExprContext*>(ctx)->operand));
      break;
    case Alt::kMultiplyExpr: {
      auto* c = static_cast<P::MultiplyExprContext*>(ctx);
      result = BuildBinary(range, BinaryOpOf(c->op->getType()), c->lhs, c->rhs);
      break;
    }
    case Alt::kAddExpr: {
      auto* c = static_cast<P::AddExprContext*>(ctx);
      result = BuildBinary(range, BinaryOpOf(c->op->getType()), c->lhs, c->rhs);
      break;
    }
    case Alt::kCompareExpr: {
      auto* c = static_cast<P::CompareExprContext*>(ctx);
      result = BuildBinary(range, BinaryOpOf(c->op->getType()), c->lhs, c->rhs);
      break;
    }
    case Alt::kInExpr: {
      auto* c = static_cast<P::InExprContext*>(ctx);
      result = BuildBinary(range, c->negated != nullptr ? BinaryOp::kNotIn : BinaryOp::kIn, c->lhs,
                           c->rhs);
      break;
    }
    case Alt::kAndExpr: {
      auto* c = static_cast<P::AndExprContext*>(ctx);
      result = BuildBinary(range, BinaryOp::kAnd, c->lhs, c->rhs);
      break;
    }
    case Alt::kOrExpr: {
      auto* c = static_cast<P::OrExprContext*>(ctx);
      result = BuildBinary(range, BinaryOp::kOr, c->lhs, c->rhs);
      break;
    }
    case Alt::kIfExpr: {
      auto* c = static_cast<P::IfExprContext*>(ctx);
      result = NewExpr(ExprKind::kIf, range);
      result->operands.reserve(3);
      for (int i = 0; i < 3; ++i)
        result->operands.push_back(BuildExpr(c->expr(i)));
      break;
    }
    case Alt::kQuantifierExpr: {
      auto* c = static_cast<P::QuantifierExprContext*>(ctx);
      result = NewExpr(ExprKind::kQuantifier, range);
      result->quantifier = c->quantifier->getType() == P::ALL ? ast::QuantifierKind::kAll
                                                              : ast::QuantifierKind::kAny;
      result->variable = {std::string(TextOf(c->variable)), RangeOf(c->variable)};
      result->has_filter = c->filter != nullptr;
      result->operands.reserve(result->has_filter ? 3 : 2);
      result->operands.push_back(BuildExpr(c->body));
      result->operands.push_back(BuildExpr(c->domain));
      if (result->has_filter) result->operands.push_back(BuildExpr(c->filter));
      break;
    }
    default:
      result = NewExpr(ExprKind::kBool, range);
      failed_ = true;
      break;
  }
  --depth_;
  return result;
}

// A left-associative binary operation: the left operand is no deeper level.
ExprPtr AstBuilder::BuildBinary(SourceRange range, BinaryOp op, P::ExprContext* lhs,
                                P::ExprContext* rhs) {
  ExprPtr result = NewExpr(ExprKind::kBinary, range);
  result->binary_op = op;
  result->operands.reserve(2);
  result->operands.push_back(BuildLeft(lhs));
  result->operands.push_back(BuildExpr(rhs));
  return result;
}

ExprPtr AstBuilder::BuildPrimary(P::PrimaryContext* ctx) {
  const SourceRange range = RangeOf(ctx);
  // Every literal and name is the context's first token.
  antlr4::Token* first = ctx->getStart();
  switch (AltOf(ctx)) {
    case Alt::kNumberLiteral: {
      auto* c = static_cast<P::NumberLiteralContext*>(ctx);
      auto e = NewExpr(ExprKind::kNumber, range);
      e->text = TextOf(first);
      if (!Rational::FromDecimal(e->text)) {
        diagnostics_.Error(Code::kInvalidNumber, RangeOf(first),
                           fmt::format("number {} cannot be held exactly (more than 38 "
                                       "significant digits or beyond 10^38)",
                                       e->text));
        failed_ = true;
      }
      if (c->numberUnit != nullptr) {
        e->unit = TextOf(c->numberUnit->getStart());  // one IDENT, PERCENT or UNIT token
        e->unit_range = RangeOf(c->numberUnit);
      }
      return e;
    }
    case Alt::kStringLiteral: {
      auto e = NewExpr(ExprKind::kString, range);
      auto value = BuildString(first);
      e->text = std::move(value.value);
      e->raw = std::move(value.raw);
      return e;
    }
    case Alt::kBoolLiteral: {
      auto e = NewExpr(ExprKind::kBool, range);
      e->bool_value = first->getType() == P::TRUE;
      return e;
    }
    case Alt::kDateLiteral: {
      auto e = NewExpr(ExprKind::kDate, range);
      e->text = TextOf(first);
      CheckDate(e->text, range, false);
      return e;
    }
    case Alt::kDatetimeLiteral: {
      auto e = NewExpr(ExprKind::kDateTime, range);
      e->text = TextOf(first);
      CheckDate(e->text, range, true);
      return e;
    }
    case Alt::kNameRef: {
      auto e = NewExpr(ExprKind::kName, range);
      e->text = TextOf(first);
      e->name_range = range;
      return e;
    }
    case Alt::kCallExpr:
      return BuildCall(static_cast<P::CallExprContext*>(ctx));
    case Alt::kParenExpr: {
      // Parentheses leave no node of their own, only a mark the formatter keeps.
      auto inner = BuildExpr(static_cast<P::ParenExprContext*>(ctx)->inner);
      inner->parenthesized = true;
      return inner;
    }
    case Alt::kListExpr: {
      auto* c = static_cast<P::ListExprContext*>(ctx);
      if (c->first != nullptr && AltOf(c->tail) == Alt::kComprehensionTail) {
        auto* tail = static_cast<P::ComprehensionTailContext*>(c->tail);
        auto e = NewExpr(ExprKind::kComprehension, range);
        e->variable = {std::string(TextOf(tail->IDENT()->getSymbol())), RangeOf(tail->IDENT())};
        e->has_filter = tail->WHERE() != nullptr;
        e->operands.push_back(BuildExpr(c->first));
        for (auto* x : tail->expr())
          e->operands.push_back(BuildExpr(x));
        return e;
      }
      auto e = NewExpr(ExprKind::kList, range);
      if (c->first != nullptr) {
        e->operands.push_back(BuildExpr(c->first));
        for (auto* x : static_cast<P::ElementsTailContext*>(c->tail)->expr()) {
          e->operands.push_back(BuildExpr(x));
        }
      }
      return e;
    }
    default:
      failed_ = true;
      return NewExpr(ExprKind::kBool, range);
  }
}

ExprPtr AstBuilder::BuildCall(P::CallExprContext* ctx) {
  antlr4::Token* name = ctx->getStart();
  auto call = NewExpr(ExprKind::kCall, RangeOf(ctx));
  call->text = TextOf(name);
  call->name_range = RangeOf(name);
  if (ctx->first == nullptr) return call;  // f()
  P::CallTailContext* tail = ctx->tail;
  switch (AltOf(tail)) {
    case Alt::kGeneratorArgs: {
      auto* g = static_cast<P::GeneratorArgsContext*>(tail);
      auto e = NewExpr(ExprKind::kComprehension, Cover(RangeOf(ctx->first), RangeOf(g)));
      e->bracketed = false;
      e->variable = {std::string(TextOf(g->IDENT()->getSymbol())), RangeOf(g->IDENT())};
      e->has_filter = g->WHERE() != nullptr;
      e->operands.push_back(BuildExpr(ctx->first));
      for (auto* x : g->expr())
        e->operands.push_back(BuildExpr(x));
      call->operands.push_back(std::move(e));
      break;
    }
    case Alt::kWindowArgs: {
      auto* w = static_cast<P::WindowArgsContext*>(tail);
      auto e = NewExpr(ExprKind::kWindow, Cover(RangeOf(ctx->first), RangeOf(w)));
      e->operands.push_back(BuildExpr(ctx->first));
      auto* window = w->window();
      e->window_range = RangeOf(window);
      if (window->NUMBER()) e->window_count = TextOf(window->NUMBER()->getSymbol());
      e->window_unit = TextOf(window->IDENT()->getSymbol());
      call->operands.push_back(std::move(e));
      break;
    }
    case Alt::kPlainArgs: {
      auto* p = static_cast<P::PlainArgsContext*>(tail);
      call->operands.push_back(BuildExpr(ctx->first));
      for (auto* x : p->expr())
        call->operands.push_back(BuildExpr(x));
      break;
    }
    default:
      break;
  }
  return call;
}

}  // namespace gridlaw::parse
