// Sums a V8 heap snapshot by node type and constructor name, or compares two:
//
//   node bench/heap-summary.mjs A.heapsnapshot [B.heapsnapshot] [--top 25]
//
// With two, the rows are ordered by the growth of their retained-by-self bytes from A to B: what a
// leak is made of shows up at the top as a name whose count and bytes keep rising.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--top');
const topIndex = process.argv.indexOf('--top');
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;

function summarize(file) {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    // Strings are grouped by type alone: their text is their name.
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string'
        ? ''
        : strings[nodes[i + nameAt]];
    const key = `${type}:${name.slice(0, 60)}`;
    const size = nodes[i + sizeAt];
    total += size;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += size;
    groups.set(key, group);
  }
  return { total, groups };
}

const mb = (bytes) => (bytes / 1e6).toFixed(2);
const [a, b] = files.map(summarize);
if (!b) {
  console.log(
    `${files[0]}: ${mb(a.total)} MB in ${[...a.groups.values()].reduce((s, g) => s + g.count, 0)} objects`,
  );
  for (const [key, g] of [...a.groups].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, top))
    console.log(`${mb(g.bytes).padStart(8)} MB ${String(g.count).padStart(9)}  ${key}`);
} else {
  console.log(`${mb(a.total)} MB -> ${mb(b.total)} MB (${mb(b.total - a.total)} MB)`);
  const keys = new Set([...a.groups.keys(), ...b.groups.keys()]);
  const rows = [...keys].map((key) => {
    const x = a.groups.get(key) ?? { count: 0, bytes: 0 };
    const y = b.groups.get(key) ?? { count: 0, bytes: 0 };
    return { key, bytes: y.bytes - x.bytes, count: y.count - x.count, after: y };
  });
  for (const row of rows.sort((x, y) => y.bytes - x.bytes).slice(0, top))
    console.log(
      `${mb(row.bytes).padStart(8)} MB ${String(row.count).padStart(8)} objects  (${mb(row.after.bytes)} MB, ${row.after.count})  ${row.key}`,
    );
}
