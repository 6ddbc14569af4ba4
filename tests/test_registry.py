from __future__ import annotations

from collections.abc import Iterator

import pytest

from citeshift import registry
from citeshift.errors import DetectionError, UnknownFormatError
from citeshift.formats.base import Reader
from citeshift.model.item import Item


class _Fake(Reader):
    name = "fake-a"
    extensions = (".fk",)
    description = "test"

    def sniff(self, head: str) -> float:
        return 0.9 if head.startswith("FAKE") else 0.0

    def read(self, text, *, name, report, options=None) -> Iterator[Item]:
        yield Item(id="1", type="book")


class _FakeTwin(_Fake):
    name = "fake-b"
    extensions = (".fb",)


@pytest.fixture
def fakes():
    registry.register_reader(_Fake)
    registry.register_reader(_FakeTwin)
    yield
    registry.unregister("fake-a")
    registry.unregister("fake-b")


def test_builtins_are_found_through_entry_points():
    assert "csl-json" in registry.readers()
    assert "csl-json" in registry.writers()
    assert registry.broken_plugins() == {registry.READERS_GROUP: {}, registry.WRITERS_GROUP: {}}


def test_detect_by_content():
    assert registry.detect('[{"id": "a", "type": "book"}]', "refs.txt") == "csl-json"


def test_tie_is_broken_by_extension_else_error_names_candidates(fakes):
    assert registry.detect("FAKE data", "x.fb") == "fake-b"
    with pytest.raises(DetectionError) as exc:
        registry.detect("FAKE data", "x.unknown")
    assert "fake-a or fake-b" in str(exc.value)


def test_extension_used_when_content_says_nothing(fakes):
    assert registry.detect("nothing recognisable", "x.fk") == "fake-a"
    with pytest.raises(DetectionError):
        registry.detect("nothing recognisable", "x.zzz")


def test_unknown_format_suggests_close_names():
    with pytest.raises(UnknownFormatError) as exc:
        registry.get_writer("csl-jsn")
    assert "did you mean csl-json" in str(exc.value)


def test_aliases_resolve():
    assert registry.get_reader("json").name == "csl-json"
    assert registry.writer_for_extension("out.json") == "csl-json"
