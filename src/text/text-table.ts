/**
 * The one renderer of aligned plain-text tables (verdicts, scenarios, bench, flake, comparisons):
 * columns two spaces apart, a rule of dashes under the header, no trailing blanks. The last column
 * is neither padded nor ruled wider than its title, so a long sentence there does not widen the table.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const last = header.length - 1;
  const widths = header.map((title, column) => (column === last ? title.length : Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))));
  const line = (cells: readonly string[]) =>
    header
      .map((_, column) => (column < last ? (cells[column] ?? '').padEnd(widths[column]!) : (cells[column] ?? '')))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
