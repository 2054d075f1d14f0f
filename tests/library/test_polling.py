"""The re-scan behind live folder updates: what a poll reports, and the list merged from it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.library import polling
from reader.library.polling import (
    POLL_SHARE,
    FolderChanges,
    PollSchedule,
    merge_entries,
    poll,
)
from reader.library.scan import Stamp, Stamps, scan
from reader.model import Headline

GONE = "deleted or moved"


def entry(name: str, file: str | None = None, error: str | None = None) -> Headline:
    path = Path(name)
    return Headline(path=path, title=name, error=error, file=Path(file) if file else path)


def changes(order: list[str], fresh: dict[str, list[Headline]], gone: list[str]) -> FolderChanges:
    return FolderChanges(
        tuple(Path(name) for name in order),
        {Path(name): entries for name, entries in fresh.items()},
        frozenset(Path(name) for name in gone),
    )


def paths(entries: list[Headline]) -> list[str]:
    return [str(e.path) for e in entries]


def test_new_files_go_in_scan_order_and_removed_ones_leave() -> None:
    old = [entry("a.txt"), entry("c.txt"), entry("d.txt")]
    found = changes(["a.txt", "b.txt", "c.txt"], {"b.txt": [entry("b.txt")]}, ["d.txt"])
    assert paths(merge_entries(old, found, keep=Path("a.txt"), gone=GONE)) == [
        "a.txt",
        "b.txt",
        "c.txt",
    ]


def test_the_open_entry_of_a_removed_file_stays_where_it_was_marked_gone() -> None:
    old = [entry("a.txt"), entry("b.txt"), entry("c.txt")]
    merged = merge_entries(
        old, changes(["a.txt", "c.txt"], {}, ["b.txt"]), keep=Path("b.txt"), gone=GONE
    )
    assert paths(merged) == ["a.txt", "b.txt", "c.txt"]
    assert [e.error for e in merged] == [None, GONE, None]


def test_a_shorter_json_list_keeps_the_open_item_marked_gone() -> None:
    old = [entry("f.json#0", "f.json"), entry("f.json#1", "f.json"), entry("g.txt")]
    found = changes(["f.json", "g.txt"], {"f.json": [entry("f.json#0", "f.json")]}, [])
    merged = merge_entries(old, found, keep=Path("f.json#1"), gone=GONE)
    assert paths(merged) == ["f.json#0", "f.json#1", "g.txt"]
    assert merged[1].error == GONE and merged[0].error is None


def test_entries_of_unreadable_folders_stay() -> None:
    folder_error = Headline(path=Path("locked"), title="locked", error="permission denied")
    old = [entry("a.txt"), folder_error, entry("b.txt")]
    merged = merge_entries(old, changes(["a.txt"], {}, ["b.txt"]), keep=None, gone=GONE)
    assert merged == [old[0], folder_error]


def test_a_poll_reads_only_new_and_changed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"{name}\n\nbody\n", encoding="utf-8")
    stamps: Stamps = {}
    assert [e.title for e in scan([tmp_path], stamps)] == ["a.txt", "b.txt", "c.txt"]
    read: list[str] = []
    real = polling.read_headlines

    def counting(path: Path, taken: Stamp | None = None) -> list[Headline]:
        read.append(path.name)
        return real(path, taken)

    monkeypatch.setattr(polling, "read_headlines", counting)
    unchanged = poll([tmp_path], stamps)
    assert unchanged is not None and unchanged[1].empty
    (tmp_path / "a.txt").unlink()
    (tmp_path / "d.txt").write_text("d\n\nbody\n", encoding="utf-8")
    info = (tmp_path / "b.txt").stat()
    (tmp_path / "b.txt").write_text("b, edited\n\nbody\n", encoding="utf-8")
    os.utime(tmp_path / "b.txt", ns=(info.st_mtime_ns + 10**9, info.st_mtime_ns + 10**9))
    found = poll([tmp_path], stamps)
    assert found is not None
    now, what = found
    assert sorted(read) == ["b.txt", "d.txt"]
    assert what.order == tuple(tmp_path / n for n in ("b.txt", "c.txt", "d.txt"))
    assert what.gone == {tmp_path / "a.txt"}
    assert [e.title for e in what.entries[tmp_path / "b.txt"]] == ["b, edited"]
    assert set(now) == set(what.order)


def test_a_cancelled_poll_reports_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a\n\nbody\n", encoding="utf-8")
    assert poll([tmp_path], {}, cancelled=lambda: True) is None


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_poll_is_due_at_once() -> None:
    assert PollSchedule(FakeClock()).due()


def test_a_costly_walk_spaces_the_polls_out() -> None:
    """A walk of 0.2 s may take only `POLL_SHARE` of the time: the next poll is due 10 s after
    the last one started, not at the next tick of the timer."""
    clock = FakeClock()
    schedule = PollSchedule(clock)
    schedule.record(clock.now, walk_seconds=0.2)
    wait = 0.2 / POLL_SHARE
    clock.now += wait - 0.5
    assert not schedule.due()
    clock.now += 0.5
    assert schedule.due()


def test_a_cheap_walk_polls_at_every_tick() -> None:
    clock = FakeClock()
    schedule = PollSchedule(clock)
    schedule.record(clock.now, walk_seconds=0.001)
    clock.now += 3.0
    assert schedule.due()


def test_a_poll_measures_its_walk_with_the_given_clock(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a\n\nbody\n", encoding="utf-8")
    found = poll([tmp_path], {}, clock=FakeClock())
    assert found is not None and found[1].walk_seconds == 0.0
