import type { RiskFactor, RiskLevel, RiskRecommendation } from '@pum/contracts';
import { humanDuration } from './component';
import type { AssessmentInputs } from './inputs';

const SEVERITY_ORDER: Record<RiskRecommendation['severity'], number> = { critical: 0, warning: 1, info: 2 };
const ago = (from: string, to: string) => Math.max(0, Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 1000));

/**
 * What to do, with stable codes (docs/risk-rules.md, "Recommendations"), most severe first.
 *
 * @example recommendationsFor(inputs, assessed)[0].code // 'single_key_control'
 */
export function recommendationsFor(inputs: AssessmentInputs, assessed: { score: number; level: RiskLevel; factors: RiskFactor[] }): RiskRecommendation[] {
  const fired = new Map(assessed.factors.map((factor) => [factor.rule, factor]));
  const out: RiskRecommendation[] = [];
  const { authority, subject, bytecode } = inputs;
  if (fired.has('no_code_at_implementation')) {
    out.push({ code: 'no_code_at_implementation', severity: 'critical', text: `${inputs.action.newImplementation ?? 'The new implementation'} has no code: the upgrade would brick the proxy; do not rely on it` });
  }
  if (fired.has('code_changed_since_proposal')) {
    out.push({ code: 'code_changed_since_proposal', severity: 'critical', text: 'the code at the proposal target changed after the vote started: treat as a governance takeover' });
  }
  if (fired.has('single_key_control') && authority.safe) {
    out.push({ code: 'single_key_control', severity: 'critical', text: `1-of-${authority.safe.owners ?? '?'} Safe: treat as a single key` });
  } else if (fired.has('eoa_authority')) {
    out.push({ code: 'single_key_control', severity: 'critical', text: `${authority.eoa ?? 'an EOA'} is a single key: anyone holding it can upgrade at will` });
  }
  const lowered = fired.get('delay_lowered');
  if (lowered && authority.timelock && authority.timelock.delaySeconds !== null && authority.timelock.changedAt !== null) {
    out.push({ code: 'delay_lowered', severity: 'critical', text: `delay lowered to ${humanDuration(authority.timelock.delaySeconds)} ${humanDuration(ago(authority.timelock.changedAt, subject.at))} ago` });
  }
  if (fired.has('delay_cut')) {
    out.push({ code: 'delay_lowered', severity: 'critical', text: `timelock delay cut to ${humanDuration(Number(inputs.action.event?.newDelay ?? 0))}: watch what is queued next` });
  }
  if (fired.has('safe_module_enabled')) out.push({ code: 'review_safe_module', severity: 'critical', text: `review module ${String(inputs.action.event?.module)}: it can move the Safe's assets without signatures` });
  if (fired.has('governance_bypassed')) out.push({ code: 'governance_bypassed', severity: 'warning', text: `the upgrade skips ${subject.protocolId ?? 'the protocol'}'s own governance` });
  if (bytecode && bytecode.selectorsRemoved.length > 0) {
    const names = bytecode.removedFunctions.length > 0 ? bytecode.removedFunctions.map((f) => `\`${f}\``).join(', ') : `${bytecode.selectorsRemoved.length} function(s)`;
    out.push({ code: 'review_removed_functions', severity: 'warning', text: `the new implementation removes ${names}: review the diff` });
  }
  if (bytecode && bytecode.opcodesAdded.length > 0) out.push({ code: 'review_dangerous_opcodes', severity: 'warning', text: `the new code adds ${bytecode.opcodesAdded.join(', ')}: review the diff` });
  if (fired.has('exit_window_short') && authority.timelock && authority.timelock.delaySeconds !== null) {
    out.push({ code: 'short_exit_window', severity: 'warning', text: `a ${humanDuration(authority.timelock.delaySeconds)} delay leaves less than 7 days to exit after the upgrade is queued` });
  }
  if (fired.has('initializer_call')) out.push({ code: 'review_initializer', severity: 'info', text: `the upgrade runs initialiser call data ${String(fired.get('initializer_call')?.evidence?.selector)}: check what it sets` });
  const open = subject.type === 'lifecycle' && subject.stage !== null && !['executed', 'cancelled', 'defeated', 'expired', 'retracted'].includes(subject.stage);
  if (open && subject.eta !== null && assessed.score >= 50) {
    out.push({ code: 'exit_before_eta', severity: assessed.level === 'critical' ? 'critical' : 'warning', text: `exit or hedge positions before the ETA at ${subject.eta}` });
  }
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
