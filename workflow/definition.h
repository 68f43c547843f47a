// Workflow definitions (三审三校 as data): parsing and validation of the
// protobuf text format in workflow/definitions/, and the shipped definitions.
//
// A definition is rejected with `file:line:column: rule` for:
//   - text that does not parse (protobuf's own message);
//   - an id or display name missing, or an id not [a-z0-9-]+;
//   - no stages, or no human stage;
//   - a stage without key, display name or kind; a key not [a-z0-9_-]+;
//     a key or display name used twice;
//   - a human stage without role or with a role not in the role catalogue;
//     an automatic stage with a role, or after a human stage;
//   - a blocking stage that does not exist, is automatic, or is listed twice;
//   - an override allowed without any blocking stage;
//   - a signing group of fewer than two stages, naming a stage that does not
//     exist or is automatic, or a stage in two groups.
#ifndef REPORTFLOW_WORKFLOW_DEFINITION_H_
#define REPORTFLOW_WORKFLOW_DEFINITION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "workflow/workflow_definition.pb.h"

namespace reportflow::workflow {

// The roles an installation knows, from a RoleCatalogue text file.
class RoleSet {
 public:
  // Parses a RoleCatalogue; INVALID_ARGUMENT with file:line for bad text, an
  // empty or duplicate id.
  static absl::StatusOr<RoleSet> Parse(absl::string_view text, absl::string_view file_name);
  bool Contains(absl::string_view role) const { return display_names_.contains(role); }
  // Display name of `role`, or the id itself when unknown.
  std::string DisplayName(absl::string_view role) const;

 private:
  absl::flat_hash_map<std::string, std::string> display_names_;
};

// A validated, immutable workflow definition.
class Definition {
 public:
  // Parses and validates `text` (a WorkflowDefinition in text format) against
  // `roles`. Errors are INVALID_ARGUMENT "file:line:column: rule".
  static absl::StatusOr<std::shared_ptr<const Definition>> Parse(absl::string_view text,
                                                                 absl::string_view file_name,
                                                                 const RoleSet& roles);

  const WorkflowDefinition& proto() const { return proto_; }
  const std::string& id() const { return proto_.id(); }
  int stage_count() const { return proto_.stages_size(); }
  const StageDefinition& stage(int index) const { return proto_.stages(index); }
  // Index of the stage with `key`, or -1.
  int StageIndex(absl::string_view key) const;
  // Whether the stage at `index` is a human stage (PROOFREAD or REVIEW).
  bool IsHuman(int index) const;
  // Whether blocking findings and comments stop the stage at `index`.
  bool IsBlocking(int index) const { return blocking_.contains(index); }
  // Whether a blocking finding may be overridden with a reason.
  bool AllowOverride() const { return allow_override_; }
  bool AllowSamePersonMultipleStages() const { return proto_.allow_same_person_multiple_stages(); }
  bool AllowAuthors() const { return proto_.allow_authors(); }
  // Whether one person may sign both stages (the same stage, or two stages of
  // one signing group).
  bool SameSigningGroup(int a, int b) const;
  // RESTART or RESUME (UNSPECIFIED resolved to RESTART).
  ReturnPolicy return_policy() const;

 private:
  explicit Definition(WorkflowDefinition proto) : proto_(std::move(proto)) {}
  WorkflowDefinition proto_;
  absl::flat_hash_set<int> blocking_;
  // Stage index → its signing group.
  absl::flat_hash_map<int, int> group_of_;
  bool allow_override_ = true;
};

// The definitions and role catalogue compiled into the binary
// (workflow/definitions/), parsed and validated.
struct ShippedWorkflows {
  RoleSet roles;
  // By id: "gov-interleaved", "publishing-house".
  absl::flat_hash_map<std::string, std::shared_ptr<const Definition>> definitions;
};

// Loads the shipped definitions; an error means a shipped file is broken.
absl::StatusOr<ShippedWorkflows> LoadShippedWorkflows();

// The definition a unit uses unless configured otherwise.
inline constexpr absl::string_view kDefaultDefinition = "gov-interleaved";

}  // namespace reportflow::workflow

#endif  // REPORTFLOW_WORKFLOW_DEFINITION_H_
