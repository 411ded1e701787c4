// gridlaw: a compliance engine for compute services.

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>

#include "commands.h"
#include "version.h"

int main(int argc, char** argv) {
  CLI::App app{"gridlaw: executable compliance rules for compute services"};
  app.set_version_flag("--version", GRIDLAW_VERSION);
  app.require_subcommand(1);
  std::function<int()> run;
  gridlaw::app::AddCheckCommand(app, run);
  gridlaw::app::AddFmtCommand(app, run);
  gridlaw::app::AddEvalCommand(app, run);
  gridlaw::app::AddKeygenCommand(app, run);
  gridlaw::app::AddTrustCommand(app, run);
  gridlaw::app::AddAttestCommand(app, run);
  gridlaw::app::AddLedgerCommand(app, run);
  gridlaw::app::AddReportCommand(app, run);
  gridlaw::app::AddPolicyCommand(app, run);
  gridlaw::app::AddDiffCommand(app, run);
  gridlaw::app::AddServeCommand(app, run);
  gridlaw::app::AddTestCommand(app, run);
  gridlaw::app::AddWaiverCommand(app, run);
  gridlaw::app::AddBenchCommand(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return gridlaw::app::kExitUsage;
  }
  return run ? run() : gridlaw::app::kExitUsage;
}
