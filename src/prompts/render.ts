import { ClipEvalError } from '../core/errors.js';

const PLACEHOLDER = '{}';

/** Checks that every template has exactly one `{}` placeholder; names the first bad one. */
export function checkTemplates(templates: readonly string[], where: string): void {
  if (templates.length === 0) throw new ClipEvalError('PROMPTS', `${where}: no templates`);
  for (const t of templates) {
    const count = t.split(PLACEHOLDER).length - 1;
    if (count !== 1) {
      throw new ClipEvalError('PROMPTS', `${where}: template ${JSON.stringify(t)} has ${count} '{}' placeholders; each template needs exactly one, where the class name goes`);
    }
  }
}

export function renderTemplate(template: string, classname: string): string {
  return template.replace(PLACEHOLDER, classname);
}

/** All prompts, class-major: prompt (c, t) is at c * templates.length + t. */
export function renderPrompts(templates: readonly string[], classnames: readonly string[]): string[] {
  return classnames.flatMap((c) => templates.map((t) => renderTemplate(t, c)));
}

/** Prompts of classes with several names each: every template x name, class-major, with each class's count. */
export function renderSynonymPrompts(templates: readonly string[], synonyms: readonly (readonly string[])[]): { prompts: string[]; counts: number[] } {
  return {
    prompts: synonyms.flatMap((names) => names.flatMap((n) => templates.map((t) => renderTemplate(t, n)))),
    counts: synonyms.map((names) => names.length * templates.length),
  };
}
