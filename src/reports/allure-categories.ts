import { SIGNATURES } from '../analyzer/signatures.ts';

/** The Allure label a failed test gets for each known failure signature its own logs show. */
export const FAILURE_SIGNATURE_LABEL = 'failure-signature';

/**
 * Allure categories: one per known failure signature (from the analyzer's catalog), then harness
 * errors (a broken test: the harness itself failed), then other failures.
 */
export function allureCategories() {
  return [
    ...Object.entries(SIGNATURES).map(([id, spec]) => ({
      name: `Known failure: ${spec.title} (${id})`,
      matchers: { statuses: ['failed', 'broken'] as const, labels: { [FAILURE_SIGNATURE_LABEL]: id } },
    })),
    { name: 'Harness errors (broken: the harness, not the product)', matchers: { statuses: ['broken'] as const } },
    { name: 'Other failures', matchers: { statuses: ['failed'] as const } },
  ];
}
