// The gridlaw policy language.
//
// Code is generated from this file into the build tree at build time; only
// engine/parse/ includes the generated classes and turns the parse tree into
// gridlaw's own AST (engine/ast/). SPEC.md explains every construct.
grammar Gridlaw;

// UNIT is made by hand in nextToken() below, not by a lexer rule. ANTLR
// 4.7 puts a token without a rule in the parser's vocabulary only.
tokens { UNIT }

@lexer::header {
#include <cstddef>
#include <memory>
#include <vector>

#include "GridlawParser.h"
}

@lexer::members {
// A unit written after a number may join factors with '/' and '*' and carry
// exponents, all without spaces (`0.4 J/token`, `1 m^2`): it is one UNIT
// token. Anywhere else the same characters are separate tokens (`a/b`
// divides). That depends on the previous token, which a lexer rule can only
// ask through a semantic predicate, and a predicate on every word stops the
// lexer from caching its DFA (compiling a large policy then costs seconds).
// So the lexer remembers the last token on the default channel, and after a
// NUMBER it scans a compound unit itself; the rules below never see one.
size_t last_type_ = 0;

// Memory for the tokens scanned below, taken in blocks and freed with the
// lexer: a policy has tens of thousands of tokens, and a malloc and a free
// for each were a fifth of lexing.
class ScannedTokenBlocks {
 public:
  void* Allocate(size_t size) {
    constexpr size_t kAlign = alignof(std::max_align_t);
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (blocks_.empty() || used_ + size > kBlockBytes) {
      blocks_.emplace_back(new char[kBlockBytes]);  // aligned for any type
      used_ = 0;
    }
    void* at = blocks_.back().get() + used_;
    used_ += size;
    return at;
  }

 private:
  // Below the 64 KiB at which glibc's free() consolidates its free lists.
  static constexpr size_t kBlockBytes = 16 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0;
};

// A CommonToken in ScannedTokenBlocks. The token stream still deletes every
// token through its unique_ptr: that runs the destructor, and this class's
// operator delete leaves the memory to the blocks. So the lexer must outlive
// the token stream and every token (engine/parse declares it first).
class ScannedToken : public antlr4::CommonToken {
 public:
  using antlr4::CommonToken::CommonToken;
  static void* operator new(size_t size, ScannedTokenBlocks& blocks) {
    return blocks.Allocate(size);
  }
  static void operator delete(void*) noexcept {}
  static void operator delete(void*, ScannedTokenBlocks&) noexcept {}  // constructor threw
};
ScannedTokenBlocks scanned_tokens_;

std::unique_ptr<antlr4::Token> nextToken() override {
  // Words and white space are most of a policy's characters. The DFA walk
  // costs a locked hash lookup per character; both are scanned here instead,
  // with the same result: no other rule starts with their characters, so
  // longest match takes the whole run, and a word that spells a keyword is
  // the keyword (keyword rules come before IDENT). White space is skipped
  // (the WS rule below): nothing reads it, and as tokens it was half of all
  // tokens the stream and parser stepped over.
  auto* simulator = static_cast<antlr4::atn::LexerATNSimulator*>(_interpreter);
  size_t column = simulator->getCharPositionInLine();
  for (size_t c = _input->LA(1); c == ' ' || c == '\t' || c == '\r' || c == '\n';
       c = _input->LA(1)) {
    // Counted as simulator->consume() counts: '\n' starts a line at column 0.
    if (c == '\n') {
      simulator->setLine(simulator->getLine() + 1);
      column = 0;
    } else {
      ++column;
    }
    _input->consume();
  }
  simulator->setCharPositionInLine(column);
  if (last_type_ == NUMBER) {
    const size_t unit_length = CompoundUnitLength();
    if (unit_length > 0) return EmitUnit(unit_length);
  }
  const size_t c = _input->LA(1);
  // Operators and punctuation are a third of a policy's tokens; each is its
  // own rule, and no other rule starts with its first character, so the
  // longest match is found by looking one character further.
  if (const size_t length = OperatorLength(c); length > 0) {
    return EmitScanned(OperatorType(c, length), antlr4::Token::DEFAULT_CHANNEL, length);
  }
  if (const size_t length = PlainNumberLength(c); length > 0) {
    return EmitScanned(NUMBER, antlr4::Token::DEFAULT_CHANNEL, length);
  }
  if (IsIdentStart(c)) {
    char word[16];  // longer than every keyword
    size_t length = 0;
    bool ascii = true;
    for (size_t d = c; IsIdentPart(d); d = _input->LA(1 + length)) {
      if (length < sizeof word) word[length] = static_cast<char>(d);
      ascii = ascii && d < 0x80;
      ++length;
    }
    size_t word_type = IDENT;
    if (ascii && length < sizeof word) word_type = KeywordType(std::string(word, length));
    return EmitScanned(word_type, antlr4::Token::DEFAULT_CHANNEL, length);
  }
  std::unique_ptr<antlr4::Token> next = antlr4::Lexer::nextToken();
  if (next->getChannel() == antlr4::Token::DEFAULT_CHANNEL) last_type_ = next->getType();
  return next;
}

// The keyword rule that matches `word` exactly, else IDENT. Keywords are read
// from the vocabulary ('policy', 'version', ...) so that the list is the grammar's.
size_t KeywordType(const std::string& word) const {
  static const std::unordered_map<std::string, size_t> keywords = [this] {
    std::unordered_map<std::string, size_t> map;
    const antlr4::dfa::Vocabulary& vocabulary = getVocabulary();
    for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
      const std::string literal = vocabulary.getLiteralName(type);
      if (literal.size() < 3 || literal.front() != '\'' ||
          !IsIdentStart(static_cast<unsigned char>(literal[1]))) {
        continue;
      }
      map.emplace(literal.substr(1, literal.size() - 2), type);
    }
    return map;
  }();
  const auto found = keywords.find(word);
  return found == keywords.end() ? IDENT : found->second;
}

