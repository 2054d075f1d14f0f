"""The hostile corpus: every case of issue #9, built in a temporary folder and given to the real
`reader` (each verb and the TUI) in a child process.

For each case: no traceback, the documented exit code, bounded time (a generous timeout on the
child: the old code hung or needed minutes), bounded memory (`RLIMIT_AS` on the child, and its
peak resident size from `wait4`), the article folder exactly as it was, and no byte of an injected
escape sequence on stdout or stderr — on a pseudo-terminal where it matters.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.hostile import ARTICLE, Result, Snapshot, environment, run, run_tui

#: A file name that carries OSC 0 (window title), OSC 52 (clipboard) and a C1 CSI.
HOSTILE_NAME = "e\x1b]0;PWN\x07\x1b]52;c;UFdORUQ=\x07\u009b31m.txt"


def clean(result: Result) -> None:
    """No traceback and no injected byte, whatever the exit code."""
    both = result.out + result.err
    assert b"Traceback" not in both, result.describe()
    assert not result.timed_out, result.describe()
    # argparse quotes an invalid choice as a Python literal (`'e\\x1b]0;PWN…'`): inert text.
    quoted = repr(HOSTILE_NAME).encode()
    inert = result._replace(
        out=result.out.replace(quoted, b""), err=result.err.replace(quoted, b"")
    )
    assert inert.injected() == [], result.describe()


def one_line_errors(result: Result) -> list[str]:
    return [line for line in result.err.decode("utf-8", "replace").splitlines() if line]


# --- 1. lone surrogates --------------------------------------------------------------------------


def test_lone_surrogate_title_in_json(home: Path, folder: Path) -> None:
    (folder / "s.json").write_bytes(b'{"title": "\\ud800 \\udfff", "body": "xylophone"}')
    before = Snapshot.of(folder)
    listed = run(["list", "--json", folder], home=home)
    clean(listed)
    assert listed.code == 0, listed.describe()
    assert b"\\ud8" not in listed.out and b"\\udf" not in listed.out
    titles = [a["title"] for a in json.loads(listed.out)["articles"]]
    assert "\ufffd \ufffd" in titles
    found = run(["search", "xylophone", folder], home=home)
    clean(found)
    assert found.code == 0, found.describe()  # a match, not "no match"
    # The TUI twice: the first run saves headlines and indexes; a restart must not crash either.
    for _ in range(2):
        tui = run_tui([folder], home=home, keys=[b"j", b"/", b"x", b"y", b"\x1b"])
        clean(tui)
        assert tui.code == 0, tui.describe()
        assert b"xylophone" in tui.out or b"enohpolyx" in tui.out or b"Headlines" in tui.out
    assert Snapshot.of(folder) == before


def test_file_name_that_is_not_utf8_and_no_title(home: Path, folder: Path) -> None:
    # Windows-1256 bytes of "مرحبا" as a file name; the article has no title: the name is used.
    name = b"\xe3\xd1\xcd\xc8\xc7.json"
    (folder / os.fsdecode(name)).write_bytes('{"body": "نص بلا عنوان xylophone"}'.encode())
    before = Snapshot.of(folder)
    listed = run(["list", "--json", folder], home=home)
    clean(listed)
    assert listed.code == 0, listed.describe()
    document = json.loads(listed.out)
    assert any("\ufffd" in a["title"] for a in document["articles"])
    found = run(["search", "--json", "xylophone", folder], home=home)
    clean(found)
    assert found.code == 0, found.describe()
    for _ in range(2):
        tui = run_tui([folder], home=home, keys=[b"j", b"j", b"k"])
        clean(tui)
        assert tui.code == 0, tui.describe()
    assert Snapshot.of(folder) == before


# --- 2. files that are not files -----------------------------------------------------------------


def test_fifo_named_like_an_article(home: Path, folder: Path) -> None:
    os.mkfifo(folder / "x.txt")
    before = Snapshot.of(folder)
    found = run(["search", "الفقرة", folder], home=home, timeout=60)
    clean(found)
    assert found.code == 0, found.describe()
    assert "x.txt" in found.err.decode() and "not a regular file" in found.err.decode()
    listed = run(["list", folder], home=home, timeout=60)
    clean(listed)
    assert listed.code == 1, listed.describe()  # some files refused
    rendered = run(["render", folder / "x.txt"], home=home, timeout=60)
    clean(rendered)
    assert rendered.code == 1 and len(one_line_errors(rendered)) == 1, rendered.describe()
    tui = run_tui([folder], home=home, keys=[b"j", b"/", b"a", b"\x1b"])
    clean(tui)
    assert tui.code == 0, tui.describe()
    assert Snapshot.of(folder) == before


def test_device_given_on_the_command_line(home: Path, tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    for verb in (["render"], ["list"], ["search", "x"]):
        result = run([*verb, link], home=home, timeout=60, memory_mb=1024)
        clean(result)
        assert result.code == 1, result.describe()
        assert "not a regular file" in result.err.decode(), result.describe()
        assert result.peak_mb < 200, result.describe()


def test_sparse_500_mb_file_is_refused_without_reading_it(home: Path, folder: Path) -> None:
    with open(folder / "big.txt", "wb") as handle:
        handle.truncate(500 * 2**20)
    before = Snapshot.of(folder)
    for verb in (["render", folder / "big.txt"], ["list", folder], ["search", "x", folder]):
        result = run(verb, home=home, timeout=60, memory_mb=1024)
        clean(result)
        assert result.code == 1, result.describe()
        assert "too large" in result.err.decode(), result.describe()
        assert result.peak_mb < 200, result.describe()
    tui = run_tui([folder], home=home, keys=[b"/", b"x", b"\x1b"], memory_mb=1536)
    clean(tui)
    assert tui.code == 0 and tui.peak_mb < 300, tui.describe()
    assert Snapshot.of(folder) == before


# --- 3. Markdown that a backtracking parser chokes on --------------------------------------------

LINE = 100_000
PATHOLOGICAL = {
    "backticks": "`" * LINE,
    "open_links": "[a](" * (LINE // 4),
    "brackets": "[" * LINE,
    "emphasis": "*a" * (LINE // 2),
    "underscores": "_a" * (LINE // 2),
    "stars": "**" * (LINE // 2),
    "angles": "<" * LINE,
    "images": "![" * (LINE // 2),
    "mixed": "*_" * (LINE // 2),
    "titles": '[a](b "' * (LINE // 7),
    "arabic_links": "[كلمة](" * (LINE // 7),
}


def test_pathological_markdown_lines(home: Path, folder: Path) -> None:
    for name, line in PATHOLOGICAL.items():
        (folder / f"{name}.md").write_text(f"# {name}\n\n{line}\n", encoding="utf-8")
    before = Snapshot.of(folder)
    # The old parser needed 20 s for 12,000 backticks and 50 s for 80 KB of "[a](": all of
    # these together, parsed twice (headline and search), fit in this limit many times over.
    listed = run(["list", "--json", folder], home=home, timeout=90)
    clean(listed)
    assert listed.code == 0, listed.describe()
    assert len(json.loads(listed.out)["articles"]) == len(PATHOLOGICAL) + 1
    found = run(["search", "كلمة", folder], home=home, timeout=90)
    clean(found)
    assert found.code == 0, found.describe()
    rendered = run(["render", folder / "open_links.md"], home=home, timeout=60)
    clean(rendered)
    assert rendered.code == 0, rendered.describe()
    keys = [b"j"] * 6 + [b"k"] * 3 + [b"G"]
    tui = run_tui([folder], home=home, keys=keys, timeout=90)
    clean(tui)
    assert tui.code == 0, tui.describe()
    assert Snapshot.of(folder) == before


# --- 5. hostile names and fields -----------------------------------------------------------------


@pytest.fixture
def hostile_folder(folder: Path) -> Path:
    (folder / HOSTILE_NAME).write_text(ARTICLE, encoding="utf-8")
    (folder / "lang.json").write_text(
        json.dumps(
            {
                "title": "Language field",
                "language": "ar\x1b]0;PWN\x07",
                "body": "نص \x1b]52;c;UFdORUQ=\x07 عربي",
            }
        ),
        encoding="utf-8",
    )
    (folder / "h\u202etxt.exe.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "marks.txt").write_text("Marks\n\n" + "a" + "\u0301" * 10_000 + " b\n")
    return folder


def test_hostile_file_names_in_every_verb(home: Path, hostile_folder: Path) -> None:
    before = Snapshot.of(hostile_folder)
    named = hostile_folder / HOSTILE_NAME
    missing = hostile_folder / ("missing-" + HOSTILE_NAME)
    runs = [
        (["render", named], 0),
        (["render", missing], 1),
        (["list", hostile_folder], 0),
        (["list", "--json", hostile_folder], 0),
        (["list", missing], 2),
        (["search", "الفقرة", hostile_folder], 0),
        (["search", "--json", "الفقرة", hostile_folder], 0),
        (["search", "x", missing], 2),
        ([missing], 2),
        (["--bogus", HOSTILE_NAME], 2),
        (["list", "--bogus" + HOSTILE_NAME, hostile_folder], 2),
        (["render", "--harakat", HOSTILE_NAME, named], 2),
        (["render", "--width", HOSTILE_NAME, named], 2),
        ([HOSTILE_NAME, "--layout", HOSTILE_NAME], 2),
    ]
    for args, code in runs:
        piped = run(args, home=home)
        clean(piped)
        assert piped.code == code, (args, piped.describe())
        on_a_terminal = run_tui(args, home=home, tui=False)
        clean(on_a_terminal)
        assert on_a_terminal.code == code, (args, on_a_terminal.describe())
    listed = run(["list", "--json", hostile_folder], home=home)
    for article in json.loads(listed.out)["articles"]:
        for value in article.values():
            if isinstance(value, str):
                assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value), value
    assert Snapshot.of(hostile_folder) == before


def test_hostile_file_names_in_the_tui(home: Path, hostile_folder: Path) -> None:
    before = Snapshot.of(hostile_folder)
    keys = [b"j"] * 5 + [b"m", b"m", b"d", b"j", b"d", b"?", b"?"]
    tui = run_tui([hostile_folder], home=home, keys=keys)
    clean(tui)
    assert tui.code == 0, tui.describe()
    # A file named on the command line whose name is hostile and that cannot be read.
    os.mkfifo(hostile_folder.parent / ("fifo-" + HOSTILE_NAME))
    refused = run_tui([hostile_folder.parent / ("fifo-" + HOSTILE_NAME)], home=home, tui=False)
    clean(refused)
    assert refused.code == 2, refused.describe()
    assert Snapshot.of(hostile_folder) == before


def test_combining_marks_are_capped_per_letter(home: Path, hostile_folder: Path) -> None:
    rendered = run(["render", hostile_folder / "marks.txt"], home=home)
    clean(rendered)
    assert rendered.code == 0
    text = rendered.out.decode()
    assert "\u0301" * 9 not in text
    assert "a\u0301" in text


# --- 6. state databases that are not ours to reset ----------------------------------------------


def test_database_from_a_newer_version_is_refused_not_reset(home: Path, folder: Path) -> None:
    state = home / "newer.sqlite3"
    with sqlite3.connect(state) as conn:
        conn.execute("CREATE TABLE marks (x)")
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    stamp = state.read_bytes()
    for args in ([folder, "--state", state], ["list", "--state", state, folder]):
        result = run(args, home=home)
        clean(result)
        assert result.code == 2, result.describe()
        assert "newer" in result.err.decode(), result.describe()
        assert len(one_line_errors(result)) == 1, result.describe()
    assert state.read_bytes() == stamp
    assert sorted(p.name for p in home.iterdir()) == ["newer.sqlite3"]


def test_a_corrupt_database_is_moved_aside_and_said(home: Path, folder: Path) -> None:
    state = home / "bad.sqlite3"
    state.write_bytes(b"this is not a database" * 100)
    result = run(["list", "--state", state, folder], home=home)
    clean(result)
    assert result.code == 0, result.describe()
    assert any(p.name.startswith("bad.sqlite3.corrupt-") for p in home.iterdir())


# --- 7. symbolic links out of the folder ---------------------------------------------------------


def test_symlinks_out_of_the_folder_are_not_followed(home: Path, folder: Path) -> None:
    (folder / "root").symlink_to("/")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "inside.txt").symlink_to(folder / "ok.txt")
    before = Snapshot.of(folder)
    listed = run(["list", "--json", folder], home=home, timeout=60, memory_mb=1024)
    clean(listed)
    assert listed.code in (0, 1), listed.describe()
    paths = [a["path"] for a in json.loads(listed.out)["articles"]]
    assert sorted(Path(p).name for p in paths) == ["inside.txt", "ok.txt"]
    assert listed.peak_mb < 200, listed.describe()
    found = run(["search", "root", folder], home=home, timeout=60, memory_mb=1024)
    clean(found)
    assert b"passwd" not in found.out
    tui = run_tui([folder], home=home, keys=[b"j", b"j"], timeout=60)
    clean(tui)
    assert tui.code == 0, tui.describe()
    assert Snapshot.of(folder) == before


# --- 8. nothing written into an article folder ---------------------------------------------------


def test_state_symlinked_into_the_folder_is_refused(home: Path, folder: Path) -> None:
    (home / "state.sqlite3").symlink_to(folder / "state.sqlite3")
    before = Snapshot.of(folder)
    for args in (
        [folder, "--state", home / "state.sqlite3"],
        ["list", "--state", home / "state.sqlite3", folder],
        ["search", "--state", home / "state.sqlite3", "x", folder],
    ):
        result = run(args, home=home)
        clean(result)
        assert result.code == 2, (args, result.describe())
        assert "article folder" in result.err.decode(), result.describe()
    assert Snapshot.of(folder) == before


def test_default_state_location_inside_the_folder(home: Path, folder: Path) -> None:
    env = environment(home, XDG_STATE_HOME=str(folder / "xdg"))
    before = Snapshot.of(folder)
    result = run([folder], home=home, env=env)
    clean(result)
    assert result.code == 2, result.describe()
    assert "article folder" in result.err.decode(), result.describe()
    assert Snapshot.of(folder) == before


def test_bind_mount_of_the_folder(home: Path, folder: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    try:
        subprocess.run(
            ["mount", "--bind", str(folder), str(mirror)], check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot bind-mount here: {error}")
    try:
        before = Snapshot.of(folder)
        result = run(["list", "--state", mirror / "state.sqlite3", folder], home=home)
        clean(result)
        assert result.code == 2, result.describe()
        assert Snapshot.of(folder) == before
    finally:
        subprocess.run(["umount", str(mirror)], check=False, capture_output=True)


# --- 9. config files ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["nested", "fifo", "binary"])
def test_hostile_config_file(home: Path, folder: Path, kind: str) -> None:
    config = home / "config" / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    if kind == "nested":
        config.write_text("bidi = " + "[" * 100_000 + "\n")
    elif kind == "fifo":
        os.mkfifo(config)
    else:
        config.write_bytes(b"\x00\xff" * 1000)
    tui = run_tui([folder], home=home, keys=[b"j"], timeout=60)
    clean(tui)
    assert tui.code == 0, tui.describe()
    assert b"Headlines" in tui.out


def test_a_folder_whose_only_article_links_out_is_nothing_readable(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "only-links"
    folder.mkdir()
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    result = run([folder], home=home, timeout=60)
    clean(result)
    assert result.code == 2, result.describe()
    assert "nothing readable" in result.err.decode(), result.describe()


# --- 4. a very large article --------------------------------------------------------------------

#: The article's size here (bench/large.py measures 60 MB; the ratios are the same).
LARGE = 20 * 2**20
#: What the interpreter, Textual and the reader take with no article at all (measured: ~70 MB).
BASELINE_MB = 100


def _large_article(folder: Path) -> Path:
    seed = (Path(__file__).parent.parent / "articles" / "000_a322a2262cb437ac.txt").read_text(
        encoding="utf-8"
    )
    paragraphs = [line for line in seed.splitlines() if len(line) > 80]
    count = LARGE // sum(len(p.encode()) + 2 for p in paragraphs) + 1
    path = folder / "big.txt"
    path.write_text(
        "مقال كبير عن الحكومة\n\n" + "\n\n".join(paragraphs * count) + "\n", encoding="utf-8"
    )
    return path


def test_a_very_large_article(home: Path, folder: Path) -> None:
    article = _large_article(folder)
    size_mb = article.stat().st_size / 2**20
    bound = BASELINE_MB + 10 * size_mb
    before = Snapshot.of(folder)
    # Before: 39 s and 907 MB for render, 25 s and 3.5 GB for search, at 60 MB.
    rendered = run(["render", article], home=home, timeout=300, memory_mb=2048)
    clean(rendered)
    assert rendered.code == 0 and rendered.peak_mb < bound, rendered.describe()
    found = run(["search", "الحكومة", folder], home=home, timeout=300, memory_mb=2048)
    clean(found)
    assert found.code == 0 and found.peak_mb < bound, found.describe()
    # The TUI opens it, a search starts indexing it, and `q` ends it while that work goes on
    # (it took 58 s at 60 MB): `seconds` is the time from `q` to the exit.
    keys = [b"j", b"/", *[c.encode() for c in "الحكومة"], b"", b"", b"\x1b"]
    tui = run_tui([folder], home=home, keys=keys, timeout=300, memory_mb=3072)
    clean(tui)
    assert tui.code == 0, tui.describe()
    assert tui.seconds < 15, tui.describe()  # generous: it takes under 2 s on a loaded machine
    # The TUI holds the article for the body while FTS5 indexes it, and when the index worker
    # reads the file before the body does, both parse it: measured 10-13x plus the app's own
    # (it was 53x). Bounded here at 15x; bringing it under 10x is noted as open work.
    assert tui.peak_mb < BASELINE_MB + 15 * size_mb, tui.describe()
    assert Snapshot.of(folder) == before
