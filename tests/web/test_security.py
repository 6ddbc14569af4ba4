"""The guards of a local server: Host header, origin and token, headers, no file-system paths."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from citeshift.web.security import allowed_hosts, is_loopback
from tests.web.conftest import ORIGIN


def test_foreign_host_header_is_refused(app):
    """DNS rebinding: a hostile name pointed at 127.0.0.1 still says its own name in Host."""
    c = TestClient(app, base_url="http://evil.example:8765")
    r = c.get("/api/info")
    assert r.status_code == 421 and "does not answer to host" in r.json()["error"]
    assert app.token not in r.text
    assert TestClient(app, base_url="http://127.0.0.1:9999").get("/").status_code == 421


@pytest.mark.parametrize("base", ["http://127.0.0.1:8765", "http://localhost:8765",
                                  "http://[::1]:8765"])
def test_loopback_names_are_accepted(app, base):
    assert TestClient(app, base_url=base).get("/api/info").status_code == 200


def test_state_changing_requests_need_the_token(app):
    c = TestClient(app, base_url=ORIGIN)
    r = c.post("/api/documents", content=b"[]")
    assert r.status_code == 403 and "x-citeshift-token" in r.json()["error"]
    r = c.post("/api/documents", content=b"[]", headers={"x-citeshift-token": "guess"})
    assert r.status_code == 403
    r = c.post("/api/documents", content=b"[]", headers={"x-citeshift-token": app.token})
    assert r.status_code == 202


def test_cross_origin_requests_are_refused_even_with_the_token(app):
    c = TestClient(app, base_url=ORIGIN)
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"},
                    {"origin": "http://127.0.0.1:8766"}, {"sec-fetch-site": "cross-site"}):
        r = c.post("/api/documents", content=b"[]",
                   headers={"x-citeshift-token": app.token, **headers})
        assert r.status_code == 403, headers
    r = c.post("/api/documents", content=b"[]",
               headers={"x-citeshift-token": app.token, "origin": ORIGIN,
                        "sec-fetch-site": "same-origin"})
    assert r.status_code == 202


def test_other_sites_cannot_even_read_the_api(app):
    c = TestClient(app, base_url=ORIGIN)
    for site in ("cross-site", "same-site"):  # same-site: e.g. a page on 127.0.0.1:3000
        r = c.get("/api/info", headers={"sec-fetch-site": site})
        assert r.status_code == 403 and app.token not in r.text
    assert c.get("/", headers={"sec-fetch-site": "cross-site"}).status_code == 200  # a link to us
    assert c.get("/api/info", headers={"sec-fetch-site": "same-origin"}).status_code == 200


def test_security_headers_on_every_response(client):
    for path in ("/", "/api/info", "/static/app.js", "/nope"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/..%2fapp.py", "/static/index.html",
                                  "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/app.py"])
def test_no_client_path_reaches_the_file_system(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "import" not in r.text and "[project]" not in r.text


def test_file_name_is_only_a_label(client):
    """A name like '../../etc/passwd' is never opened; it only labels the document."""
    r = client.post("/api/documents", params={"name": "../../etc/passwd", "wait": "1"},
                    content=b'[{"id": "a", "type": "book", "title": "T"}]')
    doc = r.json()
    assert doc["name"] == "passwd" and doc["status"] == "ready"


def test_nothing_pasted_is_written_to_disk(client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    payload = b'[{"id": "secret", "type": "book", "title": "A secret title"}]' + b" " * 1_500_000
    r = client.post("/api/documents", params={"wait": "1"}, content=payload)
    assert r.json()["status"] == "ready"
    client.get(f"/api/documents/{r.json()['id']}/download", params={"to": "csl-json"})
    assert list(tmp_path.iterdir()) == []


def test_allowed_hosts():
    hosts = allowed_hosts("127.0.0.1", 8765)
    assert {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"} <= hosts
    assert "127.0.0.1" not in hosts
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0")
