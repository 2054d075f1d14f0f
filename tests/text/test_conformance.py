"""Every case of the Unicode 15 conformance files through our levels and our line reordering.

BidiCharacterTest.txt: real characters, brackets included. BidiTest.txt: class sequences, turned
into text with one representative character per class. Each file is run twice: once through
`resolve_levels` (our fast resolver where it applies, the crate elsewhere) and once through the
crate alone, so both level sources are proven on everything they may be asked.
"""

from __future__ import annotations

from collections import Counter

import pytest

from reader.text import bidi, uax9
from reader.text.layout import resolve_levels

from .conformance import Case, character_cases, class_cases


def check(case: Case, *, crate_only: bool) -> str:
    direction = case.direction
    if direction == "auto":
        direction = bidi.first_strong(case.text) or "ltr"
    para = 1 if direction == "rtl" else 0
    if case.para_level is not None and para != case.para_level:
        return "paragraph level"
    if crate_only:
        levels = bidi.crate_levels(case.text, para == 1)
    else:
        levels = resolve_levels(case.text, para == 1)
    levels = bidi.line_levels(case.text, levels, para)
    for expected, got in zip(case.levels, levels, strict=True):
        if expected != "x" and int(expected) != got:
            return "levels"
    kept = [i for i, e in enumerate(case.levels) if e != "x"]
    order = [kept[i] for i in bidi.visual_indices(bytes(levels[i] for i in kept))]
    return "ok" if tuple(order) == case.order else "order"


@pytest.mark.parametrize("crate_only", [False, True], ids=["ours", "crate"])
def test_bidi_character_test(crate_only: bool) -> None:
    results = Counter(check(case, crate_only=crate_only) for case in character_cases())
    assert results["ok"] == 91707, results
    assert set(results) == {"ok"}


@pytest.mark.parametrize("crate_only", [False, True], ids=["ours", "crate"])
def test_bidi_test(crate_only: bool) -> None:
    results = Counter(check(case, crate_only=crate_only) for case in class_cases())
    assert results["ok"] == 770241, results
    assert set(results) == {"ok"}


def test_fast_resolver_covers_the_plain_cases() -> None:
    """The fast path is really used: every BidiTest case without explicit classes takes it."""
    handled = sum(
        1
        for case in class_cases()
        if uax9.resolve(case.text, 1 if case.direction == "rtl" else 0) is not None
    )
    assert handled == 100038
