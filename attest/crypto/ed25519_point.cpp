#include "crypto/ed25519_point.h"

#include <array>
#include <cstdint>
#include <cstdlib>

#include "crypto/openssl_handles.h"

namespace gridlaw {
namespace {

using crypto_detail::BnCtxHandle;
using crypto_detail::BnHandle;

// The canonical encodings of the eight points of small order (CCTV README).
constexpr std::array<std::string_view, 8> kSmallOrderHex = {
    "0000000000000000000000000000000000000000000000000000000000000000",  // order 4
    "0000000000000000000000000000000000000000000000000000000000000080",  // order 4
    "0100000000000000000000000000000000000000000000000000000000000000",  // order 1
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  // order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  // order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  // order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  // order 8
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // order 2
};

std::string ToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out += kHex[static_cast<uint8_t>(c) >> 4];
    out += kHex[static_cast<uint8_t>(c) & 0xF];
  }
  return out;
}

BnHandle NewBn() {
  BnHandle bn(BN_new());
  if (!bn) std::abort();  // allocation failure
  return bn;
}

void Check(int ok) {
  if (ok != 1) std::abort();  // BN arithmetic fails only on allocation failure
}

}  // namespace

Ed25519KeyProblem CheckEd25519PublicKey(std::string_view encoding) {
  if (encoding.size() != 32) return Ed25519KeyProblem::kNonCanonical;
  std::array<unsigned char, 32> y_bytes{};
  for (size_t i = 0; i < 32; ++i)
    y_bytes[i] = static_cast<unsigned char>(encoding[i]);
  const bool x_negative = (y_bytes[31] & 0x80) != 0;
  y_bytes[31] &= 0x7F;

  BnCtxHandle ctx(BN_CTX_new());
  if (!ctx) std::abort();
  BnHandle p = NewBn(), y = NewBn(), one = NewBn(), d = NewBn();
  // p = 2^255 - 19
  Check(BN_set_word(p.get(), 19));
  BnHandle two255 = NewBn();
  Check(BN_lshift(two255.get(), BN_value_one(), 255));
  Check(BN_sub(p.get(), two255.get(), p.get()));
  if (BN_lebin2bn(y_bytes.data(), 32, y.get()) == nullptr) std::abort();
  if (BN_cmp(y.get(), p.get()) >= 0) return Ed25519KeyProblem::kNonCanonical;

  // d = -121665 / 121666 mod p
  BnHandle num = NewBn(), den = NewBn();
  Check(BN_set_word(num.get(), 121665));
  Check(BN_sub(num.get(), p.get(), num.get()));
  Check(BN_set_word(den.get(), 121666));
  if (BN_mod_inverse(den.get(), den.get(), p.get(), ctx.get()) == nullptr) std::abort();
  Check(BN_mod_mul(d.get(), num.get(), den.get(), p.get(), ctx.get()));

  // x² = (y² - 1) / (d·y² + 1) mod p; the denominator is never 0 for this curve.
  BnHandle y2 = NewBn(), u = NewBn(), v = NewBn(), x2 = NewBn();
  Check(BN_one(one.get()));
  Check(BN_mod_sqr(y2.get(), y.get(), p.get(), ctx.get()));
  Check(BN_mod_sub(u.get(), y2.get(), one.get(), p.get(), ctx.get()));
  Check(BN_mod_mul(v.get(), d.get(), y2.get(), p.get(), ctx.get()));
  Check(BN_mod_add(v.get(), v.get(), one.get(), p.get(), ctx.get()));
  if (BN_mod_inverse(v.get(), v.get(), p.get(), ctx.get()) == nullptr) std::abort();
  Check(BN_mod_mul(x2.get(), u.get(), v.get(), p.get(), ctx.get()));

  if (BN_is_zero(x2.get())) {
    // x = 0 (y = ±1): only the positive sign bit is canonical.
    if (x_negative) return Ed25519KeyProblem::kNonCanonical;
  } else {
    // Euler's criterion: x² must be a square, (x²)^((p-1)/2) = 1.
    BnHandle exponent = NewBn(), legendre = NewBn();
    Check(BN_sub(exponent.get(), p.get(), one.get()));
    Check(BN_rshift1(exponent.get(), exponent.get()));
    Check(BN_mod_exp(legendre.get(), x2.get(), exponent.get(), p.get(), ctx.get()));
    if (!BN_is_one(legendre.get())) return Ed25519KeyProblem::kNotOnCurve;
  }

  const std::string hex = ToHex(encoding);
  for (std::string_view small : kSmallOrderHex) {
    if (hex == small) return Ed25519KeyProblem::kSmallOrder;
  }
  return Ed25519KeyProblem::kNone;
}

}  // namespace gridlaw