// The length of the operator or punctuation token that starts with `c`, 1
// or 2 ('<=', '>=', '==', '!='), or 0 when `c` starts none. A lone '!' is
// no token of its own: the rules below make it UNEXPECTED_CHAR.
size_t OperatorLength(size_t c) {
  switch (c) {
    case '<':
    case '>':
    case '=':
      return _input->LA(2) == '=' ? 2 : 1;
    case '!':
      return _input->LA(2) == '=' ? 2 : 0;
    case '+': case '-': case '*': case '/': case '^': case '~': case '%':
    case '.': case ',': case ':': case '(': case ')': case '[': case ']':
    case '{': case '}':
      return 1;
    default:
      return 0;
  }
}

// The type of the operator token of `length` characters starting with `c`.
static size_t OperatorType(size_t c, size_t length) {
  switch (c) {
    case '<': return length == 2 ? LE : LT;
    case '>': return length == 2 ? GE : GT;
    case '=': return length == 2 ? EQ : ASSIGN;
    case '!': return NE;
    case '+': return PLUS;
    case '-': return MINUS;
    case '*': return STAR;
    case '/': return SLASH;
    case '^': return CARET;
    case '~': return TILDE;
    case '%': return PERCENT;
    case '.': return DOT;
    case ',': return COMMA;
    case ':': return COLON;
    case '(': return LPAREN;
    case ')': return RPAREN;
    case '[': return LBRACK;
    case ']': return RBRACK;
    case '{': return LBRACE;
    default: return RBRACE;
  }
}

// The length of the number at LA(1) when it is plainly a NUMBER
// (`24`, `0.5`), else 0. Digits start NUMBER, DATE, DATETIME and VERSION
// alike; after `digits` or `digits.digits`, only '.', '-', 'e' or 'E' could
// continue any of them, so when none follows, NUMBER is the longest match
// and it ends here. Anything else is left to the rules below.
size_t PlainNumberLength(size_t c) {
  auto digit = [](size_t d) { return d >= '0' && d <= '9'; };
  if (!digit(c)) return 0;
  size_t length = 1;
  while (digit(_input->LA(1 + length))) ++length;
  if (_input->LA(1 + length) == '.' && digit(_input->LA(2 + length))) {
    length += 2;
    while (digit(_input->LA(1 + length))) ++length;
  }
  const size_t next = _input->LA(1 + length);
  return next == '.' || next == '-' || next == 'e' || next == 'E' ? 0 : length;
}

