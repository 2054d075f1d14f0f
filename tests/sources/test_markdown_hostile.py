"""Hostile Markdown (issue #9, case 3): pathological lines parse in linear time, huge articles in
bounded memory, and arbitrary text never breaks the parser.

Time and memory are measured in a child process (a generous `timeout=`, `RLIMIT_AS`), never by a
clock in the test process. The old regular-expression parser needed 20 s for a line of 12,000
backticks (cubic) and 50 s for 80 KB of `[a](` (quadratic): at 100 KB each, one such line alone
needs minutes to hours.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import Article, ArticleError
from reader.sources.markdown import MAX_BLOCKS, MAX_INLINE, parse_markdown

REPO = Path(__file__).resolve().parents[2]
LINE = 100_000
assert LINE <= MAX_INLINE  # the lines below are parsed for inline markup, not skipped


def _fit(pattern: str, prefix: str = "نص ") -> str:
    """A line of exactly LINE characters: an Arabic word, then the pattern over and over."""
    return (prefix + pattern * (LINE // len(pattern) + 1))[:LINE]


#: name -> the Markdown after the title. Each pathological line is 100,000 characters.
CASES = {
    "backticks": _fit("`"),
    "backtick_fence": "`" * LINE + "\nنص",
    "open_links": _fit("[a]("),
    "brackets": _fit("["),
    "stars_a": _fit("*a"),
    "underscores_a": _fit("_a"),
    "double_stars": _fit("**"),
    "angles": _fit("<"),
    "images": _fit("!["),
    "references": "[a]: https://a.org\n\n" + _fit("[a]"),
    "undefined_references": _fit("[a]"),
    "backslashes": _fit("\\"),
    "stars_underscores": _fit("*_"),
    "entities": _fit("&#"),
    "open_titles": _fit('[a](b "'),
    "deep_quotes": _fit("> ", "")[:-2] + "نص",
    "deep_lists": _fit("- ", "")[:-2] + "نص",
    "arabic_links": _fit("[كلمة]("),
    "arabic_emphasis": _fit("*كلمة _نص "),
}

_CHILD = """
import json, sys, time
from reader.sources.markdown import parse_markdown
cases = json.load(sys.stdin)
for name, body in cases.items():
    start = time.perf_counter()
    article = parse_markdown("# عنوان\\n\\n" + body + "\\n", fallback_title="f")
    seconds = time.perf_counter() - start
    print(json.dumps({
        "name": name,
        "seconds": round(seconds, 3),
        "paragraphs": [[p.kind, p.text, [s[:3] for s in p.spans]] for p in article.paragraphs],
        "warnings": list(article.warnings),
    }), flush=True)
"""


def test_each_pathological_line_parses_in_linear_time() -> None:
    """All 19 lines of 100 KB in one child: about 10 s here (1.3 s for the slowest line), where
    the old parser needed minutes for any one of several of them."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(CASES),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = {r["name"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert results.keys() == CASES.keys()
    for name, result in results.items():
        print(f"{name:22} {result['seconds']:6.2f} s")  # the measured times, with `pytest -s`
        paragraphs = result["paragraphs"]
        assert paragraphs, name
        assert sum(len(text) for _, text, _ in paragraphs) > 0, name
        assert not any("inline markup was not read" in w for w in result["warnings"]), name
        for _, text, spans in paragraphs:
            assert all(0 <= start < end <= len(text) for start, end, _ in spans), name
    # a few whose meaning is known: the markup was read, not dropped
    [[_, text, spans]] = results["references"]["paragraphs"]
    assert text.startswith("نص aaaa") and len(spans) == (LINE - 3) // 6  # `[a][a]` is one link
    assert {style for *_, style in spans} == {"link"}
    assert results["backtick_fence"]["paragraphs"] == [["body", "نص", [[0, 2, "code"]]]]
    assert results["stars_a"]["paragraphs"][0][2][0][2] == "italic"
    assert results["deep_quotes"]["paragraphs"] == [["quote", "نص", []]]
    assert any("nested more than" in w for w in results["deep_lists"]["warnings"])
    assert results["deep_lists"]["paragraphs"][-1][1].endswith("نص")


