/** Bench suite `suite`: the whole `npm test`, once, as a user runs it. */
import { atMost, type Metric } from '../../src/bench/metric.ts';
import { timedCommand } from '../../src/bench/timed-command.ts';

const SUITE_LIMIT_S = 180;

export default function suite(): Promise<Metric[]> {
  const run = timedCommand(['npx', 'playwright', 'test']);
  const metric = atMost('suite.wall_s', run.seconds, 's', SUITE_LIMIT_S, 1);
  return Promise.resolve([run.status === 0 ? metric : { ...metric, ok: false, note: 'npm test FAILED' }]);
}
