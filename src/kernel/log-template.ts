/** The names in braces of a log sentence's template, as a type: `{status}` in the text makes `status` a required value. */
export type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The template with its values filled in; a value not given stays empty. */
export function fillTemplate(template: string, values: Record<string, string | number | undefined> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The template up to its first value not given, the given ones filled: what every line of that sentence begins with. */
export function templateStart(template: string, values: Record<string, string | number | undefined> = {}): string {
  const open = [...template.matchAll(/\{(\w+)\}/g)].find((match) => values[match[1]!] === undefined);
  return fillTemplate(open ? template.slice(0, open.index) : template, values);
}

/** A catalog of sentences: each with its template (and whatever else the log needs: provenance, logger, source). */
export type SentenceCatalog = Record<string, { readonly template: string }>;

/** The values a catalog sentence needs, by the names in braces of its template. */
export type SentenceValues<Catalog extends SentenceCatalog, Message extends keyof Catalog> = Record<
  Placeholders<Catalog[Message]['template']>,
  string | number
>;

/** A catalog sentence with its values filled in. */
export function sentence<Catalog extends SentenceCatalog, Message extends keyof Catalog>(
  catalog: Catalog,
  message: Message,
  values: SentenceValues<Catalog, Message>,
): string {
  return fillTemplate(catalog[message]!.template, values);
}
