#include "parse/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "GridlawLexer.h"
#include "GridlawParser.h"
#include "antlr4-runtime.h"
#include "parse/build_ast.h"
#include "parse/char_stream.h"
#include "parse/token_positions.h"
#include "parse/token_stream.h"

namespace gridlaw {
namespace {

using gridlaw_antlr::GridlawLexer;
using gridlaw_antlr::GridlawParser;

// Thrown out of the generated parser to stop it; caught in ParsePolicy.
struct StopParsing {
  Code code;
  SourceRange range;
  std::string message;
};

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t cp = 0;
    if (c == 0) {
      *bad_offset = i;
      return false;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0)
      length = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
      length = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
      length = 4, cp = c & 0x07;
    else {
      *bad_offset = i;
      return false;
    }
    if (i + length > text.size()) {
      *bad_offset = i;
      return false;
    }
    for (size_t k = 1; k < length; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) {
        *bad_offset = i;
        return false;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong =
        (length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *bad_offset = i;
      return false;
    }
    i += length;
  }
  return true;
}

std::string DescribeToken(const antlr4::Token* token, const antlr4::dfa::Vocabulary& vocabulary) {
  if (token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 40) {
    size_t cut = 37;  // on a character boundary, never inside a UTF-8 sequence
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;
    text = text.substr(0, cut) + "...";
  }
  switch (token->getType()) {
    case GridlawParser::IDENT:
      return fmt::format("name '{}'", text);
    case GridlawParser::NUMBER:
      return fmt::format("number {}", text);
    case GridlawParser::STRING:
      return fmt::format("string {}", text);
    case GridlawParser::DATE:
      return fmt::format("date {}", text);
    case GridlawParser::DATETIME:
      return fmt::format("date-time {}", text);
    case GridlawParser::VERSION:
      return fmt::format("version {}", text);
    default:
      break;
  }
  (void)vocabulary;
  return fmt::format("'{}'", text);
}

std::string DescribeTokenType(size_t type, const antlr4::dfa::Vocabulary& vocabulary) {
  switch (type) {
    case antlr4::Token::EOF:
      return "end of file";
    case GridlawParser::IDENT:
      return "a name";
    case GridlawParser::NUMBER:
      return "a number";
    case GridlawParser::STRING:
      return "a string";
    case GridlawParser::DATE:
      return "a date";
    case GridlawParser::DATETIME:
      return "a date-time";
    case GridlawParser::VERSION:
      return "a version";
    default:
      return vocabulary.getLiteralName(type);  // quoted: 'rule'
  }
}

// What the parser wanted, in words: the tokens themselves when few, else the
// kinds of construct that can start there.
std::string DescribeExpected(const std::vector<size_t>& expected,
                             const antlr4::dfa::Vocabulary& vocabulary) {
  auto has = [&](size_t type) {
    return std::find(expected.begin(), expected.end(), type) != expected.end();
  };
  std::vector<std::string> names;
  for (size_t type : expected) {
    if (type == GridlawLexer::UNEXPECTED_CHAR || type == GridlawLexer::UNTERMINATED_STRING)
      continue;
    names.push_back(DescribeTokenType(type, vocabulary));
  }
  if (names.empty()) return {};
  if (names.size() <= 6) {
    return names.size() == 1 ? names[0] : fmt::format("one of {}", fmt::join(names, ", "));
  }
  std::vector<std::string> kinds;
  if (has(GridlawParser::STAR) || has(GridlawParser::AND)) kinds.push_back("an operator");
  if (has(GridlawParser::NUMBER) && has(GridlawParser::LPAREN)) kinds.push_back("an expression");
  if (has(GridlawParser::REQUIRE))
    kinds.push_back("a rule clause (title, severity, cite, when, let, require, warn)");
  if (has(GridlawParser::RULE))
    kinds.push_back("a declaration (rule, param, let, extends, import)");
  if (has(GridlawParser::SCHEMA))
    kinds.push_back(
        "a header field (title, description, jurisdiction, effective, schema, indeterminate)");
  if (has(GridlawParser::RBRACE)) kinds.push_back("'}'");
  if (has(antlr4::Token::EOF)) kinds.push_back("end of file");
  if (kinds.empty()) return fmt::format("one of {}", fmt::join(names, ", "));
  if (kinds.size() == 1) return kinds[0];
  const std::string last = kinds.back();
  kinds.pop_back();
  return fmt::format("{} or {}", fmt::join(kinds, ", "), last);
}

// The last token on the default channel before `token`.
antlr4::Token* LastDefaultToken(antlr4::Parser* parser, antlr4::Token* token) {
  auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(parser->getTokenStream());
  if (stream == nullptr) return nullptr;
  for (size_t i = token->getTokenIndex(); i-- > 0;) {
    antlr4::Token* t = stream->get(i);
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return t;
  }
  return nullptr;
}

// The innermost '{' still open before `token`, if any.
antlr4::Token* UnclosedBrace(antlr4::Parser* parser, antlr4::Token* token) {
  auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(parser->getTokenStream());
  if (stream == nullptr) return nullptr;
  std::vector<antlr4::Token*> open;
  for (size_t i = 0; i < token->getTokenIndex(); ++i) {
    antlr4::Token* t = stream->get(i);
    if (t->getType() == GridlawParser::LBRACE) open.push_back(t);
    if (t->getType() == GridlawParser::RBRACE && !open.empty()) open.pop_back();
  }
  return open.empty() ? nullptr : open.back();
}

// Collects syntax errors as diagnostics with their own wording and stops
// the parse after the limit.
class ErrorCollector : public antlr4::BaseErrorListener {
 public:
  ErrorCollector(const parse::TokenPositions& positions, Diagnostics& diagnostics, int limit)
      : positions_(positions), diagnostics_(diagnostics), limit_(limit) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr error) override {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || offending == nullptr) return;
    // Characters the lexer could not make into a token were reported already.
    if (offending->getType() == GridlawLexer::UNEXPECTED_CHAR ||
        offending->getType() == GridlawLexer::UNTERMINATED_STRING) {
      return;
    }
    // Report each offending token once, however often recovery trips on it.
    if (!reported_tokens_.insert(offending->getTokenIndex()).second) return;
    const auto& vocabulary = parser->getVocabulary();
    std::string message = "unexpected " + DescribeToken(offending, vocabulary);
    std::vector<size_t> expected;
    antlr4::misc::IntervalSet expected_set = parser->getExpectedTokens();
    if (expected_set.isEmpty() && error) {
      // Inside a failed prediction the parser's state has no follow set; the
      // exception still knows what its state expected.
      try {
        std::rethrow_exception(error);
      } catch (const antlr4::RecognitionException& e) {
        expected_set = e.getExpectedTokens();
      } catch (...) {
      }
    }
    for (ssize_t type : expected_set.toList()) {
      expected.push_back(type < 0 ? antlr4::Token::EOF : static_cast<size_t>(type));
    }
    const std::string wanted = DescribeExpected(expected, vocabulary);
    if (!wanted.empty()) message += "; expected " + wanted;
    SourceRange range = positions_.Span(offending->getStartIndex(), offending->getStopIndex());
    if (offending->getType() == antlr4::Token::EOF) {
      // Point just after the last token rather than at an empty last line.
      antlr4::Token* last = LastDefaultToken(parser, offending);
      if (last != nullptr) {
        const Location end = positions_.At(last->getStopIndex() + 1);
        range = {end, end};
      }
    }
    Diagnostic* d = Add(Code::kSyntax, range, std::move(message));
    // Name the unclosed '{' only where a missing '}' is the likely cause: at
    // the end of the text, or where a new declaration starts.
    const size_t type = offending->getType();
    const bool block_boundary = type == antlr4::Token::EOF || type == GridlawParser::RULE ||
                                type == GridlawParser::PARAM || type == GridlawParser::LET ||
                                type == GridlawParser::EXTENDS || type == GridlawParser::IMPORT ||
                                type == GridlawParser::POLICY;
    if (d != nullptr && block_boundary &&
        std::find(expected.begin(), expected.end(), GridlawParser::RBRACE) != expected.end()) {
      if (antlr4::Token* open = UnclosedBrace(parser, offending)) {
        d->notes.push_back({positions_.Span(open->getStartIndex(), open->getStopIndex()),
                            "this '{' is not closed"});
      }
    }
  }

  Diagnostic* Add(Code code, SourceRange range, std::string message) {
    if (count_ >= limit_) {
      throw StopParsing{Code::kTooManyErrors, range,
                        fmt::format("too many syntax errors; gave up after {}", limit_)};
    }
    ++count_;
    return &diagnostics_.Error(code, range, std::move(message));
  }

  int count() const { return count_; }

 private:
  const parse::TokenPositions& positions_;
  Diagnostics& diagnostics_;
  int limit_;
  int count_ = 0;
  std::set<size_t> reported_tokens_;
};

