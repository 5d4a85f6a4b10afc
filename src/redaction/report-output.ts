import type { NamedSecret } from './artifact.ts';
import { knownSecretsFrom } from './artifact.ts';
import { redactJsonValue } from './json-value.ts';
import { redactLogText } from './log-text.ts';
import { RedactionContext } from './redaction-context.ts';

/**
 * What the harness prints or writes about evidence it read (the analyzer's text, markdown,
 * JSON and `findings.json`) goes through the same redaction as the evidence: quoted log lines
 * keep their shape with their values replaced, IdS token ids stay only in IdS claim lines.
 */
export class ReportRedactor {
  private readonly context: RedactionContext;

  constructor(secrets: readonly NamedSecret[] = []) {
    this.context = new RedactionContext(knownSecretsFrom(secrets));
  }

  /** Text or markdown, line by line. */
  text(text: string): string {
    return redactLogText(text, this.context);
  }

  /** A JSON-serializable report, value by value (keys kept). */
  value<T>(value: T): T {
    return redactJsonValue(JSON.parse(JSON.stringify(value)) as unknown, this.context) as T;
  }

  /** Replacement counts per label so far (never values). */
  get replacements(): Record<string, number> {
    return Object.fromEntries(this.context.replacements);
  }
}
