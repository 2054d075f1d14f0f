"""The catalogs are current and complete: every id of the source is in every `.po`, every one
is translated (every plural form), placeholders match, and each `.mo` is its `.po` compiled.

When one fails after a change of words: `make catalogs`, translate what it names, run it again.
"""

from __future__ import annotations

import re
import string
from functools import cache

import pytest
from babel.messages.catalog import Catalog, Message

from tests.i18n.catalogs import DOMAINS, TRANSLATED, all_translated, mo_bytes, po_path, read
from tests.i18n.catalogs import template as extracted

CATALOGS = [(language, domain) for domain in DOMAINS for language in TRANSLATED]
PERCENT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


@cache
def template(domain: str) -> Catalog:
    return extracted(domain)


@cache
def catalog(language: str, domain: str) -> Catalog:
    return read(language, domain)


def key(message: Message) -> tuple[str, str | None]:
    single = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return str(single), message.context


def ids(found: Catalog) -> set[tuple[str, str | None]]:
    return {key(message) for message in found if message.id}


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The `{name}` fields and the %-style conversions of `text`."""
    names = frozenset(
        field.split(".")[0].split("[")[0].split("!")[0]
        for _, field, _, _ in string.Formatter().parse(text)
        if field is not None
    )
    return names, tuple(sorted(PERCENT.findall(text)))


def texts(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, tuple | list) else [str(value)]


@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_every_id_of_the_source_is_in_the_catalog_and_no_other(language: str, domain: str) -> None:
    assert ids(catalog(language, domain)) == ids(template(domain)), "run `make catalogs`"


@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_every_id_is_translated_in_every_plural_form(language: str, domain: str) -> None:
    found = catalog(language, domain)
    missing = [key(m) for m in found if m.id and not all_translated(m.string)]
    assert not missing
    forms = found.num_plurals
    for message in found:
        if message.id and message.pluralizable:
            assert len(texts(message.string)) == forms, key(message)


@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_placeholders_are_the_ids_own(language: str, domain: str) -> None:
    """The same `{name}`s and %-conversions as the id (a counted form may leave `{count}` out:
    Arabic says "منذ دقيقتين", two minutes ago, without the number)."""
    for message in catalog(language, domain):
        if not message.id or not all_translated(message.string):
            continue
        (names, percents), *_ = [placeholders(t) for t in texts(message.id)]
        for text in texts(message.string):
            got_names, got_percents = placeholders(text)
            if message.pluralizable:
                assert got_names - {"count"} == names - {"count"}, (key(message), text)
                assert got_names <= names, (key(message), text)
            else:
                assert got_names == names, (key(message), text)
            assert got_percents == percents, (key(message), text)


@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_each_mo_is_its_po_compiled(language: str, domain: str) -> None:
    compiled = po_path(language, domain).with_suffix(".mo").read_bytes()
    assert compiled == mo_bytes(catalog(language, domain)), "run `make catalogs`"


@pytest.mark.parametrize("domain", DOMAINS)
def test_persian_and_urdu_are_written_in_their_own_letters(domain: str) -> None:
    """Persian's ی and ک, not Arabic's ي and ك; Urdu's ہ and ے too (not ه)."""
    foreign = {"fa": "يك", "ur": "يكه"}
    for language, letters in foreign.items():
        for message in catalog(language, domain):
            if message.id:
                for text in texts(message.string):
                    assert not set(text) & set(letters), (language, key(message), text)
