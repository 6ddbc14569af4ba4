"""The web application: one page and the JSON API it uses (documented in ``openapi.py``).

Everything the page needs ships in the package (``static/``), read into
memory at start-up and served by name from a fixed table, so no path a client
sends is ever looked up on disk. Uploads arrive as the request body (the page
reads dropped files itself), never as multipart form data, which would be
spooled to temporary files: what a person pastes stays in memory.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import threading
from typing import Any
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import citeshift
from citeshift import registry
from citeshift.errors import CiteshiftError
from citeshift.web import catalog, security
from citeshift.web import fields as fieldtext
from citeshift.web.openapi import spec
from citeshift.web.workspace import Document, Store, export, is_style_writer

#: default upload limit; a 50,000-entry BibTeX or RIS file is 30-60 MB
DEFAULT_MAX_UPLOAD = 100 * 1024 * 1024
#: characters of an export shown in the preview (the download has everything)
PREVIEW_CHARS = 200_000
MAX_PAGE = 500

MEDIA_TYPES: dict[str, str] = {
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
    "biblatex": "application/x-bibtex",
    "csl-json": "application/vnd.citationstyles.csl+json",
    "csl-yaml": "application/yaml",
    "endnote-xml": "application/xml",
    "html": "text/html",
    "markdown": "text/markdown",
    "text": "text/plain",
    "rtf": "application/rtf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

#: the outputs people ask for most, first in the menu; the rest follow by name
PREFERRED_OUTPUTS: tuple[str, ...] = (
    "bibtex", "biblatex", "ris", "csl-json", "endnote-xml", "text", "html", "markdown", "docx",
    "rtf",
)

STATIC_FILES: dict[str, str] = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "preview.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}


class TooLarge(Exception):
    pass


class ExportCrash(Exception):
    """A writer failed unexpectedly; the message says which and how."""


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n % (1024 * 1024) else f"{n // (1024 * 1024)} MB"


def _clean_name(raw: str | None) -> str:
    """A label for messages: the last path component, printable, short. Never opened."""
    if not raw:
        return "<pasted text>"
    name = re.split(r"[\\/]", raw)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()[:200]
    return name or "<pasted text>"


def _output_order(entry: tuple[str, Any]) -> tuple[int, str]:
    name = entry[0]
    rank = PREFERRED_OUTPUTS.index(name) if name in PREFERRED_OUTPUTS else len(PREFERRED_OUTPUTS)
    return rank, name


def _load_static() -> dict[str, bytes]:
    root = importlib.resources.files("citeshift.web").joinpath("static")
    files = {name: root.joinpath(name).read_bytes() for name in STATIC_FILES}
    files["index.html"] = root.joinpath("index.html").read_bytes()
    return files


def create_app(*, host: str = "127.0.0.1", port: int = 8765,
               max_upload: int = DEFAULT_MAX_UPLOAD, max_documents: int = 8,
               extra_hosts: tuple[str, ...] = ()) -> Any:
    """The ASGI app for a server at ``host:port`` (the Host header it must be called by)."""
    token = security.new_token()
    store = Store(max_documents=max_documents)
    assets = _load_static()
    index_html = assets["index.html"].replace(b"{{TOKEN}}", token.encode())

    async def page(request: Request) -> Response:
        return Response(index_html, media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC_FILES:
            return _error(404, "no such asset")
        return Response(assets[name], media_type=STATIC_FILES[name])

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec(max_upload))

    async def info(request: Request) -> Response:
        readers = registry.readers()
        writers = registry.writers()
        return JSONResponse({
            "version": citeshift.__version__ if hasattr(citeshift, "__version__") else None,
            "token": token,
            "token_header": security.TOKEN_HEADER,
            "limits": {"max_upload_bytes": max_upload, "max_upload": _mb(max_upload),
                       "page_size": MAX_PAGE, "preview_chars": PREVIEW_CHARS},
            "inputs": [{"name": n, "description": c.description, "extensions": list(c.extensions)}
                       for n, c in sorted(readers.items())],
            "outputs": [{"name": n, "description": c.description,
                         "extension": registry.extension_for(n),
                         "kind": "bibliography" if is_style_writer(n) else "file"}
                        for n, c in sorted(writers.items(), key=_output_order)],
            "fields": fieldtext.field_kinds(),
            "columns": list(fieldtext.TABLE_COLUMNS),
        })

    async def styles(request: Request) -> Response:
        q = request.query_params.get("q", "")
        try:
            limit = max(1, min(int(request.query_params.get("limit", "20")), 100))
        except ValueError:
            return _error(422, "limit must be a number")
        found = await anyio.to_thread.run_sync(catalog.search, q, limit)
        return JSONResponse({"query": q, "styles": found})

    async def _body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_upload:
            raise TooLarge(int(declared))
        chunks: list[bytes] = []
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > max_upload:
                raise TooLarge(total)
            chunks.append(chunk)
        return b"".join(chunks)

    async def create_document(request: Request) -> Response:
        params = request.query_params
        fmt = params.get("format") or None
        if fmt in ("auto", ""):
            fmt = None
        if fmt is not None:
            try:
                fmt = registry.get_reader(fmt).name
            except CiteshiftError as exc:
                return _error(422, str(exc))
        try:
            data = await _body(request)
        except TooLarge as exc:
            size = exc.args[0]
            return _error(413, f"the upload is too large ({_mb(size)} or more); the limit is "
                               f"{_mb(max_upload)} (start the server with --max-upload-mb "
                               "to raise it)", limit_bytes=max_upload)
        doc = Document(_clean_name(params.get("name")), len(data))
        store.add(doc)
        encoding = params.get("encoding") or None
        if params.get("wait", "").lower() in ("1", "true", "yes"):
            await anyio.to_thread.run_sync(lambda: doc.parse(data, fmt=fmt, encoding=encoding))
            return JSONResponse(doc.summary(), status_code=201)
        threading.Thread(target=doc.parse, args=(data,), kwargs={"fmt": fmt, "encoding": encoding},
                         daemon=True, name=f"citeshift-parse-{doc.id}").start()
        return JSONResponse(doc.summary(), status_code=202)

    def _doc(request: Request) -> Document | None:
        return store.get(request.path_params["doc_id"])

    def _missing() -> JSONResponse:
        return _error(404, "no such document (it may have been replaced by newer ones, or the "
                           "server restarted): paste or drop the input again")

    async def document(request: Request) -> Response:
        doc = _doc(request)
        if doc is None:
            return _missing()
        if request.method == "DELETE":
            store.remove(doc.id)
            return Response(status_code=204)
        return JSONResponse(doc.summary())

    async def records(request: Request) -> Response:
        doc = _doc(request)
        if doc is None:
            return _missing()
        params = request.query_params
        try:
            offset = max(0, int(params.get("offset", "0")))
            limit = max(1, min(int(params.get("limit", "100")), MAX_PAGE))
        except ValueError:
            return _error(422, "offset and limit must be numbers")
        show = params.get("show", "all")
        if show not in ("all", "flagged", "edited"):
            return _error(422, "show must be all, flagged or edited")
        selected = doc.select(show=show, query=params.get("q", ""))
        page_rows = [doc.row(i).to_json(i) for i in selected[offset:offset + limit]]
        return JSONResponse({"total": len(selected), "offset": offset, "limit": limit,
                             "status": doc.status, "records": page_rows})

    async def record(request: Request) -> Response:
        doc = _doc(request)
        if doc is None:
            return _missing()
        try:
            index = int(request.path_params["index"])
            row = doc.row(index)
        except (ValueError, IndexError):
            return _error(404, "no such record")
        if request.method == "GET":
            return JSONResponse(row.to_json(index))
        if doc.status == "parsing":
            return _error(409, "the input is still being read; edit when it is done")
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return _error(422, "the request body is not JSON")
        if not isinstance(body, dict):
            return _error(422, "the request body must be a JSON object")
        if "checked" in body:
            row.checked = bool(body["checked"])
        if "field" in body:
            field, value = body.get("field"), body.get("value", "")
            if not isinstance(field, str) or not isinstance(value, str):
                return _error(422, "field and value must be strings")
            try:
                doc.edit(index, field, value)
            except fieldtext.FieldError as exc:
                return _error(422, str(exc))
        return JSONResponse({"record": row.to_json(index), "counts": doc.counts()})

    def _export_params(data: Any) -> tuple[str, str | None, str | None]:
        to = data.get("to")
        if not isinstance(to, str) or not to:
            raise CiteshiftError("say which output format ('to')")
        style = data.get("style") or None
        locale = data.get("locale") or None
        return to, style, locale

    def _run_export(doc: Document, to: str, style: str | None, locale: str | None
                    ) -> tuple[str | bytes, Any, str]:
        try:
            return export(doc.items(), to=to, style=style, locale=locale)
        except CiteshiftError:
            raise
        except Exception as exc:  # a writer bug reaches the page as a message, not a bare 500
            raise ExportCrash(f"internal error while writing {to}: {type(exc).__name__}: {exc}"
                              ) from exc

    def _filename(doc: Document, writer: str) -> str:
        stem = doc.name if not doc.name.startswith("<") else "references"
        stem = re.sub(r"\.[A-Za-z0-9]{1,8}$", "", stem) or "references"
        return stem + registry.extension_for(writer)

    async def export_preview(request: Request) -> Response:
        doc = _doc(request)
        if doc is None:
            return _missing()
        if doc.status != "ready":
            return _error(409, "nothing to export: the input is still being read"
                          if doc.status == "parsing" else f"nothing to export: {doc.error}")
        try:
            body = json.loads(await request.body() or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return _error(422, "the request body must be a JSON object")
        try:
            to, style, locale = _export_params(body)
            content, report, writer = await anyio.to_thread.run_sync(
                _run_export, doc, to, style, locale)
        except CiteshiftError as exc:
            return _error(422, str(exc))
        except ExportCrash as exc:
            return _error(500, str(exc))
        binary = isinstance(content, bytes)
        text = "" if binary else content
        return JSONResponse({
            "format": writer,
            "filename": _filename(doc, writer),
            "media_type": MEDIA_TYPES.get(writer, "text/plain"),
            "binary": binary,
            "size": len(content.encode("utf-8")) if isinstance(content, str) else len(content),
            "text": text[:PREVIEW_CHARS],
            "truncated": len(text) > PREVIEW_CHARS,
            "counts": {"written": report.records_written, "failed": report.records_failed,
                       "with_warnings": len(report.warned_items)},
            "diagnostics": [d.to_json() for d in report.diagnostics[:500]],
        })

    async def download(request: Request) -> Response:
        doc = _doc(request)
        if doc is None:
            return _missing()
        if doc.status != "ready":
            return _error(409, "nothing to export yet")
        try:
            to, style, locale = _export_params(request.query_params)
            content, _report, writer = await anyio.to_thread.run_sync(
                _run_export, doc, to, style, locale)
        except CiteshiftError as exc:
            return _error(422, str(exc))
        except ExportCrash as exc:
            return _error(500, str(exc))
        filename = _filename(doc, writer)
        media = MEDIA_TYPES.get(writer, "text/plain")
        if isinstance(content, str):
            newline = registry.get_writer(writer).newline
            if newline and newline != "\n":
                content = content.replace("\n", newline)
            payload = content.encode("utf-8")
            media += "; charset=utf-8" if not media.endswith("xml") else ""
        else:
            payload = content
        ascii_name = re.sub(r'[^A-Za-z0-9._-]', "_", filename)
        return Response(payload, media_type=media, headers={
            "content-disposition":
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"})

    routes = [
        Route("/", page),
        Route("/static/{name}", static),
        Route("/openapi.json", openapi),
        Route("/api/info", info),
        Route("/api/styles", styles),
        Route("/api/documents", create_document, methods=["POST"]),
        Route("/api/documents/{doc_id}", document, methods=["GET", "DELETE"]),
        Route("/api/documents/{doc_id}/records", records),
        Route("/api/documents/{doc_id}/records/{index}", record, methods=["GET", "PATCH"]),
        Route("/api/documents/{doc_id}/export", export_preview, methods=["POST"]),
        Route("/api/documents/{doc_id}/download", download),
    ]
    inner = Starlette(routes=routes)
    hosts = security.allowed_hosts(host, port) | {h.lower() for h in extra_hosts}
    app = security.Guard(inner, hosts=hosts, token=token)
    app.token = token  # type: ignore[attr-defined]
    app.store = store  # type: ignore[attr-defined]
    app.routes = routes  # type: ignore[attr-defined]
    return app
