// The messages the console reads and writes, as console-server's bridge
// prints them: protobuf's JSON mapping with the proto field names
// (snake_case), enums by name, int64 as strings, bytes as base64. Only the
// fields the screens use are listed; proto/reportflow/*/v1/*.proto is the
// contract.

export interface Person {
  user_id: string;
  display_name: string;
}

export type DiffOp = 'DIFF_OP_EQUAL' | 'DIFF_OP_INSERT' | 'DIFF_OP_DELETE';
export interface DiffSpan {
  op: DiffOp;
  text: string;
}
export interface DiffLine {
  op: DiffOp;
  old_line: number;
  new_line: number;
  text: string;
  spans: DiffSpan[];
}
export interface TextDiff {
  old_revision: string;
  new_revision: string;
  lines: DiffLine[];
  inserted_lines: number;
  deleted_lines: number;
}

export interface Delivery {
  name: string;
  method: string;
  subject: string;
  state: string;
  attempts: number;
  last_error: string;
}

// ---- identity ----
export interface Unit {
  name: string;
  display_name: string;
  parent: string;
  kind: string;
  state: string;
  path: string[];
  workflow_definition: string;
}
export interface IdentityPerson {
  name: string;
  display_name: string;
  unit: string;
  phone: string;
  email: string;
  state: string;
  has_password: boolean;
}
export interface RoleAssignment {
  name: string;
  person: string;
  role: string;
  scope: string;
  subtree: boolean;
  create_time?: string;
  revoke_time?: string;
}
export interface Delegation {
  name: string;
  delegator: string;
  delegate: string;
  roles: string[];
  scope: string;
  subtree: boolean;
  start_time?: string;
  end_time?: string;
  reason: string;
  revoke_time?: string;
}
export interface Access {
  person: IdentityPerson;
  role_assignments: RoleAssignment[];
  delegations_received: Delegation[];
  delegations_given: Delegation[];
}
export interface RoleHolder {
  person: string;
  display_name: string;
  delegator: string;
  delegator_display_name: string;
}
export interface SessionInfo {
  person: string;
  display_name: string;
  csrf_token: string;
  access?: Access | null;
}

// ---- drafting ----
export type ReportState =
  | 'REPORT_STATE_DRAFTING'
  | 'REPORT_STATE_IN_REVIEW'
  | 'REPORT_STATE_RETURNED'
  | 'REPORT_STATE_APPROVED'
  | 'REPORT_STATE_PUBLISHED'
  | 'REPORT_STATE_WITHDRAWN';
export interface Report {
  name: string;
  unit: string;
  unit_display_name: string;
  fiscal_year: number;
  kind: string;
  template: string;
  title: string;
  state: ReportState;
  finance_approval_date: string;
  latest_version: number;
  creator?: Person;
  create_time?: string;
  update_time?: string;
  etag: string;
}
export type SectionKind = 'SECTION_KIND_TEXT' | 'SECTION_KIND_TABLE';
export interface Section {
  name: string;
  key: string;
  part: string;
  title: string;
  kind: SectionKind;
  required: boolean;
  assignee?: Person;
  latest_revision: number;
  etag: string;
}
export interface Revision {
  name: string;
  number: number;
  content: string; // base64
  content_sha256: string;
  base_revision: number;
  author?: Person;
  create_time?: string;
  note: string;
}
export interface Template {
  name: string;
  display_name: string;
  province: string;
  kind: string;
  fiscal_year: number;
  parts: { key: string; title: string; sections: { key: string; title: string }[] }[];
}
export interface UnmatchedFragment {
  start_line: number;
  end_line: number;
  text: string;
  reason: string;
}
export interface NotImported {
  what: string;
  location: string;
}
export interface ImportDocumentResponse {
  revisions: Revision[];
  unmatched: UnmatchedFragment[];
  missing_required_sections: string[];
  not_imported: NotImported[];
}
export interface ManifestEntry {
  section: string;
  revision: string;
  title: string;
  kind: SectionKind;
  content: string;
}
export interface ReturnedComment {
  section: string;
  revision: string;
  start: number;
  end: number;
  text: string;
  author?: Person;
}
export interface ReportVersion {
  name: string;
  number: number;
  manifest: ManifestEntry[];
  digest: string;
  submitter?: Person;
  create_time?: string;
  review_outcome: string;
  review: string;
  review_reason: string;
  returned_comments: ReturnedComment[];
}
export interface SectionDiff {
  section: string;
  changed: boolean;
  diff?: TextDiff;
}
export interface CheckFinding {
  section: string;
  line: number;
  column: number;
  rule: string;
  severity: Severity;
  excerpt: string;
  message: string;
  suggestion: string;
}