// Bounds the stack the generated recursive-descent parser may use, so that
// hostile nesting ends in a diagnostic instead of a stack overflow. It
// measures the stack itself rather than counting rule invocations, because
// ANTLR enters a rule context for every operator of a left-recursive chain
// (`a and b and c …`) without recursing.
class StackGuard {
 public:
  StackGuard(const parse::TokenPositions& positions, size_t budget_bytes, int depth_limit)
      : positions_(positions), budget_(budget_bytes), depth_limit_(depth_limit) {
    char marker = 0;
    base_ = reinterpret_cast<uintptr_t>(&marker);
  }

  // Called as each rule context is entered.
  void Check(antlr4::ParserRuleContext* ctx) const {
    char marker = 0;
    const uintptr_t here = reinterpret_cast<uintptr_t>(&marker);
    const size_t used = base_ > here ? base_ - here : here - base_;
    if (used > budget_) {
      const antlr4::Token* start = ctx->getStart();
      throw StopParsing{
          Code::kNestingTooDeep, positions_.Span(start->getStartIndex(), start->getStopIndex()),
          fmt::format("expression nested deeper than the limit of {} levels", depth_limit_)};
    }
  }

 private:
  const parse::TokenPositions& positions_;
  size_t budget_;
  int depth_limit_;
  uintptr_t base_ = 0;
};

