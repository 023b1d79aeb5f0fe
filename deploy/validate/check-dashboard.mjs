// Type-checks the Grafana dashboard against Grafana's own dashboard schema (@grafana/schema) with the
// TypeScript compiler: the JSON is inlined as an object literal typed Dashboard, so unknown fields, wrong
// types and values outside an enum are compile errors.
import { readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2];
const json = readFileSync(file, "utf8");
JSON.parse(json);
const directory = join(here, ".check");
mkdirSync(directory, { recursive: true });
const source = join(directory, "dashboard.ts");
writeFileSync(source, `import type { Dashboard } from "@grafana/schema";\nexport const dashboard: Dashboard = ${json};\n`);
try {
  execFileSync(join(here, "node_modules/.bin/tsc"), ["--noEmit", "--strict", "--skipLibCheck", "--moduleResolution", "bundler", "--module", "esnext", "--target", "es2022", source], { stdio: "pipe", cwd: here });
  console.log(`${file}: valid against @grafana/schema's Dashboard`);
} catch (error) {
  console.error(`${file}: not a valid Grafana dashboard:\n${error.stdout}`);
  process.exitCode = 1;
} finally {
  rmSync(directory, { recursive: true, force: true });
}
