// Bytecode facts for the technical risk of an upgrade: the new implementation against the previous one (selectors,
// size, SELFDESTRUCT/DELEGATECALL/CREATE2, proxies, no code) with whatsabi, and the code at an address across blocks.
// What each fact means and cannot see: docs/risk-technical.md.
export * from './known-functions';
export * from './opcode-sites';
export * from './proxy-patterns';
export * from './code-facts';
export * from './compare-implementations';
export * from './code-at';
export * from './code-change';
