"""The ``citeshift`` command: a thin typer layer over :mod:`citeshift.api`.

Exit codes: 0 all records converted; 1 some records could not be converted
(or errors were reported); 2 usage or I/O error (bad option, missing file,
unknown format). Bad input never produces a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from citeshift import api, registry
from citeshift.diagnostics import Diagnostic, Report, Severity
from citeshift.errors import CiteshiftError

EXIT_OK = 0
EXIT_FAILED_RECORDS = 1
EXIT_USAGE = 2

# Options several commands share, declared once so that they read the same everywhere.
FromOption = Annotated[str | None, typer.Option(
    "--from", "-f", help="Input format; detected from content and extension when omitted.")]
GlobOption = Annotated[str | None, typer.Option(
    "--glob", help="When walking directories, read the files matching this pattern.")]
EncodingOption = Annotated[str | None, typer.Option(
    "--encoding", help="Input encoding (default: detected; UTF-8, UTF-16, Windows-1252).")]
JobsOption = Annotated[int, typer.Option(
    "--jobs", "-j", min=0, help="Processes to read with (0: one per CPU). Big files are cut "
    "at record boundaries; output order and messages are the same as with 1.")]
SortOption = Annotated[str | None, typer.Option(
    "--sort", help="Order of the output: key, author, year or none (input order).")]


app = typer.Typer(
    name="citeshift",
    help="Convert citations between BibTeX, RIS, CSL-JSON, EndNote, PubMed and plain-text "
    "reference lists, and format them in any CSL style.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


class _Console:
    """Diagnostics and the summary on stderr; a progress line when stderr is a terminal."""

    def __init__(self, quiet: bool, show_warnings: bool = True) -> None:
        self.quiet = quiet
        self.show_warnings = show_warnings
        #: the batch progress display (citeshift.progress), when stderr is a terminal
        self.hook: Any = None

    def sink(self, d: Diagnostic) -> None:
        if d.severity is Severity.INFO and not d.code.startswith(("dedupe.", "style.")):
            return
        if self.quiet and d.severity is not Severity.ERROR:
            return
        if not self.show_warnings and d.severity is Severity.WARNING:
            return
        if self.hook is None or not self.hook.print(d.format()):
            _err(d.format())

    def start_batch_progress(self) -> Any:
        """The progress hook for :func:`citeshift.api.convert` (None: draw nothing)."""
        from citeshift.progress import RichProgress

        if RichProgress.wanted(self.quiet):
            self.hook = RichProgress()
        return self.hook

    def stop(self) -> None:
        if self.hook is not None:
            self.hook.end()


def _parse_options(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CiteshiftError(f"option {pair!r} is not KEY=VALUE")
        out[key.strip()] = value
    return out


@app.command()
def convert(
    inputs: Annotated[list[str], typer.Argument(
        help="Input files or directories; '-' reads standard input.", metavar="INPUT...")],
    to: Annotated[str | None, typer.Option(
        "--to", "-t", help="Output format (see 'citeshift formats').")] = None,
    from_: FromOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file (default: standard output); written atomically.")] = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out-dir", help="Write one output file per input into this directory.")] = None,
    style: Annotated[str | None, typer.Option(
        "--style", "-s", help="CSL style for bibliography outputs: a name, journal, id or .csl path.")] = None,
    locale: Annotated[str | None, typer.Option(
        "--locale", "-l", help="Locale for bibliography outputs (e.g. en-US, en-GB, de-DE).")] = None,
    glob: GlobOption = None,
    encoding: EncodingOption = None,
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="Write a JSON report of counts and every diagnostic to this file.")] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-O", help="A reader/writer option KEY=VALUE (repeatable).")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print only errors; no warnings, summary or progress.")] = False,
    jobs: JobsOption = 1,
    dedupe: Annotated[bool, typer.Option(
        "--dedupe", help="Collapse duplicate records (same DOI, PMID, or title + year + first "
        "author) into the most complete one, reporting every merge.")] = False,
    sort: SortOption = None,
    input_style: Annotated[str | None, typer.Option(
        "--input-style", help="Hint for plain-text input: the style the list is written in "
        "(vancouver, nlm, ama, apa, harvard, ieee, chicago, mla).")] = None,
    review: Annotated[bool, typer.Option(
        "--review", help="Plain-text input: list the references parsed with low confidence, "
        "so a person can check them.")] = False,
    ascii_: Annotated[bool, typer.Option(
        "--ascii", help="BibTeX/BibLaTeX output: write non-ASCII characters as LaTeX "
        "commands ({\\'e}) instead of UTF-8.")] = False,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="Bibliography outputs: the CSL engine, pandoc (default) or "
        "citeproc-py (pure Python; used automatically when pandoc is missing).")] = None,
    journal_titles: Annotated[str | None, typer.Option(
        "--journal-titles", help="Bibliography outputs: full, abbreviated or as-is journal "
        "titles (default: what the style prints).")] = None,
    standalone: Annotated[bool, typer.Option(
        "--standalone", help="HTML output: a whole page rather than a fragment.")] = False,
    sentence_case: Annotated[bool | None, typer.Option(
        "--sentence-case/--no-sentence-case", help="Bibliography outputs: convert titles to "
        "sentence case (default: only titles from BibTeX/BibLaTeX, which hold Title Case).")
    ] = None,
) -> None:
    """Convert citation files from one format to another."""
    # options left at their default pass nothing (so -O KEY=VALUE can set them)
    given = {"style": style, "locale": locale, "input_style": input_style, "engine": engine,
             "journal_titles": journal_titles, "sentence_case": sentence_case}
    switches = {"review": review, "ascii": ascii_, "standalone": standalone}

    def options() -> dict[str, Any]:
        if output is not None and out_dir is not None:
            raise CiteshiftError("use either --output or --out-dir, not both")
        opts = _parse_options(option or [])
        opts.update({k: v for k, v in given.items() if v is not None})
        opts.update({k: True for k, v in switches.items() if v})
        return opts

    _run_convert(inputs, to=to, output=output, report_file=report_file, quiet=quiet,
                 no_format="no output format given: use --to FORMAT (see 'citeshift formats')",
                 options=options, out_dir=out_dir, from_format=from_, encoding=encoding,
                 glob=glob, jobs=_jobs(jobs), dedupe=dedupe, sort=sort)


def _run_convert(inputs: list[str], *, to: str | None, output: Path | None,
                 report_file: Path | None, quiet: bool, no_format: str,
                 options: Callable[[], dict[str, Any]] | None = None, **convert: Any) -> None:
    """What ``convert`` and ``merge`` share: settle the output format (from the
    ``--output`` extension when ``--to`` is missing), convert with a progress line, tell
    a usage error in one line (exit 2), then the summary, the loss report and the exit
    code (:func:`_finish`)."""
    console = _Console(quiet)
    report = Report(sink=console.sink)
    try:
        if options is not None:
            convert["options"] = options()
        if to is None:
            to = registry.writer_for_extension(str(output)) if output is not None else None
            if to is None:
                raise CiteshiftError(no_format)
        _report_is_not_an_input(report_file, inputs, convert.get("glob"))
        api.convert(inputs, to=to, output=output, report=report,
                    progress=console.start_batch_progress(), **convert)
    except CiteshiftError as exc:
        _usage_error(console, exc)
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    finally:
        console.stop()
    _finish(report, report_file, quiet)


def _usage_error(console: _Console, exc: CiteshiftError) -> NoReturn:
    """Stop the progress display, say what is wrong in one line, exit 2 (no traceback)."""
    console.stop()
    _err(f"citeshift: error: {exc}")
    raise typer.Exit(EXIT_USAGE) from None


def _report_is_not_an_input(report_file: Path | None, inputs: list[str], glob: str | None
                            ) -> None:
    if report_file is not None:
        from citeshift import batch

        batch.refuse_overwriting_inputs(report_file, batch.expand(inputs, glob=glob))


def _jobs(jobs: int) -> int:
    import os

    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _finish(report: Report, report_file: Path | None, quiet: bool) -> None:
    """Write the loss report, print the summary, exit with the documented code."""
    from citeshift import lossreport

    data = lossreport.build(report)
    if report_file is not None:
        try:
            from citeshift.io import atomic_output

            with atomic_output(report_file) as fh:
                fh.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            _err(f"citeshift: error: {report_file}: cannot write the report ({exc.strerror or exc})")
            raise typer.Exit(EXIT_USAGE) from None
    if not quiet:
        _err(f"citeshift: {report.summary()}")
        for line in lossreport.summary_lines(report, data):
            _err(f"citeshift: {line}")
    raise typer.Exit(EXIT_FAILED_RECORDS if report.records_failed or report.errors else EXIT_OK)


@app.command()
def formats() -> None:
    """List the input and output formats, with their file extensions."""
    out = sys.stdout
    out.write("Input formats (--from):\n")
    for name, cls in sorted(registry.readers().items()):
        exts = " ".join(cls.extensions)
        out.write(f"  {name:<14} {exts:<18} {cls.description}\n")
    out.write("\nOutput formats (--to):\n")
    for name, cls in sorted(registry.writers().items()):
        exts = " ".join(cls.extensions)
        out.write(f"  {name:<14} {exts:<18} {cls.description}\n")
    broken = registry.broken_plugins()
    for group, table in broken.items():
        for name, why in table.items():
            out.write(f"\n  (plugin {name!r} in {group} failed to load: {why})\n")


@app.command()
def detect(
    inputs: Annotated[list[str], typer.Argument(help="Files to examine.", metavar="FILE...")],
) -> None:
    """Say which format each file is in (and the sniffers' scores)."""
    status = EXIT_OK
    for path in inputs:
        try:
            report = Report()
            source = api.open_source(path, report=report)
            scores = registry.sniff_scores(source.text[: api.SNIFF_BYTES])
            top = ", ".join(f"{n} {s:.2f}" for n, s in sorted(scores.items(), key=lambda kv: -kv[1])
                            if s > 0)
            sys.stdout.write(f"{path}: {source.format}" + (f"  ({top})" if top else "") + "\n")
        except CiteshiftError as exc:
            _err(f"citeshift: error: {exc}")
            status = EXIT_USAGE
    raise typer.Exit(status)


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(
        "--host", help="Address to bind (default loopback only; anything else is reachable "
        "by other machines, and a warning says so).")] = "127.0.0.1",
    max_upload_mb: Annotated[int, typer.Option(
        "--max-upload-mb", help="Largest paste or file accepted, in MB.")] = 100,
    open_browser: Annotated[bool, typer.Option(
        "--open", help="Open the page in the default browser.")] = False,
) -> None:
    """Start the local web page: paste or drop references, review, fix and export them."""
    from citeshift.web.server import serve as run_server

    try:
        run_server(host, port, max_upload_mb=max_upload_mb, say=_err, open_browser=open_browser)
    except CiteshiftError as exc:
        _err(f"citeshift: error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None


@app.command()
def merge(
    inputs: Annotated[list[str], typer.Argument(
        help="Libraries to merge: files or directories; '-' reads standard input.",
        metavar="INPUT...")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Merged library (default: standard output); written atomically; "
        "its extension gives the format unless --to is used.")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", "-t", help="Output format (default: from the --output extension).")] = None,
    from_: FromOption = None,
    sort: SortOption = None,
    glob: GlobOption = None,
    encoding: EncodingOption = None,
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="Write a JSON report (every merge, warning and loss) to this file.")] = None,
    jobs: JobsOption = 1,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print only errors; no merges, warnings, summary or progress.")] = False,
) -> None:
    """Merge libraries into one, collapsing duplicates (same DOI, PMID, or title + year + first
    author) into the most complete record and reporting every merge."""
    _run_convert(inputs, to=to, output=output, report_file=report_file, quiet=quiet,
                 no_format="no output format given: use --to FORMAT or an --output name "
                 "with a known extension", from_format=from_, encoding=encoding, glob=glob,
                 jobs=_jobs(jobs), dedupe=True, sort=sort)


