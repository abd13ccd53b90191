import { DEFAULTS } from '../../config/defaults.js';
import { ClipEvalError } from '../../core/errors.js';
import { normalizeRows } from '../../core/linalg.js';
import type { Matrix } from '../../core/tensor.js';
import { clopperPearson, type Interval } from '../../metrics/binomial.js';
import { mcnemar, type McNemarResult } from '../../metrics/mcnemar.js';
import { createRng, permutation } from '../../metrics/random.js';

export interface TemplateCompareInput {
  /** L2-normalised image features [N, D] (from the feature cache: no image is encoded again). */
  readonly imageFeatures: Matrix;
  readonly labels: Int32Array;
  /** Per template, the raw text embeddings [C, D] of every class name rendered with it. */
  readonly templateClassEmbeddings: readonly Matrix[];
  readonly templates: readonly string[];
  /** Named ensembles to score, each a list of templates from `templates`. */
  readonly subsets?: Readonly<Record<string, readonly string[]>>;
  /** Share of each class's images held out to choose the greedy ensemble (default 0.5; 0: no greedy selection). */
  readonly validationFraction?: number;
  readonly seed?: number;
  /** The single template everything is tested against (default: 'a photo of a {}.' if present, else the first). */
  readonly baseline?: string;
}

export interface TemplateScore {
  readonly kind: 'single' | 'ensemble';
  readonly name: string;
  readonly templates: readonly string[];
  readonly n: number;
  readonly correct: number;
  readonly accuracy: number;
  /** 95% Clopper-Pearson interval. */
  readonly interval: Interval;
  /** Paired test on the same images, the baseline first (onlyFirst: only the baseline right); null for the baseline itself. */
  readonly vsBaseline: McNemarResult | null;
}

export interface GreedyStep {
  readonly template: string;
  /** Validation accuracy of the ensemble once this template is added. */
  readonly validationAccuracy: number;
}

export interface TemplateComparison {
  readonly baseline: string;
  /** 'held-out' when a validation part was split off for greedy selection, else 'all'. */
  readonly evaluatedOn: 'held-out' | 'all';
  readonly nEvaluation: number;
  readonly nValidation: number;
  readonly scores: readonly TemplateScore[];
  readonly greedy: readonly GreedyStep[] | null;
  readonly notes: readonly string[];
}

