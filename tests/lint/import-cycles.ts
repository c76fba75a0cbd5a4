// `npm run lint` fails when two files of ours import each other, directly or around a loop (ADR 015):
// every import of every file tsconfig.json covers (type-only ones too: a cycle of types is still two
// files that cannot be read one without the other), resolved as TypeScript resolves it (`~/` included).
// The TypeScript compiler is already a dependency and reads ~400 files in well under a second.
import path from "node:path";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "../..");

/** The project's files and compiler options, as `tsc` sees them. */
function project(): { files: string[]; options: ts.CompilerOptions } {
  const configPath = path.join(root, "tsconfig.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  return { files: parsed.fileNames.filter((file) => !file.endsWith(".d.ts") && !file.includes("/app/generated/")), options: parsed.options };
}

/** file → the files of ours it imports (packages, generated code and non-code imports such as CSS left out). */
export function importGraph(files: string[], options: ts.CompilerOptions): Map<string, string[]> {
  const ours = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(ts.sys.readFile(file) ?? "", true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule?.resolvedFileName;
      if (resolved && ours.has(resolved)) targets.add(resolved);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** The strongly connected components with more than one file, or a file that imports itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)!.includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

if (import.meta.filename === process.argv[1]) {
  const { files, options } = project();
  const found = cycles(importGraph(files, options));
  if (found.length === 0) {
    console.log(`import cycles: none among ${files.length} files`);
  } else {
    for (const component of found) {
      console.error(`import cycle between ${component.length} files:\n${component.map((file) => `  ${path.relative(root, file)}`).join("\n")}`);
    }
    process.exitCode = 1;
  }
}
