import type { ScheduledUpgradePayload, UpgradeProtocolEvent } from '@pum/contracts';
import { subjectOfExecuted, subjectOfScheduled, upgradeIdOf } from './upgrade-subject';

const proxy = `0x${'1'.repeat(40)}` as const;
const impl = `0x${'2'.repeat(40)}` as const;
const admin = `0x${'3'.repeat(40)}` as const;
const facet = `0x${'4'.repeat(40)}` as const;
const base = { eventId: '31337:0xtx:0', status: 'confirmed', chainId: 31337, contract: proxy, blockNumber: '7', blockHash: `0x${'b'.repeat(64)}`, transactionHash: `0x${'a'.repeat(64)}`, logIndex: 0, protocolId: null } as const;
const planned = { target: proxy, callIndex: 0, via: [] as `0x${string}`[], eta: null };

describe('upgrade subjects', () => {
  it('gives a planned implementation change and its Upgraded event the same subject', () => {
    const scheduled: ScheduledUpgradePayload = { ...planned, kind: 'proxy_admin_upgrade_and_call', proxyAdmin: admin, newImplementation: impl, initData: '0x' };
    const executed: UpgradeProtocolEvent = { ...base, kind: 'upgraded', standard: 'eip1967', previousImplementation: admin, newImplementation: impl, newImplementationCodeSize: 10, newImplementationCodeHash: null };

    expect(subjectOfScheduled(scheduled).subject).toBe(`impl:${impl}`);
    expect(subjectOfExecuted(executed)).toEqual({ target: proxy, subject: `impl:${impl}`, upgradeKind: 'upgraded', newImplementation: impl });
  });

  it('digests a diamond cut the same way planned and executed, whatever the hex case', () => {
    const cut = { facetAddress: facet, action: 'replace' as const, functionSelectors: ['0xAABBCCDD'] };
    const scheduled: ScheduledUpgradePayload = { ...planned, kind: 'diamond_cut', facetCuts: [cut], init: admin, initData: '0x' };
    const executed: UpgradeProtocolEvent = { ...base, kind: 'diamond_cut', standard: 'eip2535', facetCuts: [{ ...cut, functionSelectors: ['0xaabbccdd'] }], init: null, initCalldata: '0x' };

    expect(subjectOfScheduled(scheduled).subject).toMatch(/^cut:0x[0-9a-f]{20}$/);
    expect(subjectOfExecuted(executed)?.subject).toBe(subjectOfScheduled(scheduled).subject);
  });

  it('takes an admin change as an upgrade of who may upgrade', () => {
    const scheduled: ScheduledUpgradePayload = { ...planned, kind: 'change_admin', proxyAdmin: null, newAdmin: admin };

    expect(subjectOfScheduled(scheduled)).toEqual({ target: proxy, subject: `admin:${admin}`, upgradeKind: 'change_admin', newImplementation: null });
  });

  it('does not count a proxy construction (no previous implementation, admin or beacon) as an upgrade', () => {
    const first: UpgradeProtocolEvent = { ...base, kind: 'upgraded', standard: 'eip1967', previousImplementation: null, newImplementation: impl, newImplementationCodeSize: 10, newImplementationCodeHash: null };
    const firstAdmin: UpgradeProtocolEvent = { ...base, kind: 'admin_changed', standard: 'eip1967', previousAdmin: null, newAdmin: admin, newAdminCodeSize: 0 };

    expect(subjectOfExecuted(first)).toBeNull();
    expect(subjectOfExecuted(firstAdmin)).toBeNull();
  });

  it('keeps two attempts at the same upgrade apart by their origin', () => {
    const subject = { target: proxy, subject: `impl:${impl}` };

    expect(upgradeIdOf(1, subject, { type: 'governor', governor: admin, proposalId: '7' })).toBe(`1:${proxy}:impl:${impl}#governor:${admin}:7`);
    expect(upgradeIdOf(1, subject, { type: 'tx', transactionHash: '0xabc' })).toBe(`1:${proxy}:impl:${impl}#tx:0xabc`);
  });
});
