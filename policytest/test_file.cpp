#include "test_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "eval/evaluator.h"
#include "files/read_file.h"
#include "pointer/json_pointer.h"
#include "spelling/spelling.h"
#include "strict/strict_json.h"
#include "strict/type_name.h"
#include "time/civil_time.h"

namespace gridlaw::policytest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The same bound as a claim (SPEC §14); a test file holds several claims.
constexpr size_t kMaxClaimBytes = size_t{1} << 20;
constexpr size_t kMaxTestFileBytes = size_t{8} << 20;

// Reads one test file, collecting every error rather than stopping at the first.
class Reader {
 public:
  Reader(std::string file, std::vector<TestError>* errors)
      : file_(std::move(file)), dir_(fs::path(file_).parent_path()), errors_(errors) {}

  std::optional<TestFile> Read() {
    std::string why;
    auto bytes = ReadFile(file_, kMaxTestFileBytes, &why);
    if (!bytes) {
      Error(TestCode::kUnreadableFile, "", why);
      return std::nullopt;
    }
    return Decode(*bytes);
  }

  std::optional<TestFile> Decode(std::string_view bytes) {
    JsonResult parsed = ParseStrictJson(bytes, JsonLimits{.max_bytes = kMaxTestFileBytes});
    if (!parsed.ok()) {
      Error(TestCode::kUnreadableFile, parsed.error().path, Describe(parsed.error()));
      return std::nullopt;
    }
    const size_t errors_before = errors_->size();
    TestFile out;
    out.path = file_;
    const json& root = parsed.value();
    if (!root.is_object()) {
      Error(TestCode::kWrongShape, "",
            std::string("expected an object, not ") + JsonTypeName(root));
      return std::nullopt;
    }
    OnlyMembers(root, "", {"policy", "cases", "description"});
    if (const json* policy = Member(root, "", "policy", json::value_t::string, true)) {
      const std::string text = policy->get<std::string>();
      if (text.empty()) {
        Error(TestCode::kWrongShape, "/policy", "expected the path of a policy file");
      } else {
        out.policy = (dir_ / text).lexically_normal().string();
      }
    }
    Member(root, "", "description", json::value_t::string, false);
    if (const json* cases = Member(root, "", "cases", json::value_t::array, true)) {
      if (cases->empty()) Error(TestCode::kWrongShape, "/cases", "expected at least one case");
      std::set<std::string> names;
      for (size_t i = 0; i < cases->size(); ++i) {
        const std::string path = AppendPointer("/cases", std::to_string(i));
        // Names are compared even for cases with errors of their own.
        const json& element = (*cases)[i];
        if (element.is_object() && element.contains("name") && element["name"].is_string() &&
            !names.insert(element["name"].get<std::string>()).second) {
          Error(TestCode::kDuplicateCase, path + "/name",
                "another case is already named '" + element["name"].get<std::string>() + "'");
        }
        auto test = ReadCase(element, path);
        if (test) out.cases.push_back(std::move(*test));
      }
    }
    if (errors_->size() != errors_before) return std::nullopt;
    return out;
  }

 private:
  void Error(TestCode code, std::string path, std::string message) {
    errors_->push_back(TestError{code, file_, std::move(path), std::move(message)});
  }

  // The member `name` of `object` if present with the `type` wanted; an
  // error (and nullptr) when it has another type or is required and absent.
  const json* Member(const json& object, const std::string& parent, const std::string& name,
                     json::value_t type, bool required) {
    const auto found = object.find(name);
    const std::string path = AppendPointer(parent, name);
    if (found == object.end()) {
      if (required) {
        Error(TestCode::kWrongShape, parent, "missing member \"" + name + "\"");
      }
      return nullptr;
    }
    if (found->type() != type) {
      Error(TestCode::kWrongShape, path,
            fmt::format("expected {}, not {}", JsonTypeName(json(type)), JsonTypeName(*found)));
      return nullptr;
    }
    return &*found;
  }

