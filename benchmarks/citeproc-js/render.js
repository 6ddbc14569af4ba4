// Renders CSL-JSON items as a bibliography with citeproc-js, the CSL reference processor.
//
//   node render.js --items ITEMS.json --locales DIR --out OUT.json STYLE_ID=STYLE.csl[@ITEMS.json] ...
//   node render.js --items ITEMS.json --locales DIR --bench STYLE_ID=STYLE.csl ...
//
// Writes {"processor": ..., "styles": {STYLE_ID: [{"id", "label", "html"}, ...]}} with each
// entry's left-margin label apart from its text, or (--bench) one JSON line per style with the
// seconds taken and entries per second. Used by benchmarks/citeproc_js_refs.py and
// benchmarks/bench_render.py; the tests read the stored output and never need Node.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

function parseArgs(argv) {
  const args = { styles: [], bench: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--items") args.items = argv[++i];
    else if (a === "--locales") args.locales = argv[++i];
    else if (a === "--out") args.out = argv[++i];
    else if (a === "--lang") args.lang = argv[++i];
    else if (a === "--bench") args.bench = true;
    else {
      const eq = a.indexOf("=");
      args.styles.push([a.slice(0, eq), a.slice(eq + 1)]);
    }
  }
  return args;
}

function splitEntry(html) {
  const body = html.trim().replace(/^<div class="csl-entry">/, "").replace(/<\/div>$/, "").trim();
  const m = body.match(/^<div class="csl-left-margin">([\s\S]*?)<\/div><div class="csl-right-inline">([\s\S]*)<\/div>$/);
  if (m) return { label: m[1].trim(), html: m[2].trim() };
  return { label: "", html: body };
}

function render(items, styleXml, localesDir, lang) {
  const byId = {};
  for (const item of items) byId[item.id] = item;
  const sys = {
    retrieveLocale(l) {
      const file = path.join(localesDir, `locales-${l}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
    retrieveItem(id) { return byId[id]; },
  };
  const engine = new CSL.Engine(sys, styleXml, lang || "en-US");
  engine.updateItems(items.map((i) => i.id));
  const [params, entries] = engine.makeBibliography();
  return entries.map((e, n) => ({ id: String(params.entry_ids[n][0]), ...splitEntry(e) }));
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const out = { processor: `citeproc-js ${CSL.PROCESSOR_VERSION}`, styles: {} };
  for (const [id, spec] of args.styles) {
    // STYLE.csl@ITEMS.json: this style gets its own items (prepared for it by citeshift)
    const [file, own] = spec.split("@");
    const items = JSON.parse(fs.readFileSync(own || args.items, "utf8"));
    const xml = fs.readFileSync(file, "utf8");
    if (args.bench) {
      const t0 = process.hrtime.bigint();
      const entries = render(items, xml, args.locales, args.lang);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      console.log(JSON.stringify({ style: id, entries: entries.length, seconds: secs,
        per_second: entries.length / secs }));
    } else {
      out.styles[id] = render(items, xml, args.locales, args.lang);
    }
  }
  if (!args.bench) fs.writeFileSync(args.out, JSON.stringify(out, null, 1) + "\n");
}

main();
