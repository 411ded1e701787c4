#pragma once
// The structure of an expression as an S-expression, for tests and
// debugging: `a + b * c` prints as (+ a (* b c)).

#include <string>

#include "ast/ast.h"

namespace gridlaw::ast {

std::string DebugString(const Expr& expr);

}  // namespace gridlaw::ast