/** Predicted class per row: argmax over classes of x · w (ties to the lower class). */
function predict(x: Matrix, w: Matrix, rows: Int32Array): Int32Array {
  const d = x.cols;
  const out = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const xi = rows[r]! * d;
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < w.rows; c++) {
      const wc = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x.data[xi + j]! * w.data[wc + j]!;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/** The zero-shot weights of an ensemble: the normalised sum of its templates' normalised class embeddings. */
function ensembleWeights(weights: readonly Matrix[], members: readonly number[]): Matrix {
  const { rows, cols } = weights[0]!;
  const sum = new Float32Array(rows * cols);
  for (const t of members) {
    const w = weights[t]!.data;
    for (let i = 0; i < sum.length; i++) sum[i]! += w[i]!;
  }
  return normalizeRows({ rows, cols, data: sum });
}

/** Stratified split: about `fraction` of each class's images (in seeded random order) go to validation. */
function split(labels: Int32Array, fraction: number, seed: number): { validation: Int32Array; evaluation: Int32Array } {
  if (fraction <= 0) return { validation: new Int32Array(0), evaluation: Int32Array.from(labels.keys()) };
  const order = permutation(createRng(seed), labels.length);
  const byClass = new Map<number, number[]>();
  for (const i of order) {
    const members = byClass.get(labels[i]!);
    if (members) members.push(i);
    else byClass.set(labels[i]!, [i]);
  }
  const validation: number[] = [];
  const evaluation: number[] = [];
  for (const members of byClass.values()) {
    const k = Math.round(members.length * fraction);
    validation.push(...members.slice(0, k));
    evaluation.push(...members.slice(k));
  }
  return { validation: Int32Array.from(validation.sort((a, b) => a - b)), evaluation: Int32Array.from(evaluation.sort((a, b) => a - b)) };
}

/**
 * Greedy forward selection on the validation images: start from the best single template, add the one
 * that most raises validation accuracy, stop when none does. Scores x · w_t per template are cached, so
 * each candidate costs one pass over validation images x classes instead of a matrix product.
 */
function greedySelect(x: Matrix, labels: Int32Array, rows: Int32Array, weights: readonly Matrix[], templates: readonly string[]): GreedyStep[] {
  const classes = weights[0]!.rows;
  const d = x.cols;
  const n = rows.length;
  const scores = weights.map((w) => {
    const s = new Float32Array(n * classes);
    for (let r = 0; r < n; r++) {
      const xi = rows[r]! * d;
      for (let c = 0; c < classes; c++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += x.data[xi + j]! * w.data[c * d + j]!;
        s[r * classes + c] = dot;
      }
    }
    return s;
  });
  const sumScores = new Float64Array(n * classes);
  const sumWeights = new Float64Array(classes * d);
  const chosen: number[] = [];
  const steps: GreedyStep[] = [];
  const norms = new Float64Array(classes);
  let current = -1;
  for (;;) {
    let bestT = -1;
    let bestAcc = -1;
    for (let t = 0; t < weights.length; t++) {
      if (chosen.includes(t)) continue;
      const w = weights[t]!.data;
      for (let c = 0; c < classes; c++) {
        let sq = 0;
        for (let j = 0; j < d; j++) sq += (sumWeights[c * d + j]! + w[c * d + j]!) ** 2;
        norms[c] = Math.sqrt(sq) || 1;
      }
      const st = scores[t]!;
      let correct = 0;
      for (let r = 0; r < n; r++) {
        let best = 0;
        let bestScore = -Infinity;
        for (let c = 0; c < classes; c++) {
          const s = (sumScores[r * classes + c]! + st[r * classes + c]!) / norms[c]!;
          if (s > bestScore) {
            bestScore = s;
            best = c;
          }
        }
        if (best === labels[rows[r]!]) correct++;
      }
      const acc = correct / n;
      if (acc > bestAcc) {
        bestAcc = acc;
        bestT = t;
      }
    }
    if (bestT < 0 || bestAcc <= current) break;
    chosen.push(bestT);
    current = bestAcc;
    steps.push({ template: templates[bestT]!, validationAccuracy: bestAcc });
    const w = weights[bestT]!.data;
    for (let i = 0; i < sumWeights.length; i++) sumWeights[i]! += w[i]!;
    const st = scores[bestT]!;
    for (let i = 0; i < sumScores.length; i++) sumScores[i]! += st[i]!;
  }
  return steps;
}

function check(input: TemplateCompareInput): void {
  const { imageFeatures: x, labels, templateClassEmbeddings: e, templates } = input;
  if (templates.length === 0) throw new ClipEvalError('PROMPTS', 'template comparison needs at least one template');
  if (e.length !== templates.length) throw new ClipEvalError('INPUT', `${templates.length} templates but ${e.length} embedding matrices`);
  if (labels.length !== x.rows) throw new ClipEvalError('INPUT', `${x.rows} image features but ${labels.length} labels`);
  const classes = e[0]!.rows;
  e.forEach((m, t) => {
    if (m.rows !== classes || m.cols !== x.cols) {
      throw new ClipEvalError('INPUT', `template '${templates[t]}': embeddings are [${m.rows}, ${m.cols}], expected [${classes}, ${x.cols}] (classes x image feature width)`);
    }
  });
  const bad = labels.find((l) => l < 0 || l >= classes);
  if (bad !== undefined) throw new ClipEvalError('INPUT', `label ${bad} is outside the ${classes} classes`);
  for (const [name, members] of Object.entries(input.subsets ?? {})) {
    const unknown = members.filter((m) => !templates.includes(m));
    if (unknown.length) throw new ClipEvalError('PROMPTS', `subset '${name}': ${unknown.map((u) => JSON.stringify(u)).join(', ')} not among the compared templates`);
    if (members.length === 0) throw new ClipEvalError('PROMPTS', `subset '${name}' has no templates`);
  }
}

/**
 * Accuracy of each single template and of ensembles (all templates, named subsets, a greedy selection
 * chosen on a validation part), each tested against the single-template baseline with McNemar's test on
 * the same evaluation images.
 */
export function compareTemplates(input: TemplateCompareInput): TemplateComparison {
  check(input);
  const { imageFeatures: x, labels, templates } = input;
  const weights = input.templateClassEmbeddings.map(normalizeRows);
  const fraction = input.validationFraction ?? DEFAULTS.templateCompare.validationFraction;
  if (!(fraction >= 0 && fraction < 1)) throw new ClipEvalError('USAGE', `--validation-fraction must be in [0, 1), got ${fraction}`);
  const notes: string[] = [];
  let { validation, evaluation } = split(labels, fraction, input.seed ?? DEFAULTS.templateCompare.seed);
  if (evaluation.length === 0) throw new ClipEvalError('INPUT', `no images left to evaluate on after holding out ${fraction} for validation`);
  const budget = Math.floor(DEFAULTS.templateCompare.maxCachedScores / (weights[0]!.rows * templates.length));
  if (validation.length > budget) {
    notes.push(`greedy selection used ${budget} of the ${validation.length} validation images (score cache limit)`);
    validation = validation.subarray(0, budget);
  }
  const baseline = input.baseline ?? (templates.includes(DEFAULTS.templateCompare.baseline) ? DEFAULTS.templateCompare.baseline : templates[0]!);
  const baselineIndex = templates.indexOf(baseline);
  if (baselineIndex < 0) throw new ClipEvalError('PROMPTS', `baseline template ${JSON.stringify(baseline)} is not among the compared templates`);

  const correctness = (w: Matrix) => {
    const pred = predict(x, w, evaluation);
    return Uint8Array.from(pred, (p, i) => (p === labels[evaluation[i]!] ? 1 : 0));
  };
  const singles = weights.map(correctness);
  const baseCorrect = singles[baselineIndex]!;
  const score = (kind: TemplateScore['kind'], name: string, members: readonly string[], correct: Uint8Array, isBaseline = false): TemplateScore => {
    const k = correct.reduce((s, v) => s + v, 0);
    return {
      kind,
      name,
      templates: members,
      n: correct.length,
      correct: k,
      accuracy: k / correct.length,
      interval: clopperPearson(k, correct.length),
      vsBaseline: isBaseline ? null : mcnemar(baseCorrect, correct),
    };
  };
  const scores: TemplateScore[] = templates.map((t, i) => score('single', t, [t], singles[i]!, i === baselineIndex));
  const ensemble = (name: string, members: readonly string[]) =>
    scores.push(score('ensemble', name, members, correctness(ensembleWeights(weights, members.map((m) => templates.indexOf(m))))));
  if (templates.length > 1) ensemble(`all ${templates.length} templates`, templates);
  for (const [name, members] of Object.entries(input.subsets ?? {})) ensemble(name, members);
  let greedy: GreedyStep[] | null = null;
  if (validation.length > 0) {
    greedy = greedySelect(x, labels, validation, weights, templates);
    ensemble(`greedy (${greedy.length} chosen on validation)`, greedy.map((g) => g.template));
  }
  return { baseline, evaluatedOn: validation.length > 0 ? 'held-out' : 'all', nEvaluation: evaluation.length, nValidation: validation.length, scores, greedy, notes };
}

/** How a template or ensemble compares with the baseline template (McNemar's exact test at 5%). */
export type Verdict = 'baseline' | 'better' | 'worse' | 'same';

/** Significance level of the verdicts. */
const ALPHA = 0.05;

export function verdictOf(s: TemplateScore): Verdict {
  if (s.vsBaseline === null) return 'baseline';
  if (s.vsBaseline.pExact >= ALPHA) return 'same';
  return s.vsBaseline.onlySecond > s.vsBaseline.onlyFirst ? 'better' : 'worse';
}
