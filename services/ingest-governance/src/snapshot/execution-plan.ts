import type { Address } from 'viem';

/** A call a Snapshot proposal will have a Safe make when it passes (oSnap or SafeSnap). */
export interface PlannedCall {
  target: string;
  /** Wei, decimal. */
  value: string;
  data: string;
}

/** The calls one Safe will make for a proposal, on one chain. */
export interface ExecutionPlan {
  chainId: number;
  /** The Safe (oSnap `safeAddress`); null when the plugin data does not name it (legacy SafeSnap). */
  executor: Address | null;
  /** The module that executes for the Safe: oSnap's Optimistic Governor (`moduleAddress`/`umaAddress`) or the Reality module (`realityAddress`). */
  module: Address | null;
  calls: PlannedCall[];
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const PLUGIN_KEYS = new Set(['osnap', 'safesnap']);
/** Plugin data is user-supplied JSON: this deep is already more than any real shape. */
const MAX_DEPTH = 8;
/** SafeSnap keeps the batch twice: as its `transactions` and MultiSend-encoded as `mainTransaction`. */
const DUPLICATE_KEYS = new Set(['mainTransaction', 'formatted']);

type Json = unknown;

/**
 * The transactions a Snapshot proposal's execution plugins will run once it passes: oSnap (UMA's
 * Optimistic Governor; `plugins.oSnap.safe` or the older `plugins.oSnap.safes`) and SafeSnap
 * (Reality module; `plugins.safeSnap.safes[].txs[]`, including its legacy flat and two-dimensional
 * `txs`). The plugin JSON is whatever the proposal's author sent, and its shape changed between
 * plugin versions, so this walks it rather than parsing one schema: every object with a `network`
 * (the chain id, a string on Snapshot) opens a Safe's scope, and every object inside it with an
 * address `to` and hex `data` is a call. Malformed parts are skipped, never thrown on. Hand-written:
 * Snapshot publishes no parser for these plugins outside its Vue app.
 *
 * @example executionPlansOf({ oSnap: { safe: { network: '1', safeAddress, moduleAddress, transactions: [{ to, value: '0', data }] } } }, '1')
 * // [{ chainId: 1, executor: safeAddress, module: moduleAddress, calls: [{ target: to, value: '0', data }] }]
 */
export function executionPlansOf(plugins: Json, spaceNetwork: string | null | undefined): ExecutionPlan[] {
  if (!isObject(plugins)) return [];
  const plans: ExecutionPlan[] = [];
  for (const [key, value] of Object.entries(plugins)) {
    if (!PLUGIN_KEYS.has(key.toLowerCase())) continue;
    const chainId = chainIdOf(spaceNetwork);
    // Calls outside any Safe's scope run on the space's network.
    const root: ExecutionPlan | null = chainId === null ? null : { chainId, executor: null, module: null, calls: [] };
    if (root) plans.push(root);
    walk(value, { chainId, executor: null, module: null }, 0, plans, root);
  }
  return plans.filter((plan) => plan.calls.length > 0);
}

interface Scope {
  chainId: number | null;
  executor: Address | null;
  module: Address | null;
}

function walk(node: Json, scope: Scope, depth: number, plans: ExecutionPlan[], current: ExecutionPlan | null): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, scope, depth + 1, plans, current);
    return;
  }
  if (!isObject(node)) return;
  let plan = current;
  if ('network' in node || 'safeAddress' in node || 'realityAddress' in node || 'umaAddress' in node || 'moduleAddress' in node) {
    const inner: Scope = {
      chainId: chainIdOf(node.network) ?? scope.chainId,
      executor: addressOf(node.safeAddress) ?? scope.executor,
      module: addressOf(node.moduleAddress) ?? addressOf(node.umaAddress) ?? addressOf(node.realityAddress) ?? scope.module,
    };
    if (inner.chainId !== null) {
      plan = { chainId: inner.chainId, executor: inner.executor, module: inner.module, calls: [] };
      plans.push(plan);
    }
    scope = inner;
  }
  const call = callOf(node);
  if (call && plan) {
    plan.calls.push(call);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (!DUPLICATE_KEYS.has(key) && (typeof value === 'object' && value !== null)) walk(value, scope, depth + 1, plans, plan);
  }
}

function callOf(node: Record<string, Json>): PlannedCall | null {
  const target = addressOf(node.to);
  if (target === null || typeof node.data !== 'string' || !HEX.test(node.data)) return null;
  const value = typeof node.value === 'string' && /^\d+$/.test(node.value) ? node.value : typeof node.value === 'number' && Number.isSafeInteger(node.value) && node.value >= 0 ? String(node.value) : '0';
  return { target, value, data: node.data.toLowerCase() };
}

function chainIdOf(network: Json): number | null {
  const id = typeof network === 'number' ? network : typeof network === 'string' && /^\d+$/.test(network) ? Number(network) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function addressOf(value: Json): Address | null {
  return typeof value === 'string' && ADDRESS.test(value) ? (value.toLowerCase() as Address) : null;
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
