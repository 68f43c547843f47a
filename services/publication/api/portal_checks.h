// Publish-then-verify, the IO half (the rule is domain/portal_check.h): the
// publication service reads back what the portal serves and compares it
// with what it rendered —
//   - after every push (VerifyPushed, in the outbox delivery): a push whose
//     files do not come back byte for byte counts as failed and is retried;
//   - periodically (PortalChecker, every page on the portal, live or
//     replaced by its notice, once per --portal-check-interval-seconds,
//     claimed by one replica through a conditional update);
//   - on demand (VerifyPublication).
// A drift found (edited, missing, truncated, a withdrawn page's files back)
// is recorded in portal_checks, audited (portal.drift), told to the
// publisher and repaired: the approved content (rendered files from
// publication_files, or the notice) is pushed again (portal/repair). When
// the repair lands, or a later check finds the copy right, it is audited as
// portal.restored. A portal that cannot be reached is UNREACHABLE — not
// evidence of tampering, checked again later.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_API_PORTAL_CHECKS_H_
#define REPORTFLOW_SERVICES_PUBLICATION_API_PORTAL_CHECKS_H_

#include <functional>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "reportflow/publication/v1/publication.pb.h"
#include "services/common/database.h"
#include "services/common/grpc_client.h"
#include "services/publication/portal/sink.h"
#include "services/publication/store/publication_store.h"

namespace reportflow::publication {

// What a check needs.
struct PortalCheckContext {
  Database* db = nullptr;
  std::shared_ptr<PortalSink> sink;
  PeerConfig peers;  // for the publisher's notification
  std::function<absl::Time()> now = [] { return absl::Now(); };
  absl::Duration interval = kDefaultPortalCheckInterval;
};

// Reads back every file of `bundle` through `sink`: OK when each is served
// byte for byte, UNAVAILABLE naming the first that is not (so the push is
// retried).
absl::Status VerifyPushed(const PortalSink& sink, const PortalBundle& bundle);

// Records, in the delivery's transaction, that a push of publication `id`
// (`method`: page, notice or repair) was read back intact: MATCHES now, due
// again after `interval`; a publication that had drifted is audited as
// restored.
absl::Status RecordVerifiedPush(Transaction& tx, const PublicationRecord& record,
                                absl::string_view method, absl::Time now, absl::Duration interval);

// Checks publication `id` now. Nothing to check (OK, nothing recorded)
// before its page reached the portal or while a push of it is in flight.
absl::Status CheckPortalCopy(const PortalCheckContext& context, int64_t id,
                             v1::PortalCheckTrigger trigger);

// Claims and checks up to `batch` publications whose periodic check is due;
// returns how many it checked.
absl::StatusOr<int> RunDuePortalChecks(const PortalCheckContext& context, int batch);

// The API form of a stored check.
v1::PortalCheck PortalCheckProto(const PortalCheckRecord& check);

// The periodic check: a thread that runs the due checks every `poll`.
class PortalChecker {
 public:
  PortalChecker(PortalCheckContext context, absl::Duration poll);
  ~PortalChecker();
  void Start();
  // Stops after the check in progress.
  void Stop();

 private:
  void Loop();
  const PortalCheckContext context_;
  const absl::Duration poll_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_API_PORTAL_CHECKS_H_
