"""The web tests need the ``web`` extra; without it they are skipped, saying so."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the web page needs the 'web' extra (starlette)")
pytest.importorskip("httpx2", reason="starlette's test client needs httpx2 (the 'test' extra)")

from starlette.testclient import TestClient

from citeshift.web.app import create_app
from tests.paths import FIXTURES

ORIGIN = "http://127.0.0.1:8765"
WEB_FIXTURES = FIXTURES / "web"


@pytest.fixture
def app():
    return create_app(host="127.0.0.1", port=8765, max_upload=2 * 1024 * 1024)


@pytest.fixture
def client(app) -> TestClient:
    """A client that behaves like the page: our Host, our Origin, the token."""
    c = TestClient(app, base_url=ORIGIN)
    c.headers.update({"x-citeshift-token": app.token, "origin": ORIGIN})
    return c


@pytest.fixture
def upload(client):
    """Post bytes as a document and wait for the parse; returns the document summary."""

    def post(data: bytes, *, name: str | None = None, fmt: str | None = None,
             status: int = 201) -> dict:
        params = {"wait": "1"}
        if name:
            params["name"] = name
        if fmt:
            params["format"] = fmt
        r = client.post("/api/documents", params=params, content=data)
        assert r.status_code == status, r.text
        return r.json()

    return post
