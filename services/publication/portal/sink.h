// Portal sinks: where publications go. A push carries a bundle — the files of
// one directory of the portal and what they are — and a sink puts it there:
//   - StaticSink (static_sink.h, the default): a directory tree any web
//     server can serve as-is, written through a temporary path and renamed
//     into place, so a reader never sees half a page;
//   - HttpSink (http_sink.h): a POST to the portal's endpoint with an
//     Idempotency-Key and an HMAC-SHA256 signature.
// Each can also read back what readers are served (Fetch), so that what
// reached the portal is checked against what was rendered.
// Pushes run from the outbox (api/delivery.h), so a sink may be called more
// than once for the same bundle (after a crash or a lost answer); putting the
// same bundle twice leaves the portal as putting it once.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_PORTAL_SINK_H_
#define REPORTFLOW_SERVICES_PUBLICATION_PORTAL_SINK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/publication/render/page.h"

namespace reportflow::publication {

// What a push puts on the portal.
struct PortalBundle {
  // "page", "withdrawal", "correction" or "index" (PushKind, lower case).
  std::string kind;
  // The publication, `publications/{id}`; empty for an index.
  std::string publication;
  // The directory, relative to the portal root, e.g. "unit-a/2024/r-1-v2".
  std::string directory;
  // Whether the bundle replaces the whole directory (a page or a notice) or
  // only its own files (an index, beside the publications' directories).
  bool replace_directory = true;
  // The same on every attempt; `{kind}-{publication or directory}-{event}`.
  std::string idempotency_key;
  // Relative to `directory`.
  std::vector<RenderedFile> files;
};

// The bundle as the outbox payload and the HTTP body: JSON with the fields
// above (files as {path, content_type, content}); a binary file (the PDF:
// any type but text/* and application/json) carries "encoding": "base64"
// and its content in base64.
std::string SerializeBundle(const PortalBundle& bundle);
// Whether a file of `content_type` travels base64-encoded in a bundle.
bool IsBinaryContentType(absl::string_view content_type);
// DATA_LOSS when `payload` is not a bundle (or a base64 file does not decode); INVALID_ARGUMENT
// when a path would leave its directory ("..", absolute, empty).
absl::StatusOr<PortalBundle> ParseBundle(absl::string_view payload);

class PortalSink {
 public:
  virtual ~PortalSink() = default;
  // "static" or "http".
  virtual std::string name() const = 0;
  // Puts `bundle` on the portal. UNAVAILABLE (retried) when the portal
  // cannot be reached or refuses for now.
  virtual absl::Status Push(const PortalBundle& bundle) = 0;
  // Where readers find `directory`'s page (a file path or a URL).
  virtual std::string PageLocation(absl::string_view directory) const = 0;
  // What the portal serves at `path` under `directory`, as a reader gets it
  // (publish-then-verify): NOT_FOUND when nothing is there, UNAVAILABLE when
  // the portal cannot be asked.
  virtual absl::StatusOr<std::string> Fetch(absl::string_view directory,
                                            absl::string_view path) const = 0;
};

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_PORTAL_SINK_H_
