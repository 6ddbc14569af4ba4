// citeshift's page: paste/drop -> review and fix -> export. No framework, no network but this server.
"use strict";

const TOKEN = document.querySelector('meta[name="citeshift-token"]').content;
const $ = (id) => document.getElementById(id);
const PAGE = 100;
const LABELS = {
  author: "Authors", title: "Title", "container-title": "Journal / container", issued: "Date",
  volume: "Vol.", issue: "Issue", page: "Pages", DOI: "DOI",
};

const state = {
  info: null, docs: [], doc: null, offset: 0, total: 0, show: "all", query: "", editing: false,
  open: new Set(),
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

async function api(method, url, body, headers = {}) {
  const opts = { method, headers: { ...headers }, credentials: "same-origin" };
  if (method !== "GET") opts.headers["X-Citeshift-Token"] = TOKEN;
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(url, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) throw new Error((data && data.error) || `${res.status} ${res.statusText}`);
  return data;
}

function showError(id, message) {
  const box = $(id);
  box.textContent = message || "";
  box.hidden = !message;
}

// ---------------------------------------------------------------- counts and messages
function setCounts(c) {
  $("count-read").textContent = c.read.toLocaleString();
  $("count-converted").textContent = c.converted.toLocaleString();
  $("count-warnings").textContent = c.with_warnings.toLocaleString();
  $("count-failed").textContent = c.failed.toLocaleString();
  $("count-edited").textContent = c.edited.toLocaleString();
}

function where(d) {
  const parts = [];
  if (d.line) parts.push(`line ${d.line}`);
  else if (d.record) parts.push(`record ${d.record}`);
  return parts.length ? parts.join(", ") + ": " : "";
}

function fillMessages(listId, boxId, summaryId, items, total, label) {
  const list = $(listId);
  list.replaceChildren();
  for (const d of items) {
    list.append(el("li", { class: d.severity }, el("strong", { text: d.severity }), " ",
      `${where(d)}${d.message}`));
  }
  $(summaryId).textContent = `${label} (${total})`;
  $(boxId).hidden = total === 0;
  if (items.some((d) => d.severity === "error")) $(boxId).open = true;
}

// ---------------------------------------------------------------- input
// A browser lays out every line of a text box: megabytes in it take seconds. A big paste is
// kept in memory and only its beginning is shown.
const BIG_PASTE = 256 * 1024;
state.pasted = null;

function holdPaste(text) {
  const box = $("paste");
  state.pasted = text;
  box.readOnly = text !== null;
  $("clear-btn").hidden = text === null;
  if (text === null) { box.value = ""; box.focus(); return; }
  const mb = (new Blob([text]).size / 1048576).toFixed(1);
  const lines = (text.match(/\n/g) || []).length + 1;
  box.value = `${text.slice(0, 4000)}\n\n… ${mb} MB pasted (${lines.toLocaleString()} lines); `
    + "only the beginning is shown here, all of it will be read. Clear to paste something else.";
}

function setProgress(fraction, text) {
  $("progress").hidden = fraction === null;
  if (fraction === null) return;
  const bar = $("progress-bar");
  if (fraction === undefined) bar.classList.add("indeterminate");
  else { bar.classList.remove("indeterminate"); bar.style.width = `${Math.round(fraction * 100)}%`; }
  $("progress-text").textContent = text;
}

function upload(body, name) {
  const limit = state.info.limits.max_upload_bytes;
  if (body.size > limit) {
    return Promise.reject(new Error(`${name || "The paste"} is ${(body.size / 1048576).toFixed(1)} MB; `
      + `the limit is ${state.info.limits.max_upload} (start the server with --max-upload-mb to raise it).`));
  }
  const params = new URLSearchParams();
  if (name) params.set("name", name);
  const fmt = $("format-select").value;
  if (fmt) params.set("format", fmt);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/documents?${params}`);
    xhr.setRequestHeader("X-Citeshift-Token", TOKEN);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(e.loaded / e.total, `Sending ${name || "paste"}… ${Math.round(100 * e.loaded / e.total)}%`);
    };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new Error((data && data.error) || `error ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error("the server did not answer (is 'citeshift serve' still running?)"));
    xhr.send(body);
  });
}

