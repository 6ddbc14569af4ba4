"""Safe parsing: untrusted files cannot reach the network or the disk, run code, or grow.

- every XML reader, on a whole file and on a broken one (which takes the record-by-record
  recovery path): no entity expansion (billion laughs), no external entity (file or
  URL, general or parameter), no DTD fetched; a local server proves no connection is made;
- no ``eval``/``exec``/``compile``, ``pickle``/``marshal`` loads or unsafe ``yaml.load``
  anywhere in ``src/`` (checked on the syntax tree, not by grep);
- output names come from input *file* names only, never from the records' data;
- ``citeshift convert -o`` writes atomically: killing it mid-write leaves the old file.
"""

from __future__ import annotations

import ast
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from citeshift import registry
from citeshift.diagnostics import Report
from tests.fuzz.invariants import read_checked
from tests.paths import REPO

SRC = REPO / "src" / "citeshift"

#: (document head after the DOCTYPE, one record with a title slot, tail) per XML reader
XML_DOCS = {
    "endnote-xml": ("<xml><records>",
                    "<record><ref-type>17</ref-type><titles><title>{}</title></titles>"
                    "<dates><year>2020</year></dates></record>",
                    "</records></xml>", "xml"),
    "pubmed-xml": ("<PubmedArticleSet>",
                   "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal>"
                   "<JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>"
                   "<Title>J</Title></Journal><ArticleTitle>{}</ArticleTitle></Article>"
                   "</MedlineCitation></PubmedArticle>",
                   "</PubmedArticleSet>", "PubmedArticleSet"),
}
#: what makes a document take the recovery path: a record that never closes, between two
BROKEN_RECORD = {"endnote-xml": "<record><titles><title>cut", "pubmed-xml": "<PubmedArticle><Med"}


def test_every_xml_reader_is_covered() -> None:
    xml_readers = {name for name, cls in registry.readers().items()
                   if ".xml" in cls.extensions or "xml" in name}
    assert xml_readers == set(XML_DOCS)


class _Listener:
    """A local TCP server that only counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.close()


def _documents(fmt: str, secret: Path, port: int) -> dict[str, str]:
    head, record, tail, root = XML_DOCS[fmt]
    lol = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    url = f"http://127.0.0.1:{port}"
    decl = '<?xml version="1.0"?>\n'
    return {
        "billion-laughs": f"{decl}<!DOCTYPE {root} [{lol}]>{head}{record.format('A &lol9; B')}{tail}",
        "external-file": (f'{decl}<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                          f"{head}{record.format('A &xxe; B')}{tail}"),
        "external-url": (f'{decl}<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}/entity">]>'
                         f"{head}{record.format('A &xxe; B')}{tail}"),
        "parameter-entity": (f'{decl}<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>'
                             f"{head}{record.format('A B')}{tail}"),
        "external-dtd": (f'{decl}<!DOCTYPE {root} SYSTEM "{url}/doc.dtd">'
                         f"{head}{record.format('A B')}{tail}"),
        "xinclude": (f'{decl}{head}{record.format(f"""A <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" parse="text"/> B""")}{tail}'),
    }


@pytest.mark.parametrize("broken", [False, True], ids=["whole", "recovery"])
@pytest.mark.parametrize("fmt", sorted(XML_DOCS))
def test_xml_readers_expand_and_fetch_nothing(fmt: str, broken: bool, tmp_path: Path,
                                              listener: _Listener) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    for what, doc in _documents(fmt, secret, listener.port).items():
        if broken:  # a broken record after the first: the reader re-reads record by record
            _head, record, tail, _root = XML_DOCS[fmt]
            doc = doc.replace(tail, BROKEN_RECORD[fmt] + record.format("After") + tail)
        started = time.perf_counter()
        items, report = read_checked(fmt, doc.encode())
        dumped = json.dumps([i.to_json() for i in items])
        assert "TOP-SECRET" not in dumped, what
        assert "lollollollollollollollollollollol" not in dumped, what
        assert len(dumped) < 5000, what
        # a record holding an entity bomb may be refused (lxml stops at its amplification
        # limit), but never silently: it is counted as failed
        assert items or report.records_failed, (what, [d.format() for d in report.diagnostics])
        if what != "billion-laughs":
            assert any("After" in str(i.vars.get("title", "")) or "A" in str(i.vars.get(
                "title", "")) for i in items), (what, [d.format() for d in report.diagnostics])
        assert time.perf_counter() - started < 30, what  # a bomb would not finish at all
    time.sleep(0.3)
    assert listener.connections == 0


# --- no code from data -----------------------------------------------------------------------

