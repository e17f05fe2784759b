/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): the top functions by self time and the self
 * time by package or source folder, so a bench's note can say what limits it.
 *
 *   npx tsx bench/profile-summary.ts bench/.prof/CPU….cpuprofile [TOP=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [TOP]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) =>
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  if (!url) return '(native/idle)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const src =
    /\/(src|bench|test)\/(.*)\/[^/]+$/.exec(url) ?? /\/(src|bench|test)\/[^/]+$/.exec(url);
  if (src) return src[2] ? `${src[1]}/${src[2]}` : src[1]!;
  return url.startsWith('node:') ? 'node internals' : url;
};
const fns = new Map<string, number>();
const groups = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const f = n.callFrame;
  const name = `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*\/(node_modules|src|bench|test)\//, '$1/')}:${f.lineNumber + 1}`;
  fns.set(name, (fns.get(name) ?? 0) + us);
  groups.set(where(f.url), (groups.get(where(f.url)) ?? 0) + us);
}
const pctOf = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log('self time by package / folder:');
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`  ${pctOf(us)}  ${g}`);
console.log(`top ${top} functions by self time:`);
for (const [name, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${pctOf(us)}  ${name}`);
