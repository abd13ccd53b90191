/** Repeatable, comma-separated list flags (`--models a,b --models c`) as one list; undefined when absent. */
export function listArg(values: readonly (string | number)[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const items = values.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  return items.length > 0 ? items : undefined;
}