async function waitParsed(doc) {
  while (doc.status === "parsing") {
    setProgress(undefined, `Reading ${doc.name}… ${doc.progress.toLocaleString()} records (${doc.elapsed_s.toFixed(0)} s)`);
    setCounts(doc.counts);
    await new Promise((r) => setTimeout(r, 300));
    doc = await api("GET", `/api/documents/${doc.id}`);
  }
  return doc;
}

async function readInputs(inputs) {
  showError("input-error", "");
  $("read-btn").disabled = true;
  let last = null;
  const problems = [];
  try {
    for (const { body, name } of inputs) {
      try {
        let doc = await upload(body, name);
        doc = await waitParsed(doc);
        if (doc.status === "failed") {
          problems.push(`${doc.name}: ${doc.error}`);
          continue;
        }
        state.docs.push({ id: doc.id, name: doc.name, count: doc.counts.converted });
        last = doc;
      } catch (err) {
        problems.push(err.message);
      }
    }
  } finally {
    showError("input-error", problems.join("\n"));
    setProgress(null);
    $("read-btn").disabled = false;
  }
  if (last) {
    renderDocSwitch();
    await openDoc(last.id);
  }
}

function renderDocSwitch() {
  const sel = $("doc-select");
  sel.replaceChildren(...state.docs.map((d) =>
    el("option", { value: d.id, text: `${d.name} (${d.count.toLocaleString()})` })));
  $("doc-switch").hidden = state.docs.length < 2;
}

// ---------------------------------------------------------------- records
async function openDoc(id) {
  const doc = await api("GET", `/api/documents/${id}`);
  state.doc = doc;
  state.offset = 0;
  state.open.clear();
  $("doc-select").value = id;
  setCounts(doc.counts);
  fillMessages("messages-list", "messages", "messages-summary", doc.messages, doc.messages_total, "Messages");
  $("records-card").hidden = false;
  $("export-card").hidden = false;
  updateDownload();
  await loadRecords();
}

function recordsUrl() {
  const p = new URLSearchParams({ offset: state.offset, limit: PAGE, show: state.show });
  if (state.query) p.set("q", state.query);
  return `/api/documents/${state.doc.id}/records?${p}`;
}

async function loadRecords() {
  const data = await api("GET", recordsUrl());
  state.total = data.total;
  const body = $("records-body");
  body.replaceChildren();
  for (const rec of data.records) renderRecord(body, rec);
  if (!data.records.length) {
    body.append(el("tr", {}, el("td", { colspan: columns().length + 3, class: "empty",
      text: state.show === "all" && !state.query ? "No records." : "No records match." })));
  }
  const end = Math.min(state.offset + PAGE, state.total);
  $("page-info").textContent = state.total ? `${state.offset + 1}–${end} of ${state.total.toLocaleString()}` : "0 of 0";
  $("prev-btn").disabled = state.offset === 0;
  $("next-btn").disabled = end >= state.total;
}

function columns() { return state.info.columns; }

function renderHead() {
  const head = $("records-head");
  head.replaceChildren(el("th", { text: "#", scope: "col" }), el("th", { text: "Type", scope: "col" }),
    ...columns().map((c) => el("th", { text: LABELS[c] || c, scope: "col", class: `col-${c}` })),
    el("th", { text: "", scope: "col", "aria-label": "Details" }));
}

function reasonText(list) { return list.join("\n"); }

