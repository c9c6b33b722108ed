/**
 * Prompts are data: templates with `{{name}}` placeholders and strict variables. A placeholder with
 * no value throws, and so does a value no placeholder uses (a renamed variable would otherwise leave
 * a prompt silently incomplete).
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w]*)\s*\}\}/g;

export function renderTemplate(
  template: string,
  variables: Readonly<Record<string, string>>,
): string {
  const used = new Set<string>();
  const missing: string[] = [];
  // One pass: values are inserted verbatim and never re-scanned, so a `{{x}}` inside ticket text stays text.
  const rendered = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value === undefined) {
      missing.push(name);
      return '';
    }
    used.add(name);
    return value;
  });
  if (missing.length > 0)
    throw new TemplateError(
      `Prompt template variable(s) missing: ${[...new Set(missing)].join(', ')}`,
    );
  const unused = Object.keys(variables).filter((name) => !used.has(name));
  if (unused.length > 0)
    throw new TemplateError(`Prompt template has no placeholder for: ${unused.join(', ')}`);
  return rendered;
}