// The generated parser, with the StackGuard checked wherever the runtime
// enters a rule context: the same points at which it tells parse listeners,
// without a listener (whose presence makes the runtime call it back for every
// token and every rule exit as well). It also sizes each context's children
// up front.
class GuardedParser : public GridlawParser {
 public:
  GuardedParser(antlr4::TokenStream* input, const StackGuard& guard)
      : GridlawParser(input), guard_(guard) {}

  void enterRule(antlr4::ParserRuleContext* localctx, size_t state, size_t rule_index) override {
    GridlawParser::enterRule(localctx, state, rule_index);
    guard_.Check(localctx);
  }
  void enterRecursionRule(antlr4::ParserRuleContext* localctx, size_t state, size_t rule_index,
                          int precedence) override {
    GridlawParser::enterRecursionRule(localctx, state, rule_index, precedence);
    guard_.Check(localctx);
  }
  void pushNewRecursionContext(antlr4::ParserRuleContext* localctx, size_t state,
                               size_t rule_index) override {
    ReserveChildren(localctx);  // left operand, operator, right operand
    GridlawParser::pushNewRecursionContext(localctx, state, rule_index);
    guard_.Check(localctx);
  }
  // Every other context with children starts here, in its final (labeled) form.
  void enterOuterAlt(antlr4::ParserRuleContext* localctx, size_t alt) override {
    ReserveChildren(localctx);
    GridlawParser::enterOuterAlt(localctx, alt);
  }

 private:
  // Room for the children most contexts have (an operator's three, a
  // clause's two), in one allocation: added one at a time, they would grow
  // the vector 1, 2, 4 with a copy and a free each time. Three pointers
  // still fit glibc's smallest chunk, the one a single child takes anyway;
  // reserving four measured slower (more heap, more consolidation).
  static void ReserveChildren(antlr4::ParserRuleContext* ctx) {
    if (ctx->children.empty()) ctx->children.reserve(3);
  }

  const StackGuard& guard_;
};

}  // namespace

