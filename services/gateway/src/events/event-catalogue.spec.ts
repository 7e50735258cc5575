import { UPGRADE_EVENT_KINDS } from '@pum/contracts';
import { ADMIN_PLANE_KINDS, PROTOCOL_EVENT_KINDS, PROTOCOL_EVENT_STANDARDS } from './event-catalogue';

describe('event catalogue', () => {
  it('lists every kind of the protocol event contract once, enum kinds expanded', () => {
    expect(new Set(PROTOCOL_EVENT_KINDS).size).toBe(PROTOCOL_EVENT_KINDS.length);
    expect(PROTOCOL_EVENT_KINDS).toHaveLength(31);
    expect(PROTOCOL_EVENT_KINDS).toEqual(expect.arrayContaining([...UPGRADE_EVENT_KINDS, 'role_granted', 'role_revoked', 'safe_guard_changed', 'timelock_delay_changed']));
  });

  it('lists every standard, defaulted ones included', () => {
    expect([...PROTOCOL_EVENT_STANDARDS].sort()).toEqual(
      ['access_control', 'compound_timelock', 'eip1967', 'eip2535', 'governor', 'ownable', 'oz_timelock', 'pausable', 'safe'].sort(),
    );
  });

  it('keeps the admin plane apart from the upgrade kinds', () => {
    expect(ADMIN_PLANE_KINDS.filter((kind) => (UPGRADE_EVENT_KINDS as readonly string[]).includes(kind))).toEqual([]);
    expect(ADMIN_PLANE_KINDS.every((kind) => PROTOCOL_EVENT_KINDS.includes(kind))).toBe(true);
  });
});
