"""One run's session (`reader.library.session`): the settings toggles and where they are saved,
the translator, the layout `--layout auto` chooses, and what the session reads from the state."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library.reading import ReadingState
from reader.library.session import TOGGLES, Session, Settings
from reader.settings import LayoutChoice
from reader.store import Store
from tests.support import tree_hash

DEFAULTS = Settings(layout="rtl", bidi="app", harakat="keep")


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("First title\n\nA paragraph.\n", encoding="utf-8")
    return folder


def session_for(
    news: Path,
    state: ReadingState,
    config: Path | None = None,
    *,
    layout_choice: LayoutChoice = "auto",
) -> Session:
    return Session(
        [news],
        state,
        DEFAULTS,
        language="en",
        layout_choice=layout_choice,
        config_path=config,
    )


@pytest.mark.parametrize("name", sorted(TOGGLES))
def test_a_toggle_flips_its_setting_and_back_without_a_settings_file(
    name: str, news: Path, state: ReadingState
) -> None:
    session = session_for(news, state)
    first, second = TOGGLES[name]
    assert getattr(session.settings, name) == first
    assert session.toggle(name) == (second, None)
    assert getattr(session.settings, name) == second
    assert session.toggle(name) == (first, None)
    assert getattr(session.settings, name) == first
    others = [other for other in TOGGLES if other != name]
    assert all(getattr(session.settings, o) == getattr(DEFAULTS, o) for o in others)


def test_a_toggle_is_written_into_the_settings_file(
    tmp_path: Path, news: Path, state: ReadingState
) -> None:
    config = tmp_path / "config" / "config.toml"
    session = session_for(news, state, config)
    assert session.toggle("harakat") == ("strip", True)
    assert session.toggle("bidi") == ("terminal", True)
    text = config.read_text(encoding="utf-8")
    assert 'harakat = "strip"' in text and 'bidi = "terminal"' in text
    assert session.toggle("harakat") == ("keep", True)
    assert 'harakat = "keep"' in config.read_text(encoding="utf-8")


def test_a_settings_file_inside_an_article_folder_is_never_written(
    news: Path, state: ReadingState
) -> None:
    before = tree_hash(news)
    session = session_for(news, state, news / "config.toml")
    assert session.toggle("layout") == ("ltr", False)
    assert session.settings.layout == "ltr"  # in force for this run all the same
    assert tree_hash(news) == before


def test_a_settings_file_that_cannot_be_parsed_is_left_as_it_is(
    tmp_path: Path, news: Path, state: ReadingState
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("# mine\nharakat = [\n", encoding="utf-8")
    session = session_for(news, state, config)
    assert session.toggle("harakat") == ("strip", False)
    assert session.settings.harakat == "strip"
    assert config.read_text(encoding="utf-8") == "# mine\nharakat = [\n"


def test_the_translator_follows_the_bidi_toggle_only(news: Path, state: ReadingState) -> None:
    session = session_for(news, state)
    assert session.tr.bidi == "app" and session.tr.language == "en"
    session.toggle("bidi")
    assert session.tr.bidi == "terminal" and session.tr.language == "en"
    tr = session.tr
    session.toggle("harakat")
    session.toggle("layout")
    assert session.tr is tr


def test_the_articles_layout_is_used_only_when_it_differs(news: Path, state: ReadingState) -> None:
    session = session_for(news, state)
    assert session.use_layout("rtl") is False
    assert session.settings == DEFAULTS
    assert session.use_layout("ltr") is True
    assert session.settings == DEFAULTS._replace(layout="ltr")
    assert session.layout_is_auto  # chosen by the articles, still automatic


def test_the_layout_toggle_ends_the_automatic_layout(news: Path, state: ReadingState) -> None:
    session = session_for(news, state)
    session.toggle("harakat")
    session.toggle("bidi")
    assert session.layout_is_auto
    session.toggle("layout")
    assert not session.layout_is_auto
    assert not session_for(news, state, layout_choice="rtl").layout_is_auto


def test_the_article_last_opened_in_the_folder_is_resumed(news: Path, state: ReadingState) -> None:
    assert session_for(news, state).resume is None
    article = news / "a.txt"
    state.opened(article, news)
    session = session_for(news, state)
    assert session.folder == news
    assert session.resume == article
    # A single file named: its folder is the one remembered.
    assert Session([article], state, DEFAULTS, language="en").resume == article


def test_the_search_index_lives_beside_the_state_database(
    tmp_path: Path, news: Path, state: ReadingState
) -> None:
    assert session_for(news, state).index_path is None  # in memory, like the state
    store = Store.open(tmp_path / "state.sqlite3")
    try:
        session = session_for(news, ReadingState(store))
        assert session.index_path == tmp_path / "state.search.sqlite3"
    finally:
        store.close()


def test_the_warnings_are_the_state_databases(news: Path, state: ReadingState) -> None:
    session = session_for(news, state)
    assert session.warnings == []
    state.store.warnings.append("config.toml:3: not valid TOML")
    assert session.warnings == ["config.toml:3: not valid TOML"]


def test_choose_sets_and_saves_a_workflow_setting(news: Path, tmp_path: Path) -> None:
    from reader.config import load_config

    config = tmp_path / "config.toml"
    config.write_text('# mine\nlayout = "rtl"\n\n[feeds."https://x.test/"]\nkeep_items = 3\n')
    session = session_for(news, ReadingState(Store.open(None)), config)
    assert session.choose("sort", "title") is True
    assert session.choose("list_width", 40) is True
    assert (session.settings.sort, session.settings.list_width) == ("title", 40)
    loaded = load_config(config)
    assert loaded.choices.sort == "title" and loaded.choices.list_width == 40
    assert "# mine" in config.read_text() and not loaded.problems
    with pytest.raises(ValueError):
        session.choose("bidi", "terminal")