  void OnlyMembers(const json& object, const std::string& parent,
                   const std::vector<std::string>& known) {
    for (const auto& [name, value] : object.items()) {
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      Error(TestCode::kUnknownMember, AppendPointer(parent, name),
            "unknown member \"" + name + "\"" + DidYouMean(ClosestSpelling(name, known)));
    }
  }

  std::optional<TestCase> ReadCase(const json& value, const std::string& path) {
    if (!value.is_object()) {
      Error(TestCode::kWrongShape, path,
            std::string("expected a case object, not ") + JsonTypeName(value));
      return std::nullopt;
    }
    const size_t errors_before = errors_->size();
    TestCase test;
    test.path = path;
    OnlyMembers(value, path, {"name", "description", "at", "claims", "expect", "expect_compliant"});
    if (const json* name = Member(value, path, "name", json::value_t::string, true)) {
      test.name = name->get<std::string>();
      if (test.name.empty()) Error(TestCode::kWrongShape, path + "/name", "a case needs a name");
    }
    Member(value, path, "description", json::value_t::string, false);
    if (const json* at = Member(value, path, "at", json::value_t::string, false)) {
      const auto date = ParseDate(at->get<std::string>());
      if (!date) {
        Error(TestCode::kBadDate, path + "/at",
              "expected a date YYYY-MM-DD, not '" + at->get<std::string>() + "'");
      } else {
        test.at = DaysFromCivil(*date);
      }
    }
    if (const json* claims = Member(value, path, "claims", json::value_t::array, true)) {
      if (claims->empty()) {
        Error(TestCode::kWrongShape, path + "/claims", "expected at least one claim");
      }
      for (size_t i = 0; i < claims->size(); ++i) {
        ReadClaims((*claims)[i], AppendPointer(path + "/claims", std::to_string(i)), &test.claims);
      }
    }
    if (const json* expect = Member(value, path, "expect", json::value_t::object, false)) {
      ReadVerdicts(*expect, path + "/expect", &test.verdicts);
    }
    if (const json* status =
            Member(value, path, "expect_compliant", json::value_t::object, false)) {
      for (const auto& [subject, compliant] : status->items()) {
        const std::string at = AppendPointer(path + "/expect_compliant", subject);
        if (!compliant.is_boolean()) {
          Error(TestCode::kWrongShape, at,
                std::string("expected true or false, not ") + JsonTypeName(compliant));
          continue;
        }
        test.statuses.push_back(ExpectedStatus{subject, compliant.get<bool>(), at});
      }
    }
    if (test.verdicts.empty() && test.statuses.empty() && errors_->size() == errors_before) {
      Error(TestCode::kEmptyCase, path,
            "the case expects nothing: give \"expect\" or \"expect_compliant\"");
    }
    if (errors_->size() != errors_before) return std::nullopt;
    return test;
  }

  void ReadVerdicts(const json& expect, const std::string& path,
                    std::vector<ExpectedVerdict>* out) {
    static const std::vector<std::string> names = VerdictNames();
    for (const auto& [subject, rules] : expect.items()) {
      const std::string subject_path = AppendPointer(path, subject);
      if (!rules.is_object()) {
        Error(TestCode::kWrongShape, subject_path,
              std::string("expected an object of rule ids, not ") + JsonTypeName(rules));
        continue;
      }
      for (const auto& [rule, wanted] : rules.items()) {
        ExpectedVerdict expected{subject, rule, "", "", AppendPointer(subject_path, rule)};
        std::string verdict_path = expected.path;
        if (wanted.is_string()) {
          expected.verdict = wanted.get<std::string>();
        } else if (wanted.is_object()) {
          OnlyMembers(wanted, expected.path, {"verdict", "message"});
          const json* verdict =
              Member(wanted, expected.path, "verdict", json::value_t::string, true);
          const json* message =
              Member(wanted, expected.path, "message", json::value_t::string, false);
          if (verdict == nullptr) continue;
          expected.verdict = verdict->get<std::string>();
          verdict_path += "/verdict";
          if (message != nullptr) expected.message_contains = message->get<std::string>();
        } else {
          Error(TestCode::kWrongShape, expected.path,
                std::string("expected a verdict name or {\"verdict\": …, \"message\": …}, not ") +
                    JsonTypeName(wanted));
          continue;
        }
        if (std::find(names.begin(), names.end(), expected.verdict) == names.end()) {
          std::string list;
          for (const auto& name : names)
            list += (list.empty() ? "" : ", ") + name;
          Error(TestCode::kUnknownVerdict, verdict_path,
                "'" + expected.verdict + "' is not a verdict (" + list + ")" +
                    DidYouMean(ClosestSpelling(expected.verdict, names)));
          continue;
        }
        out->push_back(std::move(expected));
      }
    }
  }

