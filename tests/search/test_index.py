"""The FTS5 index: round trips, incremental sync, ranking, threads, large articles, real cases."""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from reader.model import Article, ArticleError, Paragraph
from reader.search import terms
from reader.search.index import SearchIndex
from reader.search.match import Query
from reader.search.normalize import match_text, words
from tests.search.samples import article as _article
from tests.search.samples import load as _load


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex.open(None)


def _paths(hits: Sequence[object]) -> list[str]:
    return [Path(h.path).name for h in hits]  # type: ignore[attr-defined]


def _fts_rows(index: SearchIndex, term: str) -> int:
    """The rows of the FTS table itself holding `term`, read from the index file (not only the
    hits `search` shows)."""
    conn = sqlite3.connect(f"file:{index.path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?", (f'"{term}"',))
        return int(rows.fetchall()[0][0])
    finally:
        conn.close()


def _on_disk(tmp_path: Path) -> tuple[Path, SearchIndex]:
    """An article folder and an index file beside it (not inside: the folder is synced)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder, SearchIndex.open(tmp_path / "index.sqlite3")


# --- round trips ------------------------------------------------------------------------------


def test_round_trip_with_arabic_rules(index: SearchIndex) -> None:
    index.add(_article(Path("/a.txt"), "الكاظمي: نجحنا", "وقال الكاظمي، خلال لقاء جمعه"))
    index.add(_article(Path("/b.txt"), "أخبار", "وصل الرَّئِيسُ إلى المدرسة عام ٢٠٢١"))
    assert _paths(index.search("الكاظمى")) == ["a.txt"]
    assert _paths(index.search("قال")) == ["a.txt"]
    assert _paths(index.search("الرئيس مدرسه 2021")) == ["b.txt"]
    assert _paths(index.search("اخبار")) == ["b.txt"]  # the title is indexed too
    assert index.search("غير موجود") == []
    assert index.search(" ،. ") == []


def test_all_words_must_match(index: SearchIndex) -> None:
    index.add(_article(Path("/a.txt"), "t", "قال الوزير"))
    index.add(_article(Path("/b.txt"), "t", "قال الرئيس"))
    assert _paths(index.search("قال الرئيس")) == ["b.txt"]
    assert sorted(_paths(index.search("قال"))) == ["a.txt", "b.txt"]


def test_partial_search_as_you_type(index: SearchIndex) -> None:
    index.add(_article(Path("/a.txt"), "t", "والكاظمي قال"))
    assert _paths(index.search("الكاظ", partial=True)) == ["a.txt"]
    assert index.search("الكاظ") == []
    assert _paths(index.search("ا", partial=True)) == ["a.txt"]


def test_title_hits_rank_first(index: SearchIndex) -> None:
    index.add(_article(Path("/body.txt"), "أخبار اليوم", "تحدث الوزير عن الاقتصاد " * 3))
    index.add(_article(Path("/title.txt"), "الاقتصاد العراقي", "تقرير طويل عن أمور أخرى"))
    assert _paths(index.search("الاقتصاد")) == ["title.txt", "body.txt"]


def test_limit_and_no_snippets(index: SearchIndex) -> None:
    for n in range(5):
        index.add(_article(Path(f"/{n}.txt"), "t", "قال"))
    assert len(index.search("قال", limit=2)) == 2
    hits = index.search("قال", snippets=False)
    assert len(hits) == 5
    assert all(h.snippet == "" and h.spans == () for h in hits)


# --- snippets ---------------------------------------------------------------------------------


def test_snippet_spans_point_at_the_hits(index: SearchIndex) -> None:
    index.add(_article(Path("/a.txt"), "عنوان", "مقدمة", "وقال الكاظمي إن قال"))
    (hit,) = index.search("قال")
    assert hit.snippet == "وقال الكاظمي إن قال"
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["وقال", "قال"]


# --- sync from files ----------------------------------------------------------------------------


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def test_sync_indexes_then_skips_unchanged_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "عنوان\nوقال الكاظمي")
    _write(tmp_path, "b.txt", "عنوان آخر\nنص آخر")
    index = SearchIndex.open(None)
    first = index.sync(_files(tmp_path), _load)
    assert (first.files, first.indexed, first.unchanged) == (2, 2, 0)
    calls: list[Path] = []

    def counting(path: Path) -> Sequence[Article | ArticleError]:
        calls.append(path)
        return _load(path)

    second = index.sync(_files(tmp_path), counting)
    assert (second.indexed, second.unchanged) == (0, 2)
    assert calls == []
    assert _paths(index.search("قال")) == ["a.txt"]


def test_sync_reindexes_an_edited_file(tmp_path: Path) -> None:
    folder, index = _on_disk(tmp_path)
    path = _write(folder, "a.txt", "عنوان\nوقال الكاظمي")
    index.sync(_files(folder), _load)
    path.write_text("عنوان\nالوزير تحدث طويلا", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse clocks
    stats = index.sync(_files(folder), _load)
    assert stats.indexed == 1
    assert index.search("قال") == []
    assert _fts_rows(index, "قال") == 0
    assert _paths(index.search("الوزير")) == ["a.txt"]


def test_touched_but_unchanged_file_is_not_reparsed(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", "عنوان\nوقال")
    index = SearchIndex.open(None)
    index.sync(_files(tmp_path), _load)
    os.utime(path, ns=(5, 5))

    def refusing(path: Path) -> Sequence[Article | ArticleError]:
        raise AssertionError("should not parse an unchanged file")

    stats = index.sync(_files(tmp_path), refusing)
    assert (stats.indexed, stats.unchanged) == (0, 1)
    assert _paths(index.search("قال")) == ["a.txt"]


def test_sync_prunes_removed_files(tmp_path: Path) -> None:
    folder, index = _on_disk(tmp_path)
    _write(folder, "a.txt", "عنوان\nقال")
    gone = _write(folder, "b.txt", "عنوان\nقال")
    index.sync(_files(folder), _load)
    gone.unlink()
    stats = index.sync(_files(folder), _load)
    assert stats.removed == 1
    assert _paths(index.search("قال")) == ["a.txt"]
    assert len(index) == 1
    assert _fts_rows(index, "قال") == 1  # gone from the FTS index itself, not only hidden


def test_sync_reports_refused_files_and_missing_ones(tmp_path: Path) -> None:
    _write(tmp_path, "bad.txt", "!nope")
    index = SearchIndex.open(None)
    stats = index.sync([*_files(tmp_path), tmp_path / "missing.txt"], _load)
    assert [p.name for p, _ in stats.errors] == ["bad.txt", "missing.txt"]
    assert "refused" in stats.errors[0][1]
    again = index.sync(_files(tmp_path), _load)  # a cached refusal is still reported
    assert [p.name for p, _ in again.errors] == ["bad.txt"]


def test_a_file_with_several_articles(tmp_path: Path) -> None:
    _write(tmp_path, "list.json", "LIST\nقال الوزير\nالكاظمي")
    index = SearchIndex.open(None)
    index.sync(_files(tmp_path), _load)
    assert _paths(index.search("الوزير")) == ["list.json#0"]
    assert _paths(index.search("كاظمي")) == ["list.json#1"]


def test_cancelled_sync_keeps_the_rest(tmp_path: Path) -> None:
    for n in range(3):
        _write(tmp_path, f"{n}.txt", "عنوان\nقال")
    index = SearchIndex.open(None)
    index.sync(_files(tmp_path), _load)
    stats = index.sync(_files(tmp_path)[:1], _load, cancelled=lambda: True)
    assert stats.removed == 0
    assert len(index) == 3


def test_progress_counts_files(tmp_path: Path) -> None:
    for n in range(3):
        _write(tmp_path, f"{n}.txt", "عنوان\nقال")
    seen: list[int] = []
    SearchIndex.open(None).sync(_files(tmp_path), _load, progress=seen.append)
    assert seen == [1, 2, 3]


def test_persistent_index_survives_reopen(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder, "a.txt", "عنوان\nوقال")
    with SearchIndex.open(tmp_path / "index.sqlite3") as index:
        index.sync(_files(folder), _load)
    with SearchIndex.open(tmp_path / "index.sqlite3") as index:
        assert _paths(index.search("قال")) == ["a.txt"]
        assert index.sync(_files(folder), _load).unchanged == 1


def test_search_from_another_thread_during_sync(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(200):
        _write(folder, f"{n:03}.txt", f"عنوان {n}\nوقال الكاظمي {n}")
    index = SearchIndex.open(tmp_path / "index.sqlite3")
    results: list[int] = []
    errors: list[BaseException] = []

    def searcher() -> None:
        try:
            for _ in range(20):
                results.append(len(index.search("قال", snippets=False)))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=searcher)
    thread.start()
    index.sync(_files(folder)[:-1], _load)
    thread.join()
    assert errors == []
    assert results == sorted(results)  # only ever grows, batch by batch
    assert len(index.search("قال", snippets=False)) == 199


# --- resilience -------------------------------------------------------------------------------


def test_corrupt_index_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    index = SearchIndex.open(path)
    assert index.path == path
    assert any("moved it to" in w for w in index.warnings)
    assert [p.name for p in tmp_path.glob("index.sqlite3.corrupt-*")]
    index.add(_article(Path("/a.txt"), "t", "قال"))
    assert _paths(index.search("قال")) == ["a.txt"]


def test_index_agrees_with_a_brute_force_scan() -> None:
    """Every query finds exactly the articles whose words match it by the reference rule."""
    rng = random.Random(3)
    stems = ["قال", "كتاب", "الكاظمي", "مدرسة", "أحمد", "زيت", "لبن", "2021", "news"]
    stems += ["مسؤولية", "١٤٤١هـ", "5.4%", "5", "4", "2021م"]
    prefixes = ["", "", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "فال"]
    index = SearchIndex.open(None)
    texts: dict[str, str] = {}
    for n in range(80):
        text = " ".join(rng.choice(prefixes) + rng.choice(stems) for _ in range(rng.randint(1, 6)))
        texts[f"{n}.txt"] = text
        index.add(_article(Path(f"/{n}.txt"), "t", text))
    queries = [*stems, "الكتاب", "المدرسه", "وقال", "كت", "ال", "قال كتاب", "زيت news"]
    queries += ["مسئولية", "1441", "5.4", "والكتاب", "بالمدرسة", "20", "5."]
    for text in queries:
        for partial in (False, True):
            query = Query.parse(text, partial=partial)
            expected = {
                name
                for name, body in texts.items()
                if all(
                    any(
                        Query((w,), partial=query.is_prefix(i)).matches_word(x)
                        for x in words(match_text(body))
                    )
                    for i, w in enumerate(query.words)
                )
            }
            found = {Path(h.path).name for h in index.search(query, snippets=False)}
            assert found == expected, (text, partial)
            assert all(h.spans for h in index.search(query))  # every hit has a highlighted snippet


def test_unranked_search_finds_the_same_articles(index: SearchIndex) -> None:
    for n in range(6):
        index.add(_article(Path(f"/{n}.txt"), "t", "قال " * (n + 1) + ("الوزير" if n % 2 else "")))
    ranked = index.search("قا", partial=True, snippets=False)
    unranked = index.search("قا", partial=True, snippets=False, ranked=False)
    assert sorted(_paths(ranked)) == sorted(_paths(unranked)) == [f"{n}.txt" for n in range(6)]
    assert all(h.score == 0.0 for h in unranked)
    assert _paths(index.search("ا", partial=True, ranked=False)) == ["1.txt", "3.txt", "5.txt"]


# --- large articles: in pieces, outside the lock, in bounded memory ----------------------------


def test_a_changed_file_is_unindexed_without_holding_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, index = _on_disk(tmp_path)
    path = _write(folder, "a.txt", "عنوان\n" + "وقال الكاظمي\n\n" * 50)
    _write(folder, "b.txt", "عنوان\nقال الوزير")
    index.sync(_files(folder), _load)
    path.write_text("عنوان\nالوزير تحدث طويلا", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    real = terms.normalize
    syncing = threading.get_ident()
    searched: list[int] = []

    def normalize_and_search(text: str) -> str:
        # While the syncing thread normalizes, a search from another thread must get through:
        # if the lock were held here, it would wait for this very call to return.
        if threading.get_ident() == syncing:  # at every call: old terms and new
            other = threading.Thread(
                target=lambda: searched.append(len(index.search("قال", snippets=False)))
            )
            other.start()
            other.join(60)
            assert not other.is_alive(), "a search waited on the index lock during normalizing"
        return real(text)

    monkeypatch.setattr(terms, "normalize", normalize_and_search)
    stats = index.sync(_files(folder), _load)
    assert stats.indexed == 1 and searched[0] == 2  # the old a.txt still there at first
    assert _paths(index.search("قال")) == ["b.txt"]
    assert _fts_rows(index, "الكاظمي") == 0
    assert sorted(_paths(index.search("الوزير"))) == ["a.txt", "b.txt"]


def test_a_cancelled_sync_stops_inside_a_large_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terms, "PIECE_CHARS", 100)
    _write(tmp_path, "a.txt", "عنوان\n" + "وقال الكاظمي " * 2000)
    index = SearchIndex.open(None)
    polls: list[int] = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 3  # after the file began, between its pieces

    index.sync(_files(tmp_path), _load, cancelled=cancelled)
    assert len(polls) == 4 and len(index) == 0


def test_a_60_mb_class_article_is_searched_in_bounded_memory(tmp_path: Path) -> None:
    from tests.hostile import run

    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "big"
    folder.mkdir()
    paragraph = "وقال الكاظمي خلال لقاء جمعه بالرئيس في المدرسة عام ٢٠٢١ إن الهيئة تعمل. "
    repeats = (12 * 2**20) // len(paragraph.encode())
    # One 12 MB paragraph: the old snippet mapped it character by character (~1.5 GB).
    (folder / "one.txt").write_text("عنوان\n\n" + paragraph * repeats + "\n", encoding="utf-8")
    result = run(["search", "الهيئة", folder], home=home, timeout=300, memory_mb=700)
    assert result.code == 0 and not result.timed_out, result.describe()
    assert b"Traceback" not in result.err and "الهيئة".encode() in result.out, result.describe()
    assert result.peak_mb < 10 * 12 + 60, result.describe()  # ≤ 10x the article, plus Python


# --- issue #10: real-world search cases ---------------------------------------------------------


def test_a_number_glued_to_an_era_letter_is_found_alone(index: SearchIndex) -> None:
    index.add(_article(Path("/hijri.txt"), "t", "صدر القرار في ١٤٤١/٣/٢هـ الموافق ١٤٤٦هـ و2021م"))
    for query in ("1441", "١٤٤٦", "1446", "2021", "١٤٤٦هـ"):
        assert _paths(index.search(query)) == ["hijri.txt"], query
    assert index.search("1446", partial=True, ranked=False)


def test_hamza_seats_and_persian_letters_fold_in_index_and_query(index: SearchIndex) -> None:
    index.add(_article(Path("/a.txt"), "t", "وعليها تقع المسؤولية وهيأة الشؤون"))
    index.add(_article(Path("/b.txt"), "t", "کتابخانه پاکستانی ہے"))
    assert _paths(index.search("مسئولية")) == ["a.txt"]
    assert _paths(index.search("هيئة شئون")) == ["a.txt"]
    assert _paths(index.search("كتابخانة پاكستاني هي")) == ["b.txt"]


def test_query_words_lose_attached_prefixes_before_the_article(index: SearchIndex) -> None:
    index.add(_article(Path("/a.txt"), "t", "موسم العنب"))
    index.add(_article(Path("/b.txt"), "t", "كروم بالعنب"))
    index.add(_article(Path("/c.txt"), "t", "زير لد"))
    assert sorted(_paths(index.search("والعنب"))) == ["a.txt", "b.txt"]
    assert sorted(_paths(index.search("للعنب"))) == ["a.txt", "b.txt"]
    # no stripping without an article: وزير does not look for زير, nor ولد for لد
    assert index.search("وزير") == index.search("ولد") == []


def test_decimals_and_percent_are_one_term(index: SearchIndex) -> None:
    index.add(_article(Path("/a.txt"), "t", "ارتفع بنسبة ٥٫٤٪"))
    index.add(_article(Path("/b.txt"), "t", "بين 5 و 4 نقاط"))
    index.add(_article(Path("/c.txt"), "t", "بلغ 1,000 و5.4 مليون"))
    assert sorted(_paths(index.search("5.4"))) == ["a.txt", "c.txt"]
    assert _paths(index.search("5.4%")) == ["a.txt"]
    assert _paths(index.search("١٬٠٠٠")) == ["c.txt"]
    assert _paths(index.search("5")) == ["b.txt"]
    (hit,) = index.search("٥٫٤٪")
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["٥٫٤٪"]


def test_date_line_caption_credit_source_and_authors_are_searchable(index: SearchIndex) -> None:
    article = Article(
        title="الكاظمي",
        paragraphs=(Paragraph("نص المقال"),),
        date=dt.date(2021, 4, 18),
        date_text="18 ابريل 2021",
        caption="صورة من بغداد",
        credit="Getty",
        source="العربي الجديد",
        authors=("مصطفى سالم",),
        tags=("العراق",),
        path=Path("/seed.txt"),
    )
    index.add(article)
    index.add(_article(Path("/other.txt"), "t", "نص آخر"))
    for query in (
        "2021",
        "٢٠٢١",
        "ابريل",
        "2021-04-18",
        "بغداد",
        "getty",
        "الجديد",
        "سالم",
        "العراق",
    ):
        assert _paths(index.search(query)) == ["seed.txt"], query
    (hit,) = index.search("2021")
    assert hit.snippet == "18 ابريل 2021"  # the date line's own line, not the ISO date's
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["2021"]
