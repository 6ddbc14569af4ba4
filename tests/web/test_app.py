"""The JSON API through starlette's test client: parse, review, edit, export, limits."""

from __future__ import annotations

import json
import time

from citeshift import registry
from tests.web.conftest import WEB_FIXTURES

THREE = (WEB_FIXTURES / "three-items-one-broken.json").read_bytes()


def test_page_and_assets_are_served_from_the_package(client, app):
    page = client.get("/")
    assert page.status_code == 200
    assert app.token in page.text  # the page carries its token for state-changing requests
    assert 'src="/static/app.js"' in page.text
    for name, kind in (("app.js", "javascript"), ("app.css", "css"), ("preview.css", "css"),
                       ("icon.svg", "svg")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    # nothing on the page comes from elsewhere
    assert "http://" not in page.text.replace("http://www.w3.org", "")
    assert "https://" not in page.text + client.get("/static/app.js").text


def test_info_lists_every_registered_format(client):
    info = client.get("/api/info").json()
    assert {i["name"] for i in info["inputs"]} == set(registry.readers())
    assert {o["name"] for o in info["outputs"]} == set(registry.writers())
    assert info["limits"]["max_upload_bytes"] == 2 * 1024 * 1024
    assert "author" in info["fields"]["variables"] and "article-journal" in info["fields"]["types"]


def test_parse_counts_records_and_failures(upload):
    doc = upload(THREE, name="three.json")
    assert doc["status"] == "ready" and doc["format"] == "csl-json"
    # counts add up: 4 records in, 3 converted, 1 failed
    assert doc["counts"] == {"read": 4, "converted": 3, "with_warnings": 1, "failed": 1,
                             "edited": 0}
    (failure,) = [m for m in doc["messages"] if m["severity"] == "error"]
    assert "item 3" in failure["message"] and failure["record"] == 3


def test_records_carry_fields_and_flag_the_field_with_its_reason(client, upload):
    doc = upload(THREE, name="three.json")
    page = client.get(f"/api/documents/{doc['id']}/records").json()
    assert page["total"] == 3
    first, second, third = page["records"]
    assert first["fields"]["author"] == "Knutsen Glette, M; Bates, DW"
    assert first["fields"]["issued"] == "2023" and not first["needs_review"]
    assert third["fields"]["author"] == "Institute of Medicine"
    # the unknown type 'journal' is a warning about the type field
    assert second["needs_review"]
    assert "type" in second["flags"] and "journal" in second["flags"]["type"][0]
    flagged = client.get(f"/api/documents/{doc['id']}/records", params={"show": "flagged"}).json()
    assert [r["id"] for r in flagged["records"]] == ["samuel2021"]
    found = client.get(f"/api/documents/{doc['id']}/records", params={"q": "academies"}).json()
    assert [r["id"] for r in found["records"]] == ["iom2010"]


def test_editing_a_flagged_field_resolves_it_and_updates_counts(client, upload):
    doc = upload(THREE)
    url = f"/api/documents/{doc['id']}/records/1"
    r = client.patch(url, json={"field": "type", "value": "article-journal"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["record"]["type"] == "article-journal"
    assert body["record"]["flags"] == {} and "type" in body["record"]["resolved"]
    assert body["counts"]["with_warnings"] == 0 and body["counts"]["edited"] == 1
    # names, dates and removal
    r = client.patch(url, json={"field": "author", "value": "Samuel, A; World Health Organization; et al."})
    rec = r.json()["record"]
    assert rec["fields"]["author"] == "Samuel, A; World Health Organization; et al."
    r = client.patch(url, json={"field": "issued", "value": "2021-06"})
    assert r.json()["record"]["fields"]["issued"] == "2021-06"
    r = client.patch(url, json={"field": "issue", "value": ""})
    assert "issue" not in r.json()["record"]["fields"]
    exported = client.post(f"/api/documents/{doc['id']}/export", json={"to": "csl-json"}).json()
    item = json.loads(exported["text"])[1]
    assert item["type"] == "article-journal" and item["issued"] == {"date-parts": [[2021, 6]]}
    assert item["author"][1] == {"literal": "World Health Organization"} and "issue" not in item


def test_bad_edits_are_refused_with_a_reason(client, upload):
    doc = upload(THREE)
    url = f"/api/documents/{doc['id']}/records/0"
    r = client.patch(url, json={"field": "colour", "value": "blue"})
    assert r.status_code == 422 and "not a CSL variable" in r.json()["error"]
    r = client.patch(url, json={"field": "type", "value": "journal"})
    assert r.status_code == 422 and "not a CSL item type" in r.json()["error"]
    r = client.patch(url, json={"field": "id", "value": "iom2010"})
    assert r.status_code == 422 and "already has the id" in r.json()["error"]
    assert client.patch(f"/api/documents/{doc['id']}/records/99",
                        json={"field": "title", "value": "x"}).status_code == 404


def test_marking_a_record_checked_clears_its_review(client):
    app_client = client
    data = json.dumps([{"id": "a", "type": "book", "title": "T"}]).encode()
    doc = app_client.post("/api/documents", params={"wait": "1"}, content=data).json()
    store = app_client.app.store
    row = store.get(doc["id"]).rows[0]
    row.item.meta["confidence"] = 0.4  # a parser's low confidence
    row._flags = None
    rec = app_client.get(f"/api/documents/{doc['id']}/records/0").json()
    assert rec["needs_review"] and "low parser confidence (0.40)" in rec["record_flags"][0]
    r = app_client.patch(f"/api/documents/{doc['id']}/records/0", json={"checked": True})
    assert r.json()["record"]["needs_review"] is False and r.json()["counts"]["with_warnings"] == 0


def test_export_preview_and_download(client, upload):
    doc = upload(THREE, name="my refs.json")
    preview = client.post(f"/api/documents/{doc['id']}/export", json={"to": "csl-json"}).json()
    assert preview["filename"] == "my refs.json" and preview["counts"]["written"] == 3
    assert [i["id"] for i in json.loads(preview["text"])] == ["knutsen2023", "samuel2021", "iom2010"]
    r = client.get(f"/api/documents/{doc['id']}/download", params={"to": "csl-json"})
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith('attachment; filename="my_refs.json"')
    assert json.loads(r.content) == json.loads(preview["text"])
    r = client.post(f"/api/documents/{doc['id']}/export", json={"to": "nonsense"})
    assert r.status_code == 422 and "unknown output format" in r.json()["error"]


def test_every_output_format_exports(client, upload):
    """Whatever writers are installed, the page can use them (others land over time)."""
    doc = upload(THREE)
    info = client.get("/api/info").json()
    for out in info["outputs"]:
        body = {"to": out["name"]}
        if out["kind"] == "bibliography":
            body["style"] = "apa"
        r = client.post(f"/api/documents/{doc['id']}/export", json=body)
        assert r.status_code == 200, (out["name"], r.text)
        assert r.json()["counts"]["written"] + r.json()["counts"]["failed"] == 3


def test_undetectable_input_says_what_to_do(upload):
    doc = upload(b"\x00\x01 nothing citeshift knows", name="mystery.xyz")
    assert doc["status"] == "failed" and "Input format menu" in doc["error"]
    empty = upload(b"   \n")
    assert empty["status"] == "failed" and "empty" in empty["error"]


def test_unknown_input_format_is_refused(client):
    r = client.post("/api/documents", params={"format": "wordperfect"}, content=b"x")
    assert r.status_code == 422 and "unknown input format" in r.json()["error"]


def test_background_parse_reports_progress_until_ready(client):
    data = json.dumps([{"id": f"i{n}", "type": "book", "title": f"Book {n}"}
                       for n in range(3000)]).encode()
    r = client.post("/api/documents", params={"name": "many.json"}, content=data)
    assert r.status_code == 202 and r.json()["status"] == "parsing"
    doc_id = r.json()["id"]
    deadline = time.monotonic() + 60
    while (doc := client.get(f"/api/documents/{doc_id}").json())["status"] == "parsing":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert doc["status"] == "ready" and doc["progress"] == 3000
    page = client.get(f"/api/documents/{doc_id}/records",
                      params={"offset": 2990, "limit": 500}).json()
    assert page["total"] == 3000 and len(page["records"]) == 10
    assert page["records"][-1]["fields"]["title"] == "Book 2999"


def test_too_large_upload_is_refused_with_the_limit(client):
    r = client.post("/api/documents", content=b"x" * (2 * 1024 * 1024 + 1))
    assert r.status_code == 413
    assert "the limit is 2 MB" in r.json()["error"]


def test_documents_can_be_deleted_and_old_ones_are_forgotten(client, upload):
    doc = upload(THREE)
    assert client.delete(f"/api/documents/{doc['id']}").status_code == 204
    r = client.get(f"/api/documents/{doc['id']}")
    assert r.status_code == 404 and "paste or drop the input again" in r.json()["error"]
    first = upload(THREE)
    for _ in range(8):
        upload(THREE)
    assert client.get(f"/api/documents/{first['id']}").status_code == 404


def test_style_search_finds_short_names_and_journals(client):
    r = client.get("/api/styles").json()
    assert [s["id"] for s in r["styles"]][:2] == ["apa", "vancouver"]
    found = client.get("/api/styles", params={"q": "Perspectives on Medical Education"}).json()
    first = found["styles"][0]
    assert first["id"] == "perspectives-on-medical-education" and first["kind"] == "journal"
    assert first["parent"]
    exact = client.get("/api/styles", params={"q": "vancouver"}).json()["styles"][0]
    assert exact["kind"] == "short name" and exact["id"] == "vancouver"


def test_formatted_list_in_a_journal_style_named_by_the_user(client, upload):
    import pytest

    if "text" not in registry.writers():
        pytest.skip("the bibliography writer 'text' is not installed")
    doc = upload(THREE)
    r = client.post(f"/api/documents/{doc['id']}/export",
                    json={"to": "text", "style": "Perspectives on Medical Education"}).json()
    assert r["text"].startswith("1. Knutsen Glette M, Bates D.")
    chosen = [d["message"] for d in r["diagnostics"] if d["code"] == "style.chosen"]
    assert chosen and "Perspectives on Medical Education" in chosen[0]
    bad = client.post(f"/api/documents/{doc['id']}/export",
                      json={"to": "text", "style": "no such style at all qq"})
    assert bad.status_code == 422 and "style" in bad.json()["error"]


def test_a_crashing_writer_is_a_message_not_a_bare_500(client, upload, monkeypatch):
    from citeshift.formats.base import Writer

    class Broken(Writer):
        name = "broken-test"
        extensions = (".broken",)

        def write(self, items, out, *, report, options=None):
            raise RuntimeError("boom")

    registry.register_writer(Broken)
    try:
        doc = upload(THREE)
        r = client.post(f"/api/documents/{doc['id']}/export", json={"to": "broken-test"})
        assert r.status_code == 500
        assert r.json()["error"] == "internal error while writing broken-test: RuntimeError: boom"
    finally:
        registry.unregister("broken-test")


def test_outputs_people_ask_for_come_first(client):
    names = [o["name"] for o in client.get("/api/info").json()["outputs"]]
    present = [n for n in ("bibtex", "biblatex", "ris", "csl-json", "endnote-xml") if n in names]
    assert names[:len(present)] == present
