// `npx tsx tests/bench/profile-summary.ts <file.cpuprofile>`: where a V8 CPU profile's time went, as
// self time per package (or the app's own code, node internals, GC) and the top functions. For the
// profiles `BENCH_PROFILE=1 npm run bench` writes (docs/performance.md). A measurement aid, not a test.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const file = process.argv[2];
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile>");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function area({ functionName, url }: Node["callFrame"]): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/build/")) return "the app (build/)";
  return url;
}

const sum = (key: (node: Node) => string) => {
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    totals.set(key(node), (totals.get(key(node)) ?? 0) + us);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
};
const pct = (us: number) => `${((us / total) * 100).toFixed(1)} %`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms of samples\n\nSelf time by area:`);
for (const [name, us] of sum((node) => area(node.callFrame)).slice(0, 20)) console.log(`  ${pct(us).padStart(7)}  ${name}`);
console.log("\nTop functions (self time):");
for (const [name, us] of sum((node) => `${node.callFrame.functionName || "(anonymous)"}  ${area(node.callFrame)}:${node.callFrame.lineNumber + 1}`).slice(
  0,
  30,
)) {
  console.log(`  ${pct(us).padStart(7)}  ${name}`);
}