function fieldCell(rec, field, tag = "td") {
  const value = field === "type" ? rec.type : (field === "id" ? rec.id : (rec.fields[field] || ""));
  const flagged = rec.flags[field];
  const cls = ["cell", flagged ? "flagged" : "", rec.edited.includes(field) ? "edited" : "",
    field === "type" ? "type" : ""].filter(Boolean).join(" ");
  const title = flagged ? `Check: ${reasonText(flagged)}` : (rec.resolved[field] ? `Fixed (was: ${reasonText(rec.resolved[field])})` : null);
  const cell = el(tag, { class: cls, tabindex: "0", title, "data-field": field, "data-index": rec.index,
    "aria-label": `${LABELS[field] || field}: ${value || "empty"}${flagged ? " (needs review)" : ""}` });
  cell.append(el("span", { class: "v", text: value }));
  if (flagged) cell.append(el("span", { class: "mark", "aria-hidden": "true", text: "!" }));
  cell.addEventListener("click", () => startEdit(cell, rec, field));
  cell.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); startEdit(cell, rec, field); } });
  return cell;
}

function renderRecord(body, rec) {
  const open = state.open.has(rec.index);
  const status = rec.needs_review ? "review" : (rec.edited.length ? "fixed" : "ok");
  const tr = el("tr", { class: `rec ${status}`, "data-index": rec.index });
  const numTitle = rec.record_flags.length ? reasonText(rec.record_flags) : null;
  tr.append(el("td", { class: "num", title: numTitle }, `${rec.index + 1}`,
    rec.record_flags.length && !rec.checked ? el("span", { class: "badge", text: "check" }) : null));
  tr.append(fieldCell(rec, "type"));
  for (const c of columns()) tr.append(fieldCell(rec, c));
  const extra = Object.keys(rec.fields).filter((k) => !columns().includes(k)).length;
  const btn = el("button", { type: "button", class: "more", "aria-expanded": open ? "true" : "false",
    title: "Show all fields, the original text and the reasons",
    text: open ? "▾" : (extra ? `▸ +${extra}` : "▸") });
  btn.addEventListener("click", () => {
    if (state.open.has(rec.index)) state.open.delete(rec.index); else state.open.add(rec.index);
    refreshRecord(rec.index);
  });
  tr.append(el("td", {}, btn));
  body.append(tr);
  if (open) body.append(detailsRow(rec));
}

function detailsRow(rec) {
  const wrap = el("div", { class: "details" });
  if (rec.original) wrap.append(el("p", { class: "original" }, el("strong", { text: "Original: " }), rec.original));
  const reasons = [...rec.record_flags];
  for (const [f, list] of Object.entries(rec.flags)) for (const r of list) reasons.push(`${f}: ${r}`);
  for (const [f, list] of Object.entries(rec.resolved)) for (const r of list) reasons.push(`${f} (edited): ${r}`);
  if (rec.confidence !== null && rec.confidence !== undefined) reasons.push(`parser confidence ${rec.confidence.toFixed(2)}`);
  if (reasons.length) wrap.append(el("ul", { class: "reasons" }, ...reasons.map((r) => el("li", { text: r }))));
  const dl = el("table", { class: "all-fields" });
  dl.append(el("tr", {}, el("th", { text: "id" }), fieldCell(rec, "id")));
  for (const k of Object.keys(rec.fields).sort()) dl.append(el("tr", {}, el("th", { text: k }), fieldCell(rec, k)));
  wrap.append(dl);
  const addSel = el("select", { "aria-label": "Field to add" },
    ...Object.keys(state.info.fields.variables).filter((v) => !(v in rec.fields))
      .map((v) => el("option", { value: v, text: v })));
  const addInput = el("input", { "aria-label": "Value of the new field", placeholder: "value" });
  const addBtn = el("button", { type: "button", text: "Add field" });
  addBtn.addEventListener("click", () => saveField(rec.index, addSel.value, addInput.value));
  const actions = el("div", { class: "row" }, addSel, addInput, addBtn);
  if (rec.record_flags.length) {
    const chk = el("button", { type: "button", text: rec.checked ? "Mark as not checked" : "Mark as checked" });
    chk.addEventListener("click", () => patch(rec.index, { checked: !rec.checked }));
    actions.append(chk);
  }
  wrap.append(actions);
  return el("tr", { class: "details-row" }, el("td", { colspan: columns().length + 3 }, wrap));
}

