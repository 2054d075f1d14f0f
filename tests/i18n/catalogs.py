"""The gettext catalogs: extract the message ids from the source, update each `.po`, compile.

`python -m tests.i18n.catalogs` (or `make catalogs`) after changing the interface's words: new
ids land in every `.po` untranslated (the tests then name them), ids no longer in the source
are dropped, and each `.mo` is compiled from its `.po`. Babel is a development dependency only;
the reader reads the `.mo` files with the standard library's `gettext`.

Two domains: `cli` holds the command line's words (`reader/cli.py`, `reader/commands/`), and
`reader` everything else; `cli` falls back to `reader` at run time.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from reader.i18n import DOMAINS, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "reader"
#: The catalogs' languages: every interface language but English (the ids themselves).
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")
#: Fixed dates in the headers, so that a run that changes no word changes no file.
STAMP = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
KEYWORDS = {
    "_": None,
    "N_": None,
    "NC_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "tr": None,
    "t": None,
    "visual": None,
    "plural": (1, 2),
    "context": ((1, "c"), 2),
}


def domain_of(relative: str) -> str:
    """The domain of a source file, by its path under `reader/`."""
    return "cli" if relative == "cli.py" or relative.startswith("commands/") else "reader"


def _messages(domain: str) -> Iterator[tuple[str, int, object, list[str], object]]:
    method_map = [("locale/**", "ignore"), ("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        if domain_of(filename.replace("\\", "/")) == domain:
            yield filename, lineno, message, comments, context


def template(domain: str) -> Catalog:
    """Every message id of `domain` in the source, as Babel's extraction finds it."""
    pot = Catalog(domain=domain, project="reader", version="0.1", creation_date=STAMP)
    for filename, lineno, message, comments, context in _messages(domain):
        if isinstance(message, str) and not message:
            continue
        flags = ("python-brace-format",) if "{" in str(message) else ()
        pot.add(
            message,  # type: ignore[arg-type]
            None,
            [(f"reader/{filename}", lineno)],
            auto_comments=comments,
            context=context,  # type: ignore[arg-type]
            flags=flags,
        )
    return pot


def po_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def read(language: str, domain: str) -> Catalog:
    path = po_path(language, domain)
    if not path.exists():
        return Catalog(locale=language, domain=domain, creation_date=STAMP)
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=domain)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, include_previous=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update(language: str, domain: str, pot: Catalog) -> Catalog:
    catalog = read(language, domain)
    # Translations of ids that left the source once (kept as `#~` entries) come back with them.
    kept = {key: message.string for key, message in catalog.obsolete.items()}
    catalog.update(pot, no_fuzzy_matching=True, update_header_comment=False)
    for message in catalog:
        key = (message.id, message.context) if message.context else message.id
        if message.id and not all_translated(message.string) and kept.get(key):
            message.string = kept[key]
            catalog.obsolete.pop(key, None)
    catalog.fuzzy = False
    catalog.project = "reader"
    catalog.version = "0.1"
    catalog.creation_date = STAMP
    catalog.revision_date = STAMP
    catalog.last_translator = "reader's translators"
    catalog.language_team = f"{language} <reader>"
    catalog.msgid_bugs_address = ""
    return catalog


def main() -> int:
    untranslated = 0
    for domain in DOMAINS:
        pot = template(domain)
        for language in TRANSLATED:
            # A copy each: Babel's update shares the template's messages with the catalog.
            catalog = update(language, domain, copy.deepcopy(pot))
            path = po_path(language, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(po_bytes(catalog))
            path.with_suffix(".mo").write_bytes(mo_bytes(read(language, domain)))
            missing = [m.id for m in catalog if m.id and not all_translated(m.string)]
            untranslated += len(missing)
            for message_id in missing:
                print(f"{language}/{domain}: untranslated: {message_id!r}", file=sys.stderr)
    return 1 if untranslated else 0


def all_translated(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


if __name__ == "__main__":
    raise SystemExit(main())
