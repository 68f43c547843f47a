// console-server: the web console's HTTPS server (see console_server.h).
// Every flag also reads RF_<FLAG> from the environment.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/grpc_client.h"
#include "services/common/log.h"
#include "services/console/console_server.h"

int main(int argc, char** argv) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  reportflow::SetLogService("console");

  CLI::App app{"ReportFlow console-server: the web console (审批工作台) over HTTPS."};
  std::string listen = "127.0.0.1:0";
  std::string port_file, tls_cert, tls_key, session_key_file;
  reportflow::console::ConsoleConfig config;
  app.add_option("--listen", listen, "host:port; port 0 picks a free one")
      ->envname("RF_CONSOLE_LISTEN")
      ->capture_default_str();
  app.add_option("--port-file", port_file, "write the bound port here once serving");
  app.add_option("--tls-cert", tls_cert, "PEM certificate chain of this server")
      ->envname("RF_CONSOLE_TLS_CERT")
      ->required();
  app.add_option("--tls-key", tls_key, "PEM private key of --tls-cert")
      ->envname("RF_CONSOLE_TLS_KEY")
      ->required();
  app.add_option("--tls-ca", config.peers.tls_ca_file, "CA of the services' certificates")
      ->envname("RF_TLS_CA");
  app.add_option("--identity-address", config.peers.identity_address, "identity-server")
      ->envname("RF_IDENTITY_ADDR");
  app.add_option("--drafting-address", config.peers.drafting_address, "drafting-server")
      ->envname("RF_DRAFTING_ADDR");
  app.add_option("--review-address", config.peers.review_address, "review-server")
      ->envname("RF_REVIEW_ADDR");
  app.add_option("--publication-address", config.peers.publication_address, "publication-server")
      ->envname("RF_PUBLICATION_ADDR");
  app.add_option("--notification-address", config.peers.notification_address,
                 "notification-server (optional: the notification centre)")
      ->envname("RF_NOTIFICATION_ADDR");
  app.add_option("--static-dir", config.static_dir, "the built web app (clients/console/dist)")
      ->envname("RF_CONSOLE_STATIC_DIR");
  app.add_option("--session-key-file", session_key_file,
                 "32 random bytes shared by every replica: seals the session cookies")
      ->envname("RF_CONSOLE_SESSION_KEY_FILE")
      ->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  auto fail = [](const std::string& message) {
    reportflow::LogError("start_failed", {{"error", message}});
    return 1;
  };
  absl::StatusOr<std::string> key = reportflow::ReadWholeFile(session_key_file);
  if (!key.ok()) return fail(std::string(key.status().message()));
  config.session_key = *key;
  absl::StatusOr<std::unique_ptr<reportflow::console::ConsoleServer>> console =
      reportflow::console::ConsoleServer::Create(config);
  if (!console.ok()) return fail(std::string(console.status().message()));

  httplib::SSLServer server(tls_cert.c_str(), tls_key.c_str());
  if (!server.is_valid()) return fail("cannot load --tls-cert/--tls-key");
  (*console)->Register(server);
  server.set_logger([](const httplib::Request& request, const httplib::Response& response) {
    reportflow::LogInfo(
        "http", {{"method", request.method}, {"path", request.path}, {"status", response.status}});
  });
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return fail("--listen must be host:port");
  }
  const std::string host = listen.substr(0, colon);
  if (port == 0) {
    port = server.bind_to_any_port(host.c_str());
  } else if (!server.bind_to_port(host.c_str(), port)) {
    port = -1;
  }
  if (port <= 0) return fail(absl::StrCat("cannot listen on ", listen));
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << port << "\n";
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  reportflow::LogInfo("serving", {{"port", port}, {"tls", true}});
  std::thread stopper([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    reportflow::LogInfo("stopping", {{"signal", signal_number}});
    server.stop();
  });
  server.listen_after_bind();
  stopper.join();
  reportflow::LogInfo("stopped");
  return 0;
}
