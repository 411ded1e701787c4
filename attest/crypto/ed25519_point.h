#pragma once
// Checks on a 32-byte Ed25519 public key encoding (RFC 8032 §5.1.2-5.1.3),
// made when a key is registered. OpenSSL stores any 32 bytes as an Ed25519
// public key; these checks refuse the encodings no honest key generator
// produces and under which signatures lose their meaning:
//   - non-canonical: y ≥ p, or the sign bit set on x = 0 ("-0"); two
//     encodings of one key would give two key ids;
//   - not on the curve: no x satisfies the curve equation for this y;
//   - small order: one of the 8 points of order 1, 2, 4 or 8; a signature
//     by such a key can be forged for many messages without a secret.
// Points with a small-order component added to a prime-order point (the
// CCTV "low_order_component_A" vectors) are not refused: no blocklist can
// list them and OpenSSL's cofactorless verification stays unambiguous.

#include <string_view>

namespace gridlaw {

enum class Ed25519KeyProblem { kNone, kNonCanonical, kNotOnCurve, kSmallOrder };

// `encoding` must be 32 bytes (anything else is kNonCanonical).
Ed25519KeyProblem CheckEd25519PublicKey(std::string_view encoding);

}  // namespace gridlaw
