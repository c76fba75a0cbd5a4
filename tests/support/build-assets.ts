import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The largest script in public/build/_shared (React + Remix, ~265 KB): its name and path. Needs `npm run build`. */
export function largestSharedBundle(root: string) {
  const shared = path.join(root, "public/build/_shared");
  const name = readdirSync(shared)
    .filter((file) => file.endsWith(".js"))
    .sort((a, b) => statSync(path.join(shared, b)).size - statSync(path.join(shared, a)).size)[0];
  if (!name) throw new Error("No script in public/build/_shared: run `npm run build`.");
  return { name, file: path.join(shared, name), url: `/build/_shared/${name}` };
}
