#include "format/formatter.h"

#include <fmt/format.h>

namespace gridlaw {
namespace {

using ast::Expr;
using ast::ExprKind;

void Print(std::string& out, const Expr& e);

void PrintGenerator(std::string& out, const Expr& e) {
  Print(out, *e.operands[0]);
  out += " for " + e.variable.name + " in ";
  Print(out, *e.operands[1]);
  if (e.has_filter) {
    out += " where ";
    Print(out, *e.operands[2]);
  }
}

void PrintInner(std::string& out, const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNumber:
      out += e.text;
      if (!e.unit.empty()) out += " " + e.unit;
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
      Print(out, *e.operands[0]);
      out += "." + e.text;
      return;
    case ExprKind::kUnary:
      out += e.unary_op == ast::UnaryOp::kNot ? "not " : "-";
      Print(out, *e.operands[0]);
      return;
    case ExprKind::kBinary:
      Print(out, *e.operands[0]);
      out += fmt::format(" {} ", ast::Spelling(e.binary_op));
      Print(out, *e.operands[1]);
      return;
    case ExprKind::kIf:
      out += "if ";
      Print(out, *e.operands[0]);
      out += " then ";
      Print(out, *e.operands[1]);
      out += " else ";
      Print(out, *e.operands[2]);
      return;
    case ExprKind::kQuantifier:
      out += e.quantifier == ast::QuantifierKind::kAll ? "all " : "any ";
      out += e.variable.name + " in ";
      Print(out, *e.operands[1]);
      if (e.has_filter) {
        out += " where ";
        Print(out, *e.operands[2]);
      }
      out += ": ";
      Print(out, *e.operands[0]);
      return;
    case ExprKind::kList:
      out += "[";
      for (size_t i = 0; i < e.operands.size(); ++i) {
        if (i > 0) out += ", ";
        Print(out, *e.operands[i]);
      }
      out += "]";
      return;
    case ExprKind::kComprehension:
      if (e.bracketed) out += "[";
      PrintGenerator(out, e);
      if (e.bracketed) out += "]";
      return;
    case ExprKind::kCall:
      out += e.text + "(";
      for (size_t i = 0; i < e.operands.size(); ++i) {
        if (i > 0) out += ", ";
        Print(out, *e.operands[i]);
      }
      out += ")";
      return;
    case ExprKind::kWindow:
      Print(out, *e.operands[0]);
      out += " over ";
      if (!e.window_count.empty()) out += e.window_count + " ";
      out += e.window_unit;
      return;
  }
}

void Print(std::string& out, const Expr& e) {
  if (e.parenthesized) out += "(";
  PrintInner(out, e);
  if (e.parenthesized) out += ")";
}

// Emits lines and interleaves the comments of the source by position.
class Layout {
 public:
  explicit Layout(const std::vector<ast::Comment>& comments) : comments_(comments) {}

  // One line for a construct spanning `range` in the source. Comments before
  // the construct's end come first; a comment on its last line follows it.
  void Line(int indent, const std::string& text, const SourceRange& range,
            bool force_blank = false) {
    EmitCommentsBefore(range.end.offset, indent, range.begin.line, force_blank);
    StartLine(range.begin.line, force_blank && !emitted_forced_);
    out_ += std::string(2 * indent, ' ') + text;
    last_source_line_ = range.end.line;
    if (next_ < comments_.size() && comments_[next_].range.begin.line == range.end.line &&
        comments_[next_].range.begin.offset >= range.end.offset) {
      out_ += "  " + comments_[next_].text;
      ++next_;
    }
    out_ += "\n";
    after_open_ = !text.empty() && text.back() == '{';
    emitted_forced_ = false;
  }

  // The closing brace of a block: comments before it stay inside the block.
  void Close(int indent, const SourceRange& range) {
    EmitCommentsBefore(range.begin.offset, indent + 1, range.begin.line, false);
    out_ += std::string(2 * indent, ' ') + "}";
    last_source_line_ = range.end.line;
    if (next_ < comments_.size() && comments_[next_].range.begin.line == range.end.line) {
      out_ += "  " + comments_[next_].text;
      ++next_;
    }
    out_ += "\n";
    after_open_ = false;
  }

  std::string Finish() {
    EmitCommentsBefore(UINT32_MAX, 0, UINT32_MAX, false);
    return std::move(out_);
  }

