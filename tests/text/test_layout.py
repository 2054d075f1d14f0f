"""Golden cases for the engine, each visible here, and hypothesis properties.

Expected lines are visual order, left to right, as a terminal cell grid shows them; Arabic is in
presentation forms (shaped). Padding on the left right-aligns RTL lines.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.text import fit, prepare, render_lines
from reader.text.bidi import MIRROR_TABLE
from reader.text.sanitize import BIDI_CONTROLS

SEED = Path(__file__).resolve().parents[2] / "articles" / "000_a322a2262cb437ac.txt"
FIRST_PARAGRAPH = SEED.read_text(encoding="utf-8").splitlines()[8]


def lines(text: str, width: int = 80, **options: str) -> list[str]:
    return [line.strip() for line in render_lines(text, width, **options)]  # type: ignore[arg-type]


# --- seed paragraphs at 20/40/60/80 --------------------------------------------------------------


def test_seed_first_paragraph_width_20() -> None:
    assert render_lines(FIRST_PARAGRAPH, 20) == [
        "    ﺀﺍﺭﺯﻮﻟﺍ ﺲﻴﺋﺭ ﺪﻛﺃ",
        "      ﻰﻔﻄﺼﻣ ،ﻲﻗﺍﺮﻌﻟﺍ",
        " ،ﺪﺣﻷﺍ ﺀﺎﺴﻣ ،ﻲﻤﻇﺎﻜﻟﺍ",
        "   ﻦﻣ ﺖﺤﺠﻧ ﻪﺘﻣﻮﻜﺣ ﻥﺃ",
        "  ﻲﻘﻴﻘﺤﻟﺍ ﺭﺍﻮﺤﻟﺍ ﻝﻼﺧ",
        " ﺕﺎﻴﻟﺁ ﺽﺮﻓ ﻲﻓ ﺀﺎﻨﺒﻟﺍ",
        "      ﺔﻴﻨﻣﺯﻭ ﺔﻴﻧﻮﻧﺎﻗ",
        " ﻒﻟﺎﺤﺘﻟﺍ ﺕﺍﻮﻗ ﺏﺎﺤﺴﻧﻻ",
        "   ﻩﺩﻮﻘﺗ ﻱﺬﻟﺍ ﻲﻟﻭﺪﻟﺍ",
        "     ﺓﺪﺤﺘﻤﻟﺍ ﺕﺎﻳﻻﻮﻟﺍ",
        "   ﻢﻴﻈﻨﺗ ﺪﺿ ﺔﻴﻛﺮﻴﻣﻷﺍ",
        '     .ﻲﺑﺎﻫﺭﻹﺍ "ﺶﻋﺍﺩ"',
    ]


def test_seed_first_paragraph_width_40() -> None:
    assert render_lines(FIRST_PARAGRAPH, 40) == [
        "،ﻲﻤﻇﺎﻜﻟﺍ ﻰﻔﻄﺼﻣ ،ﻲﻗﺍﺮﻌﻟﺍ ﺀﺍﺭﺯﻮﻟﺍ ﺲﻴﺋﺭ ﺪﻛﺃ",
        " ﺭﺍﻮﺤﻟﺍ ﻝﻼﺧ ﻦﻣ ﺖﺤﺠﻧ ﻪﺘﻣﻮﻜﺣ ﻥﺃ ،ﺪﺣﻷﺍ ﺀﺎﺴﻣ",
        "     ﺔﻴﻧﻮﻧﺎﻗ ﺕﺎﻴﻟﺁ ﺽﺮﻓ ﻲﻓ ﺀﺎﻨﺒﻟﺍ ﻲﻘﻴﻘﺤﻟﺍ",
        "  ﻱﺬﻟﺍ ﻲﻟﻭﺪﻟﺍ ﻒﻟﺎﺤﺘﻟﺍ ﺕﺍﻮﻗ ﺏﺎﺤﺴﻧﻻ ﺔﻴﻨﻣﺯﻭ",
        " ﻢﻴﻈﻨﺗ ﺪﺿ ﺔﻴﻛﺮﻴﻣﻷﺍ ﺓﺪﺤﺘﻤﻟﺍ ﺕﺎﻳﻻﻮﻟﺍ ﻩﺩﻮﻘﺗ",
        '                         .ﻲﺑﺎﻫﺭﻹﺍ "ﺶﻋﺍﺩ"',
    ]


def test_seed_first_paragraph_width_60() -> None:
    assert render_lines(FIRST_PARAGRAPH, 60) == [
        "      ﻥﺃ ،ﺪﺣﻷﺍ ﺀﺎﺴﻣ ،ﻲﻤﻇﺎﻜﻟﺍ ﻰﻔﻄﺼﻣ ،ﻲﻗﺍﺮﻌﻟﺍ ﺀﺍﺭﺯﻮﻟﺍ ﺲﻴﺋﺭ ﺪﻛﺃ",
        "       ﺕﺎﻴﻟﺁ ﺽﺮﻓ ﻲﻓ ﺀﺎﻨﺒﻟﺍ ﻲﻘﻴﻘﺤﻟﺍ ﺭﺍﻮﺤﻟﺍ ﻝﻼﺧ ﻦﻣ ﺖﺤﺠﻧ ﻪﺘﻣﻮﻜﺣ",
        "ﺕﺎﻳﻻﻮﻟﺍ ﻩﺩﻮﻘﺗ ﻱﺬﻟﺍ ﻲﻟﻭﺪﻟﺍ ﻒﻟﺎﺤﺘﻟﺍ ﺕﺍﻮﻗ ﺏﺎﺤﺴﻧﻻ ﺔﻴﻨﻣﺯﻭ ﺔﻴﻧﻮﻧﺎﻗ",
        '                   .ﻲﺑﺎﻫﺭﻹﺍ "ﺶﻋﺍﺩ" ﻢﻴﻈﻨﺗ ﺪﺿ ﺔﻴﻛﺮﻴﻣﻷﺍ ﺓﺪﺤﺘﻤﻟﺍ',
    ]


def test_seed_first_paragraph_width_80() -> None:
    assert render_lines(FIRST_PARAGRAPH, 80) == [
        "ﺭﺍﻮﺤﻟﺍ ﻝﻼﺧ ﻦﻣ ﺖﺤﺠﻧ ﻪﺘﻣﻮﻜﺣ ﻥﺃ ،ﺪﺣﻷﺍ ﺀﺎﺴﻣ ،ﻲﻤﻇﺎﻜﻟﺍ ﻰﻔﻄﺼﻣ ،ﻲﻗﺍﺮﻌﻟﺍ ﺀﺍﺭﺯﻮﻟﺍ ﺲﻴﺋﺭ ﺪﻛﺃ",
        "ﻩﺩﻮﻘﺗ ﻱﺬﻟﺍ ﻲﻟﻭﺪﻟﺍ ﻒﻟﺎﺤﺘﻟﺍ ﺕﺍﻮﻗ ﺏﺎﺤﺴﻧﻻ ﺔﻴﻨﻣﺯﻭ ﺔﻴﻧﻮﻧﺎﻗ ﺕﺎﻴﻟﺁ ﺽﺮﻓ ﻲﻓ ﺀﺎﻨﺒﻟﺍ ﻲﻘﻴﻘﺤﻟﺍ",
        '                               .ﻲﺑﺎﻫﺭﻹﺍ "ﺶﻋﺍﺩ" ﻢﻴﻈﻨﺗ ﺪﺿ ﺔﻴﻛﺮﻴﻣﻷﺍ ﺓﺪﺤﺘﻤﻟﺍ ﺕﺎﻳﻻﻮﻟﺍ',
    ]


# --- named cases ---------------------------------------------------------------------------------


def test_getty_credit_keeps_its_parentheses() -> None:
    # python-bidi alone gives ")Getty(" here: no mirroring (L4).
    assert lines('الكاظمي يعلن جاهزية القوات العراقية لمواجهة "داعش" (Getty)') == [
        '(Getty) "ﺶﻋﺍﺩ" ﺔﻬﺟﺍﻮﻤﻟ ﺔﻴﻗﺍﺮﻌﻟﺍ ﺕﺍﻮﻘﻟﺍ ﺔﻳﺰﻫﺎﺟ ﻦﻠﻌﻳ ﻲﻤﻇﺎﻜﻟﺍ'
    ]


def test_quoted_daesh() -> None:
    assert lines('"داعش"') == ['"ﺶﻋﺍﺩ"']


def test_number_then_arabic_comma() -> None:
    assert lines("لا يتجاوز 2500، وهو") == ["ﻮﻫﻭ ،2500 ﺯﻭﺎﺠﺘﻳ ﻻ"]


def test_f16_in_arabic_and_latin() -> None:
    assert lines('طائرات "إف 16" العراقية') == ['ﺔﻴﻗﺍﺮﻌﻟﺍ "16 ﻑﺇ" ﺕﺍﺮﺋﺎﻃ']
    assert lines("طائرات F-16 العراقية") == ["ﺔﻴﻗﺍﺮﻌﻟﺍ F-16 ﺕﺍﺮﺋﺎﻃ"]


def test_percent_and_range_after_arabic_at_a_line_start() -> None:
    # Levels come from the whole paragraph: the second line starts with "10%", which follows
    # Arabic text on the line before, so its digits are Arabic numbers (W2) and % sits left of them.
    text = "ارتفع التضخم في البلاد إلى 10% خلال عام 2020-2021 بحسب"
    assert render_lines(text, 26) == [
        " ﻰﻟﺇ ﺩﻼﺒﻟﺍ ﻲﻓ ﻢﺨﻀﺘﻟﺍ ﻊﻔﺗﺭﺍ",
        "ﺐﺴﺤﺑ 2021-2020 ﻡﺎﻋ ﻝﻼﺧ %10",
    ]


def test_arabic_indic_and_persian_digits() -> None:
    assert lines("عدد ٢٥٠٠ جندي و۱۴۰۰ نفر") == ["ﺮﻔﻧ ۱۴۰۰ﻭ ﻱﺪﻨﺟ ٢٥٠٠ ﺩﺪﻋ"]


def test_url_stays_readable() -> None:
    assert lines("راجع https://example.com/a?b=1 للمزيد") == [
        "ﺪﻳﺰﻤﻠﻟ https://example.com/a?b=1 ﻊﺟﺍﺭ"
    ]


def test_lam_alef_forms() -> None:
    assert lines("لا إله الأمر لأن لآلئ") == ["ﺊﻟﻵ ﻥﻷ ﺮﻣﻷﺍ ﻪﻟﺇ ﻻ"]
    # ALLAH is not ligated (fonts draw U+FDF2 wider than one cell).
    assert "\ufdf2" not in "".join(lines("الله أكبر"))


def test_harakat_keep_puts_marks_after_their_base() -> None:
    assert lines("بِسْمِ اللَّهِ") == ["ﻪِﻠَّﻟﺍ ﻢِﺴْﺑِ"]


def test_harakat_strip() -> None:
    assert lines("بِسْمِ اللَّهِ", harakat="strip") == ["ﻪﻠﻟﺍ ﻢﺴﺑ"]


def test_tatweel() -> None:
    assert lines("كـــبير") == ["ﺮﻴﺒـــﻛ"]


def test_persian_letters() -> None:
    assert lines("پژوهش گچ") == ["ﭻﮔ ﺶﻫﻭﮋﭘ"]


def test_emoji_is_two_cells() -> None:
    [line] = prepare("خبر 😀 سعيد").lines(20)
    assert line.text == "ﺪﻴﻌﺳ 😀 ﺮﺒﺧ"
    assert line.cells == 11 and line.pad == 9


def test_english_paragraph_left_aligned() -> None:
    assert render_lines("The quick brown fox (jumps) over the dog.", 20) == [
        "The quick brown fox",
        "(jumps) over the",
        "dog.",
    ]


def test_arabic_paragraph_starting_with_an_english_word() -> None:
    # The first strong letter is Latin: the paragraph is LTR, left aligned.
    assert render_lines("Google تعلن عن هاتف جديد", 40) == ["Google ﺪﻳﺪﺟ ﻒﺗﺎﻫ ﻦﻋ ﻦﻠﻌﺗ"]


def test_escape_sequences_and_bidi_controls_never_reach_the_output() -> None:
    text = "نص\x1b[31m أحمر\x1b]52;c;ZXZpbA==\x07 و\x1b]8;;http://evil\x1b\\رابط\x9b1m\u202eمعكوس"
    out = "".join(render_lines(text, 80))
    # Whole sequences go (the OSC 52 payload and the OSC 8 URL too), the RLO acts, then goes.
    assert out.strip() == "ﺱﻮﻜﻌﻣﻂﺑﺍﺭﻭ ﺮﻤﺣﺃ ﺺﻧ"
    assert not any(unicodedata.category(c) == "Cc" for c in out)
    assert not BIDI_CONTROLS.intersection(out)
    assert "52;" not in out and "evil" not in out


def test_rtl_lines_are_right_aligned() -> None:
    for line in prepare(FIRST_PARAGRAPH).lines(33):
        assert line.pad + line.cells == 33


def test_fit_keeps_the_beginning_with_the_ellipsis_on_the_left() -> None:
    line = fit("الكاظمي: نجحنا بفرض آليات قانونية", 16)
    assert line.text.startswith("…")
    assert line.text.endswith("ﻲﻤﻇﺎﻜﻟﺍ")  # the first word, at the right end
    assert line.pad + line.cells == 16
    english = fit("Kadhimi says the coalition will leave", 16)
    assert english.text == "Kadhimi says…"


def test_terminal_mode_is_logical_and_unshaped() -> None:
    assert render_lines("مرحبا بالعالم", 20, bidi="terminal") == ["       مرحبا بالعالم"]


def test_long_word_is_cut_every_width_cells_never_before_a_mark() -> None:
    word = "ﺑِ" * 10
    for line in prepare("بِ" * 10).lines(4):
        assert line.cells <= 4
        assert not unicodedata.combining(line.text[0])
    assert "".join(render_lines(word, 80)).strip()


def test_index_map_follows_ligatures_and_reordering() -> None:
    text = "قال لا 10"
    [line] = prepare(text).lines(20)
    assert line.text == "10 ﻻ ﻝﺎﻗ"
    # Visual left to right: "10" (offsets 7, 8), space, lam-alef (the lam at 4; its alef at 5 is
    # merged into it), space, then قال reversed.
    assert tuple(line.sources) == (7, 8, 6, 4, 3, 2, 1, 0)


# --- properties ----------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةىـ")
    + list("پچژگکیےٹ")
    + list("\u064b\u064e\u064f\u0650\u0651\u0652")
    + list("abcXYZ0123456789٠١٢۴")
    + list(" ().,:%-/\"'«»[]")
    + list("\u00a0\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    + list("\x1b\x07\x9b\x9d\t\n\x00\x7f")
    + ["😀", "中"]
)
_texts = st.lists(_ALPHABET, max_size=120).map("".join)
_UNMIRROR = {k: min(chr(k), v) for k, v in MIRROR_TABLE.items()}


def _letters(text: str) -> str:
    """What must come back: visible non-space characters, unshaped, mirror pairs folded."""
    # Spaces go first: lines drop the space at a break, and NFKC sorts marks that end up adjacent.
    text = "".join(
        c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
    )
    # A lam-alef ligature carries the lam's harakat after it: fold "ل + marks + ا" the same way
    # (on unshaped letters, then once more through NFKC for the marks this makes adjacent).
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("\u0644([\u064b-\u065f]+)([\u0627\u0623\u0625\u0622])", "\u0644\\2\\1", text)
    return unicodedata.normalize("NFKC", text).translate(_UNMIRROR)


@settings(max_examples=300, deadline=None)
@given(_texts, st.integers(min_value=2, max_value=60), st.sampled_from(["keep", "strip"]))
def test_no_line_exceeds_the_width(text: str, width: int, harakat: str) -> None:
    for line in prepare(text, harakat=harakat).lines(width):  # type: ignore[arg-type]
        assert cell_len(line.padded) <= width


@settings(max_examples=300, deadline=None)
@given(_texts, st.integers(min_value=2, max_value=60))
def test_unreordering_and_unshaping_gives_the_letters_back(text: str, width: int) -> None:
    from reader.text.sanitize import sanitize

    # Marks right after a ZWJ with no letter after them (only more marks and ZWJs until the
    # paragraph ends) have no letter to sit on: arabic-reshaper 3.1.0 drops them with the ZWJ.
    # Out of this property's reach.
    assume(
        not re.search(
            "\u200d[\u064b-\u065f\u200d]*[\u064b-\u065f][\u064b-\u065f\u200d]*$", sanitize(text)
        )
    )
    logical = []
    for line in prepare(text).lines(width):
        order = sorted(range(len(line.text)), key=lambda i: line.sources[i])
        logical.append("".join(line.text[i] for i in order))
    assert _letters("".join(logical)) == _letters(sanitize(text))


@settings(max_examples=300, deadline=None)
@given(_texts, st.integers(min_value=2, max_value=60), st.sampled_from(["app", "terminal"]))
def test_no_control_character_survives(text: str, width: int, bidi: str) -> None:
    for line in prepare(text, bidi=bidi).lines(width):  # type: ignore[arg-type]
        assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in line.padded)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(list("ابت abc12")), max_size=200).map("".join),
    st.integers(min_value=1, max_value=30),
)
def test_fast_wrap_agrees_with_the_general_wrap(text: str, width: int) -> None:
    from reader.text.layout import _wrap_general, _wrap_uniform
    from reader.text.sanitize import sanitize

    clean = sanitize(text)
    assert _wrap_uniform(clean, width) == _wrap_general(clean, width)
