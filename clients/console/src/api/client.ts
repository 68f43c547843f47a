// The one module that talks to console-server. Every call goes to
// `POST /api/rpc/<package.Service>/<Method>` with the JSON request and comes
// back as the JSON response, or throws ApiError with the gRPC code and the
// service's Chinese message. Mutations carry the CSRF token; the session
// cookie is HttpOnly and never seen here.
import type * as T from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function whenSignedOut(handler: () => void): void {
  onUnauthenticated = handler;
}

async function post<R>(path: string, body: unknown): Promise<R> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, 'UNAVAILABLE', '无法连接审批工作台服务，请检查网络后重试');
  }
  return decode<R>(response);
}

async function decode<R>(response: Response): Promise<R> {
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(
      response.status,
      'INTERNAL',
      `服务返回了无法识别的内容（HTTP ${response.status}）`,
    );
  }
  if (!response.ok) {
    const body = (json ?? {}) as { code?: string; message?: string };
    if (response.status === 401 && onUnauthenticated) onUnauthenticated();
    throw new ApiError(
      response.status,
      body.code ?? 'UNKNOWN',
      body.message || `请求失败（HTTP ${response.status}）`,
    );
  }
  return json as R;
}

/** Calls one RPC of the four services through the bridge. */
export function rpc<R>(service: string, method: string, request: object = {}): Promise<R> {
  return post<R>(`/api/rpc/reportflow.${service}/${method}`, request);
}

export const session = {
  async current(): Promise<T.SessionInfo | null> {
    const response = await fetch('/api/session', { credentials: 'same-origin' });
    if (response.status === 401) return null;
    const info = await decode<T.SessionInfo & { signed_in?: boolean }>(response);
    if (info.signed_in === false) return null;
    setCsrfToken(info.csrf_token);
    return info;
  },
  async login(person: string, password: string): Promise<T.SessionInfo> {
    const info = await post<T.SessionInfo>('/api/login', { person, password });
    setCsrfToken(info.csrf_token);
    return info;
  },
  async logout(): Promise<void> {
    await post('/api/logout', {});
    setCsrfToken('');
  },
};

const D = 'drafting.v1.DraftingService';
const R = 'review.v1.ReviewService';
const P = 'publication.v1.PublicationService';
const I = 'identity.v1.IdentityService';
const N = 'notification.v1.NotificationService';

export const drafting = {
  listTemplates: () => rpc<{ templates: T.Template[] }>(D, 'ListTemplates', { page_size: 100 }),
  listReports: (filter: { unit?: string; fiscal_year?: number } = {}) =>
    rpc<{ reports: T.Report[] }>(D, 'ListReports', { ...filter, page_size: 200 }),
  getReport: (name: string) => rpc<T.Report>(D, 'GetReport', { name }),
  createReport: (report: Partial<T.Report>, request_id: string) =>
    rpc<T.Report>(D, 'CreateReport', { report, request_id }),
  setApprovalDate: (report: T.Report, date: string, request_id: string) =>
    rpc<T.Report>(D, 'UpdateReport', {
      report: { name: report.name, etag: report.etag, finance_approval_date: date },
      update_mask: 'finance_approval_date',
      request_id,
    }),
  listSections: (parent: string) =>
    rpc<{ sections: T.Section[] }>(D, 'ListSections', { parent, page_size: 500 }),
  getSection: (name: string) => rpc<T.Section>(D, 'GetSection', { name }),
  getRevision: (name: string) => rpc<T.Revision>(D, 'GetRevision', { name }),
  listRevisions: (parent: string) =>
    rpc<{ revisions: T.Revision[] }>(D, 'ListRevisions', { parent, page_size: 100 }),
  createRevision: (parent: string, revision: Partial<T.Revision>, request_id: string) =>
    rpc<T.Revision>(D, 'CreateRevision', { parent, revision, request_id }),
  diffRevisions: (old_revision: string, new_revision: string) =>
    rpc<{ diff: T.TextDiff }>(D, 'DiffRevisions', { old_revision, new_revision, context_lines: 3 }),
  /** `document`: one of text, docx or xlsx, each base64 (protobuf bytes). */
  importDocument: (
    report: string,
    document: { text?: string; docx?: string; xlsx?: string },
    validate_only: boolean,
    request_id: string,
  ) => rpc<T.ImportDocumentResponse>(D, 'ImportDocument', { report, ...document, validate_only, request_id }),
  checkReport: (name: string) => rpc<{ findings: T.CheckFinding[] }>(D, 'CheckReport', { name }),
  submitReport: (report: T.Report, note: string, request_id: string) =>
    rpc<{ report: T.Report; version: T.ReportVersion }>(D, 'SubmitReport', {
      name: report.name,
      etag: report.etag,
      note,
      request_id,
    }),
  listVersions: (parent: string) =>
    rpc<{ versions: T.ReportVersion[] }>(D, 'ListReportVersions', { parent, page_size: 100 }),
  getVersion: (name: string) =>
    rpc<T.ReportVersion>(D, 'GetReportVersion', { name, view: 'REPORT_VERSION_VIEW_FULL' }),
  /** The finance bureau's view of a region (every page). */
  listRegionReports: async (region: string, fiscal_year: number, kind: string) => {
    const rows: T.RegionReport[] = [];
    let page_token = '';
    let as_of = '';
    do {
      const page = await rpc<{ reports: T.RegionReport[]; next_page_token: string; as_of: string }>(
        D,
        'ListRegionReports',
        { region, fiscal_year, kind, page_size: 500, page_token },
      );
      rows.push(...(page.reports ?? []));
      as_of = page.as_of;
      page_token = page.next_page_token;
    } while (page_token);
    return { rows, as_of };
  },
};

