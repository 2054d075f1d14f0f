"""The urls file: newsboat syntax with located notices; changes keep every other byte."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.feeds.subscriptions import (
    FeedError,
    Subscription,
    UrlsFile,
    add_subscription,
    check_url,
    move_subscription,
    read_urls,
    remove_subscription,
)
from reader.locations import default_urls_path
from tests.support import run_python

SAMPLE = (
    "# my feeds\n"
    'https://www.aljazeera.net/rss  news "Middle East" "~الجزيرة نت"\n'
    "\n"
    "http://example.com/a?x=1#frag tech # a comment after the tags\n"
    "   # an indented comment\n"
    '"query:Unread:unread = \\"yes\\""\n'
    "ftp://example.com/feed\n"
    "exec:rm -rf ~\n"
    "https://WWW.aljazeera.net/rss again\n"
    'https://example.org/q "tag with \\"quotes\\"" "~Title \\\\ slash"\n'
)


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_default_path_from_the_environment_or_xdg(tmp_path: Path) -> None:
    assert default_urls_path({"READER_URLS": str(tmp_path / "u")}) == tmp_path / "u"
    default = default_urls_path({})
    assert default.name == "urls" and default.parent.name == "reader"


def test_newsboat_syntax(tmp_path: Path) -> None:
    urls = read_urls(write(tmp_path / "urls", SAMPLE))
    assert urls.subscriptions == (
        Subscription("https://www.aljazeera.net/rss", ("news", "Middle East"), "الجزيرة نت"),
        Subscription("http://example.com/a?x=1#frag", ("tech",)),
        Subscription("https://example.org/q", ('tag with "quotes"',), "Title \\ slash"),
    )
    shown = str(tmp_path / "urls")
    assert urls.notices == (
        f"{shown}:6: query feeds are not supported; ignored",
        f"{shown}:7: not a web address (ftp:); only http and https feeds are fetched; ignored",
        f"{shown}:8: exec: feeds (they run a command) are not supported; ignored",
        f"{shown}:9: listed already on line 2; ignored",
    )


def test_line_numbers_follow_crlf_and_cr_endings_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "urls"
    path.write_bytes(b"\xef\xbb\xbfhttps://a.example/f\r\n# c\r\rnot-a-url\rhttps://b.example/f")
    urls = read_urls(path)
    assert [s.url for s in urls.subscriptions] == ["https://a.example/f", "https://b.example/f"]
    assert len(urls.notices) == 1 and urls.notices[0].startswith(f"{path}:4: ")


def test_an_unclosed_quote_is_noticed_and_read_to_the_end(tmp_path: Path) -> None:
    urls = read_urls(write(tmp_path / "urls", 'https://a.example/f "Middle East\n'))
    assert urls.subscriptions == (Subscription("https://a.example/f", ("Middle East",)),)
    assert len(urls.notices) == 1 and ":1: a quotation mark is not closed" in urls.notices[0]


def test_escape_sequences_and_bidi_controls_in_titles_and_tags_are_removed(tmp_path: Path) -> None:
    text = 'https://a.example/f "\x1b]52;c;AAAA\x07evil\u202etag" "~\x1b[2Jتي\x9bتل"\n'
    (subscription,) = read_urls(write(tmp_path / "urls", text)).subscriptions
    assert subscription.tags == ("eviltag",)
    assert subscription.title == "تيتل"


def test_missing_file_is_no_subscriptions_and_nothing_to_say(tmp_path: Path) -> None:
    assert read_urls(tmp_path / "nothing" / "urls") == UrlsFile((), ())


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "no address"),
        ("example.com/feed", "must start with http"),
        ("file:///etc/passwd", "(file:)"),
        ("javascript:alert(1)", "must start with http"),
        ("http:///feed", "no host"),
        ("https://a.example/ feed", "spaces"),
        ("https://a.example/\x1b[2J", "control"),
        ("https://a.example/\u202efeed", "invisible"),
        ('https://a.example/"x', "not allowed"),
        ("https://a.example:99999/", "not a valid address"),
        ("https://[::1/", "not a valid address"),
        ("https://a.example/" + "x" * 5000, "too long"),
    ],
)
def test_bad_addresses_are_said_in_one_line(url: str, words: str) -> None:
    problem = check_url(url)
    assert problem is not None and words in problem and "\n" not in problem


@pytest.mark.parametrize(
    "url", ["https://a.example/feed", "HTTP://A.example:8080/x?y=1#z", "https://خبر.example/رس"]
)
def test_good_addresses(url: str) -> None:
    assert check_url(url) is None


def test_bad_lines_are_noticed_with_their_line_numbers(tmp_path: Path) -> None:
    urls = read_urls(write(tmp_path / "urls", "https://a.example/f\nnot a url\n\nhttp:///x t\n"))
    assert len(urls.subscriptions) == 1
    assert [notice.split(": ", 1)[0].rsplit(":", 1)[1] for notice in urls.notices] == ["2", "4"]


def test_add_appends_one_line_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = write(tmp_path / "urls", SAMPLE)
    assert add_subscription(path, "https://new.example/f", ["Middle East", "ar"], 'The "News"')
    data = path.read_bytes()
    assert data.startswith(SAMPLE.encode())
    assert data[len(SAMPLE.encode()) :] == (
        b'https://new.example/f "Middle East" ar "~The \\"News\\""\n'
    )
    assert read_urls(path).subscriptions[-1] == Subscription(
        "https://new.example/f", ("Middle East", "ar"), 'The "News"'
    )


def test_add_of_a_present_feed_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "urls", SAMPLE)
    before = os.stat(path)
    assert not add_subscription(path, "https://WWW.ALJAZEERA.net/rss")
    assert path.read_bytes() == SAMPLE.encode()
    assert os.stat(path).st_ino == before.st_ino


def test_add_keeps_the_files_line_endings_and_a_last_line_without_one(tmp_path: Path) -> None:
    path = tmp_path / "urls"
    path.write_bytes(b"# c\r\nhttps://a.example/f t")
    assert add_subscription(path, "https://b.example/f")
    assert path.read_bytes() == b"# c\r\nhttps://a.example/f t\r\nhttps://b.example/f\r\n"


def test_add_creates_the_file_and_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "config" / "reader" / "urls"
    assert add_subscription(path, "https://a.example/f", ["x"])
    assert path.read_bytes() == b"https://a.example/f x\n"


@pytest.mark.parametrize(
    ("url", "tags"),
    [
        ("ftp://a.example/f", ()),
        ("https://a.example/f\nhttps://b.example/", ()),
        ("https://a.example/f", ("~not a title",)),
        ("https://a.example/f", ("\x1b[0m",)),
    ],
)
def test_add_refuses_what_the_file_could_not_hold(
    tmp_path: Path, url: str, tags: tuple[str]
) -> None:
    path = write(tmp_path / "urls", "# mine\n")
    with pytest.raises(FeedError) as raised:
        add_subscription(path, url, tags)
    assert "\n" not in str(raised.value) and "\x1b" not in str(raised.value)
    assert path.read_bytes() == b"# mine\n"


def test_remove_keeps_every_other_line(tmp_path: Path) -> None:
    path = write(tmp_path / "urls", SAMPLE)
    assert remove_subscription(path, "https://www.aljazeera.net/rss")
    lines = SAMPLE.splitlines(keepends=True)
    assert path.read_text(encoding="utf-8") == "".join(
        line for number, line in enumerate(lines, 1) if number not in (2, 9)
    )
    assert not remove_subscription(path, "https://www.aljazeera.net/rss")


def test_remove_keeps_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "urls"
    path.write_bytes(b"\xef\xbb\xbfhttps://a.example/f\nhttps://b.example/f\n")
    assert remove_subscription(path, "https://a.example/f")
    assert path.read_bytes() == b"\xef\xbb\xbfhttps://b.example/f\n"


def test_move_changes_only_the_address(tmp_path: Path) -> None:
    path = write(tmp_path / "urls", SAMPLE)
    assert move_subscription(path, "http://example.com/a?x=1#frag", "https://example.com/b")
    expected = SAMPLE.replace("http://example.com/a?x=1#frag tech", "https://example.com/b tech")
    assert path.read_text(encoding="utf-8") == expected
    assert not move_subscription(path, "http://gone.example/", "https://example.com/c")
    assert path.read_text(encoding="utf-8") == expected


def test_move_onto_a_feed_already_subscribed_drops_the_old_line(tmp_path: Path) -> None:
    path = write(tmp_path / "urls", "https://a.example/f x\n# keep\nhttps://b.example/f y\n")
    assert move_subscription(path, "https://a.example/f", "https://b.example/f")
    assert path.read_bytes() == b"# keep\nhttps://b.example/f y\n"


def test_move_refuses_a_new_address_that_is_not_web(tmp_path: Path) -> None:
    path = write(tmp_path / "urls", "https://a.example/f\n")
    with pytest.raises(FeedError):
        move_subscription(path, "https://a.example/f", "file:///etc/passwd")
    assert path.read_bytes() == b"https://a.example/f\n"


def test_writes_are_atomic_and_keep_the_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "urls", SAMPLE)
    path.chmod(0o600)
    assert add_subscription(path, "https://a.example/f")
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["urls"]

    def broken_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        remove_subscription(path, "https://a.example/f")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["urls"]


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles-urls", "# mine\n")
    link = tmp_path / "urls"
    link.symlink_to(real)
    assert add_subscription(link, "https://a.example/f")
    assert link.is_symlink()
    assert real.read_bytes() == b"# mine\nhttps://a.example/f\n"


def test_never_written_inside_an_article_folder(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    inside = articles / "urls"
    with pytest.raises(PermissionError):
        add_subscription(inside, "https://a.example/f", article_folders=[articles])
    assert not inside.exists()
    outside = write(tmp_path / "real-urls", "https://a.example/f\n")
    link = articles / "link-urls"
    link.symlink_to(outside)
    decoy = tmp_path / "decoy-urls"
    decoy.symlink_to(inside)
    with pytest.raises(PermissionError):
        remove_subscription(link, "https://a.example/f", article_folders=[articles])
    with pytest.raises(PermissionError):
        move_subscription(decoy, "https://a.example/f", "https://b.example/f", [articles])
    assert outside.read_bytes() == b"https://a.example/f\n"
    assert sorted(p.name for p in articles.iterdir()) == ["link-urls"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"https://a.example/f\n\xff\xfe\n", "not UTF-8"),
        (100 * 1024 * 1024, "too large"),
        (5 * 1024 * 1024, "larger than 1 MB"),
    ],
)
def test_unusable_files_are_said_once_and_never_rewritten(
    tmp_path: Path, content: bytes | int, words: str
) -> None:
    path = tmp_path / "urls"
    if isinstance(content, int):  # sparse: costs no disk
        with path.open("wb") as stream:
            stream.truncate(content)
    else:
        path.write_bytes(content)
    before = path.stat()
    urls = read_urls(path)
    assert urls.subscriptions == ()
    assert len(urls.notices) == 1 and words in urls.notices[0]
    assert urls.notices[0].startswith(str(path))
    with pytest.raises(FeedError):
        add_subscription(path, "https://b.example/f")
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


def test_a_fifo_never_blocks(tmp_path: Path) -> None:
    """A FIFO as the urls file would block a plain open forever (nobody writes to it): checked in
    a child with a generous timeout, so a hang fails the test instead of hanging the suite."""
    fifo = tmp_path / "urls"
    os.mkfifo(fifo)
    code = (
        "import json, sys; from pathlib import Path; "
        "from reader.feeds.subscriptions import FeedError, add_subscription, read_urls; "
        "urls = read_urls(Path(sys.argv[1])); "
        "refused = False\n"
        "try: add_subscription(Path(sys.argv[1]), 'https://a.example/f')\n"
        "except FeedError as error: refused = str(error)\n"
        "print(json.dumps([urls.subscriptions, urls.notices, refused]))"
    )
    result = run_python(code, str(fifo))
    assert result.returncode == 0, result.stderr
    subscriptions, notices, refused = json.loads(result.stdout)
    assert subscriptions == []
    assert len(notices) == 1 and "not a regular file" in notices[0]
    assert refused and "not a regular file" in refused
