"""Full text of feed items (issue #12): extracting the article from 50 stored news pages.

Builds 50 realistic right-to-left news pages from the real articles in ../shared/realnews/articles
(Arabic, Persian, Urdu; the bundled articles/ when that folder is absent), each wrapped in the
boilerplate of a news site: a head full of meta tags, inline and trailing scripts (analytics,
JSON-LD, an ad loader), a style sheet, a navigation bar of 25 links, a breadcrumb, ad slots, a
"most read" sidebar, related links, a comments form and a footer of links (~100 KB a page, as
real ones). The pages are written to a temporary folder (the stored pages; removed at the end) and
read back as bytes. Then, in one run:

    import          `import trafilatura` in a fresh interpreter (what the first `t` pays once),
                    and the first extraction in that interpreter (lazy set-up included)
    extraction      `reader.feeds.fulltext.extract_paragraphs` per page, warm: median and p95
                    (decode, trafilatura to HTML, our `html_paragraphs`), and the page size
    quality         share of the article's words found in the extracted text, and pages where
                    any boilerplate line leaked into it

Usage: python bench/fulltext.py [--pages N] [--runs N]
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.model import Article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "realnews" / "articles"
PAGES = 50
SECTIONS = ("الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "تكنولوجيا", "صحة", "منوعات")
#: Lines of boilerplate; none of them may reach the extracted text.
BOILERPLATE = (
    "إعلان ممول: اشترك في النشرة البريدية واحصل على خصم خاص",
    "جميع الحقوق محفوظة لموقع الأخبار اليومية",
    "الأكثر قراءة هذا الأسبوع",
    "أضف تعليقك هنا",
    "tracker-SCRIPT-BODY",
)


def articles() -> list[Article]:
    """Real articles with at least two paragraphs of text."""
    from reader.sources.load import load_all

    folder = CORPUS if CORPUS.is_dir() else ROOT / "articles"
    found: list[Article] = []
    for path in sorted(folder.iterdir()):
        try:
            loaded = load_all(path)
        except Exception:
            continue
        found += [a for a in loaded if isinstance(a, Article) and a.words >= 60]
    return found


def _links(rng: random.Random, count: int, words: list[str]) -> str:
    return "".join(
        f'<li><a href="/news/{rng.randrange(10**6)}">{" ".join(rng.sample(words, 4))}</a></li>'
        for _ in range(count)
    )


def page_html(article: Article, number: int) -> str:
    """A news site's page around `article`."""
    rng = random.Random(number)
    words = [w for p in article.paragraphs for w in p.text.split() if len(w) > 2] or ["خبر"] * 4
    words = words * (1 + 4 // len(words))
    title = html.escape(article.title)
    nav = "".join(
        f'<li><a href="/{n}">{SECTIONS[n % len(SECTIONS)]} {n}</a></li>' for n in range(25)
    )
    body = "\n".join(f"<p>{html.escape(p.text)}</p>" for p in article.paragraphs)
    # Real pages are mostly scripts, styles and links: ~100 KB around a 5 KB story.
    script = "var q=[];" + "".join(
        f"q.push({{id:{n},slot:'ad-{n}',sizes:[[300,250],[728,90]],targeting:{{s:'{n % 8}'}}}});"
        for n in range(500)
    )
    style = "".join(f".c{n}{{margin:{n % 9}px;color:#{n:06x}}}" for n in range(800))
    return f"""<!DOCTYPE html>
<html lang="{article.language or "ar"}" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | الأخبار اليومية</title><meta property="og:title" content="{title}">
<meta property="og:type" content="article"><meta name="twitter:card" content="summary">
<link rel="stylesheet" href="/static/site.css">
<style>body{{margin:0}}.ad{{height:250px}}{style}</style>
<script>{script} /* tracker-SCRIPT-BODY */</script></head><body>
<header><div class="logo"><a href="/">الأخبار اليومية</a></div>
<nav class="menu"><ul>{nav}</ul></nav></header>
<div class="ad ad-top"><p>{BOILERPLATE[0]}</p></div>
<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/world">العالم</a></div>
<main><article class="story"><h1>{title}</h1>
<div class="meta">{html.escape(article.date_text or "")}</div>
{body}
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
</article>
<section class="related"><h3>اقرأ أيضا</h3><ul>{_links(rng, 6, words)}</ul></section>
<section class="comments"><h3>{BOILERPLATE[3]}</h3><form><textarea></textarea>
<button>إرسال</button></form></section></main>
<aside><h3>{BOILERPLATE[2]}</h3><ol>{_links(rng, 40, words)}</ol>
<div class="ad ad-side">{BOILERPLATE[0]}</div></aside>
<footer><ul>{_links(rng, 80, words)}</ul><p>{BOILERPLATE[1]} © 2024</p></footer>
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}"}}</script>
<script>{script}</script></body></html>"""


def import_cost(page: Path) -> tuple[float, float]:
    """Seconds for `import trafilatura` and for the first extraction, in a fresh interpreter."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from reader.feeds.fulltext import extract_paragraphs;"
        "t = time.perf_counter(); import trafilatura; i = time.perf_counter() - t;"
        "page = open(sys.argv[2], 'rb').read(); t = time.perf_counter();"
        "extract_paragraphs(page, 'https://news.example/1'); print(i, time.perf_counter() - t)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code, str(ROOT), str(page)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=PAGES)
    parser.add_argument("--runs", type=int, default=3, help="extractions of each page (median)")
    args = parser.parse_args(argv)
    print(f"full text: extraction of {args.pages} stored news pages")
    if importlib.util.find_spec("trafilatura") is None:
        print("   skipped: trafilatura is not installed (pip install trafilatura)")
        return
    from reader.feeds.fulltext import extract_paragraphs

    source = articles()
    if not source:
        print("   skipped: no articles to build pages from")
        return
    folder = Path(tempfile.mkdtemp(prefix="reader-bench-fulltext-"))
    chosen = [source[n % len(source)] for n in range(args.pages)]
    for number, article in enumerate(chosen):
        (folder / f"page{number:03}.html").write_text(page_html(article, number), "utf-8")
    stored = sorted(folder.glob("*.html"))
    print(f"   {len(stored)} pages from {len({a.title for a in chosen})} real articles")

    imported, first = import_cost(stored[0])
    print(f"   import trafilatura (fresh interpreter)   {imported * 1000:7.0f} ms")
    print(f"   first extraction in that interpreter     {first * 1000:7.0f} ms")

    times: list[float] = []
    sizes: list[int] = []
    recalls: list[float] = []
    leaks = 0
    for path, article in zip(stored, chosen, strict=True):
        page = path.read_bytes()
        sizes.append(len(page))
        url = f"https://news.example/{path.stem}"
        per_run = []
        for _ in range(args.runs):
            start = time.perf_counter()
            paragraphs = extract_paragraphs(page, url, "text/html; charset=utf-8")
            per_run.append(time.perf_counter() - start)
        times.append(statistics.median(per_run))
        text = "\n".join(p.text for p in paragraphs)
        wanted = [w for p in article.paragraphs for w in p.text.split()]
        got = set(text.split())
        recalls.append(sum(w in got for w in wanted) / max(1, len(wanted)))
        leaks += any(line in text for line in BOILERPLATE)
    median_kb, max_kb = statistics.median(sizes) / 1024, max(sizes) / 1024
    print(f"   page size: median {median_kb:.0f} KB, max {max_kb:.0f} KB")
    print(
        f"   extraction per page (warm, median of {args.runs}): median "
        f"{statistics.median(times) * 1000:.1f} ms, p95 {_p95(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms"
    )
    shutil.rmtree(folder, ignore_errors=True)
    print(
        f"   article words found: median {statistics.median(recalls):.0%}, lowest "
        f"{min(recalls):.0%}; pages with boilerplate in the text: {leaks} of {len(stored)}"
    )


if __name__ == "__main__":
    main()
