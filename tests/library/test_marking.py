"""When an article shown becomes read, and the next unread (`reader.library.marking`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.library.marking import ReadTimer, first_unread, next_unread
from reader.model import Headline


class FakeClock:
    """A scheduler whose time moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0
        self.due: list[tuple[float, Callable[[], None]]] = []

    def schedule(self, seconds: float, call: Callable[[], None]) -> Callable[[], None]:
        entry = (self.now + seconds, call)
        self.due.append(entry)
        return lambda: self.due.remove(entry) if entry in self.due else None

    def advance(self, seconds: float) -> None:
        self.now += seconds
        for entry in [e for e in self.due if e[0] <= self.now]:
            self.due.remove(entry)
            entry[1]()


A, B = Path("a.txt"), Path("b.txt")


def _timer(delay: float | None) -> tuple[ReadTimer, FakeClock, list[Path]]:
    clock, marked = FakeClock(), []
    return ReadTimer(marked.append, clock.schedule, delay), clock, marked


def test_a_preview_becomes_read_after_the_delay() -> None:
    timer, clock, marked = _timer(2.0)
    timer.shown(A)
    clock.advance(1.9)
    assert marked == []
    clock.advance(0.2)
    assert marked == [A]
    clock.advance(10)
    assert marked == [A]  # once


def test_leaving_before_the_delay_cancels_it() -> None:
    timer, clock, marked = _timer(2.0)
    timer.shown(A)
    clock.advance(1)
    timer.shown(B)
    clock.advance(1.5)
    assert marked == []
    clock.advance(0.5)
    assert marked == [B]


def test_chosen_scrolled_or_zero_delay_read_at_once() -> None:
    timer, clock, marked = _timer(2.0)
    timer.shown(A, chosen=True)
    assert marked == [A]
    timer.shown(B)
    timer.engaged()
    assert marked == [A, B]
    clock.advance(5)
    timer.engaged()  # (read already: nothing more)
    assert marked == [A, B]
    zero, _clock, now = _timer(0.0)
    zero.shown(A)
    assert now == [A]


def test_never_reads_only_when_asked_and_a_read_article_is_left_alone() -> None:
    timer, clock, marked = _timer(None)
    timer.shown(A)
    clock.advance(1000)
    assert marked == []
    timer.engaged()  # scrolling still reads it
    assert marked == [A]
    timer.shown(B, read=True)
    timer.engaged()
    assert marked == [A]


def _headlines(*names: str) -> list[Headline]:
    return [Headline(path=Path(n), title=n) for n in names]


def test_next_and_previous_unread_in_the_list_order() -> None:
    entries = _headlines("a", "b", "c", "d")
    entries[2] = entries[2]._replace(error="cannot read")
    read = {Path("b")}
    assert next_unread(entries, 0, read) == 3  # b read, c failed
    assert next_unread(entries, 3, read) is None
    assert next_unread(entries, 3, read, -1) == 0
    assert first_unread(entries, read, +1, skip=0) == 3
    assert first_unread(entries, read, -1, skip=3) == 0
    assert first_unread(entries, {Path(n) for n in "abcd"}) is None
