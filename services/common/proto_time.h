// absl::Time ⇄ google.protobuf.Timestamp, for API messages built from rows.
#ifndef REPORTFLOW_SERVICES_COMMON_PROTO_TIME_H_
#define REPORTFLOW_SERVICES_COMMON_PROTO_TIME_H_

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace reportflow {

// Sets `timestamp` to `time` (microsecond precision, as MySQL stores it);
// leaves it unset for absl::InfinitePast() (a NULL column).
inline void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  if (time == absl::InfinitePast()) {
    return;
  }
  const int64_t seconds = absl::ToUnixSeconds(time);
  timestamp->set_seconds(seconds);
  timestamp->set_nanos(
      static_cast<int32_t>((time - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
}

// The moment `timestamp` names.
inline absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_PROTO_TIME_H_
