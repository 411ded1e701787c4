#pragma once
// The token stream the parser reads a policy from. Internal to engine/parse.

#include <memory>

#include "antlr4-runtime.h"

namespace gridlaw::parse {

// A CommonTokenStream that numbers its tokens without a dynamic_cast each,
// is sized for the whole text up front, and answers LT(1) directly.
//
// BufferedTokenStream::fetch() asks every token whether it is writable
// before setting its index, and its vector of tokens grows by doubling:
// each doubling frees a buffer large enough to make glibc consolidate its
// free lists. GridlawLexer makes nothing but CommonTokens (its factory is
// the default CommonTokenFactory), so the index is set directly.
class PolicyTokenStream : public antlr4::CommonTokenStream {
 public:
  // `expected_tokens` only sizes the buffer; more tokens are still taken.
  PolicyTokenStream(antlr4::TokenSource* lexer, size_t expected_tokens) : CommonTokenStream(lexer) {
    _tokens.reserve(expected_tokens);
  }

  // Takes every token from the lexer, as fill() does.
  void FillAll() {
    fill();
    filled_ = true;
  }

  // LT(1), the parser's most frequent question (LA(1) asks it too), read
  // directly: once the stream is set up, its position rests on a token of
  // its channel, which is what CommonTokenStream::LT(1) returns.
  antlr4::Token* LT(ssize_t k) override {
    if (k == 1 && filled_) return _tokens[_p].get();
    return CommonTokenStream::LT(k);
  }

 protected:
  size_t fetch(size_t n) override {
    if (_fetchedEOF) return 0;
    size_t fetched = 0;
    while (fetched < n) {
      std::unique_ptr<antlr4::Token> token = _tokenSource->nextToken();
      static_cast<antlr4::CommonToken*>(token.get())->setTokenIndex(_tokens.size());
      const bool eof = token->getType() == antlr4::Token::EOF;
      _tokens.push_back(std::move(token));
      ++fetched;
      if (eof) {
        _fetchedEOF = true;
        break;
      }
    }
    return fetched;
  }

 private:
  bool filled_ = false;
};

}  // namespace gridlaw::parse
