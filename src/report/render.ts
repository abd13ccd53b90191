/**
 * The only module that imports vega and vega-lite (CONVENTIONS 5): plot specs in, SVG and PNG out,
 * headless (vega's View with no renderer attached) and offline (data must be inline in the spec).
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import { svgToPng } from '../image/decode.js';
import type { PlotSpec } from './document.js';

/** A vega spec has `marks` or a vega `$schema`; anything else is taken as vega-lite and compiled first. */
function toVega(spec: PlotSpec): vega.Spec {
  const schema = typeof spec.$schema === 'string' ? spec.$schema : '';
  if (schema.includes('/vega/') || (!schema.includes('vega-lite') && Array.isArray(spec.marks))) return spec as vega.Spec;
  try {
    return vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec;
  } catch (error) {
    throw new ClipEvalError('INPUT', `plot spec does not compile as vega-lite: ${errorMessage(error)}`, { cause: error });
  }
}

function offlineLoader(): vega.Loader {
  const loader = vega.loader();
  const refuse = async (uri: string): Promise<never> => {
    throw new ClipEvalError('INPUT', `plot spec asks to load ${uri}; report plots carry their data inline and never load files or URLs`);
  };
  loader.load = refuse;
  // A mark's `href` (a link, not a load) is sanitized while the SVG is written: resolved to no link, so a
  // figure never links anywhere and the sanitizing promise never rejects unhandled (which ends the process).
  loader.sanitize = (async (uri: string, options?: { context?: string }) => (options?.context === 'href' ? { href: null } : refuse(uri))) as unknown as vega.Loader['sanitize'];
  return loader;
}

/**
 * Vega reports dataflow errors (a bad expression, a failed load) to its logger and renders an empty plot;
 * this logger keeps them so that a broken figure is an error rather than a blank picture.
 */
function collectingLogger(errors: string[]): vega.LoggerInterface {
  let level = vega.Error;
  const logger: vega.LoggerInterface = {
    level: ((next?: number) => {
      if (next === undefined) return level;
      level = next;
      return logger;
    }) as vega.LoggerInterface['level'],
    error: (...args: readonly unknown[]) => {
      errors.push(args.map((a) => errorMessage(a)).join(' '));
      return logger;
    },
    // A failed load is only a warning to vega (it draws the plot without the data).
    warn: (...args: readonly unknown[]) => {
      if (String(args[0]).startsWith('Loading failed')) errors.push(args.slice(1).map((a) => errorMessage(a)).join(': '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Renders a vega-lite or vega spec to an SVG document. */
export async function renderSvg(spec: PlotSpec, name = 'plot'): Promise<string> {
  const errors: string[] = [];
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none', loader: offlineLoader(), logger: collectingLogger(errors) });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new ClipEvalError('INPUT', `${name}: plot failed to render: ${errors[0]}`);
    return svg;
  } catch (error) {
    if (error instanceof ClipEvalError) throw error;
    throw new ClipEvalError('INPUT', `${name}: plot failed to render: ${errorMessage(error)}`, { cause: error });
  } finally {
    view.finalize();
  }
}

/**
 * librsvg composites every element that has `opacity` in an offscreen surface, which makes a scatter
 * plot with a thousand translucent whiskers take seconds. On a single shape, opacity is the same as
 * multiplying its fill and stroke opacities (up to where its own fill and stroke overlap), so the raster
 * path folds it in; the SVG itself is left as vega wrote it.
 */
export function foldShapeOpacity(svg: string): string {
  return svg.replace(/<(path|line|circle|rect|text|ellipse|polygon|polyline)\b([^>]*?)(\/?)>/g, (tag, name: string, attrs: string, close: string) => {
    const opacity = /\sopacity="([^"]*)"/.exec(attrs);
    if (!opacity) return tag;
    const o = Number(opacity[1]);
    if (!Number.isFinite(o)) return tag;
    let rest = attrs.replace(opacity[0], '');
    for (const attr of ['fill-opacity', 'stroke-opacity']) {
      const own = new RegExp(`\\s${attr}="([^"]*)"`).exec(rest);
      const value = (own ? Number(own[1]) : 1) * o;
      rest = own ? rest.replace(own[0], ` ${attr}="${value}"`) : `${rest} ${attr}="${value}"`;
    }
    return `<${name}${rest}${close}>`;
  });
}

/** Rasterises a rendered SVG at `scale` times its size (2 for crisp figures on high-density screens). */
export async function renderPng(svg: string, scale = 2): Promise<Buffer> {
  return svgToPng(foldShapeOpacity(svg), scale);
}
