"""Guards for a server that runs on someone's own machine.

A local server is reachable by every web page the person visits: a hostile
page can point its own domain at 127.0.0.1 (DNS rebinding) or post forms to
it (CSRF). So every request must name this server in its Host header, and
every state-changing request must come from this server's own page: its
Origin (when the browser sends one) must be ours, and it must carry the
per-process token that only our page (or a script that asked for it from a
same-origin request) knows. Custom headers also force a CORS preflight, which
this server never grants.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import json
import secrets
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

TOKEN_HEADER = "x-citeshift-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

#: sent with every response: nothing loads from elsewhere, nothing frames the page
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy",
     b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
     b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)
    except ValueError:
        return False


def _host_form(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts(host: str, port: int) -> set[str]:
    """Host header values that name this server (with and without the port)."""
    names = {host.strip("[]"), *LOOPBACK_NAMES}
    if host in ("0.0.0.0", "::", ""):
        names.add(socket.gethostname())
        names.add(socket.getfqdn())
        with contextlib.suppress(OSError):
            names.update(socket.gethostbyname_ex(socket.gethostname())[2])
    out = set()
    for name in names:
        form = _host_form(name).lower()
        out.add(f"{form}:{port}")
        if port == 80:
            out.add(form)
    return out


class Guard:
    """ASGI middleware: Host check, same-origin and token check, security headers."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str], token: str) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.token = token

    async def _deny(self, send: Send, status: int, message: str) -> None:
        body = json.dumps({"error": message}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            await self._deny(send, 421, f"this server does not answer to host {host!r}; "
                                        "open it through the address 'citeshift serve' printed")
            return
        fetch_site = headers.get("sec-fetch-site")
        if scope["path"].startswith("/api/") and fetch_site in ("cross-site", "same-site"):
            # another site (or another port of this host) reading the API: never legitimate
            await self._deny(send, 403, "cross-site request refused")
            return
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None:
                parts = urlsplit(origin)
                if origin == "null" or (parts.netloc or "").lower() != host:
                    await self._deny(send, 403, "cross-origin request refused")
                    return
            if headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
                await self._deny(send, 403, "cross-site request refused")
                return
            given = headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                await self._deny(send, 403, f"missing or wrong {TOKEN_HEADER} header "
                                            "(GET /api/info gives the token)")
                return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = dict(message, headers=[*message.get("headers", []), *extra])
            await send(message)

        await self.app(scope, receive, send_with_headers)


def new_token() -> str:
    return secrets.token_urlsafe(24)
