// Child processes for end-to-end tests: start a real executable with its
// output in a log file, signal it, wait for it. The destructor kills a child
// still running, so a failing test leaves nothing behind.
#ifndef REPORTFLOW_TESTS_SUPPORT_PROCESS_H_
#define REPORTFLOW_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace reportflow::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with `argv`, stdout and stderr appended to `log_path`.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(const std::vector<std::string>& argv,
                                                             const std::string& log_path);
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Sends `signal_number` (e.g. SIGTERM).
  void Signal(int signal_number) const;
  // Waits up to `timeout` for the child to exit; returns its exit code (or
  // 128 + signal). DEADLINE_EXCEEDED if it is still running.
  absl::StatusOr<int> Wait(absl::Duration timeout);
  // Whether the child is still running.
  bool Running();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
  bool reaped_ = false;
  int exit_code_ = -1;
};

// A fresh private directory under $TMPDIR (or /tmp), removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  // Writes `content` to path()/name and returns the full path.
  std::string WriteFile(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// A TCP port on 127.0.0.1 free at the moment of asking (for a test peer
// the test starts itself).
int FreeLoopbackPort();
// Whether something accepts connections on 127.0.0.1:`port`.
bool AcceptsOnLoopback(int port);

// Reads a whole file; "" if it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

}  // namespace reportflow::testing

#endif  // REPORTFLOW_TESTS_SUPPORT_PROCESS_H_
