// `npm run bench [-- NAME...] [--quick]`: runs the benchmark modules (all, or those named)
// one after the other and prints their figures. A module is a file here exporting
// `bench()`; add it to BENCHES to have it run. One marked `named` (the long soak) runs only
// when named.
import { parseArgs } from 'node:util';
import { formatReport, type BenchModule } from './report.ts';

const BENCHES: { name: string; load: () => Promise<BenchModule>; named?: boolean }[] = [
  { name: 'engine', load: () => import('./engine.ts') },
  { name: 'bundle', load: () => import('./bundle.ts') },
  { name: 'load', load: () => import('./load.ts') },
  { name: 'json-patch', load: () => import('./json-patch.ts') },
  { name: 'soak', load: () => import('./soak.ts'), named: true },
];

const { values, positionals } = parseArgs({
  options: { quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
if (values.help) {
  console.log(`Usage: npm run bench -- [--quick] [${BENCHES.map((b) => b.name).join('|')}...]`);
  process.exit(0);
}
const unknown = positionals.filter((p) => !BENCHES.some((b) => b.name === p));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark: ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.name).join(', ')})`,
  );
  process.exit(2);
}

const failed: string[] = [];
const chosen = BENCHES.filter((b) =>
  positionals.length === 0 ? !b.named : positionals.includes(b.name),
);
for (const b of chosen) {
  const report = await (await b.load()).bench({ quick: values.quick === true });
  console.log(formatReport(report));
  console.log('');
  if (!report.ok) failed.push(b.name);
}
// The reports say which aim they missed; this says which reports to look at.
if (failed.length > 0) console.error(`exit 1: aims not met in ${failed.join(', ')}`);
process.exitCode = failed.length === 0 ? 0 : 1;
