#include "receipt/receipt.h"

#include <nlohmann/json.hpp>

#include "digest/sha256.h"
#include "dsse/payload_types.h"
#include "intake/signed_document.h"
#include "strict/strict_json.h"

namespace gridlaw {

std::string SerializeReceipt(const ReceiptData& receipt) {
  nlohmann::json proof = nlohmann::json::array();
  for (const merkle::Hash& hash : receipt.inclusion_proof)
    proof.push_back(merkle::ToHex(hash));
  const nlohmann::json document = {
      {"checkpoint", nlohmann::json::parse(receipt.checkpoint_envelope)},
      {"entry", receipt.entry},
      {"envelope_sha256", receipt.envelope_sha256},
      {"format", "gridlaw-receipt/v1"},
      {"inclusion_proof", std::move(proof)},
      {"leaf_hash", merkle::ToHex(receipt.leaf_hash)},
      {"tree_size", receipt.tree_size}};
  return document.dump() + "\n";
}

std::optional<ReceiptData> ParseReceipt(std::string_view text, std::string* error) {
  JsonResult parsed = ParseStrictJson(
      text, JsonLimits{
                .max_bytes = size_t{1} << 20, .max_depth = 4, .max_string_bytes = size_t{1} << 20});
  auto fail = [&](std::string message) {
    *error = std::move(message);
    return std::nullopt;
  };
  if (!parsed.ok()) return fail("the receipt is not strict JSON: " + parsed.error().message);
  const nlohmann::json& doc = *parsed;
  static const std::vector<std::string> kMembers = {
      "checkpoint",      "entry",     "envelope_sha256", "format",
      "inclusion_proof", "leaf_hash", "tree_size"};
  if (!doc.is_object() || doc.size() != kMembers.size()) {
    return fail("a receipt is an object with exactly the members of gridlaw-receipt/v1");
  }
  for (const auto& name : kMembers) {
    if (!doc.contains(name)) return fail("the receipt has no member '" + name + "'");
  }
  if (doc["format"] != "gridlaw-receipt/v1") return fail("format must be gridlaw-receipt/v1");
  ReceiptData receipt;
  if (!doc["entry"].is_number_unsigned() || !doc["tree_size"].is_number_unsigned()) {
    return fail("entry and tree_size must be non-negative integers");
  }
  receipt.entry = doc["entry"].get<uint64_t>();
  receipt.tree_size = doc["tree_size"].get<uint64_t>();
  const auto leaf = doc["leaf_hash"].is_string()
                        ? merkle::HashFromHex(doc["leaf_hash"].get<std::string>())
                        : std::nullopt;
  if (!leaf) return fail("leaf_hash must be 64 lower-case hex digits");
  receipt.leaf_hash = *leaf;
  if (!doc["envelope_sha256"].is_string() ||
      !merkle::HashFromHex(doc["envelope_sha256"].get<std::string>())) {
    return fail("envelope_sha256 must be 64 lower-case hex digits");
  }
  receipt.envelope_sha256 = doc["envelope_sha256"].get<std::string>();
  if (!doc["inclusion_proof"].is_array() || doc["inclusion_proof"].size() > 64) {
    return fail("inclusion_proof must be a list of at most 64 hashes");
  }
  for (const auto& item : doc["inclusion_proof"]) {
    const auto hash =
        item.is_string() ? merkle::HashFromHex(item.get<std::string>()) : std::nullopt;
    if (!hash) return fail("inclusion_proof holds a value that is not a hex hash");
    receipt.inclusion_proof.push_back(*hash);
  }
  if (!doc["checkpoint"].is_object()) return fail("checkpoint must be a DSSE envelope object");
  receipt.checkpoint_envelope = doc["checkpoint"].dump();
  return receipt;
}

std::optional<Checkpoint> VerifyCheckpointEnvelope(std::string_view envelope,
                                                   const TrustStore& trust, std::string* error) {
  // The signature first, at the time the checkpoint states; that time is
  // read from the signed bytes only after they verify under some key.
  auto parsed = ParseEnvelope(envelope);
  if (!parsed.ok()) {
    *error = "checkpoint: " + Describe(parsed.error());
    return std::nullopt;
  }
  std::string text_error;
  const auto claimed = ParseCheckpoint(parsed->payload, &text_error);
  if (!claimed) {
    *error = "checkpoint text: " + text_error;
    return std::nullopt;
  }
  auto verified =
      VerifyDocument(envelope, kCheckpointPayloadType, KeyRole::kLedger, trust, claimed->time);
  if (!verified.ok()) {
    *error = "checkpoint: " + Describe(verified.error());
    return std::nullopt;
  }
  return claimed;
}

std::string VerifyReceipt(const ReceiptData& receipt, const TrustStore& trust,
                          const ReceiptCheck& check) {
  std::string error;
  const auto checkpoint = VerifyCheckpointEnvelope(receipt.checkpoint_envelope, trust, &error);
  if (!checkpoint) return error;
  if (checkpoint->size != receipt.tree_size) {
    return "the receipt's tree_size " + std::to_string(receipt.tree_size) +
           " is not its checkpoint's size " + std::to_string(checkpoint->size);
  }
  if (check.envelope) {
    if (Sha256Hex(*check.envelope) != receipt.envelope_sha256) {
      return "the envelope's SHA-256 is not the receipt's envelope_sha256";
    }
    if (merkle::LeafHash(*check.envelope) != receipt.leaf_hash) {
      return "the envelope's leaf hash is not the receipt's leaf_hash";
    }
  }
  const std::string inclusion =
      merkle::VerifyInclusion(receipt.entry, receipt.tree_size, receipt.leaf_hash,
                              receipt.inclusion_proof, checkpoint->root);
  if (!inclusion.empty()) return "inclusion proof: " + inclusion;
  if (check.later_checkpoint) {
    const auto later = VerifyCheckpointEnvelope(*check.later_checkpoint, trust, &error);
    if (!later) return "later " + error;
    if (later->origin != checkpoint->origin) {
      return "the later checkpoint is of ledger '" + later->origin + "', not '" +
             checkpoint->origin + "'";
    }
    const std::string consistency = merkle::VerifyConsistency(
        checkpoint->size, later->size, check.consistency_proof, checkpoint->root, later->root);
    if (!consistency.empty()) return "consistency with the later checkpoint: " + consistency;
  }
  return "";
}

}  // namespace gridlaw
