// axe-core accessibility checks in any page a driver hands out (a tab, an extension page, a frame).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page behind `handle` (anything with evaluate(fnOrSource, ...args), like the drivers' page
 * handles) and returns its violations compactly: [{id, impact, nodes: [target…]}], [] when there are none.
 *
 * axe's source is written into the source of the function evaluated, not handed over as a string to eval: extension
 * pages' CSP forbids eval, new Function and inline <script>, but it does not apply to what the driver itself
 * evaluates (Runtime.evaluate in Chromium, script.evaluate in Firefox). axe.run itself needs no eval.
 */
export async function axeViolations(handle, options = {}) {
  const run = `async (options) => {
${AXE_SOURCE}
;
    const { violations } = await window.axe.run(document, { ...options, resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) }));
  }`;
  return handle.evaluate(run, options);
}
