"""The plain-text scrape format, starting with the seed article it was designed from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.model import ArticleError
from reader.sources import load_article
from reader.sources.text import parse_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"
SEED_TITLE = "الكاظمي: نجحنا بفرض آليات قانونية وزمنية لانسحاب التحالف الدولي"


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return load_article(SEED)


def test_seed_is_the_shared_copy() -> None:
    shared = Path("/work/shared/seed/000_a322a2262cb437ac.txt")
    if not shared.exists():
        pytest.skip("shared seed not available on this machine")
    assert SEED.read_bytes() == shared.read_bytes()


def test_seed_title_once(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.title == SEED_TITLE
    assert all(p.text.strip() != SEED_TITLE for p in seed.paragraphs)


def test_seed_date(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.date == dt.date(2021, 4, 18)
    assert seed.date_text == "18 ابريل 2021"


def test_seed_caption_and_credit(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.caption == 'الكاظمي يعلن جاهزية القوات العراقية لمواجهة "داعش"'
    assert seed.credit == "Getty"


def test_seed_body(seed) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in seed.paragraphs]
    assert len(texts) == 10
    assert texts[0].startswith("أكد رئيس الوزراء العراقي، مصطفى الكاظمي")
    assert texts[-1].endswith("في محافظة ذي قار جنوبي البلاد، السبت.")
    assert not any("+ الخط -" in t or "المساهمون" in t for t in texts)
    assert all(t == t.rstrip() for t in texts)  # the scrape's trailing spaces are gone
    assert all(p.kind == "body" and p.spans == () for p in seed.paragraphs)


def test_seed_metadata(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.authors == ()
    assert seed.direction == "rtl"
    assert seed.language == "ar"
    assert seed.encoding == "utf-8"
    assert seed.format == "text"
    assert seed.warnings == ()
    assert seed.path == SEED


def test_title_and_paragraphs_only() -> None:
    article = parse_text("عنوان الخبر\nالفقرة الأولى.\nالفقرة الثانية.\n")
    assert article.title == "عنوان الخبر"
    assert [p.text for p in article.paragraphs] == ["الفقرة الأولى.", "الفقرة الثانية."]
    assert article.date is None and article.date_text == "" and article.caption == ""


def test_title_only() -> None:
    article = parse_text("عنوان فقط")
    assert article.title == "عنوان فقط" and article.paragraphs == ()


def test_contributors_become_authors() -> None:
    text = "عنوان\n\n1 مايو 2022\nنص الخبر.\n\nالمساهمون\nسارة علي\nمحمد حسن، ليلى يوسف\n"
    article = parse_text(text)
    assert article.authors == ("سارة علي", "محمد حسن", "ليلى يوسف")
    assert [p.text for p in article.paragraphs] == ["نص الخبر."]
    assert article.date == dt.date(2022, 5, 1)


def test_contributors_label_with_names_on_same_line() -> None:
    article = parse_text("عنوان\nنص.\nالمساهمون: سارة علي")
    assert article.authors == ("سارة علي",)


def test_long_line_after_label_is_body_not_authors() -> None:
    long_line = "هذه جملة طويلة جدا من نص الخبر وليست اسما لأي من المساهمين في كتابة هذا الخبر"
    article = parse_text(f"عنوان\nالمساهمون\n{long_line}")
    assert article.authors == ()
    assert article.paragraphs[-1].text == long_line


def test_unknown_date_kept_as_text_with_warning() -> None:
    article = parse_text("عنوان\n04/05/2021\nنص.")
    assert article.date is None
    assert article.date_text == "04/05/2021"
    assert any("date not understood" in w for w in article.warnings)


def test_caption_without_date_and_residue_anywhere() -> None:
    article = parse_text("Title\nA soldier at a checkpoint (Reuters)\n+ الخط -\nBody.")
    assert (article.caption, article.credit) == ("A soldier at a checkpoint", "Reuters")
    assert [p.text for p in article.paragraphs] == ["Body."]
    assert article.direction == "ltr" and article.language == "en"


def test_different_second_line_is_not_dropped() -> None:
    article = parse_text("عنوان\nعنوان آخر\n")
    assert [p.text for p in article.paragraphs] == ["عنوان آخر"]


def test_crlf_and_bom() -> None:
    article = parse_text("\ufeffعنوان\r\n\r\n18 ابريل 2021\r\nنص.\r\n")
    assert article.title == "عنوان"
    assert article.date == dt.date(2021, 4, 18)
    assert [p.text for p in article.paragraphs] == ["نص."]


@pytest.mark.parametrize("text", ["", "   \n\t\n  \n"])
def test_empty_is_an_error(text: str) -> None:
    with pytest.raises(ArticleError, match="empty"):
        parse_text(text)


def test_one_line_of_100000_words() -> None:
    line = " ".join(["كلمة"] * 100_000)
    article = parse_text(line, fallback_title="long")
    assert article.title == "long"
    assert len(article.paragraphs) == 1 and article.words == 100_000
    assert any("too long for a title" in w for w in article.warnings)


def test_credited_first_paragraph_without_date_stays_a_paragraph() -> None:
    article = parse_text("عنوان\nقال مسؤول إن المحادثات ستستأنف غداً (رويترز)\nفقرة ثانية.")
    assert article.caption == "" and article.credit == ""
    assert article.paragraphs[0].text == "قال مسؤول إن المحادثات ستستأنف غداً (رويترز)"


def test_caption_before_the_date() -> None:
    article = parse_text("عنوان\nصورة الحدث (AFP)\n+ الخط -\n18 ابريل 2021\nنص.")
    assert (article.caption, article.credit) == ("صورة الحدث", "AFP")
    assert article.date is not None and [p.text for p in article.paragraphs] == ["نص."]
