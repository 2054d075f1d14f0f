"""The one safe file reader (`reader.sources.files`): regular files only, never blocking, capped,
hashed in pieces — and every verb that opens an article file going through it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.sources import files
from reader.sources.files import SourceError, hash_file, open_regular, read_bytes
from reader.statedb import content_hash, identity_hash
from tests.hostile import Snapshot, run

# --- the reader itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 1000, files.CHUNK_BYTES, files.CHUNK_BYTES * 2 + 17])
@pytest.mark.parametrize("item", [b"", b"#0", b"#12"])
def test_streamed_hash_is_the_identity_hash_of_the_bytes(
    tmp_path: Path, size: int, item: bytes
) -> None:
    path = tmp_path / "a.json"
    data = os.urandom(size)
    path.write_bytes(data)
    assert hash_file(path, item) == content_hash(data + item)
    assert identity_hash(path, item, {}) == content_hash(data + item)
    assert read_bytes(path) == data


def test_fifo_and_device_are_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    for name in ("x.txt", "zero.txt"):
        with pytest.raises(SourceError, match="not a regular file"):
            hash_file(tmp_path / name)
        with pytest.raises(OSError) as caught:
            identity_hash(tmp_path / name, b"", {})
        assert caught.value.strerror is not None
        assert "not a regular file" in caught.value.strerror


def test_a_file_that_grows_is_not_read_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    monkeypatch.setattr(files, "CHUNK_BYTES", 64)
    path = tmp_path / "growing.txt"
    path.write_bytes(b"a" * 500)
    reads: list[int] = []
    real_read = os.read

    def counting(fd: int, size: int) -> bytes:
        data = real_read(fd, size)
        reads.append(len(data))
        return data

    monkeypatch.setattr(files.os, "read", counting)
    with open_regular(path) as opened, open_regular(path) as hashed:
        assert opened.size == 500
        with path.open("ab") as more:  # it grows past the limit after fstat
            more.write(b"b" * 5000)
        with pytest.raises(SourceError, match="file too large"):
            opened.read()
        assert sum(reads) <= 1001
        with pytest.raises(SourceError, match="file too large"):
            list(hashed.chunks())  # what `hash_file` reads
        assert sum(reads) <= 2002
    reads.clear()
    with pytest.raises(SourceError, match="file too large"):
        read_bytes(path, 100)  # now over the limit when opened: nothing read at all
    with pytest.raises(SourceError, match="file too large"):
        hash_file(path)
    assert reads == []


# --- the verbs, in a child process ---------------------------------------------------------------


def test_fifo_in_a_folder_for_search_and_list(home: Path, folder: Path) -> None:
    os.mkfifo(folder / "x.txt")
    before = Snapshot.of(folder)
    for verb, code in ((["search", "الفقرة"], 0), (["list"], 1)):
        result = run([*verb, folder], home=home, timeout=60)
        assert not result.timed_out, result.describe()  # the old indexer waited for a writer
        assert result.code == code, result.describe()
        errors = result.err.decode().splitlines()
        assert [line for line in errors if "x.txt" in line] == [
            f"reader {verb[0]}: {folder / 'x.txt'}: not a regular file (a device, FIFO or socket)"
        ], result.describe()
        assert b"Traceback" not in result.err
    # And with a state database (its identity hash read the file too).
    state = home / "state.sqlite3"
    result = run(["list", "--state", state, folder], home=home, timeout=60)
    assert not result.timed_out and result.code == 1, result.describe()
    assert Snapshot.of(folder) == before


def test_dev_zero_in_a_folder_and_on_the_command_line(home: Path, folder: Path) -> None:
    (folder / "zero.txt").symlink_to("/dev/zero")
    before = Snapshot.of(folder)
    inside = run(["search", "الفقرة", folder], home=home, timeout=60, memory_mb=1024)
    assert inside.code == 0, inside.describe()
    assert "zero.txt: symbolic link out of the folder (skipped)" in inside.err.decode()
    for verb in (["search", "x"], ["list"], ["list", "--state", home / "s.sqlite3"]):
        given = run([*verb, folder / "zero.txt"], home=home, timeout=60, memory_mb=1024)
        assert not given.timed_out and given.code == 1, given.describe()
        assert "zero.txt: not a regular file" in given.err.decode(), given.describe()
        assert b"Traceback" not in given.err and given.peak_mb < 300, given.describe()
    assert Snapshot.of(folder) == before


def test_sparse_500_mb_file_is_refused_before_a_byte_is_read(home: Path, folder: Path) -> None:
    with open(folder / "big.txt", "wb") as handle:
        handle.truncate(500 * 2**20)
    before = Snapshot.of(folder)
    for verb in (["search", "الفقرة"], ["list", "--state", home / "s.sqlite3"]):
        result = run([*verb, folder], home=home, timeout=60, memory_mb=1024)
        assert not result.timed_out, result.describe()
        assert "big.txt: file too large (500 MB; the limit is 64 MB)" in result.err.decode()
        assert result.peak_mb < 150, result.describe()  # the indexer read it all: 533 MB
    assert Snapshot.of(folder) == before
