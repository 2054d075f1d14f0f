"""Per-feed options: how many read items a feed keeps, for how long, and full text.

They live in config.toml as ``[feeds."URL"]`` tables (the urls file stays newsboat's format).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple


class FeedOptions(NamedTuple):
    """One feed's options; ``None`` means the global setting applies."""

    keep_items: int | None = None
    keep_days: int | None = None
    full_text: bool = False


#: The keys a feed's table may hold.
OPTION_KEYS = ("keep_items", "keep_days", "full_text")
#: A count of items or days larger than this is refused (SQLite's integers stop at 2**63).
MAX_COUNT = 1_000_000_000


class OptionProblem(NamedTuple):
    """What is wrong in the `feeds` table: the feed's key (None: the table itself), the
    option's key (None: the feed's table as a whole) and the reason, one line."""

    url: str | None
    key: str | None
    reason: str


def check_option(key: str, value: object) -> str | None:
    """Why `value` cannot be option `key` of a feed (one line), or None when it can."""
    if key == "full_text":
        if not isinstance(value, bool):
            return f"full_text must be true or false, not {value!r:.60}"
        return None
    if key in ("keep_items", "keep_days"):
        unit = "items" if key == "keep_items" else "days"
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{key} must be a whole number of {unit}, not {value!r:.60}"
        if value < 0:
            return f"{key} must not be negative (0: no limit), not {value}"
        if value > MAX_COUNT:
            return f"{key} must be at most {MAX_COUNT:,}, not {value}"
        return None
    return f"unknown key {key!r:.60} for a feed (known: {', '.join(OPTION_KEYS)})"


def read_feed_options(table: object) -> tuple[dict[str, FeedOptions], list[OptionProblem]]:
    """The options of each feed in config.toml's `feeds` table, and what is wrong in it.

    A feed's key must be an http(s) address (`reader.feeds.subscriptions.check_url`) whose
    value is a table; within it, an option not allowed is left out (the feed's others are
    used) and a feed key that cannot be used drops that feed's table.
    """
    from reader.feeds.subscriptions import check_url

    if not isinstance(table, dict):
        return {}, [OptionProblem(None, None, "feeds must be a table of feed addresses")]
    options: dict[str, FeedOptions] = {}
    problems: list[OptionProblem] = []
    for url, value in table.items():
        problem = check_url(url)
        if problem is not None:
            problems.append(OptionProblem(url, None, f"feeds: {url!r:.80}: {problem}"))
            continue
        if not isinstance(value, dict):
            shape = f'a feed\'s options must be a table ([feeds."{url}"]), not {value!r:.60}'
            problems.append(OptionProblem(url, None, shape))
            continue
        given: dict[str, object] = {}
        for key, option in value.items():
            reason = check_option(key, option)
            if reason is None:
                given[key] = option
            else:
                problems.append(OptionProblem(url, key, reason))
        options[url] = FeedOptions(**given)  # type: ignore[arg-type]  # checked above
    return options, problems


def options_for(options: Mapping[str, FeedOptions], urls: Iterable[str]) -> dict[str, FeedOptions]:
    """`options` keyed by the spelling of each of `urls` (a config key in another case of
    scheme or host still applies); only the feeds that have options."""
    from reader.feeds.subscriptions import url_key

    by_key = {url_key(url): found for url, found in options.items()}
    matched: dict[str, FeedOptions] = {}
    for url in urls:
        found = options.get(url) or by_key.get(url_key(url))
        if found is not None:
            matched[url] = found
    return matched


def describe(options: FeedOptions) -> str:
    """The options set, as `keep_items=100,keep_days=30,full_text`; `-` when none."""
    words = [
        f"{key}={value}"
        for key, value in (("keep_items", options.keep_items), ("keep_days", options.keep_days))
        if value is not None
    ]
    if options.full_text:
        words.append("full_text")
    return ",".join(words) or "-"
