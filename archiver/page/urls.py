"""URL facts of akorda.kz: canonical form, language, site id. Pure functions, no Scrapy."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

# Host aliases seen on the real site; all map to the canonical host.
CANONICAL_HOST = "www.akorda.kz"
CANONICAL_SITE = f"https://{CANONICAL_HOST}"
HOST_ALIASES = frozenset(
    {"www.akorda.kz", "akorda.kz", "mirror.akorda.kz", "node2.akorda.kz", "wap.akorda.kz"}
)
# The site's path segment -> ISO 639-1 code.
SITE_LANGS = {"kz": "kk", "ru": "ru", "en": "en"}
ISO_TO_SITE = {iso: site for site, iso in SITE_LANGS.items()}

_ID_RE = re.compile(r"-(\d{4,})$")
# mirror.akorda.kz serves some paths under /public/ (SITE.md): /public/ru/... is /ru/...
_PUBLIC_RE = re.compile(r"^/public(?=/(?:kz|ru|en)(?:/|$))")


@lru_cache(maxsize=4096)  # a page's URL is asked for by several steps of its extraction and storage
def canonical_url(url: str) -> str:
    """The archive's key for a page: https, canonical host, the mirror's /public/ prefix dropped,
    no trailing slash, no query or fragment; a listing keeps its page number (?page=N for N > 1, as
    listing_url writes it) and drops the rest (the mirror's ?category= filter).

    Hosts outside the alias set (e.g. the local replica at 127.0.0.1:PORT) are replaced by the
    canonical host too, so that an archive built from the replica has the live site's URLs.
    """
    parts = urlsplit(url.strip())
    path = _PUBLIC_RE.sub("", re.sub(r"/{2,}", "/", parts.path or "/"))
    if len(path) > 1:
        path = path.rstrip("/")
    query = ""
    if parts.query and _is_listing(path):
        page = parse_qs(parts.query).get("page", [""])[0]
        query = f"?page={int(page)}" if page.isascii() and page.isdigit() and int(page) > 1 else ""
    return f"https://{CANONICAL_HOST}{path}{query}"


def _is_listing(path: str) -> bool:
    segments = path.split("/", 2)  # "", the language, the section
    return len(segments) == 3 and segments[1] in SITE_LANGS and segments[2] in SECTIONS


@lru_cache(maxsize=4096)
def path_of(url: str) -> str:
    return urlsplit(canonical_url(url)).path


def lang_of(url: str) -> str | None:
    """ISO language code from the first path segment, or None."""
    segments = path_of(url).strip("/").split("/")
    return SITE_LANGS.get(segments[0]) if segments and segments[0] else None


def site_id_of(url: str) -> str:
    """The numeric id at the end of current-layout URLs, else the slug path without the language."""
    path = path_of(url)
    segments = path.strip("/").split("/")
    match = _ID_RE.search(path)
    if match and len(segments) == 2:  # current layout: /{lang}/{slug}-{id}
        return match.group(1)
    return "/".join(segments[1:]) if len(segments) > 1 else path.strip("/")


def rebase(url: str, site: str) -> str:
    """The same path on another base URL (e.g. the replica's http://127.0.0.1:PORT)."""
    return site.rstrip("/") + path_of(url)

# Listing sections the spider walks by default: path below /{lang}/ -> what it holds.
SECTIONS = (
    "events",  # news ("Жаңалықтар"), current layout
    "speeches",  # no date on the page: the listing card's date is used
    "legal_acts",
    "addresses",
    "events/astana_kazakhstan/working_trips",  # older section paths
    "events/astana_kazakhstan/visits_to_objects",
    "events/akorda_news/meetings_and_receptions",
    "events/akorda_news/meetings_and_sittings",
    "events/akorda_news/press_conferences",
    "events/international_community/telegram_of_condolences",
    "events/international_community/telegrammes_and_letters",
    "events/international_community/telegram_of_congratulations",
    "events/international_community/foreign_visits",
    "archive",  # the rest of the news-like listings of the site's menu (SITE.md)
    "announcements",
    "executive_office/executive_office_news",
    "secretary_of_state/secretary_of_state_news",
    "secretary_of_state/secretary_of_state_speeches",
    "secretary_of_state/secretary_of_state_orders",
    "security_council/events",
)


def listing_url(site: str, lang: str, section: str, page: int = 1) -> str:
    """The URL of page `page` (from 1) of a section listing in ISO language `lang`."""
    base = f"{site.rstrip('/')}/{ISO_TO_SITE[lang]}/{section}"
    return base if page == 1 else f"{base}?page={page}"
