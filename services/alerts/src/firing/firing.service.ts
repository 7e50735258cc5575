import type { AlertPayload, AlertRule, AlertSubject, MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { OutboxSignal } from '../delivery/outbox-signal';
import { AlertsMetrics } from '../alerts-metrics';
import { alertId } from '../evaluation/alert-id';
import { advanceCrossings, etaTimersOf, evaluateRule, marketWindowsOf, type Candidate } from '../evaluation/evaluate-rule';
import {
  linkOf,
  mergeEtaTimer,
  mergeLifecycle,
  mergeMarketTick,
  mergeNetworkStatus,
  mergeProposal,
  mergeProtocolEvent,
  mergeRisk,
  mergeVolatility,
  seriesSubject,
  type FactsUpdate,
  type SubjectFacts,
} from '../evaluation/subject-facts';
import { RulesRepository } from '../rules/rules.repository';
import { AlertPublisher } from './alert-publisher';
import { AlertsRepository, type FiringTransaction } from './alerts.repository';
import { FIRING_SETTINGS, type FiringSettings } from './firing-settings';

type Fired = Extract<AlertPayload, { kind: 'fired' }>;
type Withdrawn = Extract<AlertPayload, { kind: 'withdrawn' }>;

/** What one input message did: alert ids fired (sent, throttled or quiet) and withdrawn. */
export interface FiringOutcome {
  fired: { alertId: string; decision: string }[];
  withdrawn: string[];
}

const short = (value: string | null): string => (value && /^0x[0-9a-f]{40}$/.test(value) ? `${value.slice(0, 6)}…${value.slice(-4)}` : (value ?? ''));

function titleOf(rule: AlertRule, facts: SubjectFacts, candidate: Candidate): string {
  const where = facts.subject.protocolId ?? (facts.subject.chainId !== null ? `chain ${facts.subject.chainId}` : 'governance');
  const what = facts.subject.contract ? ` ${short(facts.subject.contract)}` : '';
  return `${where}${what}: ${candidate.matched.map((m) => m.detail).join('; ')} — ${rule.name}`.slice(0, 500);
}

/**
 * Turns each input message into the subject's facts, evaluates every live rule on them and fires the
 * alerts that are new — once, whatever the replicas and replays: the alert id is deterministic and
 * the alerts table's primary key decides. A retraction withdraws the subject's alerts whose condition
 * no longer holds. Alerts and outbox rows commit together; AlertPublisher puts them on alerts.v1
 * from the table (a transactional outbox too), so a slow broker never slows evaluation or delivery.
 */
@Injectable()
export class FiringService {
  constructor(
    private readonly rules: RulesRepository,
    private readonly alerts: AlertsRepository,
    private readonly alertsOut: AlertPublisher,
    private readonly outbox: OutboxSignal,
    private readonly metrics: AlertsMetrics,
    private readonly logger: JsonLogger,
    @Inject(FIRING_SETTINGS) private readonly settings: FiringSettings,
  ) {}

  onLifecycle(message: MessageOf<'upgrades.lifecycle.v1'>): Promise<FiringOutcome> {
    const change = message.payload;
    const reason = `the upgrade's ${change.stage === 'retracted' ? 'last stage' : change.stage} was taken back in a reorg (now ${change.revertedTo ?? 'not seen'})`;
    return this.apply('upgrade', change.upgradeId, (prev) => mergeLifecycle(prev, change), message, reason);
  }

  onRisk(message: MessageOf<'risk.assessments.v1'>): Promise<FiringOutcome> {
    const assessment = message.payload;
    return this.apply(assessment.subjectType === 'lifecycle' ? 'upgrade' : 'event', assessment.subjectId, (prev) => mergeRisk(prev, assessment), message, 'the assessed subject was retracted in a reorg');
  }

  onProtocolEvent(message: MessageOf<'protocol.events.v1'>): Promise<FiringOutcome> {
    const event = message.payload;
    return this.apply('event', event.eventId, (prev) => mergeProtocolEvent(prev, event), message, `the event was retracted: block ${event.blockNumber} (${event.blockHash}) left the chain`);
  }

  onProposal(message: MessageOf<'governance.proposals.v1'>): Promise<FiringOutcome> {
    const proposal = message.payload;
    return this.apply('proposal', proposal.proposalKey, (prev) => mergeProposal(prev, proposal), message, 'the proposal was taken back');
  }

  /** A price or TVL tick: stored in its series' window (volume ticks are not evaluated), then the series' rules. */
  onMarketTick(message: MessageOf<'market.ticks.v1'>): Promise<FiringOutcome> {
    const tick = message.payload;
    const metric = tick.metric;
    if (metric === 'volume') return Promise.resolve({ fired: [], withdrawn: [] });
    const subject = seriesSubject(tick);
    return this.apply(
      'series',
      subject.id,
      async (prev, tx, rules) => {
        await tx.recordPoint(subject.id, tick.timestamp, tick.value, this.settings.marketRetainSeconds);
        return mergeMarketTick(prev, tick, await tx.windowRanges(subject.id, tick.timestamp, marketWindowsOf(rules, subject, metric)));
      },
      message,
      'the market series was taken back',
    );
  }

  onVolatility(message: MessageOf<'forecast.volatility.v1'>): Promise<FiringOutcome> {
    const forecast = message.payload;
    return this.apply('series', seriesSubject(forecast.series).id, (prev) => mergeVolatility(prev, forecast), message, 'the forecast was taken back');
  }

  onNetworkStatus(message: MessageOf<'system.networks.v1'>): Promise<FiringOutcome> {
    const status = message.payload;
    return this.apply('network', String(status.chainId), (prev) => mergeNetworkStatus(prev, status), message, 'the network status was taken back');
  }

  /**
   * An ETA timer came due: the upgrade is evaluated again as of its due time, in a transaction that takes the timer —
   * so of two replicas (or a replica and a restart) one fires it, and a crash before the commit leaves it due.
   */
  onEtaTimer(subjectId: string, dueAt: string): Promise<FiringOutcome> {
    return this.apply(
      'upgrade',
      subjectId,
      // Not taken (another instance fired it, or it is not due): merged as no facts, which evaluates nothing.
      async (prev, tx) => mergeEtaTimer((await tx.takeTimer('upgrade', subjectId, dueAt)) ? prev : undefined, dueAt),
      { id: `eta-timer:${subjectId}@${dueAt}`, occurredAt: dueAt },
      'the upgrade was taken back',
    );
  }

  private async apply(
    type: AlertSubject['type'],
    id: string,
    merge: (prev: SubjectFacts | undefined, tx: FiringTransaction, rules: AlertRule[]) => FactsUpdate | Promise<FactsUpdate>,
    message: { id: string; occurredAt: string },
    reason: string,
  ): Promise<FiringOutcome> {
    const rules = await this.rules.liveFor(type);
    const outcome = await this.alerts.transaction(async (tx) => {
      const prev = await tx.lockSubject(type, id);
      const update = await merge(prev, tx, rules);
      const result: FiringOutcome = { fired: [], withdrawn: [] };
      if (update.stale) return result;
      const { retraction } = update;
      const facts = advanceCrossings(rules, update.facts, message.occurredAt);
      await tx.saveSubject(facts);
      await tx.scheduleTimers(facts.subject, etaTimersOf(rules, facts));
      const holding = new Set<string>();
      for (const rule of rules) {
        for (const candidate of evaluateRule(rule, facts)) {
          const alert = this.firedAlert(rule, facts, candidate, message);
          holding.add(alert.alertId);
          if (await tx.exists(alert.alertId)) continue;
          const decision = await tx.decide(rule.ruleId, facts.subject, rule.quietPeriodSeconds, rule.throttle);
          if (!(await tx.insertAlert(alert, candidate.state, decision))) continue;
          if (decision === 'sent') await tx.enqueue(alert, rule.channels);
          result.fired.push({ alertId: alert.alertId, decision });
        }
      }
      if (retraction) {
        for (const active of await tx.activeOf(facts.subject)) {
          if (holding.has(active.alertId)) continue;
          const withdrawal: Withdrawn = {
            kind: 'withdrawn',
            alertId: active.alertId,
            ruleId: active.payload.ruleId,
            ownerId: active.payload.ownerId,
            ruleName: active.payload.ruleName,
            title: `Withdrawn: ${active.payload.title}`.slice(0, 500),
            firedAt: message.occurredAt,
            subject: facts.subject,
            reason,
            link: active.payload.link,
            messageId: message.id,
          };
          if (await tx.withdraw(withdrawal, active.decision === 'sent')) result.withdrawn.push(active.alertId);
        }
      }
      return result;
    });
    for (const fired of outcome.fired) this.metrics.alerts.inc({ kind: 'fired', decision: fired.decision });
    this.metrics.alerts.inc({ kind: 'withdrawn', decision: 'sent' }, outcome.withdrawn.length);
    if (outcome.fired.length > 0 || outcome.withdrawn.length > 0) {
      this.logger.log({ msg: 'alerts fired', message_id: message.id, subject_type: type, subject_id: id, fired: outcome.fired, withdrawn: outcome.withdrawn });
      this.outbox.notify();
    }
    this.alertsOut.notify();
    return outcome;
  }

  private firedAlert(rule: AlertRule, facts: SubjectFacts, candidate: Candidate, message: { id: string; occurredAt: string }): Fired {
    return {
      kind: 'fired',
      alertId: alertId(rule.ruleId, facts.subject.type, facts.subject.id, candidate.state),
      ruleId: rule.ruleId,
      ownerId: rule.ownerId,
      ruleName: rule.name,
      title: titleOf(rule, facts, candidate),
      firedAt: message.occurredAt,
      subject: facts.subject,
      matched: candidate.matched,
      risk: facts.risk && !facts.risk.retracted ? { score: facts.risk.score, level: facts.risk.level } : null,
      eta: facts.stage?.eta ?? null,
      link: linkOf(facts),
      messageId: message.id,
    };
  }
}
