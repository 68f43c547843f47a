#include "services/publication/domain/publication_rules.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace reportflow::publication {

std::string PublicationDirectory(absl::string_view unit, int fiscal_year,
                                 absl::string_view report_id, int version) {
  return absl::StrCat(unit, "/", fiscal_year, "/", report_id, "-v", version);
}

std::string IndexDirectory(absl::string_view unit, int fiscal_year) {
  return absl::StrCat(unit, "/", fiscal_year);
}

std::string IndexNumber(absl::string_view unit, int fiscal_year, int64_t publication_id) {
  return absl::StrFormat("%s-%d-%06d", unit, fiscal_year, publication_id);
}

}  // namespace reportflow::publication
