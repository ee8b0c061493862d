// The verdict of a generated zod module on env values: node verdicts.mjs MODULE.ts < cases.json
// cases.json: [{"environment": "production", "values": {"KEY": "value", ...}}, ...]
// Prints [{"valid": bool, "failing": [KEY, ...]}, ...]: variable names only, never a value.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(process.argv[2], "utf8");
const js = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
const work = mkdtempSync(join(tmpdir(), "envguard-zod-"));
symlinkSync(join(here, "node_modules"), join(work, "node_modules"), "dir");
writeFileSync(join(work, "module.mjs"), js);
const mod = await import(pathToFileURL(join(work, "module.mjs")).href);

const cases = JSON.parse(readFileSync(0, "utf8"));
const out = cases.map(({ environment, values }) => {
  const result = mod.envSchema(environment).safeParse(values);
  const failing = result.success ? [] : [...new Set(result.error.issues.map((i) => String(i.path[0])))].sort();
  return { valid: result.success, failing };
});
process.stdout.write(JSON.stringify(out));