_MEMORY_CHILD = """
import resource, sys
from reader.sources.markdown import parse_markdown
shape, size = sys.argv[1], int(sys.argv[2])
if shape == "line":  # one paragraph on one line, dense markup (tokens: 100s of bytes a character)
    unit = "نص **عربي** مع [رابط](https://a.org) و*مائل* "
elif shape == "lines":  # one paragraph of 80-character lines
    unit = ("نص عربي مع *مائل* وكلمات أخرى " * 3)[:78] + "\\n"
else:  # one-letter paragraphs: a token list for the whole article would take 400 bytes a byte
    unit = "x\\n\\n"
text = "# T\\n\\n" + unit * (size // len(unit.encode()))
article = parse_markdown(text)
assert article.paragraphs and article.paragraphs[0].text.startswith(unit.strip()[:2])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, len(article.paragraphs))
"""


def _limit(megabytes: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    return apply


def _parse_in_child(shape: str, megabytes: int, limit: int) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, shape, str(megabytes << 20)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        preexec_fn=_limit(limit),
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_50_mb_paragraph_on_one_line_stays_within_a_small_multiple() -> None:
    """Peak 400 MB here, text included (inline markup is not read past MAX_INLINE)."""
    print(_parse_in_child("line", 50, limit=800))


def test_a_20_mb_paragraph_of_short_lines_stays_within_a_small_multiple() -> None:
    print(_parse_in_child("lines", 20, limit=400))


def test_blocks_past_the_cap_are_read_as_plain_paragraphs() -> None:
    # markdown-it's cost per block is fixed: a file of millions of one-letter paragraphs would
    # take minutes. Past MAX_BLOCKS the rest is read as plain paragraphs, none of it lost.
    count = MAX_BLOCKS + 20_000
    text = "# title\n\n" + "".join(f"**p{i}**\n\n" for i in range(count))
    article = parse_markdown(text)
    assert [p.text for p in article.paragraphs[:2]] == ["p0", "p1"]
    assert article.paragraphs[0].spans and not article.paragraphs[-1].spans
    assert len(article.paragraphs) == count
    assert article.paragraphs[-1].text == f"**p{count - 1}**"
    assert any("plain paragraphs" in warning for warning in article.warnings)


def test_a_megabyte_of_tiny_paragraphs_is_parsed_a_piece_at_a_time() -> None:
    """90 MB here; the block tokens of the whole article at once would need about 450 MB."""
    print(_parse_in_child("tiny", 1, limit=300))


# --- arbitrary text --------------------------------------------------------------------------

_PIECES = [
    "*", "**", "_", "__", "`", "```", "~~~", "[", "]", "(", ")", "![", "](", "<", ">", "&#", "&",
    ";", "\\", "#", "# ", "- ", "+ ", "1. ", "3) ", "> ", "    ", "\t", " ", "  \n", "\n", "\n\n",
    "---", "===", "+++", "[a]: /u", "[a]", "<https://a.org>", "http://", '"', "'", "\x00", "\u200f",
    "نص", "كلمة", "عنوان", "ـ", "\u064e", "a", "1",
]  # fmt: skip
MARKDOWN = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=60).map("".join)


def _check(text: str) -> Article | None:
    try:
        article = parse_markdown(text, fallback_title="f")
    except ArticleError:
        return None
    for paragraph in article.paragraphs:
        assert paragraph.text.strip()
        for span in paragraph.spans:
            assert 0 <= span.start < span.end <= len(paragraph.text)
        assert list(paragraph.spans) == sorted(paragraph.spans, key=lambda s: (s.start, -s.end))
    return article


@settings(max_examples=400, deadline=None)
@given(text=MARKDOWN)
def test_arbitrary_markdown_gives_an_article_or_article_error(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(text=MARKDOWN, nesting=st.integers(15, 40))
def test_arbitrary_markdown_nested_deep(text: str, nesting: int) -> None:
    _check(("> " if nesting % 2 else "- ") * nesting + text)