@app.command()
def check(
    inputs: Annotated[list[str], typer.Argument(
        help="Files or directories to check; '-' reads standard input.", metavar="FILE...")],
    format_: Annotated[str, typer.Option(
        "--format", help="Output: text (file:line: severity: message [key] (code)) or json.")
    ] = "text",
    from_: FromOption = None,
    glob: GlobOption = None,
    encoding: EncodingOption = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", help="Skip a check by code, e.g. check.journal.unknown (repeatable; a "
        "prefix such as check.year ignores all its codes).")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 on warnings too, not only on errors.")] = False,
    jobs: JobsOption = 1,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No summary or progress on stderr.")] = False,
) -> None:
    """Check references: required fields, DOI/ISBN/ISSN/PMID, page ranges, years, duplicate
    keys and records, journal titles. Exit 1 when errors are found."""
    from citeshift.check import ALL_CODES, check_files, render_text

    if format_ not in ("text", "json"):
        _err(f"citeshift: error: unknown --format {format_!r} (use text or json)")
        raise typer.Exit(EXIT_USAGE)
    skip = set()
    for code in ignore or []:
        matched = {c for c in ALL_CODES if c == code or c.startswith(code + ".")}
        if not matched:
            _err(f"citeshift: error: unknown check {code!r} (known: {', '.join(ALL_CODES)})")
            raise typer.Exit(EXIT_USAGE)
        skip |= matched
    console = _Console(quiet)
    try:
        result = check_files(inputs, from_format=from_, encoding=encoding, glob=glob,
                             jobs=_jobs(jobs), ignore=skip, strict=strict,
                             progress=console.start_batch_progress())
    except CiteshiftError as exc:
        _usage_error(console, exc)
    finally:
        console.stop()
    if format_ == "json":
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(result))
    if not quiet:
        _err(f"citeshift: {result.summary()}")
    raise typer.Exit(EXIT_FAILED_RECORDS if result.failed else EXIT_OK)


