"""The help screen (issue #13): which keys act in which pane, in the interface's language."""

from __future__ import annotations

from reader.i18n import Translator
from reader.ui.screens.help import help_blocks


def test_help_has_a_section_per_pane_in_order() -> None:
    blocks = help_blocks(Translator("en", "app"))
    titles = [block.text for block in blocks if block.role == "label"]
    assert titles == ["Everywhere", "Headline list", "Article"]
    texts = [block.text for block in blocks]
    list_at, body_at = texts.index("Headline list"), texts.index("Article")
    assert any("First headline" in t for t in texts[list_at:body_at])
    assert any("Scroll down" in t for t in texts[body_at:])
    assert not any("Scroll down" in t for t in texts[:body_at])
    assert any("Ctrl+P" in t for t in texts[:list_at])


def test_help_sections_in_arabic() -> None:
    blocks = help_blocks(Translator("ar", "app"))
    titles = [block.text for block in blocks if block.role == "label"]
    assert titles == ["في كل مكان", "قائمة العناوين", "المقال"]
    assert all(block.direction == "rtl" for block in blocks)
    assert any("مرّر للأسفل" in block.text for block in blocks)
