// The intake server's read endpoints over a ledger connection (ledger_views.h).

#include "ledger_views.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dsse/envelope.h"
#include "dsse/payload_types.h"
#include "report_page.h"

namespace gridlaw::server {
namespace {

// Stored text is valid UTF-8 (strict intake refused anything else), but an
// answer must never fail on a byte edited into the file.
std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Reply JsonReply(const nlohmann::json& value) {
  return {200, kJsonMediaType, Dump(value)};
}

nlohmann::json HexList(const std::vector<merkle::Hash>& hashes) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& hash : hashes)
    list.push_back(merkle::ToHex(hash));
  return list;
}

HttpError NotFound(std::string message) {
  return MakeError(ServerCode::kNotFound, std::move(message));
}

// The canonical report inside stored report bytes: the payload of a signed
// envelope, or the bytes themselves. nullopt when they do not parse (a
// report gridlaw did not write is skipped, not trusted).
std::optional<nlohmann::json> ReportDocument(const StoredReport& stored) {
  std::string_view text = stored.report;
  std::optional<Envelope> envelope;
  if (stored.is_signed) {
    // Limits sized to the stored bytes: this is the ledger's own record,
    // already verified when `gridlaw eval` stored it.
    EnvelopeLimits limits;
    limits.json = {.max_bytes = text.size(),
                   .max_depth = 3,
                   .max_string_bytes = std::max(text.size(), size_t{1})};
    auto parsed = ParseEnvelope(text, limits);
    if (!parsed.ok() || parsed->payload_type != kReportPayloadType) return std::nullopt;
    envelope = std::move(parsed).value();
    text = envelope->payload;
  }
  nlohmann::json report = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded() || !report.is_object()) return std::nullopt;
  return report;
}

// The provider's subjects in the most recently stored report naming it.
nlohmann::json LatestVerdicts(Ledger& ledger, const std::string& provider) {
  for (const std::string& id : ledger.ReportIdsNewestFirst()) {
    const auto stored = ledger.Report(id);
    if (!stored) continue;
    const auto report = ReportDocument(*stored);
    if (!report || !report->contains("subjects") || !(*report)["subjects"].is_array()) continue;
    nlohmann::json subjects = nlohmann::json::array();
    for (const auto& subject : (*report)["subjects"]) {
      if (subject.is_object() && subject.value("provider", "") == provider) {
        subjects.push_back(subject);
      }
    }
    if (subjects.empty()) continue;
    return {{"id", stored->id},
            {"checkpoint", stored->checkpoint},
            {"policy", {{"id", stored->policy_id}, {"version", stored->policy_version}}},
            {"evaluated_at", stored->evaluated_at},
            {"signed", stored->is_signed},
            {"subjects", std::move(subjects)}};
  }
  return nullptr;
}

}  // namespace

ViewResult CheckpointView(Ledger& ledger) {
  const auto latest = ledger.LatestCheckpoint();
  if (!latest) return LedgerFailure(NoSuchEntry("the ledger has no checkpoint yet (no entries)"));
  return Reply{200, kEnvelopeMediaType, latest->envelope};
}

ViewResult EntryView(Ledger& ledger, uint64_t index) {
  const auto entry = ledger.Entry(index);
  if (!entry) {
    return LedgerFailure(NoSuchEntry("the ledger has no entry " + std::to_string(index) +
                                     " (it has " + std::to_string(ledger.size()) + ")"));
  }
  return JsonReply({{"entry", entry->index},
                    {"envelope", entry->envelope},
                    {"sha256", entry->sha256},
                    {"leaf_hash", merkle::ToHex(entry->leaf_hash)},
                    {"provider", entry->provider},
                    {"subject", entry->subject},
                    {"period", {{"start", entry->period_start}, {"end", entry->period_end}}},
                    {"nonce", entry->nonce},
                    {"key_ids", entry->key_ids},
                    {"received_at", entry->received_at}});
}

ViewResult InclusionProofView(Ledger& ledger, uint64_t entry, std::optional<uint64_t> tree_size) {
  const uint64_t size = tree_size.value_or(ledger.size());
  auto proof = ledger.InclusionProof(entry, size);
  if (!proof.ok()) return LedgerFailure(proof.error());
  const auto stored = ledger.Entry(entry);
  if (!stored)
    return LedgerFailure(NoSuchEntry("the ledger has no entry " + std::to_string(entry)));
  return JsonReply({{"entry", entry},
                    {"tree_size", size},
                    {"leaf_hash", merkle::ToHex(stored->leaf_hash)},
                    {"root", merkle::ToHex(ledger.Root(size))},
                    {"inclusion_proof", HexList(*proof)}});
}

ViewResult ConsistencyProofView(Ledger& ledger, uint64_t old_size, uint64_t new_size) {
  auto proof = ledger.ConsistencyProof(old_size, new_size);
  if (!proof.ok()) return LedgerFailure(proof.error());
  return JsonReply({{"old_size", old_size},
                    {"new_size", new_size},
                    {"old_root", merkle::ToHex(ledger.Root(old_size))},
                    {"new_root", merkle::ToHex(ledger.Root(new_size))},
                    {"consistency_proof", HexList(*proof)}});
}

ViewResult ProviderView(Ledger& ledger, const std::string& provider) {
  nlohmann::json keys = nlohmann::json::array();
  const nlohmann::json trust = nlohmann::json::parse(ledger.trust().Serialize());
  for (const auto& record : trust["keys"]) {
    if (record["provider"] == provider) keys.push_back(record);
  }
  nlohmann::json entries = nlohmann::json::array();
  for (const StoredEntry& entry : ledger.EntriesOfProvider(provider)) {
    entries.push_back({{"entry", entry.index},
                       {"subject", entry.subject},
                       {"period", {{"start", entry.period_start}, {"end", entry.period_end}}},
                       {"received_at", entry.received_at}});
  }
  if (keys.empty() && entries.empty()) {
    return NotFound("the ledger knows no provider \"" + provider + "\" (no keys, no entries)");
  }
  return JsonReply({{"provider", provider},
                    {"keys", std::move(keys)},
                    {"entries", std::move(entries)},
                    {"latest_report", LatestVerdicts(ledger, provider)}});
}

ViewResult ReportView(Ledger& ledger, const std::string& id) {
  const auto stored = ledger.Report(id);
  if (!stored) return NotFound("the ledger holds no report " + id);
  if (stored->is_signed) return Reply{200, kEnvelopeMediaType, stored->report};
  // `gridlaw eval --ledger` keeps whichever form it wrote: canonical JSON,
  // JUnit XML or the text summary.
  const char first = stored->report.empty() ? '\0' : stored->report.front();
  const char* type = first == '{'   ? kJsonMediaType
                     : first == '<' ? "application/xml"
                                    : "text/plain; charset=utf-8";
  return Reply{200, type, stored->report};
}

ViewResult ReportHtmlView(Ledger& ledger, const std::string& id) {
  const auto stored = ledger.Report(id);
  if (!stored) return NotFound("the ledger holds no report " + id);
  std::string error;
  auto page = ReportPageHtml(stored->report, "report " + id.substr(0, 16), &error);
  // A report kept as text or JUnit has no HTML view.
  if (!page) return NotFound(error);
  return Reply{200, "text/html; charset=utf-8", std::move(*page)};
}

ViewResult HealthView(Ledger& ledger) {
  const auto latest = ledger.LatestCheckpoint();
  return JsonReply({{"status", "ok"},
                    {"origin", ledger.origin()},
                    {"entries", ledger.size()},
                    {"checkpoint_size", latest ? latest->checkpoint.size : 0}});
}

}  // namespace gridlaw::server
