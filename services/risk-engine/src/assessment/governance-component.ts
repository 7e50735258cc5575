import type { RiskComponent } from '@pum/contracts';
import { ComponentBuilder, DAY_SECONDS, humanDuration } from './component';
import type { AssessmentInputs } from './inputs';

export interface GovernanceSettings {
  /** A delay lowered within this long before the subject's time counts as `delay_lowered`. */
  delayLoweredWindowSeconds: number;
  /** A proposal executable sooner than this after creation is `fast_execution`. */
  fastExecutionSeconds: number;
}

const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/**
 * Who can perform the action and how fast (docs/risk-rules.md, "Governance"): the timelock delay
 * graded like L2BEAT's exit window, the signers in control, bypassed governance, a delay lowered
 * recently, and the vote: margin, quorum, concentration, pass probability, speed, sentiment.
 *
 * @example governanceComponent(inputs, settings).score // 75
 */
export function governanceComponent(inputs: AssessmentInputs, settings: GovernanceSettings): RiskComponent {
  const c = new ComponentBuilder('governance');
  const { authority, proposal, subject } = inputs;
  controlEventRules(c, inputs);
  const timelock = authority.timelock;
  if (timelock?.delaySeconds !== null && timelock?.delaySeconds !== undefined) {
    const delay = timelock.delaySeconds;
    const evidence = { timelock: timelock.address, delaySeconds: delay };
    if (delay < 7 * DAY_SECONDS) c.add('exit_window_short', 30, `timelock delay ${humanDuration(delay)} is under 7 days: too short to exit`, evidence);
    else if (delay < 30 * DAY_SECONDS) c.add('exit_window_limited', 15, `timelock delay ${humanDuration(delay)} is between 7 and 30 days`, evidence);
    else c.add('exit_window_long', 0, `timelock delay ${humanDuration(delay)} is 30 days or more`, evidence);
  } else if (timelock) {
    c.add('timelock_delay_unknown', 15, `the delay of timelock ${timelock.address} is not known`, { timelock: timelock.address });
  } else if (subject.type === 'lifecycle' && authority.kind !== 'governor' && authority.kind !== 'snapshot') {
    c.add('no_timelock', 35, 'the upgrade goes through no timelock: it can run at once', { authority: authority.kind });
  }
  if (subject.type === 'lifecycle' && timelock && timelock.previousDelaySeconds !== null && timelock.delaySeconds !== null && timelock.changedAt !== null) {
    const ago = seconds(subject.at) - seconds(timelock.changedAt);
    if (timelock.delaySeconds < timelock.previousDelaySeconds && ago >= 0 && ago <= settings.delayLoweredWindowSeconds) {
      c.add('delay_lowered', 30, `timelock delay lowered from ${humanDuration(timelock.previousDelaySeconds)} to ${humanDuration(timelock.delaySeconds)} ${humanDuration(ago)} before`, {
        timelock: timelock.address,
        previousDelaySeconds: timelock.previousDelaySeconds,
        delaySeconds: timelock.delaySeconds,
        changedAt: timelock.changedAt,
      });
    }
  }
  signerRules(c, inputs);
  if (authority.protocolHasGovernor && (authority.kind === 'eoa' || authority.kind === 'multisig') && subject.type === 'lifecycle') {
    c.add('governance_bypassed', 25, `a ${authority.kind === 'eoa' ? 'single key' : 'multisig'} upgrades a protocol that has its own governance`, {
      authority: authority.kind,
      protocolId: subject.protocolId,
    });
  }
  if (proposal) {
    const evidence = { proposalKey: proposal.proposalKey };
    if (proposal.margin < 0.1) c.add('narrow_margin', 10, `the leading choice is ahead by ${(proposal.margin * 100).toFixed(1)} %`, { ...evidence, margin: proposal.margin });
    if (proposal.quorumRatio !== null && proposal.quorumRatio < 1) {
      c.add('below_quorum', 10, `turnout is ${(proposal.quorumRatio * 100).toFixed(0)} % of quorum`, { ...evidence, quorumRatio: proposal.quorumRatio });
    } else if (proposal.quorumRatio !== null && proposal.quorumRatio < 1.2) {
      c.add('barely_quorate', 5, `turnout is only ${(proposal.quorumRatio * 100).toFixed(0)} % of quorum`, { ...evidence, quorumRatio: proposal.quorumRatio });
    }
    if (proposal.top10Share >= 0.9) c.add('concentrated_voting_power', 10, `the ten largest voters cast ${(proposal.top10Share * 100).toFixed(0)} % of the votes`, { ...evidence, top10Share: proposal.top10Share });
    if (proposal.nakamoto > 0 && proposal.nakamoto <= 2) c.add('low_nakamoto_coefficient', 10, `${proposal.nakamoto} voter(s) hold a majority of the turnout`, { ...evidence, nakamoto: proposal.nakamoto });
    if (proposal.largeSideChanges > 0) c.add('large_voters_switched', 5, `${proposal.largeSideChanges} large voter(s) switched side`, { ...evidence, sideChanges: proposal.largeSideChanges });
    c.add('pass_probability', Math.round(15 * proposal.passProbability), `predicted pass probability ${(proposal.passProbability * 100).toFixed(0)} %`, {
      ...evidence,
      passProbability: proposal.passProbability,
    });
    const executableAt = subject.eta ?? (subject.stage === 'executed' ? subject.at : null);
    if (executableAt !== null) {
      const lead = seconds(executableAt) - seconds(proposal.createdAt);
      if (lead >= 0 && lead < settings.fastExecutionSeconds) {
        c.add('fast_execution', 15, `executable ${humanDuration(lead)} after the proposal was created`, { ...evidence, createdAt: proposal.createdAt, executableAt });
      }
    }
  }
  if (inputs.sentiment && inputs.sentiment.items >= 3 && inputs.sentiment.score <= -0.3) {
    c.add('negative_sentiment', 10, `sentiment ${inputs.sentiment.score.toFixed(2)} over ${inputs.sentiment.items} texts`, { score: inputs.sentiment.score, items: inputs.sentiment.items });
  }
  return c.build();
}