std::unique_ptr<ast::Policy> ParsePolicy(const SourceFile& source, Diagnostics& diagnostics,
                                         const ParseLimits& limits) {
  const std::string& text = source.text();
  if (text.size() > limits.max_source_bytes) {
    diagnostics.Error(Code::kSourceTooLarge,
                      SourceRange{source.LocationAt(0), source.LocationAt(0)},
                      fmt::format("policy text is {} bytes; the limit is {}", text.size(),
                                  limits.max_source_bytes));
    return nullptr;
  }
  if (text.starts_with("\xEF\xBB\xBF")) {
    const Location at = source.LocationAt(0);
    diagnostics.Error(Code::kInvalidEncoding, SourceRange{at, at},
                      "byte-order mark at the start: save the policy as UTF-8 without one");
    return nullptr;
  }
  size_t bad_offset = 0;
  if (!IsValidUtf8(text, &bad_offset)) {
    const Location at = source.LocationAt(static_cast<uint32_t>(bad_offset));
    const auto byte = static_cast<unsigned char>(text[bad_offset]);
    diagnostics.Error(Code::kInvalidEncoding, SourceRange{at, at},
                      byte == 0 ? std::string("NUL byte in policy text")
                                : fmt::format("invalid UTF-8 (byte 0x{:02X})", byte));
    return nullptr;
  }

  parse::TokenPositions positions(source);
  parse::PolicyCharStream input(text);  // valid UTF-8, checked above
  GridlawLexer lexer(&input);
  lexer.removeErrorListeners();
  // A policy averages more than four bytes a token (words, spaces, operators).
  parse::PolicyTokenStream tokens(&lexer, text.size() / 4 + 16);
  StackGuard stack_guard(positions, limits.max_parser_stack_bytes, limits.max_expression_depth);
  GuardedParser parser(&tokens, stack_guard);
  parser.removeErrorListeners();
  ErrorCollector errors(positions, diagnostics, limits.max_syntax_errors);
  parser.addErrorListener(&errors);

  std::vector<ast::Comment> comments;
  try {
    tokens.FillAll();
    const std::vector<antlr4::Token*> all_tokens = tokens.getTokens();  // a copy: take it once
    for (antlr4::Token* token : all_tokens) {
      auto range_of = [&] { return positions.Span(token->getStartIndex(), token->getStopIndex()); };
      switch (token->getType()) {
        case GridlawLexer::UNEXPECTED_CHAR:
          errors.Add(Code::kUnexpectedCharacter, range_of(),
                     fmt::format("unexpected character '{}'", token->getText()));
          break;
        case GridlawLexer::UNTERMINATED_STRING:
          errors.Add(Code::kUnterminatedString, range_of(),
                     "string is not closed before the end of the line");
          break;
        case GridlawLexer::COMMENT:
          comments.push_back({token->getText(), range_of()});
          break;
        default:
          break;
      }
    }
    // Bracket nesting beyond the limit is refused before parsing: the
    // parser's prediction would otherwise read ahead across every level.
    int depth = 0;
    for (antlr4::Token* token : all_tokens) {
      const size_t type = token->getType();
      if (type == GridlawLexer::LPAREN || type == GridlawLexer::LBRACK) {
        if (++depth > limits.max_expression_depth) {
          errors.Add(Code::kNestingTooDeep,
                     positions.Span(token->getStartIndex(), token->getStopIndex()),
                     fmt::format("expression nested deeper than the limit of {} levels",
                                 limits.max_expression_depth));
          return nullptr;
        }
      } else if (type == GridlawLexer::RPAREN || type == GridlawLexer::RBRACK) {
        depth = std::max(depth - 1, 0);
      }
    }
    // Two-stage parse: the fast SLL prediction with no error recovery first;
    // only text that fails it is parsed again with full LL prediction, which
    // also gives the precise error messages.
    GridlawParser::PolicyFileContext* tree = nullptr;
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    parser.removeErrorListeners();
    try {
      tree = parser.policyFile();
    } catch (const antlr4::ParseCancellationException&) {
      tokens.seek(0);
      parser.reset();
      parser.addErrorListener(&errors);
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      tree = parser.policyFile();
    }
    if (errors.count() > 0 || parser.getNumberOfSyntaxErrors() > 0) return nullptr;
    parse::AstBuilder builder(positions, diagnostics, limits);
    auto policy = builder.Build(tree);
    if (policy) policy->comments = std::move(comments);
    return policy;
  } catch (const StopParsing& stop) {
    diagnostics.Error(stop.code, stop.range, stop.message);
    return nullptr;
  }
}

}  // namespace gridlaw