_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input"}
_FORBIDDEN_ATTRS = {("pickle", "load"), ("pickle", "loads"), ("marshal", "load"),
                    ("marshal", "loads"), ("shelve", "open"), ("os", "system"),
                    ("os", "popen"), ("subprocess", "getoutput"), ("subprocess", "getstatusoutput")}


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # module-level names (a Loader kept in a constant) -> the expression they stand for
    consts = {t.id: ast.unparse(n.value) for n in tree.body if isinstance(n, ast.Assign)
              for t in n.targets if isinstance(t, ast.Name)}
    # a class of the module stands for its bases (a Loader subclass of a safe loader)
    consts.update({n.name: " ".join(ast.unparse(b) for b in n.bases) for n in tree.body
                   if isinstance(n, ast.ClassDef)})

    def resolve(text: str, depth: int = 0) -> str:
        text = consts.get(text, text)
        if depth < 4 and text in consts:
            return resolve(text, depth + 1)
        names = text.split()
        if depth < 4 and names and all(n in consts for n in names):
            return " ".join(resolve(n, depth + 1) for n in names)
        return text

    out: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{path.relative_to(REPO)}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
            out.append(f"{where}: {func.id}()")
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            pair = (func.value.id, func.attr)
            if pair in _FORBIDDEN_ATTRS:
                out.append(f"{where}: {'.'.join(pair)}()")
            if pair in (("yaml", "load"), ("yaml", "load_all")):
                loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
                text = ast.unparse(loader) if loader is not None else ""
                if "Safe" not in resolve(text):
                    out.append(f"{where}: yaml.{func.attr}() without a safe Loader")
            if pair == ("yaml", "unsafe_load") or func.attr in ("full_load", "unsafe_load"):
                out.append(f"{where}: {'.'.join(pair)}()")
    return out


def test_no_eval_exec_or_unsafe_loading_in_the_package() -> None:
    problems = [v for path in sorted(SRC.rglob("*.py")) for v in _violations(path)]
    assert not problems, "\n".join(problems)


def test_the_checker_would_catch_them(tmp_path: Path) -> None:
    bad = REPO / "src" / "citeshift" / "__bad_probe__.py"
    try:
        bad.write_text("import yaml, pickle\neval('1')\nyaml.load(x)\npickle.loads(b'')\n"
                       "yaml.load(x, Loader=yaml.CSafeLoader)\nL = yaml.Loader\n"
                       "yaml.load_all(x, Loader=L)\nclass S(yaml.CSafeLoader): pass\n"
                       "M = S\nyaml.load(x, Loader=M)\n")
        found = _violations(bad)
    finally:
        bad.unlink()
    assert len(found) == 4, found


# --- file names come from file names -----------------------------------------------------------

def _run_cli(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citeshift", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, **kwargs)


def test_output_names_never_come_from_record_data(tmp_path: Path) -> None:
    evil = ("@article{../../escaped,\n  title = {/etc/passwd},\n  file = {../../x.pdf},\n"
            "  url = {file:///etc/shadow},\n}\n\n@book{con.ris,\n  title = {NUL},\n}\n"
            "\n@misc{/abs/path,\n  title = {C:\\\\Windows\\\\x},\n}\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "refs.bib").write_text(evil)
    (tmp_path / "run").mkdir()
    before = {p for p in tmp_path.rglob("*")}
    result = _run_cli("convert", str(inputs), "--out-dir", "out", "--to", "ris",
                      cwd=tmp_path / "run")
    assert result.returncode in (0, 1), result.stderr
    created = {p for p in tmp_path.rglob("*")} - before
    assert created == {tmp_path / "run" / "out", tmp_path / "run" / "out" / "refs.ris"}, created
    assert "escaped" in (tmp_path / "run" / "out" / "refs.ris").read_text()


# --- atomic output -------------------------------------------------------------------------------

def _big_ris(path: Path, records: int) -> None:
    with path.open("w") as fh:
        for i in range(records):
            fh.write(f"TY  - JOUR\nAU  - Author{i}, A\nTI  - Title number {i} of a long "
                     f"file\nPY  - 2020\nJO  - Journal\nER  - \n\n")


def _wait_for_partial_output(folder: Path, proc: subprocess.Popen, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in folder.iterdir():
            if p.name.startswith(".out.bib.") and p.name.endswith(".tmp") and p.stat().st_size:
                return p
        if proc.poll() is not None:
            pytest.fail("the conversion finished before it could be interrupted")
        time.sleep(0.01)
    pytest.fail("no partial output appeared")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM],
                         ids=["kill", "interrupt", "terminate"])
def test_interrupted_convert_leaves_the_old_output(tmp_path: Path, sig: signal.Signals) -> None:
    _big_ris(tmp_path / "big.ris", 30_000)
    out = tmp_path / "out.bib"
    old = "@misc{old,\n  title = {The previous output, intact},\n}\n"
    out.write_text(old)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "citeshift", "convert", "big.ris", "-o",
                             "out.bib", "--to", "bibtex", "--quiet"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        partial = _wait_for_partial_output(tmp_path, proc)
        proc.send_signal(sig)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0
    assert out.read_text() == old  # never truncated, never half-replaced
    if sig != signal.SIGKILL:  # a signal Python sees: the temporary file is removed too
        assert not partial.exists(), sorted(p.name for p in tmp_path.iterdir())


def test_finished_convert_replaces_the_output_whole(tmp_path: Path) -> None:
    _big_ris(tmp_path / "big.ris", 50)
    (tmp_path / "out.bib").write_text("old")
    result = _run_cli("convert", "big.ris", "-o", "out.bib", "--to", "bibtex", "--quiet",
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.bib").read_text().count("@article{") == 50
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.ris", "out.bib"]


def test_report_counts_hold_for_the_billion_laughs_via_the_api() -> None:
    # the same document through the public API: counts add up, nothing expanded
    from citeshift import api

    head, record, tail, root = XML_DOCS["endnote-xml"]
    lol = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    doc = f'<?xml version="1.0"?><!DOCTYPE {root} [{lol}]>{head}{record.format("&i;")}{tail}'
    report = Report()
    items = api.parse(doc, fmt="endnote-xml", report=report)
    assert len(items) == 1 and report.records_in == 1
    assert len(json.dumps(items[0].to_json())) < 2000
