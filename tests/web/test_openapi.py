"""/openapi.json documents the JSON API: every route, its methods, and valid references."""

from __future__ import annotations

import json
import re

from starlette.routing import Route


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def test_openapi_describes_every_route_and_method(client, app):
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items()
                  for method in ops if method != "parameters"}
    served = set()
    for route in app.routes:
        assert isinstance(route, Route)
        if route.path.startswith("/static/"):
            continue
        for method in route.methods - {"HEAD"}:
            served.add((route.path, method))
    assert documented == served


def test_openapi_references_and_parameters_are_consistent(client):
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas
    for path, ops in doc["paths"].items():
        names = set(re.findall(r"\{(\w+)\}", path))
        for method, op in ops.items():
            if method == "parameters":
                continue
            params = ops.get("parameters", []) + op.get("parameters", [])
            declared = {p["name"] for p in params if p["in"] == "path"}
            assert declared == names, (path, method)
            assert op["responses"], (path, method)
            if method in ("post", "patch", "delete"):
                assert any(p["name"] == "x-citeshift-token" for p in params), (path, method)
    ids = [op["operationId"] for ops in doc["paths"].values() for m, op in ops.items()
           if m != "parameters"]
    assert len(ids) == len(set(ids))


def test_openapi_responses_match_what_the_server_returns(client):
    """The documented required keys are present in real responses."""
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    info = client.get("/api/info").json()
    assert set(schemas["Info"]["required"]) <= set(info)
    data = json.dumps([{"id": "a", "type": "book", "title": "T"}]).encode()
    created = client.post("/api/documents", params={"wait": "1"}, content=data).json()
    assert set(schemas["Document"]["required"]) <= set(created)
    assert set(schemas["Counts"]["required"]) == set(created["counts"])
    rec = client.get(f"/api/documents/{created['id']}/records/0").json()
    assert set(schemas["Record"]["required"]) <= set(rec)
    assert set(rec) <= set(schemas["Record"]["properties"])
    exp = client.post(f"/api/documents/{created['id']}/export", json={"to": "csl-json"}).json()
    assert set(schemas["Export"]["required"]) <= set(exp) <= set(schemas["Export"]["properties"])
