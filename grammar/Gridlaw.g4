// The gridlaw policy language.
//
// Code is generated from this file into the build tree at build time; only
// engine/parse/ includes the generated classes and turns the parse tree into
// gridlaw's own AST (engine/ast/). SPEC.md explains every construct.
grammar Gridlaw;

@lexer::members {
// A unit written after a number may join factors with '/' and '*' and carry
// exponents, all without spaces (`0.4 J/token`, `1 m^2`): it is one token.
// Anywhere else the same characters are separate tokens (`a/b` divides).
// The lexer remembers the last token on the default channel to tell.
size_t last_type_ = 0;
antlr4::Token* emit() override {
  antlr4::Token* token = antlr4::Lexer::emit();
  if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) last_type_ = token->getType();
  return token;
}
bool afterNumber() const { return last_type_ == NUMBER; }
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
expr
  : primary                                                       # primaryExpr
  | expr DOT name                                                 # fieldExpr
  | MINUS expr                                                    # negateExpr
  | expr op=(STAR | SLASH) expr                                   # multiplyExpr
  | expr op=(PLUS | MINUS) expr                                   # addExpr
  | expr op=(LT | LE | GT | GE | EQ | NE) expr                    # compareExpr
  | expr NOT? IN expr                                             # inExpr
  | NOT expr                                                      # notExpr
  | expr AND expr                                                 # andExpr
  | expr OR expr                                                  # orExpr
  | IF expr THEN expr ELSE expr                                   # ifExpr
  | quantifier=(ALL | ANY) IDENT IN expr (WHERE expr)? COLON expr # quantifierExpr
  ;

primary
  : NUMBER unit?                                      # numberLiteral
  | STRING                                            # stringLiteral
  | (TRUE | FALSE)                                    # boolLiteral
  | DATE                                              # dateLiteral
  | DATETIME                                          # datetimeLiteral
  | IDENT                                             # nameRef
  | IDENT LPAREN (expr callTail)? RPAREN              # callExpr
  | LPAREN expr RPAREN                                # parenExpr
  | LBRACK (expr listTail)? RBRACK                    # listExpr
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

// A compound unit right after a number: `J/token`, `m^2`, `kg*m^2/s^2`.
// Listed after IDENT and the keywords, so a plain word stays one of those.
UNIT     : {afterNumber()}? UNIT_ATOM (('/' | '*') UNIT_ATOM)*;

COMMENT  : '#' ~[\r\n]* -> channel(HIDDEN);
WS       : [ \t\r\n]+ -> channel(HIDDEN);

// Anything else becomes one token, so the parser reports it with a location.
UNEXPECTED_CHAR : .;

fragment DIGIT       : [0-9];
// Any escaped character lexes; engine/parse checks which escapes are valid,
// so `\q` is one clear error rather than a broken string.
fragment ESCAPE      : '\\' ~[\r\n];
// The exponent takes any word characters so that `m^x` reaches the unit
// parser whole and is reported there (E0504).
fragment UNIT_ATOM   : (IDENT_START IDENT_PART* | '%') ('^' [-+.0-9a-zA-Z_]+)?;
fragment IDENT_START : [a-zA-Z_] | '\u00B5' | '\u03BC';
fragment IDENT_PART  : [a-zA-Z0-9_] | '\u00B5' | '\u03BC';
