"""Readers for the Unicode 15 conformance files vendored in tests/data (gzipped)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

# A representative character for each Bidi_Class (BidiTest.txt is given in classes).
REPRESENTATIVE = {
    "L": "a",
    "R": "\u05d0",
    "AL": "\u0627",
    "EN": "1",
    "ES": "+",
    "ET": "$",
    "AN": "\u0660",
    "CS": ",",
    "NSM": "\u0300",
    "BN": "\u00ad",
    "B": "\u2029",
    "S": "\t",
    "WS": " ",
    "ON": "!",
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}


@dataclass(frozen=True)
class Case:
    line: int
    text: str
    direction: str  # "auto", "ltr", "rtl"
    para_level: int | None  # expected resolved paragraph level, where the file gives it
    levels: tuple[str, ...]  # expected level per character, "x" for removed characters
    order: tuple[int, ...]  # expected visual order of the characters not removed


def character_cases() -> Iterator[Case]:
    with gzip.open(DATA / "BidiCharacterTest.txt.gz", "rt", encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            codes, direction, para, levels, order = line.split(";")
            yield Case(
                number,
                "".join(chr(int(c, 16)) for c in codes.split()),
                ("ltr", "rtl", "auto")[int(direction)],
                int(para),
                tuple(levels.split()),
                tuple(int(i) for i in order.split()),
            )


def class_cases() -> Iterator[Case]:
    levels: tuple[str, ...] = ()
    order: tuple[int, ...] = ()
    with gzip.open(DATA / "BidiTest.txt.gz", "rt", encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@Levels:"):
                levels = tuple(line.split(":", 1)[1].split())
                continue
            if line.startswith("@Reorder:"):
                order = tuple(int(i) for i in line.split(":", 1)[1].split())
                continue
            if line.startswith("@"):
                continue
            classes, bitset = line.split(";")
            text = "".join(REPRESENTATIVE[c] for c in classes.split())
            bits = int(bitset)
            for bit, direction in ((1, "auto"), (2, "ltr"), (4, "rtl")):
                if bits & bit:
                    yield Case(number, text, direction, None, levels, order)