function startEdit(cell, rec, field) {
  if (cell.querySelector("input, select")) return;
  const old = field === "type" ? rec.type : (field === "id" ? rec.id : (rec.fields[field] || ""));
  let input;
  if (field === "type") {
    input = el("select", { "aria-label": "Type" }, ...state.info.fields.types.map((t) => el("option", { value: t, text: t })));
    input.value = old;
  } else {
    input = el("input", { value: old, "aria-label": `Edit ${field}` });
  }
  cell.replaceChildren(input);
  input.focus();
  if (input.select) input.select();
  let done = false;
  const finish = async (save) => {
    if (done) return;
    done = true;
    if (save && input.value !== old) await saveField(rec.index, field, input.value);
    else await refreshRecord(rec.index);
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); finish(true); }
    if (e.key === "Escape") { e.preventDefault(); finish(false); }
  });
  input.addEventListener("blur", () => finish(true));
  if (field === "type") input.addEventListener("change", () => finish(true));
}

async function patch(index, body) {
  try {
    const res = await api("PATCH", `/api/documents/${state.doc.id}/records/${index}`, body);
    setCounts(res.counts);
    replaceRow(res.record);
    stalePreview();
  } catch (err) {
    showError("input-error", err.message);
    alertInline(index, err.message);
  }
}

async function saveField(index, field, value) { await patch(index, { field, value }); }

function alertInline(index, message) {
  const row = document.querySelector(`tr.rec[data-index="${index}"]`);
  if (!row) return;
  row.classList.add("error");
  row.title = message;
  refreshRecord(index);
}

async function refreshRecord(index) {
  const rec = await api("GET", `/api/documents/${state.doc.id}/records/${index}`);
  replaceRow(rec);
}

function replaceRow(rec) {
  const row = document.querySelector(`tr.rec[data-index="${rec.index}"]`);
  if (!row) return;
  const next = row.nextElementSibling;
  if (next && next.classList.contains("details-row")) next.remove();
  const tmp = document.createElement("tbody");
  renderRecord(tmp, rec);
  row.replaceWith(...tmp.children);
  showError("input-error", "");
}

// ---------------------------------------------------------------- export
function currentOutput() {
  const to = $("output-select").value;
  const meta = state.info.outputs.find((o) => o.name === to);
  const params = { to };
  if (meta && meta.kind === "bibliography") {
    params.style = $("style-input").value.trim() || "apa";
    const loc = $("locale-input").value.trim();
    if (loc) params.locale = loc;
  }
  return { params, meta };
}

function stalePreview() {
  $("preview").hidden = true;
  $("preview-html").hidden = true;
  $("export-messages").hidden = true;
  $("export-summary").textContent = "";
}

function updateDownload() {
  stalePreview();
  const { params, meta } = currentOutput();
  $("style-box").hidden = !(meta && meta.kind === "bibliography");
  if (!state.doc) return;
  const link = $("download-link");
  link.href = `/api/documents/${state.doc.id}/download?${new URLSearchParams(params)}`;
  link.setAttribute("download", "");
}

async function preview() {
  showError("export-error", "");
  const { params } = currentOutput();
  $("preview-btn").disabled = true;
  try {
    const res = await api("POST", `/api/documents/${state.doc.id}/export`, params);
    const c = res.counts;
    $("export-summary").textContent = `${res.filename}: ${c.written.toLocaleString()} written, `
      + `${c.with_warnings.toLocaleString()} with warnings, ${c.failed.toLocaleString()} failed`
      + (res.truncated ? " — preview shortened, the download has everything" : "");
    fillMessages("export-messages-list", "export-messages", "export-messages-summary",
      res.diagnostics, res.diagnostics.length, "Export messages");
    if (res.format === "html") {
      $("preview").hidden = true;
      const frame = $("preview-html");
      // no scripts run in the frame (sandbox without allow-scripts); our style sheet only
      frame.srcdoc = '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/static/preview.css">' + res.text;
      frame.hidden = false;
    } else {
      $("preview-html").hidden = true;
      $("preview").textContent = res.binary ? `(${res.size.toLocaleString()} bytes; download to open it)` : res.text;
      $("preview").hidden = false;
    }
  } catch (err) {
    showError("export-error", err.message);
  } finally {
    $("preview-btn").disabled = false;
  }
}

