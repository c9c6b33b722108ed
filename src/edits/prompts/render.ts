/**
 * Fills `{{name}}` placeholders. Strict: a placeholder without a value throws, so a renamed variable
 * can never send a prompt with a hole in it. Values are inserted as they are (never re-scanned).
 */
export function renderTemplate(
  template: string,
  variables: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`prompt template variable '${name}' has no value`);
    return value;
  });
}