// Line and column as the simulator counts them. Lexer's own versions ask
// for the simulator with a dynamic_cast, and every new token calls both.
size_t getLine() const override {
  return static_cast<const antlr4::atn::LexerATNSimulator*>(_interpreter)->getLine();
}
size_t getCharPositionInLine() override {
  return static_cast<antlr4::atn::LexerATNSimulator*>(_interpreter)->getCharPositionInLine();
}

static bool IsIdentStart(size_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == 0xB5 || c == 0x3BC;
}
static bool IsIdentPart(size_t c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
static bool IsExponentChar(size_t c) {
  return IsIdentPart(c) || c == '-' || c == '+' || c == '.';
}

// The length of `(word | '%') ('^' [-+.0-9a-zA-Z_]+)?` at LA(from), or 0.
// The exponent takes any word characters so that `m^x` reaches the unit
// parser whole and is reported there (E0504).
size_t UnitAtomLength(size_t from) {
  size_t at = from;
  if (IsIdentStart(_input->LA(at))) {
    while (IsIdentPart(_input->LA(at))) ++at;
  } else if (_input->LA(at) == '%') {
    ++at;
  } else {
    return 0;
  }
  if (_input->LA(at) == '^' && IsExponentChar(_input->LA(at + 1))) {
    ++at;
    while (IsExponentChar(_input->LA(at))) ++at;
  }
  return at - from;
}

// The length of `atom (('/' | '*') atom)*` here when it is longer than the
// word or '%' the grammar's rules would match (a plain `kWh` stays an IDENT,
// `%` a PERCENT, as longest-match would decide); otherwise 0.
size_t CompoundUnitLength() {
  size_t plain = 0;
  if (IsIdentStart(_input->LA(1))) {
    while (IsIdentPart(_input->LA(1 + plain))) ++plain;
  } else if (_input->LA(1) == '%') {
    plain = 1;
  } else {
    return 0;
  }
  size_t length = UnitAtomLength(1);
  while (_input->LA(1 + length) == '/' || _input->LA(1 + length) == '*') {
    const size_t atom = UnitAtomLength(2 + length);
    if (atom == 0) break;
    length += 1 + atom;
  }
  return length > plain ? length : 0;
}

std::unique_ptr<antlr4::Token> EmitUnit(size_t length) {
  return EmitScanned(GridlawParser::UNIT, antlr4::Token::DEFAULT_CHANNEL, length);
}

// Emits the next `length` characters as one token of `token_type`, as
// antlr4::Lexer::nextToken() would have.
std::unique_ptr<antlr4::Token> EmitScanned(size_t token_type, size_t token_channel,
                                           size_t length) {
  // The generated constructor made _interpreter a LexerATNSimulator;
  // getInterpreter<>() would check that with a dynamic_cast per token.
  auto* simulator = static_cast<antlr4::atn::LexerATNSimulator*>(_interpreter);
  tokenStartCharIndex = _input->index();
  tokenStartLine = simulator->getLine();
  tokenStartCharPositionInLine = simulator->getCharPositionInLine();
  _text.clear();
  channel = token_channel;
  type = token_type;
  // A scanned token holds no '\n': only the column moves. (simulator->consume()
  // would read each character again to check.)
  for (size_t i = 0; i < length; ++i) _input->consume();
  simulator->setCharPositionInLine(tokenStartCharPositionInLine + length);
  // The token emit() would have the default CommonTokenFactory make (no
  // text of its own: getText() reads the input), made without its detour
  // through a std::string compare.
  std::unique_ptr<antlr4::CommonToken> scanned(new (scanned_tokens_) ScannedToken(
      std::pair<antlr4::TokenSource*, antlr4::CharStream*>(this, _input), token_type,
      token_channel, tokenStartCharIndex, _input->index() - 1));
  scanned->setLine(tokenStartLine);
  scanned->setCharPositionInLine(tokenStartCharPositionInLine);
  emit(std::move(scanned));
  if (token_channel == antlr4::Token::DEFAULT_CHANNEL) last_type_ = token_type;
  return std::move(token);
}
}

