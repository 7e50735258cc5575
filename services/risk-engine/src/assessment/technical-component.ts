import type { RiskComponent } from '@pum/contracts';
import { ComponentBuilder } from './component';
import type { AssessmentInputs } from './inputs';

const CODE_CHANGES = new Set(['upgrade_to', 'upgrade_to_and_call', 'proxy_admin_upgrade', 'proxy_admin_upgrade_and_call', 'beacon_upgrade_to', 'upgraded', 'beacon_upgraded']);
const DIAMOND = new Set(['diamond_cut']);
const ADMIN = new Set(['change_admin', 'admin_changed']);
/** A contract younger than this (days) at the action is `young_contract`, as the model's rule baseline counts it. */
const YOUNG_CONTRACT_DAYS = 30;

/**
 * What the code change is (docs/risk-rules.md, "Technical"): the existing rules of src/rules
 * (implementation change, no code, rapid succession), the initialiser call of `upgradeToAndCall`,
 * pause changes, the contract's age, and the bytecode facts from the seam (selectors removed, dangerous opcodes added,
 * code changed since the proposal).
 *
 * @example technicalComponent(inputs).score // 30
 */
export function technicalComponent(inputs: AssessmentInputs): RiskComponent {
  const c = new ComponentBuilder('technical');
  const { action, bytecode } = inputs;
  const implementation = action.newImplementation;
  if (CODE_CHANGES.has(action.kind)) c.add('implementation_change', 30, `implementation replaced by ${implementation ?? '?'}`, { newImplementation: implementation, upgradeKind: action.kind });
  else if (DIAMOND.has(action.kind)) c.add('facets_changed', 30, 'a diamond cut changes live functions', { upgradeKind: action.kind });
  else if (ADMIN.has(action.kind) && inputs.subject.type === 'lifecycle') c.add('admin_change', 30, 'the upgrade hands the proxy to a new admin', { upgradeKind: action.kind });
  const codeSize = bytecode?.newCodeSize ?? action.newImplementationCodeSize;
  if (codeSize === 0) c.add('no_code_at_implementation', 70, `${implementation ?? 'the new implementation'} has no code: the proxy is bricked or awaits an unreviewed deployment`, { newImplementation: implementation, codeSize: 0 });
  if (action.initData !== null && action.initData !== '0x') {
    c.add('initializer_call', 10, `the upgrade calls ${action.initData.slice(0, 10)} on the new implementation`, { selector: action.initData.slice(0, 10), bytes: (action.initData.length - 2) / 2 });
  }
  if (action.recentUpgrades > 0) c.add('rapid_successive_upgrades', 20, `${action.recentUpgrades} earlier change(s) of this contract within the window`, { recentUpgrades: action.recentUpgrades });
  const deployment = inputs.deployment;
  if (deployment !== null) {
    const evidence = { contract: inputs.subject.contract, contractAgeDays: deployment.ageDays, deploymentBlock: deployment.blockNumber, deployedAt: deployment.deployedAt };
    if (deployment.ageDays < YOUNG_CONTRACT_DAYS) c.add('young_contract', 10, `${inputs.subject.contract} was deployed ${deployment.ageDays} d before (block ${deployment.blockNumber})`, evidence);
    else c.add('contract_age', 0, `${inputs.subject.contract} was deployed ${deployment.ageDays} d before`, evidence);
  }
  if (action.kind === 'paused') c.add('paused', 25, 'the contract was paused', { account: action.event?.account ?? null });
  if (action.kind === 'unpaused') c.add('unpaused', 10, 'the contract was unpaused', { account: action.event?.account ?? null });
  if (bytecode) {
    if (bytecode.selectorsRemoved.length > 0) {
      const names = bytecode.removedFunctions.length > 0 ? bytecode.removedFunctions.join(', ') : bytecode.selectorsRemoved.join(', ');
      c.add('functions_removed', 15, `the new code removes ${names}`, { removed: bytecode.selectorsRemoved.join(','), functions: bytecode.removedFunctions.join(',') });
    }
    if (bytecode.selectorsAdded.length > 0) c.add('functions_added', 5, `the new code adds ${bytecode.selectorsAdded.length} function(s)`, { added: bytecode.selectorsAdded.join(',') });
    for (const opcode of bytecode.opcodesAdded) {
      c.add(`${opcode.toLowerCase()}_added`, opcode === 'SELFDESTRUCT' ? 50 : 25, `the new code has ${opcode}, the old had none`, { opcode });
    }
    if (bytecode.implementationNeverSeen === true) c.add('implementation_never_seen', 10, `${implementation ?? '?'} was never seen on a watched chain`, { newImplementation: implementation });
    const [moved, ...others] = bytecode.codeChanges;
    if (bytecode.codeChangedSinceProposal === true && moved) {
      c.add('code_changed_since_proposal', 70, `the code at ${moved.address} ${moved.kind === 'changed' ? 'was replaced' : `was ${moved.kind}`} after the proposal was created (metamorphic redeploy)`, {
        ...moved,
        target: inputs.subject.contract,
        addresses: [moved, ...others].map((change) => change.address).join(','),
      });
    }
    if (bytecode.previousCodeSize !== null && bytecode.newCodeSize !== null && bytecode.previousCodeSize > 0) {
      const change = (bytecode.newCodeSize - bytecode.previousCodeSize) / bytecode.previousCodeSize;
      if (Math.abs(change) >= 0.5) c.add('code_size_change', 10, `code size ${bytecode.previousCodeSize} -> ${bytecode.newCodeSize} bytes`, { previousCodeSize: bytecode.previousCodeSize, newCodeSize: bytecode.newCodeSize });
    }
  }
  return c.build();
}

/** Rules whose finding no weighting may dilute: the overall score is at least their floor. */
export const TECHNICAL_FLOORS: Record<string, number> = {
  no_code_at_implementation: 90,
  code_changed_since_proposal: 90,
  selfdestruct_added: 75,
};
