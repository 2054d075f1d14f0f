"""`reader search QUERY PATH ... [--json]`: output, exit status, safety, persistent index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reader import cli
from reader.commands import search as search_command
from reader.search import SearchUnavailableError


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("READER_STATE", raising=False)
    monkeypatch.chdir(tmp_path)
    root = Path("articles")
    root.mkdir()
    (root / "a.md").write_text(
        "# الكاظمي يتحدث\n\nوقال الكاظمي، خلال لقاء جمعه مع عدد من الضباط، إن القوات جاهزة.\n",
        encoding="utf-8",
    )
    (root / "b.md").write_text(
        "# أخبار الاقتصاد\n\nارتفعت الأسعار بنسبة ٥٪ في عام ٢٠٢١.\n", encoding="utf-8"
    )
    (root / "c.md").write_text(
        "# Markets today\n\nReuters reported that prices rose in 2021.\n", encoding="utf-8"
    )
    return root


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(["search", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    status, out, _ = _run(capsys, *args, "--json")
    return status, json.loads(out)


def test_plain_output_one_line_per_match(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "الكاظمى", str(folder))
    assert status == 0 and err == ""
    (line,) = out.splitlines()
    path, title, snippet = line.split("\t")
    assert path == "articles/a.md"
    assert title == "الكاظمي يتحدث"
    assert "وقال الكاظمي" in snippet


def test_prefix_digits_and_case(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "قال", str(folder))[1].startswith("articles/a.md\t")
    both = _run(capsys, "2021", str(folder))[1].splitlines()
    assert sorted(line.split("\t")[0] for line in both) == ["articles/b.md", "articles/c.md"]
    assert _run(capsys, "REUTERS", str(folder))[1].startswith("articles/c.md\t")


def test_nothing_matched_is_status_1(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "غير موجود", str(folder)) == (1, "", "")


def test_usage_errors_are_status_2_with_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, "قال", "missing-folder")
    assert (status, out) == (2, "")
    assert err == "reader search: no such file or folder: missing-folder\n"
    status, out, err = _run(capsys, " ،؟ ", str(folder))
    assert (status, out) == (2, "")
    assert err == "reader search: the query has no words to look for\n"
    assert _run(capsys, "قال", str(folder), "--limit", "0")[0] == 2


def test_json_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, doc = _json(capsys, "الكاظمي قال", str(folder))
    assert status == 0
    assert doc["words"] == ["الكاظمي", "قال"]
    (result,) = doc["results"]
    assert result["path"] == "articles/a.md"
    assert result["title"] == "الكاظمي يتحدث"
    marked = [result["snippet"][a:b] for a, b in result["spans"]]
    assert marked == ["وقال", "الكاظمي"]
    assert doc["errors"] == []


def test_json_when_nothing_matched(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, doc = _json(capsys, "zzz", str(folder))
    assert status == 1
    assert doc["results"] == []


def test_limit(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(_json(capsys, "2021", str(folder), "--limit", "1")[1]["results"]) == 1


def test_unreadable_files_are_reported_and_do_not_hide_matches(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    status, out, err = _run(capsys, "قال", str(folder))
    assert status == 0
    assert out.startswith("articles/a.md\t")
    assert err.startswith("reader search: articles/binary.txt: ")
    status, doc = _json(capsys, "قال", str(folder))
    assert status == 0
    assert [e["path"] for e in doc["errors"]] == ["articles/binary.txt"]


def test_hostile_text_never_reaches_the_terminal(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "evil.md").write_text(
        "# \x1b]52;c;ZXZpbA==\x07عنوان \u202eخبيث\n\n"
        "وقال \x1b[31mالمهاجم\x9b2J كلاما \u2066خطيرا\n",
        encoding="utf-8",
    )
    for args in (("المهاجم", str(folder)), ("المهاجم", str(folder), "--json")):
        status, out, _ = _run(capsys, *args)
        assert status == 0
        assert "المهاجم" in out
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"):
            assert bad not in out


def test_json_list_articles_keep_their_item_paths(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "list.json").write_text(
        json.dumps(
            [
                {"title": "الأول", "body": "نص عن الزيتون"},
                {"title": "الثاني", "body": "وبالزيتون نبدأ"},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    status, doc = _json(capsys, "زيتون", str(folder))
    assert status == 0
    assert sorted(r["path"] for r in doc["results"]) == [
        "articles/list.json#0",
        "articles/list.json#1",
    ]


def test_state_keeps_the_index_beside_it(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    state = tmp_path / "st" / "state.sqlite3"
    first = _run(capsys, "قال", str(folder), "--state", str(state))
    assert (state.parent / "state.search.sqlite3").exists()
    assert not state.exists()  # search keeps no reading state
    (folder / "d.md").write_text("# جديد\n\nفقال الرجل\n", encoding="utf-8")
    status, out, _ = _run(capsys, "قال", str(folder), "--state", str(state))
    assert first[0] == status == 0
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == [
        "articles/a.md",
        "articles/d.md",
    ]


def test_reader_state_env_is_used_too(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("READER_STATE", str(tmp_path / "env.sqlite3"))
    assert _run(capsys, "قال", str(folder))[0] == 0
    assert (tmp_path / "env.search.sqlite3").exists()


def test_without_state_nothing_is_written(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert _run(capsys, "قال", str(folder))[0] == 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_missing_fts5_is_status_2(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(_path: Path | None) -> None:
        raise SearchUnavailableError("search needs SQLite's FTS5 extension")

    monkeypatch.setattr(search_command.SearchIndex, "open", unavailable)
    status, out, err = _run(capsys, "قال", str(folder))
    assert (status, out) == (2, "")
    assert err == "reader search: search needs SQLite's FTS5 extension\n"


def test_help_documents_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["search", "--help"])
    out = capsys.readouterr().out
    assert "0 when something matched, 1 when nothing matched" in out.replace("\n", " ")


def test_index_write_failure_is_a_message_not_a_traceback(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(search_command.SearchIndex, "sync", failing)
    status, out, err = _run(capsys, "قال", str(folder))
    assert (status, out) == (2, "")
    assert err == "reader search: the search index failed: database or disk is full\n"


def test_an_index_inside_the_article_folder_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sorted(p.name for p in folder.rglob("*"))
    status, out, err = _run(capsys, "قال", str(folder), "--state", str(folder / "s.sqlite3"))
    assert (status, out) == (2, "")
    assert err.startswith(
        "reader search: the search index articles/s.search.sqlite3 would be written inside "
        "the article folder articles;"
    )
    monkeypatch.setenv("READER_STATE", str(folder / "deeper" / "s.sqlite3"))
    assert _run(capsys, "قال", str(folder))[0] == 2
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_errors_go_to_the_json_document_not_stderr(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "empty.txt").write_bytes(b"")
    status, out, err = _run(capsys, "قال", str(folder), "--json")
    assert status == 0 and err == ""
    assert json.loads(out)["errors"] == [{"path": "articles/empty.txt", "error": "empty file"}]


# --- issue #10: real-world search cases ---------------------------------------------------------

_SEED = Path(__file__).resolve().parents[2] / "articles" / "000_a322a2262cb437ac.txt"


def test_a_year_only_in_the_date_line_is_found(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The seed's only 2021 is its date line ("18 ابريل 2021").
    (folder / _SEED.name).write_bytes(_SEED.read_bytes())
    for year in ("2021", "٢٠٢١"):
        found = [line.split("\t")[0] for line in _run(capsys, year, str(folder))[1].splitlines()]
        assert f"articles/{_SEED.name}" in found, year
    status, out, _ = _run(capsys, "Getty", str(folder))  # the caption's credit
    assert status == 0 and out.startswith(f"articles/{_SEED.name}\t")


def test_issue_search_cases_on_the_command_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "d.md").write_text(
        "# قرار\n\nصدر في ١٤٤١هـ، وتقع المسؤولية على هيأة الشؤون، وارتفع الإنتاج ٥٫٤٪ بالعنب.\n",
        encoding="utf-8",
    )
    (folder / "e.md").write_text("# أرقام\n\nبين 5 و 4 نقاط، والزيتونة.\n", encoding="utf-8")

    def found(query: str) -> list[str]:
        status, doc = _json(capsys, query, str(folder))
        assert status in (0, 1)
        return sorted(result["path"] for result in doc["results"])

    for query in ("1441", "مسئولية", "هيئة شئون", "والعنب", "5.4", "5.4%"):
        assert found(query) == ["articles/d.md"], query
    assert found("5 4") == ["articles/e.md"]  # 5.4 is not 5 and 4
    assert found("١٤٤١") == ["articles/d.md"]
    assert _json(capsys, "والعنب", str(folder))[1]["words"] == ["العنب"]


def test_the_last_word_is_whole_as_after_enter_in_the_app(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "olive.md").write_text("# الزيتون\n\nموسم قطاف الزيتون.\n", encoding="utf-8")
    (folder / "school.md").write_text("# مدرسة\n\nمدرسة الزيتونة.\n", encoding="utf-8")
    status, out, _ = _run(capsys, "الزيتون", str(folder))
    assert status == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["articles/olive.md"]
