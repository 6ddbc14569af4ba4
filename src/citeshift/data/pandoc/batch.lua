-- Render many bibliographies in one pandoc process (citeshift.render.pandoc.render_many).
-- usage: pandoc lua batch.lua MANIFEST.json
-- MANIFEST: [{"name": ..., "csl": STYLE-PATH, "bibliography": CSL-JSON-PATH, "lang": "en-US"}]
-- Writes {name: pandoc JSON AST of the rendered document, or "ERROR: message"} to stdout.
local fh = assert(io.open(arg[1]))
local manifest = pandoc.json.decode(fh:read("a"))
fh:close()
local out = {}
for _, job in ipairs(manifest) do
  local ok, result = pcall(function()
    local doc = pandoc.read("---\nnocite: '@*'\n---\n", "markdown")
    doc.meta.bibliography = job.bibliography
    doc.meta.csl = job.csl
    doc.meta.lang = job.lang
    return pandoc.write(pandoc.utils.citeproc(doc), "json")
  end)
  out[job.name] = ok and result or ("ERROR: " .. tostring(result))
end
io.write(pandoc.json.encode(out))
