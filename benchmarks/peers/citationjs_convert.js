// citation-js as a command-line converter for the batch benchmarks:
//   node citationjs_convert.js IN OUT FORMAT   (FORMAT: data = CSL-JSON, ris, bibtex)
// Modules are resolved from NODE_PATH (benchmarks/.peers/node_modules, git-ignored).
const fs = require('fs')
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-csl')

const [input, output, format] = process.argv.slice(2)
const text = fs.readFileSync(input, 'utf8')
const cite = new Cite(text)
const out = format === 'data' ? cite.format('data', { format: 'text' }) : cite.format(format)
fs.writeFileSync(output, out)
process.stderr.write(`${cite.data.length} records\n`)
