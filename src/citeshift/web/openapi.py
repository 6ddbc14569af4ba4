"""The OpenAPI 3.1 description of the JSON API, so scripts can use what the page uses.

Written as data next to the routes rather than generated, because the API is
small and its promises (limits, the token header, what "flags" mean) are
documentation a generator cannot infer. ``tests/web/test_openapi.py`` checks
that every route is described and every described path exists.
"""

from __future__ import annotations

from typing import Any

from citeshift.web.security import TOKEN_HEADER

_DOC_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"},
           "description": "The document id returned by POST /api/documents."}
_TOKEN = {"name": TOKEN_HEADER, "in": "header", "required": True, "schema": {"type": "string"},
          "description": "The per-server token from GET /api/info (CSRF protection)."}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERR = _json(_ref("Error"), "The problem, in words for a person.")


def _export_query() -> list[dict[str, Any]]:
    return [
        {"name": "to", "in": "query", "required": True, "schema": {"type": "string"},
         "description": "Output format name from GET /api/info (outputs)."},
        {"name": "style", "in": "query", "schema": {"type": "string"},
         "description": "CSL style (short name, style id or journal name) for bibliography outputs."},
        {"name": "locale", "in": "query", "schema": {"type": "string"},
         "description": "Locale for bibliography outputs, e.g. en-US, en-GB, de-DE."},
    ]


