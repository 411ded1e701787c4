#pragma once
// The canonical layout of a policy (`gridlaw fmt`). Formatting a formatted
// policy changes nothing; every comment is kept.

#include <string>

#include "ast/ast.h"

namespace gridlaw {

// Layout: two-space indentation; one header field, item or rule clause per
// line; single spaces around binary operators; a blank line before each rule
// and after the header; other blank lines kept where the source had them
// (never more than one). Comments stay before the line they preceded, or at
// the end of the line they ended; a comment inside a multi-line expression
// moves above that expression's line.
std::string FormatPolicy(const ast::Policy& policy);

// One expression in canonical form (also used in verdict explanations).
std::string FormatExpr(const ast::Expr& expr);

}  // namespace gridlaw
