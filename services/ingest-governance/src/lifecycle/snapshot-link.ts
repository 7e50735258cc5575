/** A Snapshot proposal named by its URL. */
export interface SnapshotLink {
  space: string;
  id: string;
  url: string;
}

// snapshot.org (`#/<space>/proposal/<id>`) and snapshot.box (`#/s:<space>/proposal/<id>`) proposal pages.
const SNAPSHOT_URL = /https?:\/\/(?:www\.|v1\.)?snapshot\.(?:org|box)\/#\/(?:s:)?([A-Za-z0-9.\-_:]+)\/proposal\/(0x[0-9a-fA-F]{64})/;

/**
 * The Snapshot vote an on-chain proposal's description links (DAOs that vote off chain first put the
 * link there — Aave, Uniswap, ENS); the first link wins, null when there is none.
 *
 * @example snapshotLinkOf('Passed on https://snapshot.org/#/aave.eth/proposal/0xab…') // { space: 'aave.eth', id: '0xab…', url }
 */
export function snapshotLinkOf(description: string): SnapshotLink | null {
  const match = SNAPSHOT_URL.exec(description);
  if (!match?.[1] || !match[2]) return null;
  return { space: match[1], id: match[2].toLowerCase(), url: match[0] };
}
