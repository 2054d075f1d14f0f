"""The sanitizer: untrusted text in, nothing that can drive a terminal out."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.sanitize import clean_line, sanitize, sanitize_with_map


def test_csi_sequences_are_removed_whole() -> None:
    assert sanitize("a\x1b[31mred\x1b[0m b") == "ared b"


def test_osc_52_clipboard_and_osc_8_links_are_removed_with_their_payload() -> None:
    assert sanitize("x\x1b]52;c;ZXZpbA==\x07y") == "xy"
    assert sanitize("see \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\") == "see here"


def test_c1_controls_and_8bit_csi() -> None:
    assert sanitize("a\x9b31mb\x85c\x90dcs\x9cd") == "ab cd"


def test_lone_escape_at_the_end() -> None:
    assert sanitize("esc\x1b") == "esc"


def test_tabs_newlines_and_space_runs_collapse() -> None:
    assert sanitize("  a \t b\n\nc  ") == "a b c"


def test_nbsp_is_kept_inside_and_stripped_at_the_edges() -> None:
    assert sanitize("\u00a0 مرحبا\u00a0بكم \u00a0") == "مرحبا\u00a0بكم"


def test_bidi_controls_are_kept_for_the_algorithm() -> None:
    assert sanitize("a\u202eb") == "a\u202eb"
    assert clean_line("a\u202eb\u2066c") == "abc"


def test_map_points_at_the_source_characters() -> None:
    text, origin = sanitize_with_map("  a \x01 b\x1b[1mc ")
    assert text == "a bc"
    assert [text[i] for i in range(len(text))] == ["a", " ", "b", "c"]
    assert list(origin) == [2, 3, 6, 11]


@given(st.text())
def test_no_control_survives_and_the_map_is_consistent(text: str) -> None:
    clean, origin = sanitize_with_map(text)
    assert clean == sanitize(text)
    assert len(origin) == len(clean)
    assert not any(unicodedata.category(c) == "Cc" for c in clean)
    assert all(text[o] == c or c == " " for o, c in zip(origin, clean, strict=True))
    assert list(origin) == sorted(origin)


def test_clean_line_keeps_persian_joiners() -> None:
    assert clean_line("باغ\u200cنو\u202e") == "باغ\u200cنو"


def test_lone_surrogates_from_undecodable_file_names_become_replacement_characters() -> None:
    name = b"\xff\xfeabc.txt".decode("utf-8", "surrogateescape")
    assert sanitize(name) == "\ufffd\ufffdabc.txt"


def test_a_surrogate_beside_an_override_reaches_the_crate_safely() -> None:
    from reader.text import render_lines

    name = b"\xd8\xa7\xff \xe2\x80\xae x".decode("utf-8", "surrogateescape")
    assert render_lines(name, 20)


def _reference(text: str) -> tuple[str, list[int]]:
    """The sanitizer written as a plain loop over characters: the oracle for the regex version."""
    from reader.text.sanitize import _CONTROLS, _EDGE_SPACE, _ESCAPE_SEQUENCE, _SPACES

    removed = bytearray(len(text))
    for match in _ESCAPE_SEQUENCE.finditer(text):
        removed[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    out: list[str] = []
    origin: list[int] = []
    pending_space = -1
    for i, char in enumerate(text):
        if removed[i]:
            continue
        if char in _SPACES:
            pending_space = i if pending_space < 0 else pending_space
            continue
        if _CONTROLS.match(char):
            continue
        if pending_space >= 0:
            if out:
                out.append(" ")
                origin.append(pending_space)
            pending_space = -1
        out.append(char)
        origin.append(i)
    start, end = 0, len(out)
    while start < end and out[start] in _EDGE_SPACE:
        start += 1
    while end > start and out[end - 1] in _EDGE_SPACE:
        end -= 1
    return "".join(out[start:end]), origin[start:end]


_HOSTILE = st.lists(
    st.sampled_from(
        [
            "a",
            "ب",
            " ",
            "  ",
            "\t",
            "\n",
            "\u00a0",
            "\ufeff",
            "\x01",
            "\x7f",
            "\x85",
            "\x9b1m",
            "\x1b[31m",
            "\x1b]52;c;ZX ZpbA==\x07",
            "\x1b]8;;http://x y\x1b\\",
            "\x1b",
            "\x90dcs\x9c",
            "\u2028",
            "\u202e",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=1000)
@given(_HOSTILE)
def test_regex_sanitizer_equals_the_character_loop(text: str) -> None:
    clean, origin = sanitize_with_map(text)
    assert (clean, list(origin)) == _reference(text)


def test_the_invisible_table_holds_every_format_and_control_character_of_the_bmp() -> None:
    from reader.text.sanitize import INVISIBLE_BMP, _is_invisible, is_invisible

    private = range(0xD800, 0xF900)  # surrogates and private use: compared as a range
    found = frozenset(chr(c) for c in range(0x10000) if c not in private and _is_invisible(chr(c)))
    assert found == INVISIBLE_BMP
    assert all(is_invisible(chr(c)) for c in private)
    assert all(is_invisible(chr(c)) == _is_invisible(chr(c)) for c in range(0x110000))


def test_an_unterminated_string_command_does_not_swallow_the_paragraph() -> None:
    # U+009D turns up in mis-decoded Windows-1252 text; the words after it must stay.
    assert sanitize("قال\x9d الوزير إن") == "قال الوزير إن"
    assert sanitize("a\x1b]52;c;ZXZp b") == "a52;c;ZXZp b"


def test_the_engine_tables_agree_with_the_cell_widths_character_by_character() -> None:
    """The mark table (L3) and the one-cell table (the fast wrap) are built from the range
    scans of `reader.text.cells`; checked here one character at a time (and the widths
    against Rich in tests/text/test_cells.py)."""
    from reader.text.bidi import bmp_mark_chars, mark_chars, marks_of
    from reader.text.cells import cell_width
    from reader.text.sanitize import is_invisible

    marks = {
        chr(c)
        for c in range(1, 0x110000)
        if not 0xD800 <= c <= 0xDFFF and cell_width(chr(c)) == 0 and not is_invisible(chr(c))
    }
    assert mark_chars() == marks
    assert bmp_mark_chars() == {c for c in marks if c < "\U00010000"}
    assert marks_of("مَرحبا") is bmp_mark_chars() and marks_of("a\U000e0100") is mark_chars()


# --- lone surrogates, piles of combining marks, paths (issue #9, cases 1 and 5) -------------


def test_valid_text_replaces_lone_surrogates_and_returns_valid_text_itself() -> None:
    from reader.text.sanitize import valid_text

    name = b"\xc7\xe1 x.json".decode("utf-8", "surrogateescape")
    assert valid_text(name) == "\ufffd\ufffd x.json"
    assert valid_text("\ud800\udc00") == "\ufffd\ufffd"  # two halves are not a pair in a str
    for text in ("", "plain", "عنوان \U0001f600", "\ufffd"):
        assert valid_text(text) is text


@given(st.text(alphabet=st.characters(blacklist_categories=())))
def test_valid_text_can_always_be_encoded(text: str) -> None:
    from reader.text.sanitize import valid_text

    assert valid_text(text).encode("utf-8").decode("utf-8") == valid_text(text)


def test_combining_marks_are_capped_per_base_character() -> None:
    from reader.text.sanitize import MAX_MARKS

    text = "ab" + "\u0301" * 10_000 + " c" + "\u0300\u200b" * 50 + "d"
    clean, origin = sanitize_with_map(text)
    assert (
        clean
        == "ab" + "\u0301" * MAX_MARKS + " c" + "\u0300\u200b" * MAX_MARKS + "\u200b" * 42 + "d"
    )
    assert len(origin) == len(clean)
    assert all(text[o] == c for o, c in zip(origin, clean, strict=True))
    assert list(origin) == sorted(origin)
    assert clean_line(text) == "ab" + "\u0301" * MAX_MARKS + " c" + "\u0300" * MAX_MARKS + "d"
    astral = "x" + "\U0001d167" * 20  # a musical combining mark, outside the BMP
    assert sanitize(astral) == "x" + "\U0001d167" * MAX_MARKS


def test_real_mark_stacks_are_kept() -> None:
    text = "بِسْمِ اللَّهِ الرَّحْمَٰنِ ۝ שָׁלוֹם עֹ֖לָ֑ה Việt ॐ ཧཱུྃ 👍🏽 e\ufe0f"
    assert sanitize(text) == text
    assert sanitize("\U0001f600" * 30) == "\U0001f600" * 30  # astral, but not marks


def test_every_combining_mark_of_the_bmp_is_capped_and_nothing_else() -> None:
    from reader.text.sanitize import MAX_MARKS

    for code in range(0x10000):
        char = chr(code)
        if sanitize(char) != char or code in range(0xD800, 0xE000):
            continue  # controls, spaces and surrogates are dealt with before
        kept = sanitize("a" + char * (MAX_MARKS + 2))[1:].count(char)
        expected = MAX_MARKS if unicodedata.category(char).startswith("M") else MAX_MARKS + 2
        assert kept == expected, hex(code)


def test_clean_path_drops_what_could_drive_or_disguise_and_keeps_the_rest() -> None:
    from reader.text.sanitize import MAX_MARKS, clean_path

    assert clean_path("/a/e\x1b]0;PWN\x07\x1b]52;c;UFdORUQ=\x07.txt") == "/a/e.txt"
    assert clean_path("c\x9b31m\x85\t\n.txt") == "c.txt"
    assert clean_path("live-rlo\u202etxt.exe.txt") == "live-rlotxt.exe.txt"
    assert clean_path("\u2067x\u2069 \u200e") == "x "
    assert clean_path("z" + "\u0301" * 120) == "z" + "\u0301" * MAX_MARKS
    assert clean_path(b"\xff  b".decode("utf-8", "surrogateescape")) == "\ufffd  b"
    for name in ("/tmp/a  b/c.txt", " lead", "نامه\u200cها.md", "/x/خبر.json#2"):
        assert clean_path(name) == name


@given(st.text())
def test_clean_path_output_is_safe(text: str) -> None:
    from reader.text.sanitize import BIDI_CONTROLS, clean_path

    clean = clean_path(text)
    clean.encode("utf-8")
    assert not any(unicodedata.category(c) == "Cc" for c in clean)
    assert not (set(clean) & BIDI_CONTROLS - {"\u200c", "\u200d"})


def test_clean_text_keeps_line_breaks() -> None:
    from reader.text.sanitize import clean_text

    assert clean_text("usage: x\n  a\x1b[2J \u202eb\n") == "usage: x\n  a b\n"
