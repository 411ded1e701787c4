#pragma once
// The subcommands of `gridlaw`. Each registers its options on the CLI11 app
// and returns the exit code: 0 success, 1 problems found, 2 usage or I/O error.

#include <CLI/CLI.hpp>
#include <functional>

namespace gridlaw::app {

constexpr int kExitOk = 0;
constexpr int kExitProblems = 1;
constexpr int kExitUsage = 2;

// Files larger than this are not even read (an I/O error, exit 2). Text up to
// it reaches the parser, whose own limit (1 MiB, E0601) reports the rest as
// a diagnostic.
constexpr size_t kMaxPolicyBytes = 4 << 20;

// Registers the subcommand; `run` is set to the action to take if it is chosen.
void AddCheckCommand(CLI::App& app, std::function<int()>& run);
void AddFmtCommand(CLI::App& app, std::function<int()>& run);
void AddEvalCommand(CLI::App& app, std::function<int()>& run);
void AddKeygenCommand(CLI::App& app, std::function<int()>& run);
void AddTrustCommand(CLI::App& app, std::function<int()>& run);
void AddAttestCommand(CLI::App& app, std::function<int()>& run);
void AddLedgerCommand(CLI::App& app, std::function<int()>& run);
void AddReportCommand(CLI::App& app, std::function<int()>& run);
void AddPolicyCommand(CLI::App& app, std::function<int()>& run);
void AddDiffCommand(CLI::App& app, std::function<int()>& run);
void AddServeCommand(CLI::App& app, std::function<int()>& run);
void AddTestCommand(CLI::App& app, std::function<int()>& run);
void AddWaiverCommand(CLI::App& app, std::function<int()>& run);
void AddBenchCommand(CLI::App& app, std::function<int()>& run);

}  // namespace gridlaw::app
