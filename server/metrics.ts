/**
 * Prometheus metrics for `GET /metrics`. The hot path (every message, every send) only bumps
 * plain numbers on `ServerMetrics`; prom-client reads them when scraped, so counting costs an
 * addition, not a label lookup. Histograms are observed once per batch (append, validation).
 * One registry per server, so that several servers in one test process do not collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ServerMetrics {
  readonly registry = new Registry();
  connections = 0;
  openReports = 0;
  updates = 0;
  messagesIn = 0;
  bytesIn = 0;
  bytesOut = 0;
  messagesOut = 0;
  readonly closedConnections: Counter<'code'>;
  readonly storageAppendSeconds: Histogram;
  readonly validationSeconds: Histogram;
  readonly compactionSeconds: Histogram;
  readonly loadSeconds: Histogram;

  constructor() {
    const registry = this.registry;
    // Process metrics (CPU, memory, GC, event-loop lag). The lag monitor samples every
    // `eventLoopMonitoringPrecision` ms: prom-client's 10 ms default wakes the server 100 times a
    // second whatever it is doing (bench/fanout at 20 updates/s: 0.70 → 0.66 CPU-s per 20 s with
    // 100 ms); 100 ms still resolves the lags that matter (a stalled loop shows tens of ms).
    collectDefaultMetrics({ register: registry, prefix: 'nianbao_', eventLoopMonitoringPrecision: 100 });
    const read = (name: string, help: string, value: () => number, kind: 'gauge' | 'counter') => {
      if (kind === 'gauge') {
        new Gauge({ name, help, registers: [registry], collect() { this.set(value()); } });
      } else {
        // A counter cannot be set; reset-then-inc keeps it monotonic because the source is.
        new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(value()); } });
      }
    };
    read('nianbao_connections', 'Open websocket connections', () => this.connections, 'gauge');
    read('nianbao_open_reports', 'Reports loaded in memory', () => this.openReports, 'gauge');
    read('nianbao_updates_total', 'Yjs updates received and stored (rate() gives updates/s)', () => this.updates, 'counter');
    read('nianbao_messages_received_total', 'Websocket messages received', () => this.messagesIn, 'counter');
    read('nianbao_messages_sent_total', 'Websocket messages sent', () => this.messagesOut, 'counter');
    read('nianbao_received_bytes_total', 'Websocket payload bytes received', () => this.bytesIn, 'counter');
    read('nianbao_sent_bytes_total', 'Websocket payload bytes sent', () => this.bytesOut, 'counter');
    this.closedConnections = new Counter({
      name: 'nianbao_connections_closed_total',
      help: 'Connections closed by the server, by close code (4400 bad input, 4429 flood, 1009 too large, 1001 shutdown)',
      labelNames: ['code'],
      registers: [registry],
    });
    const fast = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
    this.storageAppendSeconds = new Histogram({
      name: 'nianbao_storage_append_seconds',
      help: 'Time to durably append one batch of updates',
      buckets: fast,
      registers: [registry],
    });
    this.validationSeconds = new Histogram({
      name: 'nianbao_validation_seconds',
      help: 'Time spent by the report checks per applied batch',
      buckets: fast,
      registers: [registry],
    });
    this.compactionSeconds = new Histogram({
      name: 'nianbao_compaction_seconds',
      help: 'Time to encode and store a compacted snapshot',
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2, 10],
      registers: [registry],
    });
    this.loadSeconds = new Histogram({
      name: 'nianbao_report_load_seconds',
      help: 'Time to load a report from storage into memory',
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2, 10],
      registers: [registry],
    });
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
