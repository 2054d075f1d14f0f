"""An independent UAX #9 implementation (GNU FriBidi's CLI) agrees with our reordering.

FriBidi wraps *after* reordering, so it is no oracle for line breaking; on one-line paragraphs
(width large enough) it is an oracle for levels, reordering and mirroring. We give it our shaped
text, so shaping is out of the comparison. Skipped where `fribidi` is not installed
(`apt-get install libfribidi-bin`; .ci/run tries to install it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.sources import discover, load_all
from reader.text import prepare

pytestmark = pytest.mark.skipif(shutil.which("fribidi") is None, reason="fribidi not installed")

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def fribidi(text: str, rtl: bool) -> str:
    result = subprocess.run(
        ["fribidi", "--nobreak", "--nopad", "--clean", "--reordernsm", "--rtl" if rtl else "--ltr"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8").rstrip("\n")


def one_line(text: str, fallback: str = "rtl") -> tuple[str, str] | None:
    prepared = prepare(text, fallback=fallback)  # type: ignore[arg-type]
    lines = prepared.lines(1_000_000)
    if len(lines) != 1:
        return None
    return lines[0].text, fribidi(prepared.shaped, prepared.rtl)


def bundled_paragraphs() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in discover([ARTICLES]):
        for article in load_all(path):
            texts = [article.title, article.caption, *(p.text for p in article.paragraphs)]
            out.extend((article.direction, t) for t in texts if t.strip())
    return out


def test_every_bundled_paragraph_matches_fribidi() -> None:
    paragraphs = bundled_paragraphs()
    assert len(paragraphs) > 40
    for direction, text in paragraphs:
        pair = one_line(text, direction)
        assert pair is not None
        ours, theirs = pair
        assert ours == theirs, text


MIXED = st.lists(
    st.sampled_from(
        [
            *"ابتجحدرسعفقكلمنهوي",
            *"אבגדה",
            *"abcXYZ",
            *"0123456789٠١٢۴",
            *" ().,:%-/+$«»[]{}!?،",
            *"\u064e\u0651\u0650\u05b8\u05bc\u0301",  # harakat, niqqud, a Latin acute
        ]
    ),
    min_size=1,
    max_size=80,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(MIXED)
def test_mixed_text_matches_fribidi(text: str) -> None:
    pair = one_line(text)
    if pair is not None:
        ours, theirs = pair
        assert ours == theirs
