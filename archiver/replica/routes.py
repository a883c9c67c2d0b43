"""What the replica answers to one request path (before fault injection): a pure function of the site."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from archiver.replica import markup, traps, verbatim
from archiver.replica.hostile import (CP1251, HOSTILE_PATHS, OFFSITE_LOCATION, OVERSIZED_SIZE, bomb_body, encode_cp1251,
                      oversized_chunks)
from archiver.replica.listings import sidebar
from archiver.replica.robots import robots_txt
from archiver.replica.texts import LANGS, NOT_FOUND, SECTION_BY_PATH

if TYPE_CHECKING:
    from archiver.replica.content import ReplicaSite

ROBOTS_TXT = """User-agent: *
Disallow: /search/
Disallow: /*?print=
Disallow: /*&print=
Disallow: /bitrix/
Disallow: /upload/

Sitemap: https://www.akorda.kz/sitemap.xml
"""
HTML = "text/html; charset=utf-8"
LYING_CHARSET = "text/html; charset=windows-1251"  # served over UTF-8 bytes by ReplicaSite.lying_charset
NAV_ADDRESS = {"kz": "Жолдау", "ru": "Послание", "en": "Address"}  # a menu link that looks like an article


@dataclass
class Response:
    status: int
    content_type: str = HTML
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    stream: Iterable[bytes] | None = None  # instead of body, for pages too large to hold
    length: int | None = None  # Content-Length of a stream

    @property
    def is_page(self) -> bool:
        return self.status == 200 and self.content_type.startswith("text/html") and self.stream is None


def normalize_path(raw: str) -> tuple[str, str]:
    """(path, query) of a request target: duplicate slashes collapsed, no trailing slash."""
    if raw.startswith(("http://", "https://")):  # absolute-form request target
        raw = "/" + raw.split("/", 3)[3] if raw.count("/") >= 3 else "/"
    path, _, query = raw.partition("?")
    path = re.sub(r"/{2,}", "/", path.split("#")[0]) or "/"
    return (path.rstrip("/") or "/"), query


def _html(status: int, content: str) -> Response:
    return Response(status, body=content.encode("utf-8"))


def _nav_extra(site: ReplicaSite, lang: str) -> tuple[str, str] | None:
    total = site.count("addresses")
    return (NAV_ADDRESS[lang], site.path_of(lang, site.nth("addresses", total - 1))) if total else None


def not_found(site: ReplicaSite, lang: str, path: str) -> Response:
    content = f'<h2>{NOT_FOUND[lang]}</h2>\n<p class="error_code">404</p>\n'
    return _html(404, markup.page(lang, path, NOT_FOUND[lang], content, [], None, _nav_extra(site, lang)))


def respond(site: ReplicaSite, raw: str) -> Response:
    response = _respond(site, raw)
    if site.lying_charset and response.is_page and response.content_type == HTML:
        # The page's bytes stay UTF-8; its header says a single-byte charset and its <meta> is gone.
        response.body = re.sub(rb"<meta charset=[^>]*>\n?", b"", response.body, count=1)
        response.content_type = LYING_CHARSET
    return response


def _respond(site: ReplicaSite, raw: str) -> Response:
    path, query = normalize_path(raw)
    if path == "/robots.txt":
        return Response(200, "text/plain; charset=utf-8", robots_txt(site, ROBOTS_TXT).encode())
    parts = path.strip("/").split("/")
    lang = parts[0] if parts[0] in LANGS else "kz"
    if path == "/" or (len(parts) == 1 and parts[0] in LANGS):
        return Response(302, headers=[("Location", f"/{lang}/events")])
    real = verbatim.by_path(site.verbatim).get(path) if site.verbatim else None
    if real is not None:
        return Response(200, body=real.body)
    if site.hostile and path in HOSTILE_PATHS.values():
        return _hostile(site, path)
    if site.redirects and (path in traps.REDIRECT_PATHS.values() or traps.MOVING_TARGET.match(path)):
        return _redirecting(site, path, query)
    section = "/".join(parts[1:])
    if parts[0] in LANGS and section in SECTION_BY_PATH:
        pages = parse_qs(query).get("page", ["1"])
        if not pages[0].isdigit() or int(pages[0]) < 1:
            return not_found(site, lang, path)
        tab = section if section in SECTION_BY_PATH and "/" not in section else "events"
        if f"{path}?{query}".rstrip("?") in site.maintenance:
            return _html(200, markup.page(lang, path, traps.MAINTENANCE[lang][0],
                                          traps.maintenance_content(lang), [], tab,
                                          _nav_extra(site, lang), column="col-12"))
        view = site.listing(lang, section, int(pages[0]))
        label = SECTION_BY_PATH[section].label(lang)
        content = markup.listing_content(view, label)
        if f"{path}?{query}".rstrip("?") in site.deep:
            content = traps.nest(content)
        return _html(200, markup.page(lang, path, label, content, sidebar(site, lang, None), tab,
                                      _nav_extra(site, lang), column=markup.LAYOUT_COLUMNS[view.layout]))
    if parts[0] == "search":
        return _html(200, markup.page("kz", path, "Іздеу", "<h2>Іздеу</h2>\n", [], None))
    found = site.resolve(path)
    if found is None:
        return not_found(site, lang, path)
    lang, i, _ = found
    return article_page(site, site.item(lang, i), path)


def article_page(site: ReplicaSite, item, path: str, charset: str = "utf-8") -> Response:
    tab = item.section if item.section in ("events", "speeches", "legal_acts", "addresses") else "events"
    html = markup.page(item.lang, path, item.title, markup.article_content(item),
                       sidebar(site, item.lang, item.i), tab, _nav_extra(site, item.lang), charset)
    if charset == "utf-8":
        return _html(200, html)
    return Response(200, f"text/html; charset={charset}", encode_cp1251(html))


def _redirecting(site: ReplicaSite, path: str, query: str) -> Response:
    """The redirect traps (archiver.replica.traps): a loop, a moving target, an offsite meta refresh."""
    kinds = {p: k for k, p in traps.REDIRECT_PATHS.items()}
    if kinds.get(path) == "loop":
        return Response(302, headers=[("Location", path if query else f"{path}?step=2")])
    if kinds.get(path) == "moving":
        site.moves += 1
        return Response(302, headers=[("Location", traps.moving_target(site.moves))])
    if kinds.get(path) == "meta-offsite":
        return _html(200, traps.meta_refresh_page())
    return article_page(site, traps.moving_item(path), path)


def _hostile(site: ReplicaSite, path: str) -> Response:
    if path == HOSTILE_PATHS["cp1251"]:
        return article_page(site, site.special_item(), path, CP1251)
    if path == HOSTILE_PATHS["offsite"]:
        return Response(302, headers=[("Location", OFFSITE_LOCATION)])
    if path == HOSTILE_PATHS["bomb"]:
        return Response(200, body=bomb_body(), headers=[("Content-Encoding", "gzip")])
    return Response(200, stream=oversized_chunks(), length=OVERSIZED_SIZE)
