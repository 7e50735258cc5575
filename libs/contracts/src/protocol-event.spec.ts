import { isUpgradeEvent, protocolEventMessageId, protocolEventPayload } from './protocol-event';

const common = {
  eventId: `1:0x${'ab'.repeat(32)}:3`,
  status: 'confirmed',
  chainId: 1,
  contract: `0x${'Cd'.repeat(20)}`,
  blockNumber: '19000000',
  blockHash: `0x${'ef'.repeat(32)}`,
  transactionHash: `0x${'ab'.repeat(32)}`,
  logIndex: 3,
  protocolId: null,
};
const PROXY = `0x${'11'.repeat(20)}`;
const IMPL = `0x${'22'.repeat(20)}`;

const scheduled = {
  ...common,
  kind: 'timelock_call_scheduled',
  standard: 'oz_timelock',
  minDelay: '172800',
  operationId: `0x${'01'.repeat(32)}`,
  index: '0',
  target: PROXY,
  value: '0',
  data: '0x3659cfe6',
  predecessor: `0x${'00'.repeat(32)}`,
  delay: '172800',
  scheduledUpgrades: [{ kind: 'upgrade_to', target: PROXY, callIndex: 0, via: [], eta: '1760000000', newImplementation: IMPL }],
};

const safeThreshold = {
  ...common,
  kind: 'safe_threshold_changed',
  standard: 'safe',
  safeVersion: null,
  threshold: '1',
  safeOwners: [PROXY, IMPL],
  safeThreshold: 1,
  previousSafeThreshold: 2,
};

describe('protocol event payload', () => {
  it('reads an upgrade published before events carried a standard as EIP-1967', () => {
    const sut = protocolEventPayload.parse({
      ...common,
      kind: 'upgraded',
      previousImplementation: null,
      newImplementation: IMPL,
      newImplementationCodeSize: 10,
      newImplementationCodeHash: null,
    });

    expect(sut).toMatchObject({ kind: 'upgraded', standard: 'eip1967', contract: `0x${'cd'.repeat(20)}` });
    expect(isUpgradeEvent(sut)).toBe(true);
  });

  it('accepts a scheduled timelock call with the upgrade it carries, and its safe counterpart', () => {
    expect(protocolEventPayload.parse(scheduled)).toMatchObject({ scheduledUpgrades: [{ kind: 'upgrade_to', eta: '1760000000' }] });
    expect(isUpgradeEvent(protocolEventPayload.parse(safeThreshold))).toBe(false);
  });

  it.each([
    ['a kind outside the catalogue', { ...scheduled, kind: 'exploded' }],
    ['a standard that does not go with the kind', { ...scheduled, standard: 'safe' }],
    ['a delay that is not a decimal string', { ...scheduled, minDelay: 172800 }],
    ['a scheduled upgrade without a target', { ...scheduled, scheduledUpgrades: [{ ...scheduled.scheduledUpgrades[0], target: undefined }] }],
    ['a Safe threshold change with a version', { ...safeThreshold, safeVersion: '1.4' }],
    ['a Safe event without its enrichment fields', { ...safeThreshold, safeOwners: undefined }],
  ])('rejects %s', (_case, payload) => {
    expect(protocolEventPayload.safeParse(payload).success).toBe(false);
  });

  it('derives message ids from entity, kind, status and block for every kind', () => {
    expect(protocolEventMessageId({ eventId: '1:0xab:3', kind: 'timelock_call_scheduled', status: 'pending', blockHash: '0xcd' })).toBe(
      '1:0xab:3:timelock_call_scheduled:pending@0xcd',
    );
  });
});
