import * as fs from 'node:fs';
import * as path from 'node:path';
import { round } from './stats';

interface Target {
  readonly atMost?: number;
  readonly atLeast?: number;
}

/** The targets; metrics not named here are reported without one. */
const TARGETS: Record<string, Target> = {
  audit_over_naive_parse: { atMost: 0.2 },
  scale_8x_over_1x: { atMost: 8.5 },
  parallel_speedup_2_cores: { atLeast: 1.6 },
  keystroke_p95_ms_5k: { atMost: 20 },
  keystroke_p95_ms_20k: { atMost: 60 },
  keystroke_p95_ms_avm_vm: { atMost: 20 },
  keystroke_p95_ms_alz: { atMost: 60 },
  keystroke_arm_2mb_over_parse: { atMost: 1.5 },
  cold_start_ms: { atMost: 300 },
  server_rss_mb_after_audit: { atMost: 150 },
  server_rss_mb_50_open: { atMost: 150 },
  vsix_mb: { atMost: 3 },
};

interface Row {
  readonly metric: string;
  readonly value?: number;
  /** The measurements behind the value, or why there is none. */
  readonly note: string;
  readonly failed?: boolean;
}

/** What a run measured: one row per metric, the raw numbers behind them, and what could not be measured. */
export class Results {
  private readonly rows: Row[] = [];
  private readonly details: Record<string, unknown> = {};

  metric(metric: string, value: number, note: string): void {
    this.rows.push({ metric, value: round(value, 3), note });
  }

  detail(key: string, value: unknown): void {
    this.details[key] = value;
  }

  notMeasured(metric: string, reason: string): void {
    this.rows.push({ metric, note: `not measured: ${reason}` });
  }

  /** Runs one measurement; if it throws, the run goes on and the error takes its row. */
  async attempt(what: string, measure: () => void | Promise<void>): Promise<void> {
    try {
      await measure();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.rows.push({ metric: what, note: `FAILED: ${message.split('\n')[0] ?? ''}`, failed: true });
      this.details[`${what}_error`] = message;
    }
  }

  get failed(): boolean {
    return this.rows.some((row) => row.failed);
  }

  write(file: string, environment: Record<string, unknown>): void {
    const metrics = Object.fromEntries(this.rows.flatMap((row) => (row.value === undefined ? [] : [[row.metric, row.value]])));
    const notMeasured = Object.fromEntries(this.rows.flatMap((row) => (row.value === undefined ? [[row.metric, row.note]] : [])));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ metrics, targets: TARGETS, notMeasured, details: this.details, environment }, null, 2)}\n`);
  }

  table(): string {
    const header = ['metric', 'value', 'target', 'met', 'measured'];
    const lines = this.rows.map((row) => {
      const target = TARGETS[row.metric];
      return [row.metric, row.value === undefined ? '—' : String(row.value), describeTarget(target), met(row.value, target), row.note];
    });
    const widths = header.map((_, column) => Math.max(...[header, ...lines].map((cells) => (cells[column] ?? '').length)));
    const format = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
    return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
  }
}

function describeTarget(target: Target | undefined): string {
  if (target?.atMost !== undefined) return `≤ ${target.atMost}`;
  if (target?.atLeast !== undefined) return `≥ ${target.atLeast}`;
  return '—';
}

function met(value: number | undefined, target: Target | undefined): string {
  if (value === undefined || target === undefined) return '—';
  const ok = (target.atMost === undefined || value <= target.atMost) && (target.atLeast === undefined || value >= target.atLeast);
  return ok ? '✓' : '✗';
}
