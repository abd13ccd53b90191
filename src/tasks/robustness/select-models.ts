import { ClipEvalError } from '../../core/errors.js';
import type { AccuracyTable } from './accuracy-table.js';

/**
 * Name patterns: an exact name, a glob with `*`, or a regular expression written /like this/.
 */
export function nameMatcher(patterns: readonly string[]): (name: string) => boolean {
  const tests = patterns.map((p): ((name: string) => boolean) => {
    const regex = /^\/(.*)\/([a-z]*)$/.exec(p);
    if (regex) {
      try {
        const re = new RegExp(regex[1]!, regex[2]);
        return (name) => re.test(name);
      } catch (error) {
        throw new ClipEvalError('USAGE', `model pattern ${p} is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    if (p.includes('*')) {
      const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      return (name) => re.test(name);
    }
    return (name) => name === p;
  });
  return (name) => tests.some((t) => t(name));
}

/** Which models form the trend. */
export type BaselineRule =
  /** By type from a model-type file, leaving out names that contain any of `exclude` (case-insensitive). */
  | { readonly kind: 'types'; readonly types: ReadonlyMap<string, string>; readonly include: readonly string[]; readonly exclude: readonly string[] }
  /** By name: exact names, globs or /regexes/. */
  | { readonly kind: 'names'; readonly patterns: readonly string[] }
  /** Results-store models of these tasks (e.g. linear probes as baselines for a zero-shot model). */
  | { readonly kind: 'tasks'; readonly tasks: readonly string[] };


export function selectBaselines(table: AccuracyTable, rule: BaselineRule): Set<string> {
  const names = [...table.keys()];
  switch (rule.kind) {
    case 'types': {
      const exclude = rule.exclude.map((e) => e.toLowerCase());
      return new Set(
        names.filter((n) => {
          const type = rule.types.get(n);
          return type !== undefined && rule.include.includes(type) && !exclude.some((e) => n.toLowerCase().includes(e));
        }),
      );
    }
    case 'names': {
      const match = nameMatcher(rule.patterns);
      return new Set(names.filter(match));
    }
    case 'tasks':
      return new Set(names.filter((n) => rule.tasks.includes(table.get(n)?.task ?? '')));
    default: {
      const never: never = rule;
      throw new Error(`unknown baseline rule ${JSON.stringify(never)}`);
    }
  }
}