export const review = {
  listTasks: () => rpc<{ tasks: T.Task[] }>(R, 'ListTasks', { page_size: 200 }),
  getReview: (name: string) => rpc<T.Review>(R, 'GetReview', { name, view: 'REVIEW_VIEW_FULL' }),
  listReviews: (report: string) =>
    rpc<{ reviews: T.Review[] }>(R, 'ListReviews', { report, page_size: 100 }),
  approve: (task: string, digest: string, opinion: string, request_id: string) =>
    rpc<T.Review>(R, 'ApproveTask', { name: task, digest, opinion, request_id }),
  returnTask: (
    task: string,
    reason: string,
    target: string,
    target_stage: string,
    comments: Partial<T.Comment>[],
    request_id: string,
  ) =>
    rpc<T.Review>(R, 'ReturnTask', {
      name: task,
      reason,
      target,
      target_stage,
      comments,
      request_id,
    }),
  createComment: (parent: string, comment: Partial<T.Comment>, request_id: string) =>
    rpc<T.Comment>(R, 'CreateComment', { parent, comment, request_id }),
  resolveComment: (name: string, request_id: string) =>
    rpc<T.Comment>(R, 'ResolveComment', { name, request_id }),
  overrideFinding: (name: string, reason: string, request_id: string) =>
    rpc<T.Finding>(R, 'OverrideFinding', { name, reason, request_id }),
  listAuditEvents: (parent: string, page_token = '') =>
    rpc<{ audit_events: T.AuditEvent[]; next_page_token: string }>(R, 'ListAuditEvents', {
      parent,
      page_size: 200,
      page_token,
    }),
  verifyAuditChain: (parent: string) =>
    rpc<T.VerifyAuditChainResponse>(R, 'VerifyAuditChain', { parent }),
  urgeTask: (name: string, note: string, request_id: string) =>
    rpc<T.UrgeTaskResponse>(R, 'UrgeTask', { name, note, request_id }),
};

export const publication = {
  list: (filter: { unit?: string } = {}) =>
    rpc<{ publications: T.Publication[] }>(P, 'ListPublications', { ...filter, page_size: 200 }),
  withdraw: (p: T.Publication, reason: string, request_id: string) =>
    rpc<T.Publication>(P, 'WithdrawPublication', {
      name: p.name,
      reason,
      etag: p.etag,
      request_id,
    }),
  listPushes: (parent: string) =>
    rpc<{ portal_pushes: T.PortalPush[] }>(P, 'ListPortalPushes', { parent, page_size: 100 }),
  retryPush: (name: string, request_id: string) =>
    rpc<T.PortalPush>(P, 'RetryPortalPush', { name, request_id }),
  verify: (name: string) => rpc<T.Publication>(P, 'VerifyPublication', { name }),
};

