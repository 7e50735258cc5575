import { decodeCatalogueLog } from './decode-log';
import { CATALOGUE_TOPIC0S, REGISTRY_ONLY_TOPIC0S, UPGRADE_TOPIC0S } from './topics';
import { UndecodableLogError } from './undecodable-log-error';

// topic0s as found on chain (Etherscan event logs), pinned independently of the ABI strings in abis.ts.
const UPGRADED = '0xbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b';
const ADMIN_CHANGED = '0x7e644d79422f17c01e4894b5f4f588d331ebfa28653d42ae832dc59e38c9798f';
const BEACON_UPGRADED = '0x1cf3b03a6cf19fa2baba4df148e9dcabedea7f8a5c07840e207e5c089be95d3e';
const DIAMOND_CUT = '0x8faa70878671ccd212d20771b795c50af8fd3ff6cf27f4bde57e5d4de0aeb673';

describe('UPGRADE_TOPIC0S', () => {
  it('holds exactly Upgraded, AdminChanged, BeaconUpgraded and DiamondCut', () => {
    expect(UPGRADE_TOPIC0S).toStrictEqual([UPGRADED, ADMIN_CHANGED, BEACON_UPGRADED, DIAMOND_CUT]);
  });
});

describe('REGISTRY_ONLY_TOPIC0S', () => {
  it('holds the rest of the catalogue, so the two poller filters never overlap', () => {
    expect(REGISTRY_ONLY_TOPIC0S.filter((topic) => UPGRADE_TOPIC0S.includes(topic))).toEqual([]);
    expect([...REGISTRY_ONLY_TOPIC0S, ...UPGRADE_TOPIC0S].sort()).toStrictEqual([...CATALOGUE_TOPIC0S].sort());
  });
});

describe('CATALOGUE_TOPIC0S', () => {
  it('holds every catalogue event once, with its on-chain topic0', () => {
    expect([...CATALOGUE_TOPIC0S].sort()).toStrictEqual(
      [
        UPGRADED,
        ADMIN_CHANGED,
        BEACON_UPGRADED,
        DIAMOND_CUT,
        '0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0', // OwnershipTransferred
        '0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d', // RoleGranted
        '0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b', // RoleRevoked
        '0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff', // RoleAdminChanged
        '0x62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258', // Paused
        '0x5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa', // Unpaused
        '0x7d84a6263ae0d98d3329bd7b46bb4e8d6f98cd35a7adb45c274c8b7fd5ebd5e0', // ProposalCreated
        '0xb8e138887d0aa13bab447e82de9d5c1777041ecd21ca36ba824ff1e6c07ddda4', // VoteCast
        '0xe2babfbac5889a709b63bb7f598b324e08bc5a4fb9ec647fb3cbc9ec07eb8712', // VoteCastWithParams
        '0x9a2e42fd6722813d69113e7d0079d3d940171428df7373df9c7f7617cfda2892', // ProposalQueued
        '0x712ae1383f79ac853f8d882153778e0260ef8f03b504e2866e0593e04d2b291f', // ProposalExecuted
        '0x789cf55be980739dad1d0699b93b58e806b51c9d96619bfa8fe0a28abaa7b30c', // ProposalCanceled
        '0x4cf4410cc57040e44862ef0f45f3dd5a5e02db8eb8add648d4b0e236f1d07dca', // CallScheduled
        '0xc2617efa69bab66782fa219543714338489c4e9e178271560a91b82c3f612b58', // CallExecuted
        '0xbaa1eb22f2a492ba1a5fea61b8df4d27c6c8b5f3971e63bb58fa14ff72eedb70', // Cancelled
        '0x11c24f4ead16507c69ac467fbd5e4eed5fb5c699626d2cc6d66421df253886d5', // MinDelayChange
        '0x76e2796dc3a81d57b0e8504b647febcbeeb5f4af818e164f11eef8131a6a763f', // QueueTransaction
        '0xa560e3198060a2f10670c1ec5b403077ea6ae93ca8de1c32b451dc1a943cd6e7', // ExecuteTransaction
        '0x2fffc091a501fd91bfbff27141450d3acb40fb8e6d8382b243ec7a812a3aaf87', // CancelTransaction
        '0x948b1f6a42ee138b7e34058ba85a37f716d55ff25ff05a763f15bed6a04c8d2c', // NewDelay
        '0x9465fa0c962cc76958e6373a993326400c1c94f8be2fe3a952adfa7f60b2ea26', // AddedOwner
        '0xf8d49fc529812e9a7c5c50e69c20f0dccc0db8fa95c98bc58cc9a4f1c1299eaf', // RemovedOwner
        '0x610f7ff2b304ae8903c3de74c60c6ab1f7d6226b3f52c5161905bb5ad4039c93', // ChangedThreshold
        '0x442e715f626346e8c54381002da614f62bee8d27386535b2521ec8540898556e', // ExecutionSuccess
        '0x23428b18acfb3ea64b08dc0c1d296ea9c09702c09083ca5272e64d115b687d23', // ExecutionFailure
        '0xecdf3a3effea5783a3c4c2140e677577666428d44ed9d474a0b3a4c9943f8440', // EnabledModule
        '0xaab4fa2b463f581b2b32cb3b7e3b704b9ce37cc209b5fb4d77e593ace4054276', // DisabledModule
        '0x1151116914515bc0891ff9047a6cb32cf902546f83066499bcf8ba33d2353fa2', // ChangedGuard
      ].sort(),
    );
  });

  it('holds only topic0s the decoder claims', () => {
    for (const topic0 of CATALOGUE_TOPIC0S) {
      // Every catalogue event has parameters, so a bare topic0 is claimed and then found undecodable.
      expect(() => decodeCatalogueLog({ address: '0x0000000000000000000000000000000000000001', topics: [topic0], data: '0x' })).toThrow(
        UndecodableLogError,
      );
    }
  });
});