// ---------------------------------------------------------------- structure

policyFile
  : header item* EOF
  ;

header
  : POLICY dottedName VERSION_KW version LBRACE headerField* RBRACE
  ;

headerField
  : TITLE STRING                              # headerTitle
  | DESCRIPTION STRING                        # headerDescription
  | JURISDICTION STRING (COMMA STRING)*       # headerJurisdiction
  | EFFECTIVE DATE (TO DATE)?                 # headerEffective
  | SCHEMA schemaRef                          # headerSchema
  | INDETERMINATE verb=IDENT IDENT (COMMA IDENT)*  # headerIndeterminate
  ;

item
  : EXTENDS dottedName versionConstraint?                 # extendsItem
  | IMPORT dottedName versionConstraint? (AS IDENT)?      # importItem
  | PARAM IDENT ASSIGN expr paramSteps?                   # paramItem
  | LET IDENT ASSIGN expr                                 # letItem
  | RULE dottedName LBRACE ruleClause* RBRACE             # ruleItem
  | OVERRIDE RULE dottedName BECAUSE STRING LBRACE ruleClause* RBRACE  # overrideRuleItem
  | DISABLE RULE dottedName BECAUSE STRING                # disableRuleItem
  ;

// A date-dependent value: `param max_pue = 1.5 from 2027-07-01, 1.3 from 2030-07-01`.
// The first value's `from` follows the expression; no expression contains
// `from`, so one token of lookahead ends it.
paramSteps
  : FROM DATE (COMMA expr FROM DATE)*
  ;

ruleClause
  : TITLE STRING                  # clauseTitle
  | DESCRIPTION STRING            # clauseDescription
  | SEVERITY IDENT                # clauseSeverity
  | CITE STRING                   # clauseCite
  | WHEN expr                     # clauseWhen
  | LET IDENT ASSIGN expr         # clauseLet
  | REQUIRE expr                  # clauseRequire
  | WARN expr                     # clauseWarn
  ;

dottedName
  : IDENT (DOT name)*
  ;

// compute-facility/v1: words joined by '-' and one '/' version part.
schemaRef
  : IDENT (MINUS IDENT)* SLASH IDENT
  ;

version
  : VERSION | NUMBER
  ;

versionConstraint
  : op=(GE | GT | LE | LT | EQ | CARET | TILDE)? version
  ;

// ---------------------------------------------------------------- expressions

// Alternatives are listed from the tightest binding to the loosest.
// The labels are fields of the generated contexts: engine/parse reads an
// operand from them instead of searching the children by type.
expr
  : primary                                                       # primaryExpr
  | operand=expr DOT field=name                                   # fieldExpr
  | MINUS operand=expr                                            # negateExpr
  | lhs=expr op=(STAR | SLASH) rhs=expr                           # multiplyExpr
  | lhs=expr op=(PLUS | MINUS) rhs=expr                           # addExpr
  | lhs=expr op=(LT | LE | GT | GE | EQ | NE) rhs=expr            # compareExpr
  | lhs=expr negated=NOT? IN rhs=expr                             # inExpr
  | NOT operand=expr                                              # notExpr
  | lhs=expr AND rhs=expr                                         # andExpr
  | lhs=expr OR rhs=expr                                          # orExpr
  | IF expr THEN expr ELSE expr                                   # ifExpr
  | quantifier=(ALL | ANY) variable=IDENT IN domain=expr (WHERE filter=expr)? COLON body=expr # quantifierExpr
  ;

primary
  : NUMBER numberUnit=unit?                           # numberLiteral
  | STRING                                            # stringLiteral
  | (TRUE | FALSE)                                    # boolLiteral
  | DATE                                              # dateLiteral
  | DATETIME                                          # datetimeLiteral
  | IDENT                                             # nameRef
  | IDENT LPAREN (first=expr tail=callTail)? RPAREN   # callExpr
  | LPAREN inner=expr RPAREN                          # parenExpr
  | LBRACK (first=expr tail=listTail)? RBRACK         # listExpr
  ;

