/** A proposal a forum post points at. */
export type ProposalLink = { source: 'snapshot'; space: string; id: string } | { source: 'tally'; id: string };

const SNAPSHOT_LINK = /snapshot\.(?:org|box)\/#\/(?:s:)?([a-z0-9.\-_]+)\/proposal\/(0x[0-9a-f]{64}|[0-9a-zA-Z]+)/gi;
const TALLY_LINK = /tally\.xyz\/gov\/[a-z0-9\-_]+\/proposal\/([0-9]+)/gi;

/**
 * Proposal links in a post's HTML or text: Snapshot (`snapshot.org/#/aave.eth/proposal/0x…`,
 * `snapshot.box/#/s:aave.eth/proposal/0x…`) and Tally (`tally.xyz/gov/aave/proposal/123`).
 *
 * @example proposalLinks('<a href="https://snapshot.box/#/s:aave.eth/proposal/0xab…">') // [{ source: 'snapshot', space: 'aave.eth', id: '0xab…' }]
 */
export function proposalLinks(html: string): ProposalLink[] {
  const links: ProposalLink[] = [];
  for (const [, space, id] of html.matchAll(SNAPSHOT_LINK)) links.push({ source: 'snapshot', space: space!.toLowerCase(), id: id! });
  for (const [, id] of html.matchAll(TALLY_LINK)) links.push({ source: 'tally', id: id! });
  return links;
}

/**
 * A title reduced for matching a forum topic to a proposal: lower case, `[ARFC]`-style tags and
 * punctuation dropped, whitespace collapsed.
 *
 * @example normaliseTitle('[ARFC] Upgrade the Pool — v3.2!') // 'upgrade the pool v3 2'
 */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