let styleTimer = null;
function searchStyles() {
  clearTimeout(styleTimer);
  styleTimer = setTimeout(async () => {
    const q = $("style-input").value.trim();
    try {
      const res = await api("GET", `/api/styles?${new URLSearchParams({ q, limit: 30 })}`);
      $("style-list").replaceChildren(...res.styles.map((s) =>
        el("option", { value: s.id, label: `${s.title} (${s.kind})`, text: s.title })));
    } catch (err) { /* the list is a convenience; typing a name still works */ }
  }, 200);
}

// ---------------------------------------------------------------- start
async function start() {
  state.info = await api("GET", "/api/info");
  const fmt = $("format-select");
  for (const r of state.info.inputs) fmt.append(el("option", { value: r.name, text: r.description ? `${r.name} — ${r.description}` : r.name }));
  $("limit-note").textContent = `Up to ${state.info.limits.max_upload} per paste or file.`;
  const out = $("output-select");
  const files = el("optgroup", { label: "Reference-manager files" });
  const lists = el("optgroup", { label: "Formatted reference list (choose a style)" });
  for (const o of state.info.outputs) {
    const label = o.description || o.name;
    (o.kind === "bibliography" ? lists : files).append(el("option", { value: o.name, text: `${label} (${o.extension})` }));
  }
  out.append(files);
  if (lists.children.length) out.append(lists);
  const prefer = state.info.outputs.find((o) => o.name === "ris") || state.info.outputs[0];
  if (prefer) out.value = prefer.name;
  renderHead();

  $("read-btn").addEventListener("click", () => {
    const text = state.pasted !== null ? state.pasted : $("paste").value;
    if (!text.trim()) { showError("input-error", "Paste some references first, or drop a file."); return; }
    readInputs([{ body: new Blob([text], { type: "text/plain" }), name: "" }]);
  });
  $("paste").addEventListener("paste", (e) => {
    const text = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
    if (text.length > BIG_PASTE) { e.preventDefault(); holdPaste(text); }
  });
  $("clear-btn").addEventListener("click", () => holdPaste(null));
  $("file-input").addEventListener("change", (e) => {
    const files = [...e.target.files];
    e.target.value = "";
    if (files.length) readInputs(files.map((f) => ({ body: f, name: f.name })));
  });
  const drop = $("drop");
  for (const ev of ["dragenter", "dragover"]) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add("over"); });
  for (const ev of ["dragleave", "drop"]) drop.addEventListener(ev, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    const files = [...(e.dataTransfer.files || [])];
    if (files.length) readInputs(files.map((f) => ({ body: f, name: f.name })));
    else {
      const text = e.dataTransfer.getData("text/plain");
      if (text.length > BIG_PASTE) holdPaste(text);
      else if (text) $("paste").value = text;
    }
  });
  $("doc-select").addEventListener("change", (e) => openDoc(e.target.value));
  for (const radio of document.querySelectorAll('input[name="show"]')) {
    radio.addEventListener("change", () => { state.show = radio.value; state.offset = 0; loadRecords(); });
  }
  let searchTimer = null;
  $("search").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.query = e.target.value; state.offset = 0; loadRecords(); }, 250);
  });
  $("prev-btn").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadRecords(); });
  $("next-btn").addEventListener("click", () => { state.offset += PAGE; loadRecords(); });
  $("output-select").addEventListener("change", updateDownload);
  $("style-input").addEventListener("input", () => { updateDownload(); searchStyles(); });
  $("locale-input").addEventListener("input", updateDownload);
  for (const chip of document.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => { $("style-input").value = chip.dataset.style; updateDownload(); });
  }
  $("preview-btn").addEventListener("click", preview);
  updateDownload();
  searchStyles();
  document.body.dataset.ready = "1";
}

start().catch((err) => showError("input-error", `The page could not start: ${err.message}`));
