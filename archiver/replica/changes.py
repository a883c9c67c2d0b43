"""The replica learns to change (issue 19): scheduled edits, removals and restorations over simulated
days, validators with 304 answers, the official static pages, and volatile page furniture.

`site.changes = Schedule(site, start, days, ...)` and `site.day = date(...)` (the test moves the day):
- edits of each kind, each to its own article, from its day on: "typographic" (a word's letter case),
  "minor" (one common word replaced), "substantive" (a paragraph with a number added), "title" (the
  title only), "dateline" (the date line a day earlier), and "document" (a paragraph added to an
  official page);
- removals from their day: "404", "410", "redirect" (302 to the section listing), "other" (the URL
  serves another article); one of them is restored after `restore_after` days;
- "unavailable": one article answers 503 on one day only (a transient error, not a removal);
- every article and official page carries an ETag (a hash of what it shows) and a Last-Modified (the
  day of its last change), and a conditional request that matches is answered 304;
- with `site.volatile`, every page's sidebar shows a view counter and a "most read" link that differ
  on every request (furniture that must never count as a change).
`schedule.truth(until)` is the ground truth: (day, kind, canonical URL) of every change made so far.
Deterministic: a function of the seed and the site.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING

from archiver.page.dates import month_number
from archiver.page.selectors import CURRENT_ARTICLE_PATH
from archiver.page.urls import canonical_url
from archiver.page.watch import DOCUMENT_PATHS
from archiver.replica import generate as gen
from archiver.replica.phrases import BODY_EDIT, TITLE_EDIT

if TYPE_CHECKING:
    from archiver.replica.content import ReplicaSite
    from archiver.replica.routes import Response

EDITS = ("typographic", "minor", "substantive", "title", "dateline")
REMOVALS = ("404", "410", "redirect", "other")
MINOR_WORD = {"kz": ("маңызды", "арнайы"), "ru": ("важный", "особый"), "en": ("important", "special")}
DOCUMENT_NAMES = {"kz": "Ресми құжат", "ru": "Официальный документ", "en": "Official document"}
DOCUMENT_EDIT = {"kz": "2026 жылғы өзгерістер: 12 бап толықтырылды.",
                 "ru": "Изменения 2026 года: дополнена статья 12.",
                 "en": "Amendments of 2026: Article 12 was supplemented."}
_WORD = re.compile(r"^[a-zа-яёәіңғүұқөһ]{4,}$")
_SIDEBAR = re.compile(rb'<div class="col-4[^"]*"[^>]*>')


@dataclass(frozen=True)
class Change:
    day: date
    kind: str  # an EDITS kind, "document", a REMOVALS kind, or "unavailable"
    lang: str  # the site's code: kz / ru / en
    i: int  # article number; -1 for an official page
    path: str
    until: date | None = None  # a removal: restored on this day (None: never)


class Schedule:
    def __init__(self, site: ReplicaSite, start: date, days: int, langs: tuple[str, ...] = ("kz", "ru"),
                 restore_after: int = 5, seed: int = 0) -> None:
        rng = random.Random(gen.mix(site.seed, seed, "changes"))
        fit = [(lang, i) for i in range(site.articles) for lang in langs if _fits(site, lang, i)]
        rng.shuffle(fit)
        current = [(lang, i) for lang, i in fit if CURRENT_ARTICLE_PATH.match(site.path_of(lang, i))]
        dated = [(lang, i) for lang, i in fit if site.item(lang, i, body=False).page_date]
        used: set[tuple[str, int]] = set()

        def pick(pool: list) -> tuple[str, int]:
            choice = next(x for x in pool if x not in used)
            used.add(choice)
            return choice

        span = max(1, days - 1)
        changes = []
        for n, kind in enumerate(EDITS + REMOVALS + ("unavailable",)):
            lang, i = pick(dated if kind == "dateline" else current if kind == "other" else fit)
            day = start + timedelta(days=1 + (n * 7 + rng.randrange(span)) % span)
            until = day + timedelta(days=restore_after) if kind == "404" else None
            changes.append(Change(day, kind, lang, i, site.path_of(lang, i), until))
        lang = langs[0]
        doc = f"/{lang}/{DOCUMENT_PATHS[rng.randrange(len(DOCUMENT_PATHS))]}"
        changes.append(Change(start + timedelta(days=1 + rng.randrange(span)), "document", lang, -1, doc))
        self.changes = changes
        self.by_path = {c.path: c for c in changes}
        self.other = {c.path: next(x for x in fit if x not in used) for c in changes if c.kind == "other"}

    def truth(self, until: date) -> list[tuple[date, str, str]]:
        """(day, kind, canonical URL) of what changed up to `until`: an edit kind, "removed", "restored"."""
        out = []
        for c in self.changes:
            if c.kind == "unavailable" or c.day > until:
                continue
            out.append((c.day, "removed" if c.kind in REMOVALS else c.kind, canonical_url(c.path)))
            if c.until and c.until <= until:
                out.append((c.until, "restored", canonical_url(c.path)))
        return sorted(out)


def _fits(site: ReplicaSite, lang: str, i: int) -> bool:
    return not (site.is_real(lang, i) or site.shows_kazakh(lang, i) or site.is_duplicated(lang, i)
                or site.shows_no_date(i))


def _active(site: ReplicaSite, path: str) -> Change | None:
    schedule, day = getattr(site, "changes", None), getattr(site, "day", None)
    change = schedule.by_path.get(path) if schedule and day else None
    return change if change and change.day <= day else None


def edited(site: ReplicaSite, item: gen.Item) -> gen.Item:
    """The item as it stands on the site's day (content.py's hook)."""
    change = _active(site, item.path)
    if change is None or change.kind not in EDITS:
        return item
    paragraphs = list(item.paragraphs)
    if change.kind == "title":
        return replace(item, title=TITLE_EDIT[item.lang].format(title=item.title, k=2))
    if change.kind == "dateline" and item.day:
        day = item.day - timedelta(days=1)
        layout = "older" if item.kind == "older" else "current"
        line = gen.date_line(day, item.lang, layout, gen.mix(site.seed, item.lang, item.i, "variant"))
        return replace(item, page_date=line)
    if change.kind == "substantive":
        return replace(item, paragraphs=paragraphs + [("p", BODY_EDIT[item.lang].format(k=7))])
    at = next(n for n, (kind, value) in enumerate(paragraphs) if kind == "p" and len(value.split()) > 3)
    words = paragraphs[at][1].split(" ")
    if change.kind == "typographic":
        k = next(k for k, w in enumerate(words) if k and w.isalpha())
        words[k] = words[k].upper()
    else:  # minor: one common word, not a name, a number or a date word, not at a sentence start
        k = next(k for k, w in enumerate(words) if k and _WORD.match(w) and not month_number(w)
                 and not words[k - 1].endswith((".", "!", "?")))
        words[k] = next(w for w in MINOR_WORD[item.lang] if w != words[k])
    paragraphs[at] = ("p", " ".join(words))
    return replace(item, paragraphs=paragraphs)


def status(site: ReplicaSite, path: str) -> tuple[str, str | None] | None:
    """("404"|"410"|"redirect"|"other"|"503", the other article's path) of an article path answering
    anything but itself on the site's day, else None (routes.py's hook)."""
    change = _active(site, path)
    if change is None:
        return None
    if change.kind == "unavailable":
        return ("503", None) if change.day == site.day else None
    if change.kind not in REMOVALS or (change.until and change.until <= site.day):
        return None
    other = site.changes.other.get(path)
    return change.kind, site.path_of(*other) if other else None


def document(site: ReplicaSite, lang: str, doc: str) -> gen.Item | None:
    """The official page /{lang}/{doc} as an article-like item (it shows no date), else None."""
    if doc not in DOCUMENT_PATHS:
        return None
    k = DOCUMENT_PATHS.index(doc)
    ev = site.event(k % max(1, site.articles))
    paragraphs = [p for p in gen.body(site.seed, k, ev, lang) if p[0] == "p"][:4]
    path = f"/{lang}/{doc}"
    change = _active(site, path)
    if change is not None:
        paragraphs.append(("p", DOCUMENT_EDIT[lang]))
    title = f"{DOCUMENT_NAMES[lang]}: {doc.rsplit('/', 1)[-1].replace('_', ' ')}"
    return gen.Item(lang, -1, doc.split("/")[0], "speech", path, title, None, title, None, None, None,
                    paragraphs)


def validators(site: ReplicaSite, item: gen.Item) -> list[tuple[str, str]]:
    """ETag and Last-Modified of what an article or official page shows now (with a schedule only)."""
    if getattr(site, "changes", None) is None:
        return []
    shown = repr((item.title, item.page_date, item.paragraphs)).encode()
    change = _active(site, item.path)
    day = change.day if change else (item.day or date(2006, 1, 1))
    moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return [("ETag", f'"{hashlib.sha1(shown).hexdigest()[:16]}"'),
            ("Last-Modified", format_datetime(moment, usegmt=True))]


def conditional(response: Response, headers) -> Response:
    """304 when the request's If-None-Match (else If-Modified-Since) matches the page (server.py's hook)."""
    own = dict(response.headers)
    if response.status != 200 or "ETag" not in own:
        return response
    match = headers.get("If-None-Match")
    fresh = match is not None and own["ETag"] in [m.strip() for m in match.split(",")]
    since = headers.get("If-Modified-Since")
    if match is None and since:
        try:
            fresh = parsedate_to_datetime(since) >= parsedate_to_datetime(own["Last-Modified"])
        except (TypeError, ValueError):
            fresh = False
    if not fresh:
        return response
    return type(response)(304, response.content_type, b"", list(own.items()))


_views = itertools.count(1)


def volatile(site: ReplicaSite, response: Response) -> Response:
    """The sidebar's counter and "most read" link, new on every request (with site.volatile)."""
    if not getattr(site, "volatile", False) or not response.is_page:
        return response
    n = next(_views)
    lang = "kz"
    block = (f'<div class="sidebar_block views"><p class="counter">{n * 37 % 100000}</p>'
             f'<div class="sidebar_item"><a href="{site.path_of(lang, n % site.articles)}">'
             f'{gen.title(site.event(n % site.articles), lang)}</a></div></div>\n').encode()
    match = _SIDEBAR.search(response.body)
    at = match.end() if match else response.body.find(b"<footer")
    if at < 0:
        return response
    response.body = response.body[:at] + block + response.body[at:]
    return response