 private:
  void EmitCommentsBefore(uint32_t offset, int indent, uint32_t construct_line, bool force_blank) {
    emitted_forced_ = false;
    while (next_ < comments_.size() && comments_[next_].range.begin.offset < offset) {
      const ast::Comment& c = comments_[next_++];
      StartLine(c.range.begin.line, force_blank && !emitted_forced_);
      if (force_blank) emitted_forced_ = true;
      out_ += std::string(2 * indent, ' ') + c.text + "\n";
      last_source_line_ = c.range.end.line;
      after_open_ = false;
    }
    (void)construct_line;
  }

  // Puts a blank line before a line that starts at `source_line` when forced
  // or when the source had one, never at the start or right after `{`.
  void StartLine(uint32_t source_line, bool force_blank) {
    if (out_.empty() || after_open_) return;
    if (force_blank || source_line > last_source_line_ + 1) out_ += "\n";
  }

  const std::vector<ast::Comment>& comments_;
  size_t next_ = 0;
  std::string out_;
  uint32_t last_source_line_ = 0;
  bool after_open_ = false;
  bool emitted_forced_ = false;
};

std::string ItemText(const ast::Item& item) {
  switch (item.kind) {
    case ast::ItemKind::kExtends:
    case ast::ItemKind::kImport: {
      std::string text = item.kind == ast::ItemKind::kExtends ? "extends " : "import ";
      text += item.module.text;
      if (!item.constraint.empty()) text += " " + item.constraint;
      if (item.alias) text += " as " + item.alias->name;
      return text;
    }
    case ast::ItemKind::kParam: {
      std::string text = "param " + item.name.name + " = " + FormatExpr(*item.value);
      for (size_t i = 0; i < item.steps.size(); ++i) {
        if (i > 0) text += ", " + FormatExpr(*item.steps[i].value);
        text += " from " + item.steps[i].from;
      }
      return text;
    }
    case ast::ItemKind::kLet:
      return "let " + item.name.name + " = " + FormatExpr(*item.value);
    case ast::ItemKind::kRule:
      return "rule " + item.rule->id.text + " {";
    case ast::ItemKind::kOverrideRule:
      return "override rule " + item.rule->id.text + " because \"" + item.reason.raw + "\" {";
    case ast::ItemKind::kDisableRule:
      return "disable rule " + item.target.text + " because \"" + item.reason.raw + "\"";
  }
  return {};
}

std::string ClauseText(const ast::Clause& clause) {
  const std::string keyword = ast::Keyword(clause.kind);
  switch (clause.kind) {
    case ast::ClauseKind::kTitle:
    case ast::ClauseKind::kDescription:
    case ast::ClauseKind::kCite:
      return keyword + " \"" + clause.text.raw + "\"";
    case ast::ClauseKind::kSeverity:
      return keyword + " " + clause.text.value;
    case ast::ClauseKind::kLet:
      return keyword + " " + clause.name.name + " = " + FormatExpr(*clause.expr);
    default:
      return keyword + " " + FormatExpr(*clause.expr);
  }
}

}  // namespace

std::string FormatExpr(const Expr& expr) {
  std::string out;
  Print(out, expr);
  return out;
}

std::string FormatPolicy(const ast::Policy& policy) {
  Layout layout(policy.comments);
  const ast::Header& h = policy.header;
  layout.Line(0, fmt::format("policy {} version {} {{", h.id.text, h.version), h.open_range);
  for (const auto& field : h.fields)
    layout.Line(1, field.canonical, field.range);
  layout.Close(0, h.close_range);
  bool first = true;
  for (const auto& item : policy.items) {
    const bool is_rule =
        item.kind == ast::ItemKind::kRule || item.kind == ast::ItemKind::kOverrideRule;
    if (!is_rule) {
      layout.Line(0, ItemText(item), item.range, first);
    } else {
      const ast::Rule& rule = *item.rule;
      const SourceRange open{item.range.begin, item.kind == ast::ItemKind::kOverrideRule
                                                   ? item.reason.range.end
                                                   : rule.id.range.end};
      layout.Line(0, ItemText(item), open, true);
      for (const auto& clause : rule.clauses)
        layout.Line(1, ClauseText(clause), clause.range);
      layout.Close(0, rule.close_range);
    }
    first = false;
  }
  return layout.Finish();
}

}  // namespace gridlaw
