"""citeshift: convert citations between formats and format them in any CSL style.

The library API mirrors the command line::

    import citeshift
    items = citeshift.read("refs.bib")
    text = citeshift.write(items, fmt="ris")
    report = citeshift.convert(["refs.bib"], to="csl-json", output="refs.json")
"""

from citeshift.api import convert, parse, read, write
from citeshift.diagnostics import Diagnostic, Report, Severity
from citeshift.errors import CiteshiftError
from citeshift.model import Date, Item, Name, Origin
from citeshift.registry import detect

__version__ = "0.1.0"

__all__ = [
    "CiteshiftError",
    "Date",
    "Diagnostic",
    "Item",
    "Name",
    "Origin",
    "Report",
    "Severity",
    "__version__",
    "convert",
    "detect",
    "parse",
    "read",
    "write",
]
