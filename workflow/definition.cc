#include "workflow/definition.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "embedded/workflow_definitions.h"

namespace reportflow::workflow {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::TextFormat;

// Collects the first parse error with its position.
class FirstErrorCollector final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (error_.empty()) {
      error_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

// Parses text format, recording where every field was written.
absl::Status ParseText(absl::string_view text, absl::string_view file_name, Message& message,
                       TextFormat::ParseInfoTree& locations) {
  TextFormat::Parser parser;
  FirstErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&locations);
  if (!parser.ParseFromString(std::string(text), &message)) {
    return absl::InvalidArgumentError(absl::StrCat(file_name, ":", errors.error()));
  }
  return absl::OkStatus();
}

bool IsKey(absl::string_view text, bool allow_underscore) {
  if (text.empty()) {
    return false;
  }
  for (char c : text) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' ||
          (allow_underscore && c == '_'))) {
      return false;
    }
  }
  return true;
}

// Builds "file:line:column: rule" for a field of the message `tree` describes
// (index -1 for a singular field); falls back to the enclosing position.
class Locator {
 public:
  Locator(absl::string_view file_name, const TextFormat::ParseInfoTree& root)
      : file_name_(file_name), root_(root) {}

  absl::Status Error(const Message& message, absl::string_view field_name, int index,
                     const TextFormat::ParseInfoTree* tree, absl::string_view rule,
                     int fallback_line = 0) const {
    const FieldDescriptor* field =
        message.GetDescriptor()->FindFieldByName(std::string(field_name));
    int line = fallback_line;
    int column = 1;
    if (field != nullptr && field->is_repeated() && index < 0) {
      field = nullptr;  // a repeated field has no location of its own
    }
    if (tree != nullptr && field != nullptr) {
      google::protobuf::TextFormat::ParseLocation location = tree->GetLocation(field, index);
      if (location.line >= 0) {
        line = location.line + 1;
        column = location.column + 1;
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", line, ":", column, ": ", rule));
  }

  const TextFormat::ParseInfoTree& root() const { return root_; }
  // Line of the `index`th element of repeated `field_name` of the root message.
  int RootLine(const Message& message, absl::string_view field_name, int index) const {
    const FieldDescriptor* field =
        message.GetDescriptor()->FindFieldByName(std::string(field_name));
    return field == nullptr ? 0 : root_.GetLocation(field, index).line + 1;
  }

 private:
  std::string file_name_;
  const TextFormat::ParseInfoTree& root_;
};

}  // namespace

absl::StatusOr<RoleSet> RoleSet::Parse(absl::string_view text, absl::string_view file_name) {
  RoleCatalogue catalogue;
  TextFormat::ParseInfoTree locations;
  if (absl::Status parsed = ParseText(text, file_name, catalogue, locations); !parsed.ok()) {
    return parsed;
  }
  Locator locator(file_name, locations);
  RoleSet roles;
  const FieldDescriptor* roles_field = catalogue.GetDescriptor()->FindFieldByName("roles");
  for (int i = 0; i < catalogue.roles_size(); ++i) {
    const Role& role = catalogue.roles(i);
    const TextFormat::ParseInfoTree* tree = locations.GetTreeForNested(roles_field, i);
    const int line = locator.RootLine(catalogue, "roles", i);
    if (!IsKey(role.id(), /*allow_underscore=*/true)) {
      return locator.Error(role, "id", -1, tree,
                           "role id must be non-empty lowercase letters, digits, '-' or '_'", line);
    }
    if (!roles.display_names_.emplace(role.id(), role.display_name()).second) {
      return locator.Error(role, "id", -1, tree,
                           absl::StrCat("role \"", role.id(), "\" is defined twice"), line);
    }
  }
  return roles;
}

std::string RoleSet::DisplayName(absl::string_view role) const {
  auto it = display_names_.find(role);
  return it == display_names_.end() || it->second.empty() ? std::string(role) : it->second;
}

absl::StatusOr<std::shared_ptr<const Definition>> Definition::Parse(absl::string_view text,
                                                                    absl::string_view file_name,
                                                                    const RoleSet& roles) {
  WorkflowDefinition proto;
  TextFormat::ParseInfoTree locations;
  if (absl::Status parsed = ParseText(text, file_name, proto, locations); !parsed.ok()) {
    return parsed;
  }
  Locator locator(file_name, locations);
  auto root_error = [&](absl::string_view field, absl::string_view rule) {
    return locator.Error(proto, field, -1, &locations, rule, 1);
  };
  if (!IsKey(proto.id(), /*allow_underscore=*/false)) {
    return root_error("id", "id must be non-empty lowercase letters, digits or '-'");
  }
  if (proto.display_name().empty()) {
    return root_error("display_name", "display_name must not be empty");
  }
  if (proto.stages_size() == 0) {
    return root_error("stages", "a definition needs at least one stage");
  }
  std::shared_ptr<Definition> definition(new Definition(proto));
  const FieldDescriptor* stages_field = proto.GetDescriptor()->FindFieldByName("stages");
  absl::flat_hash_set<std::string> keys;
  absl::flat_hash_set<std::string> names;
  bool seen_human = false;
  for (int i = 0; i < proto.stages_size(); ++i) {
    const StageDefinition& stage = proto.stages(i);
    const TextFormat::ParseInfoTree* tree = locations.GetTreeForNested(stages_field, i);
    const int line = locator.RootLine(proto, "stages", i);
    auto stage_error = [&](absl::string_view field, absl::string_view rule) {
      return locator.Error(stage, field, -1, tree, rule, line);
    };
    if (!IsKey(stage.key(), /*allow_underscore=*/true)) {
      return stage_error("key",
                         "stage key must be non-empty lowercase letters, digits, '-' or '_'");
    }
    if (!keys.insert(stage.key()).second) {
      return stage_error("key", absl::StrCat("stage key \"", stage.key(), "\" is used twice"));
    }
    if (stage.display_name().empty()) {
      return stage_error("display_name", "stage display_name must not be empty");
    }
    if (!names.insert(stage.display_name()).second) {
      return stage_error("display_name", absl::StrCat("stage display_name \"", stage.display_name(),
                                                      "\" is used twice"));
    }
    if (stage.kind() == STAGE_KIND_UNSPECIFIED) {
      return stage_error("kind", "stage kind must be set (PROOFREAD, REVIEW or AUTOMATIC_CHECK)");
    }
    if (stage.kind() == STAGE_KIND_AUTOMATIC_CHECK) {
      if (!stage.role().empty()) {
        return stage_error("role", "an automatic stage has no role");
      }
      if (seen_human) {
        return stage_error("kind", "an automatic stage must come before every human stage");
      }
      continue;
    }
    seen_human = true;
    if (stage.role().empty()) {
      return stage_error("role", "a human stage needs the role allowed to act on it");
    }
    if (!roles.Contains(stage.role())) {
      return stage_error(
          "role", absl::StrCat("unknown role \"", stage.role(), "\" (not in the role catalogue)"));
    }
  }
  if (!seen_human) {
    return locator.Error(proto, "stages", 0, &locations,
                         "a definition needs at least one human stage");
  }
  if (proto.has_findings_policy()) {
    const FindingsPolicy& policy = proto.findings_policy();
    const FieldDescriptor* policy_field = proto.GetDescriptor()->FindFieldByName("findings_policy");
    const TextFormat::ParseInfoTree* tree = locations.GetTreeForNested(policy_field, -1);
    const int line = locations.GetLocation(policy_field, -1).line + 1;
    for (int i = 0; i < policy.blocking_stages_size(); ++i) {
      const std::string& key = policy.blocking_stages(i);
      const int index = definition->StageIndex(key);
      auto blocking_error = [&](absl::string_view rule) {
        return locator.Error(policy, "blocking_stages", i, tree, rule, line);
      };
      if (index < 0) {
        return blocking_error(
            absl::StrCat("blocking stage \"", key, "\" is not a stage of this definition"));
      }
      if (!definition->IsHuman(index)) {
        return blocking_error(absl::StrCat("blocking stage \"", key, "\" must be a human stage"));
      }
      if (!definition->blocking_.insert(index).second) {
        return blocking_error(absl::StrCat("blocking stage \"", key, "\" is listed twice"));
      }
    }
    definition->allow_override_ = policy.allow_override();
    if (policy.allow_override() && policy.blocking_stages_size() == 0) {
      return locator.Error(policy, "allow_override", -1, tree,
                           "an override is allowed but no stage is blocking", line);
    }
  } else {
    definition->blocking_.insert(proto.stages_size() - 1);
    definition->allow_override_ = true;
  }
  for (int g = 0; g < proto.signing_groups_size(); ++g) {
    const SigningGroup& group = proto.signing_groups(g);
    auto group_error = [&](absl::string_view rule) {
      return locator.Error(proto, "signing_groups", g, &locations, rule);
    };
    if (group.stages_size() < 2) {
      return group_error("a signing group names at least two stages");
    }
    for (const std::string& key : group.stages()) {
      const int index = definition->StageIndex(key);
      if (index < 0) {
        return group_error(
            absl::StrCat("signing group stage \"", key, "\" is not a stage of this definition"));
      }
      if (!definition->IsHuman(index)) {
        return group_error(absl::StrCat("signing group stage \"", key, "\" must be a human stage"));
      }
      if (!definition->group_of_.emplace(index, g).second) {
        return group_error(absl::StrCat("stage \"", key, "\" is in two signing groups"));
      }
    }
  }
  return std::shared_ptr<const Definition>(std::move(definition));
}

bool Definition::SameSigningGroup(int a, int b) const {
  if (a == b) return true;
  auto first = group_of_.find(a);
  auto second = group_of_.find(b);
  return first != group_of_.end() && second != group_of_.end() && first->second == second->second;
}

int Definition::StageIndex(absl::string_view key) const {
  for (int i = 0; i < proto_.stages_size(); ++i) {
    if (proto_.stages(i).key() == key) {
      return i;
    }
  }
  return -1;
}

bool Definition::IsHuman(int index) const {
  const StageKind kind = proto_.stages(index).kind();
  return kind == STAGE_KIND_PROOFREAD || kind == STAGE_KIND_REVIEW;
}

ReturnPolicy Definition::return_policy() const {
  return proto_.return_policy() == RETURN_POLICY_RESUME ? RETURN_POLICY_RESUME
                                                        : RETURN_POLICY_RESTART;
}

absl::StatusOr<ShippedWorkflows> LoadShippedWorkflows() {
  const std::vector<EmbeddedFile>& files = ShippedDefinitionFiles();
  ShippedWorkflows shipped;
  bool have_roles = false;
  for (const EmbeddedFile& file : files) {
    if (file.name == "roles.textproto") {
      absl::StatusOr<RoleSet> roles = RoleSet::Parse(file.content, file.name);
      if (!roles.ok()) {
        return roles.status();
      }
      shipped.roles = *std::move(roles);
      have_roles = true;
    }
  }
  if (!have_roles) {
    return absl::InternalError("shipped workflows: roles.textproto is missing");
  }
  for (const EmbeddedFile& file : files) {
    if (file.name == "roles.textproto") {
      continue;
    }
    absl::StatusOr<std::shared_ptr<const Definition>> definition =
        Definition::Parse(file.content, file.name, shipped.roles);
    if (!definition.ok()) {
      return definition.status();
    }
    shipped.definitions[(*definition)->id()] = *std::move(definition);
  }
  return shipped;
}

}  // namespace reportflow::workflow
