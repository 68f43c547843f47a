// Who is signed in, as the screens need it: the person, their roles per unit
// (assigned and received by delegation) and the units they may see. Loaded
// from /api/session; the services decide every permission again.
import { reactive } from 'vue';
import { session as api, whenSignedOut } from './api/client';
import type { Delegation, RoleAssignment, SessionInfo } from './api/types';
import { isSet } from './lib/labels';

export interface HeldRole {
  role: string;
  unit: string;
  delegatedBy?: string;
}

export const signedIn = reactive<{ info: SessionInfo | null; loaded: boolean }>({
  info: null,
  loaded: false,
});

export async function loadSession(): Promise<SessionInfo | null> {
  try {
    signedIn.info = await api.current();
  } catch {
    signedIn.info = null;
  }
  signedIn.loaded = true;
  return signedIn.info;
}

export async function signIn(person: string, password: string): Promise<void> {
  await api.login(person, password);
  await loadSession();
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    signedIn.info = null;
  }
}

whenSignedOut(() => {
  signedIn.info = null;
});

const active = (a: { revoke_time?: string }) => !isSet(a.revoke_time);
const unitOf = (scope: string) => scope.replace(/^units\//, '');

/** Roles the person holds now: their own and those delegated to them. */
export function heldRoles(info: SessionInfo | null, now = new Date()): HeldRole[] {
  const access = info?.access;
  if (!access) return [];
  const own = (access.role_assignments ?? []).filter(active).map((a: RoleAssignment) => ({
    role: a.role,
    unit: unitOf(a.scope),
  }));
  const delegated = (access.delegations_received ?? [])
    .filter(
      (d: Delegation) =>
        active(d) &&
        (!isSet(d.start_time) || new Date(d.start_time) <= now) &&
        (!isSet(d.end_time) || new Date(d.end_time) > now),
    )
    .flatMap((d: Delegation) =>
      d.roles.map((role) => ({ role, unit: unitOf(d.scope), delegatedBy: d.delegator })),
    );
  return [...own, ...delegated];
}

export function hasRole(role: string): boolean {
  return heldRoles(signedIn.info).some((r) => r.role === role);
}
