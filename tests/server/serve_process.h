#pragma once
// The real `gridlaw serve` as a child process, for the server tests: started
// on 127.0.0.1:0, its port read from the line it prints, stopped with
// SIGTERM (graceful) or SIGKILL (a crash).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_files.h"

extern char** environ;

namespace gridlaw::testing {

class ServeProcess {
 public:
  // Starts `gridlaw serve --ledger DB --listen 127.0.0.1:0 ARGS…` with its
  // standard error in `log`, and waits until it listens. nullptr (and a test
  // failure) if it exits or does not listen within 30 s.
  static std::unique_ptr<ServeProcess> Start(const std::string& db,
                                             const std::vector<std::string>& args,
                                             const std::filesystem::path& log) {
    std::vector<std::string> words = {GRIDLAW_BINARY, "serve",      "--ledger", db,
                                      "--listen",     "127.0.0.1:0"};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& word : words)
      argv.push_back(word.data());
    argv.push_back(nullptr);

    std::filesystem::remove(log);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      ADD_FAILURE() << "cannot start " << argv[0];
      return nullptr;
    }
    auto process = std::unique_ptr<ServeProcess>(new ServeProcess(pid, log));
    const std::string marker = "listening on http://127.0.0.1:";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string text = process->Log();
      const size_t at = text.find(marker);
      if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
        process->port_ = std::stoi(text.substr(at + marker.size()));
        return process;
      }
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        process->pid_ = -1;
        ADD_FAILURE() << "gridlaw serve exited before listening:\n" << text;
        return nullptr;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "gridlaw serve did not listen within 30 s:\n" << process->Log();
    return nullptr;
  }

  ~ServeProcess() {
    if (pid_ > 0) Kill();
  }

  int port() const { return port_; }
  std::string Log() const { return ReadFileOrEmpty(log_); }

  // A client of this server with generous timeouts (a Debug build under load).
  std::unique_ptr<httplib::Client> Client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client->set_connection_timeout(std::chrono::seconds(10));
    client->set_read_timeout(std::chrono::seconds(60));
    client->set_write_timeout(std::chrono::seconds(60));
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);  // no 40 ms Nagle/delayed-ACK stall per request
    return client;
  }

  // SIGTERM, then the exit code (-1 if it did not exit normally within 30 s).
  int Terminate() { return Signal(SIGTERM); }
  // SIGKILL: the server dies wherever it is.
  void Kill() { Signal(SIGKILL); }

 private:
  ServeProcess(pid_t pid, std::filesystem::path log) : pid_(pid), log_(std::move(log)) {}

  int Signal(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  pid_t pid_ = -1;
  std::filesystem::path log_;
  int port_ = 0;
};

}  // namespace gridlaw::testing