@app.command("styles")
def styles_cmd(
    search: Annotated[str | None, typer.Argument(
        help="Words of a style's name or id, a journal title or an ISSN.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many.")] = 50,
) -> None:
    """List the CSL styles --style accepts (aliases first), or search them."""
    from citeshift import styles as style_index

    out = sys.stdout
    if not search:
        out.write("Short names:\n")
        for alias, style_id in style_index.aliases().items():
            out.write(f"  {alias:<14} {style_id}\n")
        total = len(style_index.index())
        out.write(f"\n{total:,} CSL styles installed; 'citeshift styles WORDS' searches them "
                  "(journal names and ISSNs too).\n")
        raise typer.Exit(EXIT_OK)
    found = style_index.search(search)
    for info in found[:limit]:
        kind = f"-> {info.parent}" if info.dependent else "independent"
        issn = f"  ISSN {', '.join(info.issns)}" if info.issns else ""
        out.write(f"{info.id:<48} {info.title}  [{kind}]{issn}\n")
    if len(found) > limit:
        out.write(f"... {len(found) - limit} more (use --limit)\n")
    if not found:
        _err(f"citeshift: no style matches {search!r}")
        raise typer.Exit(EXIT_FAILED_RECORDS)
    raise typer.Exit(EXIT_OK)


def _terminated(signum: int, frame: Any) -> None:
    # SIGTERM (kill, a CI timeout, a closing terminal) unwinds like Ctrl-C, so that a
    # half-written output's temporary file is removed and the old output stays
    raise KeyboardInterrupt


def main() -> None:
    """Entry point of the ``citeshift`` script."""
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except KeyboardInterrupt:
        _err("citeshift: interrupted")
        sys.exit(130)
