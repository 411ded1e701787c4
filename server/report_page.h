#pragma once
// A report file as the auditor's HTML page: shared by `gridlaw report html`
// and `GET /v1/reports/{id}.html`. The bytes are a canonical JSON report or
// its signed DSSE envelope (payloadType application/vnd.gridlaw.report+json);
// the page says who signed it and verifies nothing.

#include <optional>
#include <string>
#include <string_view>

namespace gridlaw::server {

inline constexpr size_t kMaxReportBytes = size_t{64} << 20;

// The page; nullopt with `error` set to why the bytes are not a report
// ("… is not JSON: …"). `name` names the bytes in messages.
std::optional<std::string> ReportPageHtml(std::string_view bytes, const std::string& name,
                                          std::string* error);

}  // namespace gridlaw::server
