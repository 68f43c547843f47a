// The one conversion between our error model (absl::Status) and gRPC's, used
// at the RPC edge only. Handlers return absl::Status internally; the server
// turns it into grpc::Status with ToGrpcStatus, the client back with
// FromGrpcStatus.
#ifndef REPORTFLOW_SERVICES_COMMON_GRPC_STATUS_H_
#define REPORTFLOW_SERVICES_COMMON_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace reportflow {

// Converts `status` for a client. Codes map one to one. INTERNAL, UNKNOWN and
// DATA_LOSS carry server details (SQL messages, file paths) that must not
// reach clients: their message is logged here and replaced by a generic
// Chinese one that tells the user what to do.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Converts a status a client received back into absl::Status.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_GRPC_STATUS_H_
