import { describe, expect, it } from 'vitest';
import { heldRoles } from '../session';
import type { SessionInfo } from '../api/types';

const info = (access: Partial<NonNullable<SessionInfo['access']>>): SessionInfo => ({
  person: 'people/u-wangqiang',
  display_name: '王强',
  csrf_token: 't',
  access: {
    person: {} as never,
    role_assignments: [],
    delegations_received: [],
    delegations_given: [],
    ...access,
  },
});

describe('heldRoles', () => {
  const now = new Date('2026-12-01T02:00:00Z');
  it('keeps assignments whose revoke time is unset (printed as the epoch) and drops revoked ones', () => {
    const roles = heldRoles(
      info({
        role_assignments: [
          { name: 'roleAssignments/1', person: 'p', role: 'review_1', scope: 'units/a', subtree: false, revoke_time: '1970-01-01T00:00:00Z' },
          { name: 'roleAssignments/2', person: 'p', role: 'review_2', scope: 'units/a', subtree: false, revoke_time: '2026-11-01T00:00:00Z' },
        ],
      }),
      now,
    );
    expect(roles).toEqual([{ role: 'review_1', unit: 'a' }]);
  });
  it('adds delegated roles within their time window, naming the delegator', () => {
    const roles = heldRoles(
      info({
        delegations_received: [
          { name: 'd/1', delegator: 'people/u-lina', delegate: 'people/u-wangqiang', roles: ['proofread_1'], scope: 'units/a', subtree: false,
            start_time: '2026-11-30T00:00:00Z', end_time: '2026-12-05T00:00:00Z', reason: '出差', revoke_time: '1970-01-01T00:00:00Z' },
          { name: 'd/2', delegator: 'people/u-lina', delegate: 'people/u-wangqiang', roles: ['review_3'], scope: 'units/a', subtree: false,
            start_time: '2026-11-01T00:00:00Z', end_time: '2026-11-05T00:00:00Z', reason: '过期', revoke_time: '1970-01-01T00:00:00Z' },
        ],
      }),
      now,
    );
    expect(roles).toEqual([{ role: 'proofread_1', unit: 'a', delegatedBy: 'people/u-lina' }]);
  });
  it('holds nothing when signed out', () => {
    expect(heldRoles(null)).toEqual([]);
  });
});
