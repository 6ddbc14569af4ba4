"""``citeshift serve``: a local web page to paste, review, fix and export references.

Needs the ``web`` extra (``pip install 'citeshift[web]'``). The page and its
JSON API live in :mod:`citeshift.web.app`; :func:`serve` runs them on
loopback with uvicorn.
"""

from __future__ import annotations

from citeshift.web.server import serve

__all__ = ["serve"]
