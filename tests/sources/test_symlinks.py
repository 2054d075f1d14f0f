"""Symbolic links and special file systems in `discover` (and so in every verb, the TUI's scan
and its folder polling): inside a folder, a link is followed only when its target is inside too;
a path given by the user is followed; /proc, /sys, /dev are never walked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.sources import discover
from tests.hostile import Snapshot, run

OUT = "symbolic link out of the folder (skipped)"


def _write(path: Path, text: str = "عنوان\n\nنص الخبر\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _discover(*paths: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    errors: list[tuple[Path, str]] = []
    found = list(discover(paths, on_error=lambda p, r: errors.append((p, r))))
    return found, errors


def test_link_to_the_root_is_not_walked(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    _write(folder / "ok.txt")
    (folder / "root").symlink_to("/")
    found, errors = _discover(folder)
    assert found == [folder / "ok.txt"]
    assert errors == [(folder / "root", OUT)]


def test_link_to_a_file_outside_is_not_listed(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    _write(folder / "ok.txt")
    outside = _write(tmp_path / "elsewhere" / "secret.txt")
    (folder / "x.txt").symlink_to("/etc/passwd")
    (folder / "y.txt").symlink_to(outside)
    (folder / "z.txt").symlink_to(Path("..") / "elsewhere" / "secret.txt")  # relative
    (folder / "notes").symlink_to("/etc/passwd")  # no article extension: skipped silently
    found, errors = _discover(folder)
    assert found == [folder / "ok.txt"]
    assert errors == [(folder / name, OUT) for name in ("x.txt", "y.txt", "z.txt")]


def test_links_that_stay_inside_are_followed(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    _write(folder / "ok.txt")
    _write(folder / ".store" / "kept.txt")  # hidden: reached only through the link
    (folder / "alias.txt").symlink_to(folder / "ok.txt")
    (folder / "relative.txt").symlink_to("ok.txt")
    (folder / "shelf").symlink_to(".store")
    # The same folder spelled through a link from outside is still inside it.
    (tmp_path / "door").symlink_to(folder)
    (folder / "roundabout.txt").symlink_to(tmp_path / "door" / "ok.txt")
    found, errors = _discover(folder)
    names = [p.relative_to(folder).as_posix() for p in found]
    assert names == ["alias.txt", "ok.txt", "relative.txt", "roundabout.txt", "shelf/kept.txt"]
    assert errors == []


def test_a_link_to_a_folder_inside_is_walked_once(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    _write(folder / "sub" / "x.txt")
    (folder / "again").symlink_to(folder / "sub")
    (folder / "sub" / "up").symlink_to(folder)  # a loop: inside, but already scanned
    found, errors = _discover(folder)
    assert [p.relative_to(folder).as_posix() for p in found] == ["again/x.txt"]
    assert errors == [
        (folder / "again" / "up", "symbolic link to a folder already scanned (skipped)"),
        (folder / "sub", "symbolic link to a folder already scanned (skipped)"),
    ]


def test_links_given_on_the_command_line_are_followed(tmp_path: Path) -> None:
    target = tmp_path / "real"
    _write(target / "x.txt")
    _write(tmp_path / "elsewhere" / "y.txt")
    (target / "out.txt").symlink_to(tmp_path / "elsewhere" / "y.txt")
    (tmp_path / "folder-link").symlink_to(target)
    (tmp_path / "file-link.txt").symlink_to(tmp_path / "elsewhere" / "y.txt")
    found, errors = _discover(tmp_path / "folder-link", tmp_path / "file-link.txt")
    assert found == [tmp_path / "folder-link" / "x.txt", tmp_path / "file-link.txt"]
    # Inside the folder the user gave (through a link), the rule still holds.
    assert errors == [(tmp_path / "folder-link" / "out.txt", OUT)]


@pytest.mark.parametrize("special", ["/proc", "/sys", "/dev", "/proc/self"])
def test_special_file_systems_are_never_walked(tmp_path: Path, special: str) -> None:
    if not os.path.isdir(special):
        pytest.skip(f"no {special} here")
    found, errors = _discover(Path(special))
    assert found == []
    assert len(errors) == 1 and "special file system" in errors[0][1], errors


def test_special_file_system_inside_is_skipped_even_as_the_folder_itself(tmp_path: Path) -> None:
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc here")
    folder = tmp_path / "a"
    _write(folder / "ok.txt")
    (folder / "proc").symlink_to("/proc")
    found, errors = _discover(folder)
    assert found == [folder / "ok.txt"]
    assert errors == [(folder / "proc", OUT)]


def test_reader_list_does_not_walk_the_file_system(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "a"
    _write(folder / "ok.txt")
    (folder / "root").symlink_to("/")
    (folder / "x.txt").symlink_to("/etc/passwd")
    (folder / "inside.txt").symlink_to("ok.txt")
    before = Snapshot.of(folder)
    result = run(["list", "--json", folder], home=home, timeout=60, memory_mb=1024)
    assert not result.timed_out, result.describe()  # the old walk went through / for minutes
    assert result.code == 1 and b"Traceback" not in result.err, result.describe()
    document = json.loads(result.out)
    assert sorted(Path(a["path"]).name for a in document["articles"]) == ["inside.txt", "ok.txt"]
    assert sorted(Path(e["path"]).name for e in document["errors"]) == ["root", "x.txt"]
    assert result.peak_mb < 200, result.describe()
    found = run(["search", "root", folder], home=home, timeout=60, memory_mb=1024)
    assert not found.timed_out and found.code == 1, found.describe()  # /etc/passwd not indexed
    assert Snapshot.of(folder) == before
