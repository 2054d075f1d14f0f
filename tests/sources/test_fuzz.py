"""Arbitrary bytes into every parser: an Article or the project's ArticleError, nothing else."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.model import Article, ArticleError
from reader.sources import load_all, read_headline
from reader.sources.dates import parse_date
from reader.sources.decode import decode
from reader.sources.htmlpage import parse_html
from reader.sources.jsonfile import parse_json_all
from reader.sources.markdown import parse_markdown
from reader.sources.text import parse_text

# Bytes biased towards what the parsers look for, so the interesting paths are reached.
_FRAGMENTS = [
    b"+++\n",
    b"---\n",
    b"# ",
    b"**",
    b"*",
    b"`",
    b"[",
    b"](",
    b")",
    b"\n\n",
    b"\n",
    b"{",
    b"}",
    b'"title": ',
    b'"body": ',
    b"[",
    b"]",
    b",",
    b"\\",
    b"<p>",
    b"<meta ",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\x1b]52;",
    b"\xc2\x9b",
    "المساهمون\n".encode(),
    "18 أبريل 2021\n".encode(),
    b" (Getty)\n",
    "+ الخط -\n".encode(),
    "عنوان".encode(),
    "عنوان".encode("cp1256"),
]
BYTES = st.one_of(
    st.binary(max_size=600),
    st.lists(st.sampled_from(_FRAGMENTS) | st.binary(max_size=8), max_size=40).map(b"".join),
)
TEXT = st.text(max_size=400) | BYTES.map(lambda b: b.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.fixture(autouse=True)
def fake_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    # The HTML path runs its own metadata parser before extraction; a stand-in extractor makes
    # it reachable without the optional extra.
    fake = types.ModuleType("trafilatura")
    fake.extract = lambda html, **kwargs: html[:200]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "trafilatura", fake)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".json", ".html"])
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=BYTES)
def test_files_of_arbitrary_bytes(workdir: Path, suffix: str, data: bytes) -> None:
    path = workdir / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        results = load_all(path)
    except ArticleError:
        pass
    else:
        assert results and all(isinstance(r, Article | ArticleError) for r in results)
    with contextlib.suppress(ArticleError):
        assert isinstance(read_headline(path).title, str)


PARSERS: list[Callable[..., object]] = [parse_text, parse_markdown, parse_json_all, parse_html]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_parsers_on_arbitrary_text(parser: Callable[..., object], text: str) -> None:
    try:
        result = parser(text, fallback_title="f")
    except ArticleError:
        return
    items = result if isinstance(result, list) else [result]
    assert all(isinstance(r, Article | ArticleError) for r in items)


@settings(max_examples=500, deadline=None)
@given(text=TEXT)
def test_parse_date_never_raises(text: str) -> None:
    assert parse_date(text) is None or parse_date(text).year >= 1000  # type: ignore[union-attr]


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_markdown_spans_stay_inside_their_paragraph(text: str) -> None:
    try:
        article = parse_markdown(text, fallback_title="f")
    except ArticleError:
        return
    for paragraph in article.paragraphs:
        for span in paragraph.spans:
            assert 0 <= span.start < span.end <= len(paragraph.text)


@settings(max_examples=500, deadline=None)
@given(data=BYTES)
def test_decode_arbitrary_bytes(data: bytes) -> None:
    try:
        decoded = decode(data)
    except ArticleError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(decoded.text, str) and decoded.encoding
