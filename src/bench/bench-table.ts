import type { Metric } from './metric.ts';
import { textTable } from '../text/text-table.ts';

/** The machine a bench ran on, as bench.json records it. */
export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  os: string;
  node: string;
  browser: string;
}

export function describeMachine(machine: Machine): string {
  return `${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.browser}`;
}

/** How far the median is from its limit (`0.42 × limit`), then the suite's own note and the runs. */
function ratioAndNote(metric: Metric): string {
  const ratio = metric.limit ? `${(metric.median / metric.limit).toFixed(2)} × limit` : '';
  const runs = metric.runs ? `${metric.runs} run${metric.runs === 1 ? '' : 's'}` : '';
  return [ratio, metric.note ?? '', runs].filter(Boolean).join('; ');
}

/** Every metric of every suite in one aligned table: metric, median, target, status, ratio / note. */
export function benchTable(metrics: readonly Metric[]): string {
  const rows = metrics.map((metric) => [
    metric.name,
    `${metric.median} ${metric.unit}`,
    metric.target ?? '',
    metric.ok === undefined ? '' : metric.ok ? 'ok' : 'MISSED',
    ratioAndNote(metric),
  ]);
  return textTable(['metric', 'median', 'target', 'status', 'ratio / note'], rows);
}
