import { TOPICS, catalogue, type AlertDelivery, type AlertPayload, type MessageOf, type TopicName } from '@pum/contracts';
import { KafkaProbe, testInfra, waitFor } from '@pum/testing';
import { Client } from 'pg';

/** Test-side view of one alerts deployment: its topics through a KafkaProbe, its schema through pg. */
export class AlertsHarness {
  readonly probe: KafkaProbe;
  private db?: Client;

  constructor(
    readonly token: string,
    private readonly schema = token.toLowerCase(),
  ) {
    this.probe = new KafkaProbe(`${token}.`);
  }

  async start(): Promise<void> {
    await this.probe.createTopics();
    await this.probe.watch([this.probe.namer.physical(TOPICS.alerts), this.probe.namer.physical(TOPICS.alertDeliveries)]);
    this.db = new Client({ connectionString: testInfra.databaseUrl });
    await this.db.connect();
  }

  async dispose(): Promise<void> {
    await this.db?.end();
    await this.probe.dispose();
  }

  async send<T extends TopicName>(topic: T, message: MessageOf<T>, key = 'k'): Promise<void> {
    await this.probe.send(this.probe.namer.physical(topic), [{ key, value: JSON.stringify(message) }]);
  }

  /** Publishes a rule and waits until the service stored that version. */
  async rule(message: MessageOf<'alerts.rules.v1'>): Promise<void> {
    await this.send(TOPICS.alertRules, message, message.payload.ruleId);
    await waitFor(async () => (await this.query(`SELECT 1 FROM "${this.schema}".rules WHERE rule_id = $1 AND updated_at = $2`, [message.payload.ruleId, message.payload.updatedAt])).length > 0, {
      what: `rule ${message.payload.ruleId} stored`,
    });
  }

  async query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    try {
      return (await this.db!.query(sql, params)).rows as Record<string, unknown>[];
    } catch {
      return []; // the schema is created by the service's migration at start-up
    }
  }

  alerts(ruleId?: string): AlertPayload[] {
    return this.probe
      .on(this.probe.namer.physical(TOPICS.alerts))
      .map((m) => catalogue[TOPICS.alerts].parse(JSON.parse(m.value ?? '')).payload)
      .filter((a) => ruleId === undefined || a.ruleId === ruleId);
  }

  deliveries(alertId?: string): AlertDelivery[] {
    return this.probe
      .on(this.probe.namer.physical(TOPICS.alertDeliveries))
      .map((m) => catalogue[TOPICS.alertDeliveries].parse(JSON.parse(m.value ?? '')).payload)
      .filter((d) => alertId === undefined || d.alertId === alertId);
  }
}
