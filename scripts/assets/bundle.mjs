// Bundles Quasar from its sources into one script, as Quasar's own UMD build does but with only the
// parts named: reads {"entry": js, "version": "2.18.5"} on stdin, writes the minified script on stdout.
// `vue` is the global NiceGUI's page sets (globalThis.Vue), never a second copy.
// Run by scripts/build_quasar.py with NODE_PATH naming the folder that holds `quasar` and `esbuild`.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH, "noop.js"));
const esbuild = require("esbuild");

const vueFromPage = {
  name: "vue-from-page",
  setup(build) {
    build.onResolve({ filter: /^vue$/ }, () => ({ path: "vue", namespace: "vue-from-page" }));
    build.onLoad({ filter: /.*/, namespace: "vue-from-page" }, () => ({ contents: "module.exports = globalThis.Vue;" }));
  },
};

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { entry, version } = JSON.parse(input);
const built = await esbuild.build({
  stdin: { contents: entry, resolveDir: process.env.NODE_PATH, loader: "js" },
  bundle: true,
  format: "iife",
  minify: true,
  target: "es2020",
  legalComments: "none",
  banner: { js: `/*! Quasar Framework v${version} (c) 2015-present Razvan Stoenescu, MIT License; cut to Scene's pages */` },
  define: {
    __QUASAR_VERSION__: JSON.stringify(version),
    __QUASAR_SSR__: "false",
    __QUASAR_SSR_SERVER__: "false",
    __QUASAR_SSR_CLIENT__: "false",
    __QUASAR_SSR_PWA__: "false",
  },
  plugins: [vueFromPage],
  write: false,
});
process.stdout.write(built.outputFiles[0].text);
