#include "services/review/domain/resubmission.h"

#include "absl/strings/str_cat.h"

namespace reportflow::review {
namespace {

const ManifestSection* Find(const std::vector<ManifestSection>& sections,
                            absl::string_view section) {
  for (const ManifestSection& s : sections) {
    if (s.section == section) return &s;
  }
  return nullptr;
}

}  // namespace

SectionChanges::SectionChanges(std::vector<ManifestSection> before,
                               std::vector<ManifestSection> after)
    : before_(std::move(before)), after_(std::move(after)) {}

bool SectionChanges::Unchanged(absl::string_view section) const {
  const ManifestSection* before = Find(before_, section);
  const ManifestSection* after = Find(after_, section);
  return before != nullptr && after != nullptr && before->content_sha256 == after->content_sha256;
}

std::string CarriedOrigin(absl::string_view carried_from, absl::string_view previous_review) {
  return std::string(carried_from.empty() ? previous_review : carried_from);
}

std::string FindingOrigin(const v1::Finding& finding, const std::vector<v1::Finding>& previous,
                          const SectionChanges& changes, absl::string_view previous_review) {
  if (!changes.Unchanged(finding.section())) return "";
  std::string origin;
  for (const v1::Finding& before : previous) {
    if (before.rule() == finding.rule() && before.section() == finding.section() &&
        before.excerpt() == finding.excerpt()) {
      origin = CarriedOrigin(before.carried_from(), previous_review);
    }
  }
  return origin;
}

std::vector<v1::Comment> CarriedComments(const std::vector<v1::Comment>& previous,
                                         const SectionChanges& changes,
                                         absl::string_view previous_review) {
  std::vector<v1::Comment> carried;
  for (const v1::Comment& comment : previous) {
    if (comment.resolved() || !changes.Unchanged(comment.anchor().section())) continue;
    carried.push_back(comment);
    carried.back().set_carried_from(CarriedOrigin(comment.carried_from(), previous_review));
  }
  return carried;
}

workflow::Action Supersede(absl::string_view version) {
  return workflow::Action::Cancel(absl::StrCat("已被新提交的版本 ", version, " 取代"));
}

}  // namespace reportflow::review