export const identity = {
  listUnits: (parent = '') => rpc<{ units: T.Unit[] }>(I, 'ListUnits', { parent, page_size: 500 }),
  createUnit: (unit: Partial<T.Unit>) => rpc<T.Unit>(I, 'CreateUnit', { unit }),
  listPeople: (unit = '') =>
    rpc<{ people: T.IdentityPerson[] }>(I, 'ListPeople', { unit, page_size: 500 }),
  createPerson: (person: Partial<T.IdentityPerson>, password: string) =>
    rpc<T.IdentityPerson>(I, 'CreatePerson', { person, password }),
  listRoleAssignments: (filter: { person?: string; scope?: string }) =>
    rpc<{ role_assignments: T.RoleAssignment[] }>(I, 'ListRoleAssignments', filter),
  createRoleAssignment: (role_assignment: Partial<T.RoleAssignment>) =>
    rpc<T.RoleAssignment>(I, 'CreateRoleAssignment', { role_assignment }),
  revokeRoleAssignment: (name: string) =>
    rpc<T.RoleAssignment>(I, 'RevokeRoleAssignment', { name }),
  listRoleHolders: (unit: string, role: string) =>
    rpc<{ holders: T.RoleHolder[] }>(I, 'ListRoleHolders', { unit, role }),
  listDelegations: (person = '') =>
    rpc<{ delegations: T.Delegation[] }>(I, 'ListDelegations', { person }),
  createDelegation: (delegation: Partial<T.Delegation>) =>
    rpc<T.Delegation>(I, 'CreateDelegation', { delegation }),
  revokeDelegation: (name: string) => rpc<T.Delegation>(I, 'RevokeDelegation', { name }),
};

export const notifications = {
  list: (unread_only = false, page_token = '') =>
    rpc<{ notifications: T.AppNotification[]; unread_count: number; next_page_token: string }>(
      N,
      'ListNotifications',
      { unread_only, page_size: 50, page_token },
    ),
  /** How many are unread (a one-row page: only the count is wanted). */
  unreadCount: async () =>
    (
      await rpc<{ unread_count: number }>(N, 'ListNotifications', {
        unread_only: true,
        page_size: 1,
      })
    ).unread_count ?? 0,
  markRead: (name: string) => rpc<T.AppNotification>(N, 'MarkNotificationRead', { name }),
  getUnitSettings: (unit: string) =>
    rpc<T.UnitSettings>(N, 'GetUnitSettings', { name: `units/${unit}/notificationSettings` }),
  updateUnitSettings: (settings: T.UnitSettings, paths: string[]) =>
    rpc<T.UnitSettings>(N, 'UpdateUnitSettings', { settings, update_mask: paths.join(',') }),
  getPreferences: () =>
    rpc<T.Preferences>(N, 'GetPreferences', { name: 'people/me/notificationPreferences' }),
  updatePreferences: (preferences: T.Preferences, paths: string[]) =>
    rpc<T.Preferences>(N, 'UpdatePreferences', { preferences, update_mask: paths.join(',') }),
  getActionLink: (token: string) => rpc<T.ActionLink>(N, 'GetActionLink', { token }),
  useActionLink: (token: string, opinion: string) =>
    rpc<{ review: string; task: string }>(N, 'UseActionLink', { token, opinion }),
  listDeliveries: async () => {
    const all: T.Delivery[] = [];
    let page_token = '';
    do {
      const page = await rpc<{ deliveries: T.Delivery[]; next_page_token: string }>(
        N,
        'ListDeliveries',
        { page_size: 100, page_token },
      );
      all.push(...(page.deliveries ?? []));
      page_token = page.next_page_token;
    } while (page_token && all.length < 2000);
    return all;
  },
};

/** A fresh idempotency key for one user action (retries reuse it). */
export function requestId(): string {
  return crypto.randomUUID();
}
