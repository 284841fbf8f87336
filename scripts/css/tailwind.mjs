// Compiles Tailwind CSS ahead of time, as NiceGUI's browser runtime would in every page:
// reads {"css": input, "candidates": [...]} on stdin, writes the CSS on stdout.
// Run by scripts/build_css.py with NODE_PATH naming the folder that holds `tailwindcss`.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH, "noop.js"));
const { compile } = require("tailwindcss");

async function loadStylesheet(id, base) {
  const file = id === "tailwindcss" ? require.resolve("tailwindcss/index.css") : require.resolve(id, { paths: [base] });
  return { path: file, base: path.dirname(file), content: await readFile(file, "utf8") };
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { css, candidates } = JSON.parse(input);
const compiler = await compile(css, { base: process.cwd(), loadStylesheet });
process.stdout.write(compiler.build(candidates));
