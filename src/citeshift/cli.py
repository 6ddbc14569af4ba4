"""The ``citeshift`` command: a thin typer layer over :mod:`citeshift.api`.

Exit codes: 0 all records converted; 1 some records could not be converted
(or errors were reported); 2 usage or I/O error (bad option, missing file,
unknown format). Bad input never produces a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from citeshift import api, registry
from citeshift.diagnostics import Diagnostic, Report, Severity
from citeshift.errors import CiteshiftError

EXIT_OK = 0
EXIT_FAILED_RECORDS = 1
EXIT_USAGE = 2

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
        self._progress: Any = None
        self._task: Any = None

    def sink(self, d: Diagnostic) -> None:
        if d.severity is Severity.INFO:
            return
        if self.quiet and d.severity is not Severity.ERROR:
            return
        if not self.show_warnings and d.severity is Severity.WARNING:
            return
        if self._progress is not None:
            self._progress.console.print(d.format(), markup=False, highlight=False)
        else:
            _err(d.format())

    def start_progress(self) -> None:
        if self.quiet or not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.completed} records"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("convert", total=None, rate="")
        self._progress.start()

    def progress(self, done: int) -> None:
        if self._progress is not None:
            speed = self._progress.tasks[0].speed
            rate = f"{speed:,.0f}/s" if speed else ""
            self._progress.update(self._task, completed=done, rate=rate)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


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
    from_: Annotated[str | None, typer.Option(
        "--from", "-f", help="Input format; detected from content and extension when omitted.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file (default: standard output); written atomically.")] = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out-dir", help="Write one output file per input into this directory.")] = None,
    style: Annotated[str | None, typer.Option(
        "--style", "-s", help="CSL style for bibliography outputs: a name, journal, id or .csl path.")] = None,
    locale: Annotated[str | None, typer.Option(
        "--locale", "-l", help="Locale for bibliography outputs (e.g. en-US, en-GB, de-DE).")] = None,
    glob: Annotated[str | None, typer.Option(
        "--glob", help="When walking directories, read the files matching this pattern.")] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Input encoding (default: detected; UTF-8, UTF-16, Windows-1252).")] = None,
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="Write a JSON report of counts and every diagnostic to this file.")] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-O", help="A reader/writer option KEY=VALUE (repeatable).")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print only errors; no warnings, summary or progress.")] = False,
) -> None:
    """Convert citation files from one format to another."""
    console = _Console(quiet)
    report = Report(sink=console.sink, progress=console.progress)
    try:
        options = _parse_options(option or [])
        if style is not None:
            options["style"] = style
        if locale is not None:
            options["locale"] = locale
        if output is not None and out_dir is not None:
            raise CiteshiftError("use either --output or --out-dir, not both")
        if to is None:
            to = registry.writer_for_extension(str(output)) if output is not None else None
            if to is None:
                raise CiteshiftError("no output format given: use --to FORMAT "
                                     "(see 'citeshift formats')")
        console.start_progress()
        api.convert(inputs, to=to, output=output, out_dir=out_dir, from_format=from_,
                    report=report, options=options, encoding=encoding, glob=glob)
    except CiteshiftError as exc:
        console.stop()
        _err(f"citeshift: error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    finally:
        console.stop()
    if report_file is not None:
        report_file.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n",
                               encoding="utf-8")
    if not quiet:
        _err(f"citeshift: {report.summary()}")
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


def main() -> None:
    """Entry point of the ``citeshift`` script."""
    try:
        app()
    except KeyboardInterrupt:
        _err("citeshift: interrupted")
        sys.exit(130)
