// `npm run bench:passwords`: what the listed-password check (app/auth/breached-passwords.server.ts, ADR 038)
// costs: the first check (the list read into its Set), the heap that stays, and each check after it. A
// benchmark, not a test: it asserts nothing, it measures (the figures are in docs/security.md and ADR 038).
// Run with --expose-gc (the script does) so the heap is measured after a collection.
import { performance } from "node:perf_hooks";
import { breachedPasswords, isBreachedPassword } from "~/auth/breached-passwords.server";

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench:passwords)");

const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const before = heapMb();
let started = performance.now();
const list = await breachedPasswords();
const loadMs = performance.now() - started;
const after = heapMb();

// What people type: listed ones (as listed and capitalised), good ones, and the longest allowed.
const samples = [
  "password1234",
  "Password1234",
  "qwertyuiop123",
  "correct horse battery",
  "a much longer new passphrase",
  "Tr0ub4dor&3-extended",
  "x".repeat(256),
];
let listed = 0;
started = performance.now();
for (let n = 0; n < CALLS; n++) if (await isBreachedPassword(samples[n % samples.length]!)) listed++;
const perCallNs = ((performance.now() - started) * 1e6) / CALLS;

console.log(`list: ${list.size} passwords of the length allowed, read in ${loadMs.toFixed(1)} ms on the first check`);
console.log(`heap kept: ${(after - before).toFixed(2)} MB (the Set; the file is not kept)`);
console.log(`check: ${perCallNs.toFixed(0)} ns per call over ${CALLS.toLocaleString("en")} calls (${listed.toLocaleString("en")} listed)`);
