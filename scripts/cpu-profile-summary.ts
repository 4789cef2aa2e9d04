/**
 * Sums V8 CPU profiles (node --cpu-prof writes one .cpuprofile per thread, worker threads
 * included: they inherit the flag through process.execArgv) by model family: each sample
 * is charged to the outermost frame of its call stack in a model's own file under
 * libs/classifiers/src (e.g. ensemble/random-forest.ts; the generic classifier.ts,
 * registry.ts, ... are skipped), else to the innermost preprocessing step or sampler
 * frame (libs/pipeline/src/steps, samplers), else to module loading, GC or "other".
 * Idle and "(program)" samples are left out.
 *   node -r @swc-node/register scripts/cpu-profile-summary.ts DIR [--top N] [--min-share PERCENT]
 * Prints per family: sampled time (V8 sample intervals: wall time while the thread ran JS, so
 * above its CPU time on a loaded machine; shares are what to compare), share, and its top functions by self time; families below
 * --min-share (default 0.5 %) are summed in one last row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const GENERIC = /libs\/classifiers\/src\/(classifier|index|registry|fitted-estimator|model-spec)\.ts/;

/** A model's own file (outermost wins), e.g. `classifiers/ensemble/random-forest`. */
function modelFile(url: string): string | undefined {
  const c = /libs\/classifiers\/src\/(.+?)\.ts/.exec(url);
  return c && !GENERIC.test(url) ? `classifiers/${c[1]}` : undefined;
}

/** A preprocessing step's or sampler's file (innermost wins), e.g. `pipeline/steps/lasso-selector`. */
function stepFile(url: string): string | undefined {
  const p = /libs\/pipeline\/src\/((?:steps|samplers?|selectors?)\/.+?)\.ts/.exec(url);
  return p ? `pipeline/${p[1]}` : undefined;
}

const LOADING = /^(wrapSafe|transformSync|compileFunction|readFileUtf8|internalModuleStat|createCacheKey|openFileHandle)$/;

function main(): void {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: cpu-profile-summary.ts DIR [--top N]');
  const t = process.argv.indexOf('--top');
  const top = t >= 0 ? Number(process.argv[t + 1]) : 3;
  const m = process.argv.indexOf('--min-share');
  const minShare = m >= 0 ? Number(process.argv[m + 1]) : 0.5;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const total = new Map<string, number>();
  const self = new Map<string, Map<string, number>>();
  let all = 0;
  for (const f of files) {
    const prof = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    // per node: the outermost model file above it (itself included), else the innermost step file
    const info = new Map<number, { model?: string; step?: string }>();
    const infoOf = (id: number): { model?: string; step?: string } => {
      if (info.has(id)) return info.get(id)!;
      const up = parent.get(id);
      const above = up === undefined ? {} : infoOf(up);
      const url = byId.get(id)!.callFrame.url;
      const result = { model: above.model ?? modelFile(url), step: stepFile(url) ?? above.step };
      info.set(id, result);
      return result;
    };
    const ownerOf = (id: number): string => {
      const i = infoOf(id);
      const fn = byId.get(id)!.callFrame.functionName;
      return i.model ?? i.step ?? (LOADING.test(fn) ? 'module loading' : fn === '(garbage collector)' ? 'GC outside models and steps' : 'other (engine, I/O, metrics)');
    };
    prof.samples.forEach((id, k) => {
      const us = prof.timeDeltas[k] ?? 0;
      const node = byId.get(id)!;
      if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') return;
      const fam = ownerOf(id);
      all += us;
      total.set(fam, (total.get(fam) ?? 0) + us);
      const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(libs|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
      if (!self.has(fam)) self.set(fam, new Map());
      self.get(fam)!.set(fn, (self.get(fam)!.get(fn) ?? 0) + us);
    });
  }
  console.log(`${files.length} profiles, ${(all / 1e6).toFixed(1)} s sampled in threads (idle and (program) excluded; V8 sample intervals are wall time, so on a loaded machine they exceed CPU time)`);
  console.log('| family (outermost frame) | sampled s | share | top functions by self time (sampled s) |');
  console.log('|---|---:|---:|---|');
  let rest = 0;
  let restCount = 0;
  for (const [fam, us] of [...total].sort((a, b) => b[1] - a[1])) {
    if ((us / all) * 100 < minShare) {
      rest += us;
      restCount++;
      continue;
    }
    const fns = [...self.get(fam)!].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, v]) => `${fn} ${(v / 1e6).toFixed(1)} s`);
    console.log(`| ${fam} | ${(us / 1e6).toFixed(1)} | ${((us / all) * 100).toFixed(1)} % | ${fns.join('; ')} |`);
  }
  if (restCount) console.log(`| ${restCount} others below ${minShare} % each | ${(rest / 1e6).toFixed(1)} | ${((rest / all) * 100).toFixed(1)} % | |`);
}

main();