// ---- review ----
export type Severity = 'SEVERITY_ERROR' | 'SEVERITY_WARNING' | 'SEVERITY_INFO';
export interface StageDefinition {
  key: string;
  display_name: string;
  kind: string;
  role: string;
  blocks_on_findings: boolean;
}
export interface Stage {
  definition: StageDefinition;
  state: string;
  actor?: Person;
  decision_time?: string;
  opinion: string;
  approved_digest: string;
}
export interface Anchor {
  section: string;
  revision: string;
  start: number;
  end: number;
}
export interface Comment {
  name: string;
  anchor?: Anchor;
  text: string;
  blocking: boolean;
  resolved: boolean;
  author?: Person;
  create_time?: string;
  carried_from: string;
}
export interface Finding {
  name: string;
  rule: string;
  severity: Severity;
  section: string;
  line: number;
  column: number;
  excerpt: string;
  message: string;
  suggestion: string;
  overridden: boolean;
  override_reason: string;
  overrider?: Person;
}
export interface ReviewedSection {
  section: string;
  revision: string;
  title: string;
  content: string;
  diff?: TextDiff;
}
export type ReviewAction =
  | 'ACTION_APPROVE'
  | 'ACTION_RETURN'
  | 'ACTION_WITHDRAW'
  | 'ACTION_COMMENT'
  | 'ACTION_RESOLVE_COMMENT'
  | 'ACTION_OVERRIDE_FINDING';
export interface Review {
  name: string;
  report: string;
  report_version: string;
  digest: string;
  workflow_definition: string;
  state: string;
  stages: Stage[];
  unit: string;
  title: string;
  submitter?: Person;
  create_time?: string;
  update_time?: string;
  allowed_actions: ReviewAction[];
  findings: Finding[];
  comments: Comment[];
  sections: ReviewedSection[];
  previous_review: string;
}
export interface Task {
  name: string;
  review: string;
  report_version: string;
  title: string;
  unit: string;
  stage: StageDefinition;
  digest: string;
  activate_time?: string;
}
export interface AuditEvent {
  name: string;
  sequence: string;
  action: string;
  actor?: Person;
  subject: string;
  details_json: string;
  create_time?: string;
  hash: string;
}
export interface VerifyAuditChainResponse {
  valid: boolean;
  checked_events: string;
  first_invalid_event: string;
  reason: string;
  anchored_events: string;
}

// ---- publication ----
export interface Publication {
  name: string;
  report: string;
  report_version: string;
  unit: string;
  fiscal_year: number;
  title: string;
  state: string;
  index_number: string;
  url: string;
  finance_approval_date: string;
  deadline_date: string;
  deadline_status: string;
  publish_time?: string;
  supersedes: string;
  superseded_by: string;
  withdrawal?: { reason: string; actor?: Person; withdraw_time?: string };
  etag: string;
  portal_check?: PortalCheck;
}
/** 门户核验: the portal's copy read back and compared with what was published. */
export interface PortalCheck {
  state?: string;
  check_time?: string;
  drifts?: { path: string; kind: string; detail: string }[];
  drift_since?: string;
  trigger?: string;
  next_check_time?: string;
}
export interface PortalPush {
  name: string;
  kind: string;
  sink: string;
  state: string;
  attempts: number;
  last_error: string;
  complete_time?: string;
}

// ---- notification ----
export interface AppNotification {
  name: string;
  kind: string;
  unit: string;
  subject: string;
  title: string;
  text: string;
  link: string;
  create_time?: string;
  read_time?: string;
}
export type RobotKind = 'ROBOT_KIND_DINGTALK' | 'ROBOT_KIND_WECOM' | 'ROBOT_KIND_FEISHU';
export interface Robot {
  id: string;
  kind: RobotKind | string;
  /** Input only: never returned by the server. */
  webhook?: string;
  /** Input only: never returned by the server. */
  secret?: string;
  webhook_host?: string;
  has_secret?: boolean;
  disabled: boolean;
}
export interface QuietHours {
  start_minute: number;
  end_minute: number;
}
export interface UnitSettings {
  name: string;
  robots: Robot[];
  remind_after_working_days: number;
  escalate_after_working_days: number;
  quiet_hours?: QuietHours;
  etag: string;
  update_time?: string;
  action_links: boolean;
}
export interface Preferences {
  name: string;
  email_enabled: boolean;
  quiet_hours?: QuietHours;
  etag: string;
}
export interface Delivery {
  name: string;
  method: string;
  subject: string;
  state: string;
  attempts: number;
  last_error: string;
  create_time?: string;
  next_attempt_time?: string;
  deliver_time?: string;
}

// ---- the finance bureau's view (drafting) ----
export interface RegionReport {
  unit: string;
  unit_display_name: string;
  report: string;
  title: string;
  state: string;
  finance_approval_date: string;
  deadline_date: string;
  publish_date: string;
  days_since_approval: number;
  timeliness: string;
  required_sections: number;
  required_sections_filled: number;
  tables: number;
  tables_filled: number;
  publication_url: string;
}
export interface UrgeTaskResponse {
  task: string;
  urge_time?: string;
  next_allowed_time?: string;
}
export interface ActionLink {
  task: string;
  unit: string;
  title: string;
  digest: string;
  expire_time?: string;
  state: string;
}