/** The key holders in control: an EOA, or a Safe whose threshold makes it one. */
function signerRules(c: ComponentBuilder, inputs: AssessmentInputs): void {
  const { authority } = inputs;
  if (authority.safe) {
    const { address, threshold, owners } = authority.safe;
    const evidence = { safe: address, threshold, owners };
    if (threshold === null) c.add('multisig_signers_unknown', 15, `the signers of Safe ${address} are not known`, evidence);
    else if (threshold <= 1) c.add('single_key_control', 40, `1-of-${owners ?? '?'} Safe ${address}: any one signer acts alone`, evidence);
    else if (threshold === 2) c.add('low_multisig_threshold', 20, `${threshold}-of-${owners ?? '?'} Safe ${address}`, evidence);
    else c.add('multisig_threshold', 5, `${threshold}-of-${owners ?? '?'} Safe ${address}`, evidence);
  } else if (authority.eoa !== null) {
    c.add('eoa_authority', 40, `${authority.eoa} is an externally owned account: a single key`, { account: authority.eoa });
  } else if (authority.kind === 'eoa') {
    c.add('eoa_authority', 40, 'the upgrade is authorised by a single key (EOA)', { authority: authority.kind });
  } else if (authority.kind === 'multisig') {
    c.add('multisig_signers_unknown', 15, 'a multisig authorises the upgrade; its signers are not known', { authority: authority.kind });
  }
}

const num = (value: string | number | boolean | null | undefined): number | null => (typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : null);

/** What the control-plane event itself changes (the signers rules above see its result). */
function controlEventRules(c: ComponentBuilder, inputs: AssessmentInputs): void {
  const event = inputs.action.event;
  if (inputs.subject.type !== 'control_event' || event === null) return;
  const kind = inputs.action.kind;
  switch (kind) {
    case 'admin_changed':
      c.add('admin_change', 30, `upgrade rights moved to ${String(event.newAdmin)}`, { previousAdmin: event.previousAdmin ?? null, newAdmin: event.newAdmin ?? null });
      return;
    case 'ownership_transferred':
      if (event.renounced === true) c.add('ownership_renounced', 10, 'ownership renounced', { previousOwner: event.previousOwner ?? null });
      else c.add('ownership_change', 30, `ownership moved to ${String(event.newOwner)}`, { previousOwner: event.previousOwner ?? null, newOwner: event.newOwner ?? null });
      return;
    case 'role_granted':
    case 'role_revoked':
    case 'role_admin_changed': {
      const points = kind === 'role_granted' ? 30 : kind === 'role_admin_changed' ? 20 : 15;
      c.add(kind, points, `${String(event.roleName ?? event.role)} ${kind.replace('role_', '').replace('_', ' ')} ${event.account ? `for ${String(event.account)}` : ''}`.trim(), {
        role: event.role ?? null,
        roleName: event.roleName ?? null,
        account: event.account ?? null,
      });
      return;
    }
    case 'safe_owner_added':
    case 'safe_owner_removed':
      c.add('safe_owners_changed', 15, `Safe owner ${String(event.owner)} ${kind === 'safe_owner_added' ? 'added' : 'removed'}`, { owner: event.owner ?? null });
      return;
    case 'safe_threshold_changed': {
      const threshold = num(event.threshold);
      const previous = num(event.previousThreshold);
      if (threshold !== null && previous !== null && threshold < previous) {
        c.add('safe_threshold_lowered', 35, `signatures needed lowered from ${previous} to ${threshold}`, { previousThreshold: previous, threshold });
      } else c.add('safe_threshold_changed', 5, `signatures needed ${previous ?? '?'} -> ${threshold ?? '?'}`, { previousThreshold: previous, threshold });
      return;
    }
    case 'safe_module_enabled':
      c.add('safe_module_enabled', 35, `module ${String(event.module)} can now execute without the signers`, { module: event.module ?? null });
      return;
    case 'safe_module_disabled':
      c.add('safe_module_disabled', 5, `module ${String(event.module)} disabled`, { module: event.module ?? null });
      return;
    case 'safe_guard_changed':
      c.add('safe_guard_changed', 20, `transaction guard set to ${String(event.guard)}`, { guard: event.guard ?? null });
      return;
    case 'timelock_min_delay_changed':
    case 'timelock_delay_changed': {
      const newDelay = num(event.newDelay);
      const oldDelay = num(event.oldDelay);
      if (newDelay !== null && oldDelay !== null && newDelay < oldDelay) {
        c.add('delay_cut', 50, `timelock delay cut from ${humanDuration(oldDelay)} to ${humanDuration(newDelay)}: an attack signature`, { oldDelaySeconds: oldDelay, newDelaySeconds: newDelay });
      } else c.add('delay_changed', 5, `timelock delay set to ${newDelay === null ? '?' : humanDuration(newDelay)}`, { oldDelaySeconds: oldDelay, newDelaySeconds: newDelay });
      return;
    }
    default:
      return;
  }
}
