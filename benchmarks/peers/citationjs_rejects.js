// Print the keys of the entries citation-js cannot parse (one per line), to build the
// peer-safe corpus: input is a JSON array of [key, entry text] on stdin.
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')

const header = process.argv[2] ? require('fs').readFileSync(process.argv[2], 'utf8') : ''
const entries = JSON.parse(require('fs').readFileSync(0, 'utf8'))
for (const [key, text] of entries) {
  try {
    new Cite(header + text)
  } catch (e) {
    process.stdout.write(key + '\n')
  }
}
