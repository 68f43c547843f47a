// The default portal sink: a directory tree served as-is by any web server.
// A page or notice bundle is written in full under `<root>/.staging/` and
// then renamed into `<root>/<directory>` — atomically exchanged with the old
// directory when there is one (renameat2 RENAME_EXCHANGE), so readers see the
// old page or the new one, never half of either. An index bundle replaces
// only its own files, each written beside it and renamed over it.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_PORTAL_STATIC_SINK_H_
#define REPORTFLOW_SERVICES_PUBLICATION_PORTAL_STATIC_SINK_H_

#include <string>

#include "services/publication/portal/sink.h"

namespace reportflow::publication {

class StaticSink final : public PortalSink {
 public:
  // `root`: the site directory (created when missing). `public_url`: the
  // site's address for PageLocation; empty to report file paths.
  StaticSink(std::string root, std::string public_url);

  std::string name() const override { return "static"; }
  absl::Status Push(const PortalBundle& bundle) override;
  std::string PageLocation(absl::string_view directory) const override;
  // Reads `<root>/<directory>/<path>`.
  absl::StatusOr<std::string> Fetch(absl::string_view directory,
                                    absl::string_view path) const override;

 private:
  const std::string root_;
  const std::string public_url_;
};

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_PORTAL_STATIC_SINK_H_
