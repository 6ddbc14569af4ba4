"""``citeshift serve``: loopback by default, a warning otherwise, and a real server answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx2
from typer.testing import CliRunner

from citeshift.cli import app as cli_app
from citeshift.web import server


def test_serve_help_names_its_options():
    out = CliRunner().invoke(cli_app, ["serve", "--help"]).output
    assert "--port" in out and "--host" in out and "--max-upload-mb" in out


def test_non_loopback_host_warns(monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn.Server, "run", lambda self: None)
    said: list[str] = []
    server.serve("0.0.0.0", 8765, say=said.append)
    assert said[0].startswith("citeshift: warning: serving on 0.0.0.0, not on loopback")
    said.clear()
    server.serve("127.0.0.1", 8765, say=said.append)
    assert said == ["citeshift: serving on http://127.0.0.1:8765/  (Ctrl+C to stop)"]


def test_real_server_on_loopback(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "citeshift", "serve", "--port", str(port)],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        assert f"serving on http://127.0.0.1:{port}/" in line
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                info = httpx2.get(f"{base}/api/info")
                break
            except httpx2.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert info.status_code == 200 and info.json()["token"]
        rebound = httpx2.get(f"{base}/api/info", headers={"host": f"attacker.example:{port}"})
        assert rebound.status_code == 421
        posted = httpx2.post(f"{base}/api/documents", params={"wait": "1"},
                             content=b'[{"id": "a", "type": "book", "title": "T"}]',
                             headers={"x-citeshift-token": info.json()["token"]})
        assert posted.status_code == 201 and posted.json()["counts"]["converted"] == 1
    finally:
        proc.terminate()
        proc.wait(10)
