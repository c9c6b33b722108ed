/**
 * Parses `--name value` and `--name=value` flags against a list of known names; boolean switches
 * take no value. Returns the values or an error message naming the flag and what is accepted.
 */
export function parseFlags(
  argv: readonly string[],
  known: { readonly values: readonly string[]; readonly switches?: readonly string[] },
): { flags: Map<string, string>; switches: Set<string> } | { error: string } {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--'))
      return { error: `Unexpected argument '${arg}': flags look like --name value.` };
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (known.switches?.includes(name)) {
      if (eq !== -1) return { error: `Flag --${name} takes no value.` };
      switches.add(name);
      continue;
    }
    if (!known.values.includes(name)) {
      return { error: `Unknown flag --${name}.` };
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) return { error: `Flag --${name} needs a value.` };
    flags.set(name, value);
  }
  return { flags, switches };
}
