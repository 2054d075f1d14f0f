"""Per-feed options: config.toml's `[feeds."URL"]` tables read with file:line problems, written
by tomlkit keeping the user's file, moved with a feed; an OPML import writes the urls file once;
`reader URL` refreshes that feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.commands.tui import open_feeds
from reader.config import (
    Loaded,
    UnusableConfig,
    load_config,
    move_feed_options,
    save_feed_options,
)
from reader.feeds.options import FeedOptions, describe, options_for
from reader.feeds.subscriptions import Subscription, add_subscriptions, read_urls
from reader.settings import Choices

A = "https://a.example/rss"
B = "https://b.example/feed.xml"

USER_FILE = """\
# my settings
bidi = "app"  # the reader reorders

[feeds."https://a.example/rss"]
# the busy one
keep_items = 100
"""


def test_feed_tables_are_read(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        USER_FILE + f'\n[feeds."{B}"]\nkeep_days = 30\nfull_text = true\nkeep_items = 0\n'
    )
    loaded = load_config(config)
    assert loaded.problems == ()
    assert dict(loaded.feed_options) == {
        A: FeedOptions(keep_items=100),
        B: FeedOptions(keep_items=0, keep_days=30, full_text=True),
    }
    assert loaded.choices.bidi == "app"


def test_no_feeds_table_is_no_options(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('bidi = "app"\n')
    assert dict(load_config(config).feed_options) == {}
    assert dict(load_config(None).feed_options) == {}


def test_each_problem_is_said_once_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'layout = "ltr"\n[feeds."{A}"]\n# a comment\nkeep_items = -1\ncolour = 2\n'
        'full_text = "yes"\nkeep_days = 7\n'
        '[feeds."ftp://x.example/"]\nkeep_days = 1\n'
        f'[feeds."{B}"]\nkeep_days = 1.5\nkeep_items = true\n'
    )
    loaded = load_config(config)
    where = str(config)
    assert loaded.problems == (
        f"{where}:4: keep_items must not be negative (0: no limit), not -1",
        f"{where}:5: unknown key 'colour' for a feed (known: keep_items, keep_days, full_text)",
        f"{where}:6: full_text must be true or false, not 'yes'",
        f"{where}:8: feeds: 'ftp://x.example/': not a web address (ftp:); only http and https "
        "feeds are fetched",
        f"{where}:11: keep_days must be a whole number of days, not 1.5",
        f"{where}:12: keep_items must be a whole number of items, not True",
    )
    # What is valid is still used: the feed's other options, the other settings.
    assert dict(loaded.feed_options) == {A: FeedOptions(keep_days=7), B: FeedOptions()}
    assert loaded.choices.layout == "ltr"


def test_a_feeds_value_that_is_not_a_table(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'bidi = "app"\nfeeds = 3\n[other]\n"{A}" = 1\n')
    assert load_config(config).problems == (
        f"{config}:2: feeds must be a table of feed addresses",
        f"{config}:3: unknown key 'other'",
    )
    config.write_text(f'feeds."{A}" = 5\n')
    (problem,) = load_config(config).problems
    assert problem.startswith(f"{config}:1: a feed's options must be a table")


def test_many_problems_are_counted_not_each_located(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[feeds."https://x{n}.example/"]\nk = 1\n' for n in range(500)))
    problems = load_config(config).problems
    assert len(problems) == 21
    assert problems[0] == (
        f"{config}:2: unknown key 'k' for a feed (known: keep_items, keep_days, full_text)"
    )
    assert problems[-1] == f"{config}: 480 more problems in the feeds table"


def test_a_save_keeps_the_users_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(USER_FILE)
    save_feed_options(config, A, {"full_text": True})
    save_feed_options(config, B, {"keep_days": 30})
    save_feed_options(config, "HTTPS://A.EXAMPLE/rss", {"keep_items": 5})  # the same feed
    assert config.read_text() == (
        USER_FILE.replace("keep_items = 100", "keep_items = 5")
        + f'full_text = true\n\n[feeds."{B}"]\nkeep_days = 30\n'
    )
    assert dict(load_config(config).feed_options) == {
        A: FeedOptions(keep_items=5, full_text=True),
        B: FeedOptions(keep_days=30),
    }


def test_a_save_creates_the_file(tmp_path: Path) -> None:
    config = tmp_path / "reader" / "config.toml"
    save_feed_options(config, A, {"keep_items": 0, "full_text": False})
    assert config.read_text() == f'[feeds."{A}"]\nkeep_items = 0\nfull_text = false\n'


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"keep_items": -1}, "keep_items must not be negative (0: no limit), not -1"),
        (
            {"colour": 1},
            "unknown key 'colour' for a feed (known: keep_items, keep_days, full_text)",
        ),
        ({"full_text": 1}, "full_text must be true or false, not 1"),
        ({"keep_days": 10**12}, "keep_days must be at most 1,000,000,000, not 1000000000000"),
    ],
)
def test_a_value_not_allowed_is_not_written(
    tmp_path: Path, changes: dict[str, int | bool], reason: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(USER_FILE)
    with pytest.raises(ValueError, match="^" + reason.replace("(", r"\(").replace(")", r"\)")):
        save_feed_options(config, A, changes)
    assert config.read_text() == USER_FILE


@pytest.mark.parametrize("content", [b"bidi = \n", b"\xff\xfe", b"feeds = 3\n"])
def test_an_unusable_file_is_never_overwritten(tmp_path: Path, content: bytes) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(content)
    with pytest.raises(UnusableConfig):
        save_feed_options(config, A, {"keep_items": 3})
    assert config.read_bytes() == content


def test_a_save_is_refused_inside_an_article_folder(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    config = folder / "config.toml"
    with pytest.raises(PermissionError, match="inside the article folder"):
        save_feed_options(config, A, {"keep_items": 3}, article_folders=[folder])
    assert not config.exists()


def test_a_moved_feed_takes_its_table_with_it(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(USER_FILE)
    assert move_feed_options(config, A, B)
    text = config.read_text()  # (tomlkit may leave a blank line more where it was)
    assert A not in text and f'[feeds."{B}"]\n# the busy one\nkeep_items = 100\n' in text
    assert text.startswith('# my settings\nbidi = "app"  # the reader reorders\n')
    assert dict(load_config(config).feed_options) == {B: FeedOptions(keep_items=100)}
    # Nothing to move: no table for it, a table at the new address already, no file at all.
    assert not move_feed_options(config, A, "https://c.example/")
    save_feed_options(config, A, {"keep_days": 1})
    before = config.read_text()
    assert not move_feed_options(config, A, B)
    assert config.read_text() == before
    assert not move_feed_options(tmp_path / "none.toml", A, B)
    assert not (tmp_path / "none.toml").exists()


def test_options_apply_to_the_subscribed_spelling() -> None:
    options = {"HTTPS://A.Example/rss": FeedOptions(keep_items=1), B: FeedOptions(full_text=True)}
    assert options_for(options, [A, "https://c.example/", B]) == {
        A: FeedOptions(keep_items=1),
        B: FeedOptions(full_text=True),
    }
    assert options_for(options, ["https://a.example/RSS"]) == {}  # the path is case-sensitive


def test_describe() -> None:
    assert describe(FeedOptions()) == "-"
    assert describe(FeedOptions(keep_items=0, keep_days=30, full_text=True)) == (
        "keep_items=0,keep_days=30,full_text"
    )


def test_an_import_of_thousands_of_feeds_writes_the_urls_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.locations

    urls = tmp_path / "urls"
    urls.write_text(f"# mine\n{A} news")  # no final line ending
    writes: list[Path] = []
    write = reader.locations.write_atomically

    def counted(path: Path, data: bytes) -> None:
        writes.append(path)
        write(path, data)

    monkeypatch.setattr(reader.locations, "write_atomically", counted)
    many = [Subscription(f"https://f{n}.example/rss", ("t",)) for n in range(5000)]
    added = add_subscriptions(urls, [Subscription("https://A.example/rss"), *many, many[0]])
    assert added == many and writes == [urls]
    found = read_urls(urls)
    assert found.notices == ()
    assert found.subscriptions == (Subscription(A, ("news",)), *many)
    assert urls.read_text().startswith(f"# mine\n{A} news\nhttps://f0.example/rss t\n")
    assert add_subscriptions(urls, many[:10]) == [] and writes == [urls]  # nothing new: no write


def test_reader_url_refreshes_that_feed_and_writes_no_urls_file(tmp_path: Path) -> None:
    feeds = open_feeds(
        ((Subscription(A),), None),
        tmp_path / "state.sqlite3",
        Choices(),
        Loaded(feed_options={A.upper(): FeedOptions(full_text=True)}),
        at_start=True,
    )
    assert feeds is not None
    with feeds.store:
        assert feeds.subscriptions == (Subscription(A),)
        assert feeds.urls is None and feeds.refresh_at_start
        assert dict(feeds.options) == {}  # (the path of A.upper() differs: not this feed)
    subscribed = open_feeds(
        ((Subscription(A),), tmp_path / "urls"),
        tmp_path / "state.sqlite3",
        Choices(keep_items=5),
        Loaded(feed_options={A: FeedOptions(keep_days=2)}),
        at_start=False,
    )
    assert subscribed is not None
    with subscribed.store:
        assert subscribed.urls == tmp_path / "urls" and not subscribed.refresh_at_start
        assert (subscribed.keep_items, dict(subscribed.options)) == (
            5,
            {A: FeedOptions(keep_days=2)},
        )
