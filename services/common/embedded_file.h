// A file compiled into a binary by rf_embed_files() (cmake/ReportFlowHelpers.cmake),
// so that servers carry their migrations and data and read nothing from the
// source tree at run time.
#ifndef REPORTFLOW_SERVICES_COMMON_EMBEDDED_FILE_H_
#define REPORTFLOW_SERVICES_COMMON_EMBEDDED_FILE_H_

#include "absl/strings/string_view.h"

namespace reportflow {

// One embedded file: its base name and its bytes (static storage).
struct EmbeddedFile {
  absl::string_view name;
  absl::string_view content;
};

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_EMBEDDED_FILE_H_