  // One element of "claims": an inline claims document, or {"file": PATH}
  // naming a claims file or a directory of them (its *.json, sorted).
  void ReadClaims(const json& value, const std::string& path, std::vector<Claim>* out) {
    if (!value.is_object()) {
      Error(TestCode::kWrongShape, path,
            std::string("expected a claims document or {\"file\": …}, not ") + JsonTypeName(value));
      return;
    }
    if (!value.contains("file")) {
      Decode(value, path, file_ + "#" + path, "", out);
      return;
    }
    OnlyMembers(value, path, {"file"});
    const json* file = Member(value, path, "file", json::value_t::string, true);
    if (file == nullptr) return;
    const fs::path target = (dir_ / file->get<std::string>()).lexically_normal();
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(target, ec)) {
      for (const auto& entry : fs::directory_iterator(target, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
          files.push_back(entry.path());
        }
      }
      std::sort(files.begin(), files.end());
      if (files.empty()) {
        Error(TestCode::kUnreadableClaims, path + "/file",
              target.string() + ": the directory holds no *.json file");
      }
    } else {
      files.push_back(target);
    }
    for (const fs::path& claim_file : files) {
      std::string why;
      auto bytes = ReadFile(claim_file.string(), kMaxClaimBytes, &why);
      if (!bytes) {
        Error(TestCode::kUnreadableClaims, path + "/file", why);
        continue;
      }
      JsonResult parsed = ParseStrictJson(*bytes);
      if (!parsed.ok()) {
        Error(TestCode::kUnreadableClaims, path + "/file",
              claim_file.string() + ": " + Describe(parsed.error()));
        continue;
      }
      Decode(parsed.value(), path + "/file", claim_file.string(), claim_file.string() + ": ", out);
    }
  }

  // Decodes with the same decoder as `gridlaw eval`; a claim from a file
  // reports its errors at the "file" member, naming the file and pointer.
  void Decode(const json& document, const std::string& path, std::string id,
              const std::string& file_prefix, std::vector<Claim>* out) {
    std::vector<ClaimError> claim_errors;
    auto claim = DecodeClaim(document, &claim_errors);
    if (!claim) {
      for (const ClaimError& e : claim_errors) {
        if (file_prefix.empty()) {
          Error(TestCode::kInvalidClaim, path + e.path, e.message);
        } else {
          Error(TestCode::kInvalidClaim, path,
                file_prefix + "at " + (e.path.empty() ? "/" : e.path) + ": " + e.message);
        }
      }
      return;
    }
    claim->id = std::move(id);
    out->push_back(std::move(*claim));
  }

  std::string file_;
  fs::path dir_;
  std::vector<TestError>* errors_;
};

}  // namespace

std::vector<std::string> VerdictNames() {
  // Every enumerator VerdictName knows; new verdicts (exempt, …) join by
  // themselves. The enum is small and dense, so a short scan finds them all.
  std::vector<std::string> names;
  for (int v = 0; v < 64; ++v) {
    const std::string name = VerdictName(static_cast<Verdict>(v));
    if (name != "?") names.push_back(name);
  }
  return names;
}

std::optional<TestFile> ReadTestFile(const std::string& path, std::vector<TestError>* errors) {
  return Reader(path, errors).Read();
}

std::optional<TestFile> DecodeTestFile(std::string_view bytes, const std::string& path,
                                       std::vector<TestError>* errors) {
  return Reader(path, errors).Decode(bytes);
}

}  // namespace gridlaw::policytest
