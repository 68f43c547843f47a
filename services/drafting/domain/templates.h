// Report templates: data (protobuf text format, reportflow.drafting.v1.Template)
// in services/drafting/templates/, one per province/kind/year, compiled into
// the binary and validated at load. Never hard-coded: a new province is a new
// file.
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TEMPLATES_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TEMPLATES_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reportflow/drafting/v1/drafting.pb.h"

namespace reportflow::drafting {

// Parses and validates a template. INVALID_ARGUMENT "file:line:column: rule"
// for text that does not parse, and "file: rule" for: a name not
// `templates/[a-z0-9-]+`, no display name, kind or fiscal year, no parts, a
// part or section without key or title, a key not [a-z0-9-]+ or used twice
// (section keys are unique across the template), a section without kind.
absl::StatusOr<v1::Template> ParseTemplate(absl::string_view text, absl::string_view file_name);

// The shipped templates by resource name ("templates/sichuan-final-accounts-2024").
// An error means a shipped file is broken.
absl::StatusOr<std::map<std::string, v1::Template>> ShippedTemplates();

// A heading as the import and the templates compare it: without its
// numbering (一、, （一）, 第二部分 …), spaces, and a leading year (2024 年度).
std::string NormalizeHeading(absl::string_view heading);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TEMPLATES_H_
