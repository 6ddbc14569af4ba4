"""Formatted bibliographies: style resolution, data preparation, engines.

:func:`render` is the one entry point the writers use: it resolves the style,
prepares the items (:mod:`citeshift.render.prepare`), picks the engine (pandoc
by default, citeproc-py when asked or when pandoc's binary is missing) and
returns a :class:`~citeshift.render.engine.Bibliography`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from citeshift.diagnostics import Report
from citeshift.errors import CiteshiftError
from citeshift.model.item import Item
from citeshift.render.engine import Bibliography, Engine, Entry, StyleSpec

__all__ = ["ENGINES", "Bibliography", "Entry", "StyleSpec", "get_engine", "render",
           "render_options"]

ENGINES = ("pandoc", "citeproc-py")
DEFAULT_STYLE = "apa"


def get_engine(name: str | None, report: Report | None = None) -> Engine:
    """The engine called ``name`` (None: the default), falling back to citeproc-py
    with a warning when pandoc cannot run here."""
    from citeshift.render.citeproc_py import CiteprocPyEngine
    from citeshift.render.pandoc import PandocEngine

    wanted = (name or "pandoc").strip().lower().replace("_", "-")
    if wanted in ("citeproc-py", "citeprocpy", "citeproc"):
        return CiteprocPyEngine()
    if wanted != "pandoc":
        raise CiteshiftError(f"unknown engine {name!r}; use one of: {', '.join(ENGINES)}")
    if PandocEngine.available():
        return PandocEngine()
    if report is not None:
        report.warning("the pandoc binary of the pypandoc-binary wheel is missing; "
                       "rendering with citeproc-py instead", code="render.fallback")
    return CiteprocPyEngine()


def _flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    if text in ("", "auto"):
        return None
    raise CiteshiftError(f"expected true/false/auto, got {value!r}")


def locale_known(locale: str) -> bool:
    """Whether CSL has ``locale`` (``de-DE``) or its language (``de``) as a locale file."""
    from pathlib import Path

    import citeproc

    folder = Path(citeproc.__file__).parent / "data" / "locales"
    lang = locale.split("-")[0]
    return (folder / f"locales-{locale}.xml").exists() or any(folder.glob(f"locales-{lang}*.xml"))


def render_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The rendering options out of a writer's options dict, validated."""
    from citeshift.render.prepare import JOURNAL_MODES

    opts = dict(options or {})
    journal = opts.get("journal_titles")
    if journal is not None:
        journal = str(journal).strip().lower()
        if journal not in JOURNAL_MODES:
            raise CiteshiftError(f"--journal-titles must be one of {', '.join(JOURNAL_MODES)}, "
                                 f"not {journal!r}")
    return {"style": opts.get("style") or DEFAULT_STYLE, "locale": opts.get("locale") or None,
            "engine": opts.get("engine") or None, "journal_titles": journal,
            "sentence_case": _flag(opts.get("sentence_case"))}


def render(items: Iterable[Item], *, style: str | StyleSpec = DEFAULT_STYLE,
           locale: str | None = None, engine: str | Engine | None = None,
           journal_titles: str | None = None, sentence_case: bool | None = None,
           report: Report | None = None) -> Bibliography:
    """Render ``items`` as a bibliography in ``style`` (alias, id, journal, ISSN or path)."""
    from citeshift import styles
    from citeshift.render import stylefix
    from citeshift.render.prepare import Preparer

    report = report if report is not None else Report()
    spec = style if isinstance(style, StyleSpec) else styles.resolve(style, report=report)
    facts = stylefix.facts(spec.path)
    if not facts.has_bibliography:
        raise CiteshiftError(f"style {spec.title!r} ({spec.id}) formats only citations, it has no "
                             "bibliography; choose another (see 'citeshift styles')")
    eng = engine if isinstance(engine, Engine) else get_engine(engine, report)
    prep = Preparer(journal_titles=journal_titles,
                    sentence_case=sentence_case, report=report, title_case=facts.title_case,
                    bare_initials=facts.bare_initials,
                    dotted_abbreviations=facts.dotted_abbreviations)
    data = [prep(item) for item in items]
    prep.finish()
    effective = locale or styles.default_locale(spec) or "en-US"
    if locale and not locale_known(locale):
        report.warning(f"no CSL locale {locale!r}; terms and dates fall back to the style's "
                       "locale or en-US (see the locales-*.xml names of the CSL locales)",
                       code="render.locale")
    try:
        return eng.render(data, spec, locale=effective, report=report)
    except RuntimeError as exc:
        if eng.name != "pandoc":
            raise
        from citeshift.render.citeproc_py import CiteprocPyEngine

        # one malformed record must not cost the whole list: citeproc-py renders entry by entry
        report.warning(f"pandoc could not render this list ({exc}); rendering with citeproc-py "
                       "instead", code="render.fallback")
        return CiteprocPyEngine().render(data, spec, locale=effective, report=report)
