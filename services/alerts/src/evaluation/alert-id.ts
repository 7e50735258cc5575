import { createHash } from 'node:crypto';

/**
 * The deterministic id of an alert: rule × subject × condition state, hashed (32 hex). Two replicas,
 * a restart or a replay compute the same id, and the alerts table's primary key lets one insert win.
 *
 * @example alertId('r1', 'upgrade', '1:0xab:impl:0xcd#eoa', '0:stage=queued') // '5f1c…' (32 hex)
 */
export function alertId(ruleId: string, subjectType: string, subjectId: string, state: string): string {
  return createHash('sha256').update(JSON.stringify([ruleId, subjectType, subjectId, state])).digest('hex').slice(0, 32);
}

/** The id of a digest: the rule and the first alert it summarises (a digest per throttle window). */
export function digestId(ruleId: string, firstAlertId: string): string {
  return createHash('sha256').update(JSON.stringify([ruleId, 'digest', firstAlertId])).digest('hex').slice(0, 32);
}
