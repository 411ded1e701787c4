#pragma once
// Runs the gridlaw binary as a user would, for the command-line tests.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace gridlaw::testing {

struct Outcome {
  int exit_code = -1;
  std::string out;
};

// Runs the gridlaw binary with `args` (shell words), capturing stdout and,
// when `with_stderr`, stderr too.
inline Outcome Gridlaw(const std::string& args, bool with_stderr = false) {
  const std::string command =
      std::string(GRIDLAW_BINARY) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  Outcome run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    run.out.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace gridlaw::testing