// What follows a call's first argument decides its form with one token of
// lookahead, so nested calls and lists parse in linear time.
callTail
  : FOR IDENT IN expr (WHERE expr)?   # generatorArgs
  | OVER window                       # windowArgs
  | (COMMA expr)*                     # plainArgs
  ;

listTail
  : FOR IDENT IN expr (WHERE expr)?   # comprehensionTail
  | (COMMA expr)*                     # elementsTail
  ;

// `over 12 months`, `over year`
window
  : NUMBER IDENT
  | IDENT
  ;

unit
  : IDENT | PERCENT | UNIT
  ;

// Field names after a dot may be keywords (`i.severity`, `p.title`).
name
  : IDENT | POLICY | VERSION_KW | TITLE | DESCRIPTION | JURISDICTION | EFFECTIVE
  | TO | SCHEMA | EXTENDS | IMPORT | AS | PARAM | LET | RULE | SEVERITY | CITE
  | WHEN | REQUIRE | WARN | OVER | FOR | WHERE | INDETERMINATE | OVERRIDE | DISABLE
  | BECAUSE | FROM
  ;

// ---------------------------------------------------------------- tokens

POLICY       : 'policy';
VERSION_KW   : 'version';
TITLE        : 'title';
DESCRIPTION  : 'description';
JURISDICTION : 'jurisdiction';
EFFECTIVE    : 'effective';
TO           : 'to';
SCHEMA       : 'schema';
INDETERMINATE : 'indeterminate';
EXTENDS      : 'extends';
IMPORT       : 'import';
AS           : 'as';
PARAM        : 'param';
LET          : 'let';
RULE         : 'rule';
OVERRIDE     : 'override';
DISABLE      : 'disable';
BECAUSE      : 'because';
FROM         : 'from';
SEVERITY     : 'severity';
CITE         : 'cite';
WHEN         : 'when';
REQUIRE      : 'require';
WARN         : 'warn';
IF           : 'if';
THEN         : 'then';
ELSE         : 'else';
ALL          : 'all';
ANY          : 'any';
IN           : 'in';
WHERE        : 'where';
FOR          : 'for';
OVER         : 'over';
AND          : 'and';
OR           : 'or';
NOT          : 'not';
TRUE         : 'true';
FALSE        : 'false';

LE       : '<=';
GE       : '>=';
EQ       : '==';
NE       : '!=';
LT       : '<';
GT       : '>';
ASSIGN   : '=';
PLUS     : '+';
MINUS    : '-';
STAR     : '*';
SLASH    : '/';
CARET    : '^';
TILDE    : '~';
PERCENT  : '%';
DOT      : '.';
COMMA    : ',';
COLON    : ':';
LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
LBRACE   : '{';
RBRACE   : '}';

DATETIME : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT 'T'
           DIGIT DIGIT ':' DIGIT DIGIT (':' DIGIT DIGIT ('.' DIGIT+)?)?
           ('Z' | [+-] DIGIT DIGIT ':' DIGIT DIGIT);
DATE     : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT;
VERSION  : DIGIT+ '.' DIGIT+ '.' DIGIT+ ('-' [0-9A-Za-z.-]+)?;
NUMBER   : DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)?;

STRING   : '"' (ESCAPE | ~["\\\r\n])* '"';
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])*;

IDENT    : IDENT_START IDENT_PART*;

// A compound unit right after a number (`J/token`, `m^2`, `kg*m^2/s^2`) is
// one UNIT token, scanned in nextToken() above.

COMMENT  : '#' ~[\r\n]* -> channel(HIDDEN);
WS       : [ \t\r\n]+ -> skip;  // skipped in nextToken() before any rule sees it

// Anything else becomes one token, so the parser reports it with a location.
UNEXPECTED_CHAR : .;

fragment DIGIT       : [0-9];
// Any escaped character lexes; engine/parse checks which escapes are valid,
// so `\q` is one clear error rather than a broken string.
fragment ESCAPE      : '\\' ~[\r\n];
fragment IDENT_START : [a-zA-Z_] | '\u00B5' | '\u03BC';
fragment IDENT_PART  : [a-zA-Z0-9_] | '\u00B5' | '\u03BC';
