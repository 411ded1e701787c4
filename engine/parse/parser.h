#pragma once
// Policy text → AST. The only public entry to the ANTLR-generated parser:
// nothing outside engine/parse/ sees ANTLR types.

#include <cstddef>
#include <memory>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace gridlaw {

// Limits on untrusted policy text. Each is a diagnostic (E06xx) when exceeded.
struct ParseLimits {
  size_t max_source_bytes = 1 << 20;  // E0601
  // E0602: levels of nesting in one expression (brackets, prefix operators,
  // right operands, calls, quantifiers); a flat chain `a and b and c` is one
  // level however long, up to max_expression_nodes.
  int max_expression_depth = 64;
  int max_expression_nodes = 1000;  // E0602: nodes in one expression
  int max_syntax_errors = 25;       // E0603: error recovery stops after this many
  // Stack the generated parser may use before it gives up with E0602. Far
  // above what max_expression_depth needs; a backstop for hostile input.
  size_t max_parser_stack_bytes = 1 << 20;
};

// Parses one policy. Syntax errors are added to `diagnostics`; the AST is
// returned only when the text parsed without error (so later passes never see
// a half-recovered tree).
std::unique_ptr<ast::Policy> ParsePolicy(const SourceFile& source, Diagnostics& diagnostics,
                                         const ParseLimits& limits = {});

}  // namespace gridlaw
