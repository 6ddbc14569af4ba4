"""Running the app: loopback by default, a loud warning otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable

from citeshift.errors import CiteshiftError


def missing_extra() -> CiteshiftError:
    return CiteshiftError("the web page needs the 'web' extra: pip install 'citeshift[web]'")


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(host: str = "127.0.0.1", port: int = 8765, *, max_upload_mb: int = 100,
          say: Callable[[str], None] | None = None, open_browser: bool = False) -> None:
    """Serve the page until interrupted. Raises CiteshiftError when the extra is missing."""
    try:
        import uvicorn

        from citeshift.web.app import create_app
        from citeshift.web.security import is_loopback
    except ImportError:
        raise missing_extra() from None
    say = say or (lambda text: sys.stderr.write(text + "\n"))
    if not is_loopback(host):
        say(f"citeshift: warning: serving on {host}, not on loopback: anyone who can reach this "
            "machine on port {port} can use the page and read what is pasted into it".replace(
                "{port}", str(port)))
    app = create_app(host=host, port=port, max_upload=max_upload_mb * 1024 * 1024)
    url = url_for(host, port)
    say(f"citeshift: serving on {url}  (Ctrl+C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            server_header=False, h11_max_incomplete_event_size=1024 * 1024)
    try:
        uvicorn.Server(config).run()
    except OSError as exc:
        raise CiteshiftError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