def spec(max_upload: int) -> dict[str, Any]:
    counts = {
        "type": "object",
        "description": "read = records the reader saw; converted = records parsed into items; "
                       "with_warnings = records still flagged for review; failed = records that "
                       "could not be read (read = converted + failed).",
        "properties": {k: {"type": "integer"} for k in
                       ("read", "converted", "with_warnings", "failed", "edited")},
        "required": ["read", "converted", "with_warnings", "failed", "edited"],
    }
    diagnostic = {
        "type": "object",
        "properties": {
            "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "code": {"type": "string"}, "message": {"type": "string"},
            "file": {"type": "string"}, "line": {"type": "integer"},
            "column": {"type": "integer"}, "record": {"type": "integer"},
            "item_id": {"type": "string"},
        },
        "required": ["severity", "message"],
    }
    document = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string", "description": "The file name given, or <pasted text>."},
            "size": {"type": "integer", "description": "Bytes received."},
            "status": {"type": "string", "enum": ["parsing", "ready", "failed"]},
            "format": {"type": ["string", "null"], "description": "Input format read."},
            "error": {"type": ["string", "null"],
                      "description": "Why the whole input could not be read (status failed)."},
            "progress": {"type": "integer", "description": "Records parsed so far."},
            "elapsed_s": {"type": "number"},
            "counts": _ref("Counts"),
            "messages": {"type": "array", "items": _ref("Diagnostic"),
                         "description": "Diagnostics not tied to one record (failed records, "
                                        "skipped text), first 500."},
            "messages_total": {"type": "integer"},
        },
        "required": ["id", "status", "counts", "progress"],
    }
    reasons = {"type": "object", "additionalProperties": {"type": "array",
                                                           "items": {"type": "string"}}}
    record = {
        "type": "object",
        "properties": {
            "index": {"type": "integer", "description": "Position in the document (0-based)."},
            "id": {"type": "string"}, "type": {"type": "string", "description": "CSL type."},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Every CSL variable as one line of text. Names: "
                                      "'Family, Given; Family, Given' (organisations without a "
                                      "comma, a trailing 'et al.'); dates: ISO 8601."},
            "flags": {**reasons, "description": "Field -> reasons it needs a look (open)."},
            "resolved": {**reasons, "description": "Flagged fields that have been edited."},
            "record_flags": {"type": "array", "items": {"type": "string"},
                             "description": "Reasons about the whole record (low confidence...)."},
            "needs_review": {"type": "boolean"}, "checked": {"type": "boolean"},
            "edited": {"type": "array", "items": {"type": "string"}},
            "confidence": {"type": ["number", "null"]},
            "original": {"type": ["string", "null"],
                         "description": "The text the record was parsed from (plain-text input)."},
            "line": {"type": ["integer", "null"]}, "record": {"type": ["integer", "null"]},
        },
        "required": ["index", "id", "type", "fields", "flags", "record_flags", "needs_review"],
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citeshift local web API",
            "version": "1",
            "description": (
                "The API behind `citeshift serve`. It answers only to requests whose Host header "
                "names the server (e.g. 127.0.0.1:8765). State-changing requests (POST, PATCH, "
                f"DELETE) must send the `{TOKEN_HEADER}` header with the token from GET /api/info "
                "and, when they send an Origin header, this server's own origin. Documents live "
                "in memory only, and the oldest are forgotten when more are added."),
        },
        "paths": {
            "/": {"get": {"summary": "The web page", "operationId": "page",
                          "responses": {"200": {"description": "HTML page",
                                                "content": {"text/html": {}}}}}},
            "/openapi.json": {"get": {
                "summary": "This document", "operationId": "openapi",
                "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1 document")}}},
            "/api/info": {"get": {
                "summary": "Formats, limits, field vocabulary and the request token",
                "operationId": "info",
                "responses": {"200": _json(_ref("Info"), "Server information")}}},
            "/api/styles": {"get": {
                "summary": "Search citation styles by short name, title or journal",
                "operationId": "searchStyles",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"},
                     "description": "Words of the style or journal name; empty lists favourites."},
                    {"name": "limit", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                ],
                "responses": {"200": _json({"type": "object", "properties": {
                    "query": {"type": "string"},
                    "styles": {"type": "array", "items": _ref("Style")}}}, "Matching styles")}}},
            "/api/documents": {"post": {
                "summary": "Read a paste or a file (the raw bytes are the request body)",
                "operationId": "createDocument",
                "description": f"At most {max_upload} bytes. Parsing runs in the background "
                               "(202) unless wait=true (201 when done); poll GET "
                               "/api/documents/{doc_id} for progress.",
                "parameters": [
                    _TOKEN,
                    {"name": "name", "in": "query", "schema": {"type": "string"},
                     "description": "The file's name, a label (its extension helps detection)."},
                    {"name": "format", "in": "query", "schema": {"type": "string"},
                     "description": "Input format; detected when omitted or 'auto'."},
                    {"name": "encoding", "in": "query", "schema": {"type": "string"},
                     "description": "Text encoding; detected when omitted."},
                    {"name": "wait", "in": "query", "schema": {"type": "boolean"},
                     "description": "Answer only when parsing is finished."},
                ],
                "requestBody": {"required": True, "content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "application/octet-stream": {"schema": {"type": "string",
                                                            "format": "binary"}}}},
                "responses": {"201": _json(_ref("Document"), "Parsed"),
                              "202": _json(_ref("Document"), "Parsing started"),
                              "403": _ERR, "413": _ERR, "422": _ERR}}},
            "/api/documents/{doc_id}": {
                "parameters": [_DOC_ID],
                "get": {"summary": "Status, progress, counts and general messages",
                        "operationId": "getDocument",
                        "responses": {"200": _json(_ref("Document"), "The document"),
                                      "404": _ERR}},
                "delete": {"summary": "Forget a document", "operationId": "deleteDocument",
                           "parameters": [_TOKEN],
                           "responses": {"204": {"description": "Forgotten"}, "404": _ERR}}},
            "/api/documents/{doc_id}/records": {"get": {
                "summary": "A page of records", "operationId": "listRecords",
                "parameters": [
                    _DOC_ID,
                    {"name": "offset", "in": "query", "schema": {"type": "integer", "default": 0}},
                    {"name": "limit", "in": "query",
                     "schema": {"type": "integer", "default": 100, "maximum": 500}},
                    {"name": "show", "in": "query",
                     "schema": {"type": "string", "enum": ["all", "flagged", "edited"]}},
                    {"name": "q", "in": "query", "schema": {"type": "string"},
                     "description": "Only records whose text contains this."},
                ],
                "responses": {"200": _json({"type": "object", "properties": {
                    "total": {"type": "integer"}, "offset": {"type": "integer"},
                    "limit": {"type": "integer"}, "status": {"type": "string"},
                    "records": {"type": "array", "items": _ref("Record")}}}, "Records"),
                    "404": _ERR, "422": _ERR}}},
            "/api/documents/{doc_id}/records/{index}": {
                "parameters": [_DOC_ID, {"name": "index", "in": "path", "required": True,
                                         "schema": {"type": "integer"}}],
                "get": {"summary": "One record", "operationId": "getRecord",
                        "responses": {"200": _json(_ref("Record"), "The record"), "404": _ERR}},
                "patch": {
                    "summary": "Edit a field (empty value removes it) or mark checked",
                    "operationId": "editRecord",
                    "parameters": [_TOKEN],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"type": "object", "properties": {
                            "field": {"type": "string",
                                      "description": "A CSL variable, 'type' or 'id'."},
                            "value": {"type": "string"},
                            "checked": {"type": "boolean"}}}}}},
                    "responses": {"200": _json({"type": "object", "properties": {
                        "record": _ref("Record"), "counts": _ref("Counts")}}, "Edited"),
                        "404": _ERR, "409": _ERR, "422": _ERR}}},
            "/api/documents/{doc_id}/export": {"post": {
                "summary": "Convert the (edited) records and preview the result",
                "operationId": "exportPreview",
                "parameters": [_DOC_ID, _TOKEN],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"type": "object", "required": ["to"], "properties": {
                        "to": {"type": "string"}, "style": {"type": "string"},
                        "locale": {"type": "string"}}}}}},
                "responses": {"200": _json(_ref("Export"), "The converted text (first part)"),
                              "404": _ERR, "409": _ERR, "422": _ERR}}},
            "/api/documents/{doc_id}/download": {"get": {
                "summary": "Download the converted file", "operationId": "download",
                "parameters": [_DOC_ID, *_export_query()],
                "responses": {"200": {"description": "The file, as an attachment",
                                      "content": {"*/*": {}}},
                              "404": _ERR, "409": _ERR, "422": _ERR}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}},
                      "required": ["error"]},
            "Counts": counts,
            "Diagnostic": diagnostic,
            "Document": document,
            "Record": record,
            "Style": {"type": "object", "properties": {
                "id": {"type": "string", "description": "Pass as 'style'."},
                "title": {"type": "string"},
                "kind": {"type": "string", "enum": ["short name", "style", "journal"]},
                "style": {"type": "string", "description": "The CSL style id it stands for."},
                "parent": {"type": "string",
                           "description": "For a journal: the style it follows."},
                "format": {"type": "string", "description": "numeric, author-date, note..."}},
                "required": ["id", "title"]},
            "Info": {"type": "object", "properties": {
                "version": {"type": ["string", "null"]},
                "token": {"type": "string"}, "token_header": {"type": "string"},
                "limits": {"type": "object"},
                "inputs": {"type": "array", "items": {"type": "object"}},
                "outputs": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"}, "description": {"type": "string"},
                    "extension": {"type": "string"},
                    "kind": {"type": "string", "enum": ["file", "bibliography"]}}}},
                "fields": {"type": "object"}, "columns": {"type": "array"}},
                "required": ["token", "limits", "inputs", "outputs"]},
            "Export": {"type": "object", "properties": {
                "format": {"type": "string"}, "filename": {"type": "string"},
                "media_type": {"type": "string"}, "binary": {"type": "boolean"},
                "size": {"type": "integer"}, "text": {"type": "string"},
                "truncated": {"type": "boolean"},
                "counts": {"type": "object", "properties": {
                    "written": {"type": "integer"}, "failed": {"type": "integer"},
                    "with_warnings": {"type": "integer"}}},
                "diagnostics": {"type": "array", "items": _ref("Diagnostic")}},
                "required": ["format", "filename", "text", "counts"]},
        }},
    }
