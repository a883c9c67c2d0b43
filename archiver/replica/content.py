"""The replica's content model: which article sits where, generated on request.

Article number i of a language (0 = oldest) is a pure function of (seed, lang, i); `articles` only says
how many exist, so raising it on a live server adds newer articles on top of page 1 of their listings.
Nothing is stored per article except a path index for the older URL family (whose slugs carry no id):
- the section of article i is a seeded 100-slot cycle (exact shares: ~60% news), the same in every
  language, so listing page N is arithmetic, not a scan;
- its date grows with i towards LATEST: START + SPAN * i / (i + DATE_HALF_LIFE), so small sites span
  2006-2022 and 100,000 articles still end before LATEST; no date passes the site's `today` (the
  clock's by default, or injected), so that a machine whose clock is before LATEST sees no future date;
- current-layout URLs end in a numeric id that encodes (lang, i); older paths are looked up in an
  index built lazily, in order of i, up to the newest article asked for (collisions get "-2", "-3"...).

Knobs and traps (all deterministic): news before CURRENT_NEWS_FROM and the nine older sections use the
older layout (the real 2018 page excepted: current layout at an older section path); 1 speech or
address in 30 shows no date anywhere; 1 news item in 40 is listed twice under two URLs (`duplicates`);
with `edit_round` > 0, 1 article in 20 changes its title or body; `hostile` adds the pages of
archiver.replica.hostile; page 1 of every news listing links a printable version that robots.txt
forbids; `robots_forbid`, `robots_articles` and `crawl_delay` make robots.txt stricter
(archiver.replica.robots). Ground truth: `expected()` and friends (archiver.replica.truth).
"""

from __future__ import annotations

import random
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import lru_cache

from archiver.page.urls import canonical_url, path_of as path_of_url

from archiver.replica import generate as gen
from archiver.replica import changes as replica_changes
from archiver.replica import listings, truth
from archiver.replica.hostile import HOSTILE_PATHS, cp1251_item
from archiver.replica.phrases import BODY_EDIT, TITLE_EDIT
from archiver.replica.verbatim import Verbatim
from archiver.replica.real import REAL_DATE, REAL_LANG, REAL_PATH, REAL_SECTION, real_page
from archiver.replica.slugs import cut, slugify
from archiver.replica.texts import FAMILY_LABELS, LANGS, SECTION_BY_PATH, SECTIONS, Section

CYCLE_LENGTH = 100
START, LATEST = date(2006, 1, 10), date(2026, 11, 20)
DATE_HALF_LIFE = 50  # article number at which dates reach the middle of START..LATEST
CURRENT_NEWS_FROM = date(2015, 1, 1)  # older news: older layout at the flat /{lang}/events/{slug}
PAGE_SIZE = 20  # articles per listing page (a duplicate card rides along with its original)
ID_BASE, DUP_ID_BASE = 1_200_000, 6_500_000  # current-layout ids: BASE + 3 * i + language offset
LANG_OFFSET = {"kz": 0, "ru": 1, "en": 2}
NO_DATE = (30, 7)  # speeches/addresses whose rank in their section % 30 == 7 show no date at all
DUPLICATE = (40, 13)  # news whose rank % 40 == 13 are also listed under a second URL
EDIT_SHARE = 20  # with edit_round > 0, 1 article in 20 (by hash) changes
# Translations of current-layout articles, by a seeded roll of 100: (upper bound, kind); see translation()
TRANSLATIONS = ((80, "all"), (88, "kz-ru"), (94, "none"), (97, "fake-ru"), (100, "fake-en"))
PRINT_QUERY = "?print=Y"  # printable versions: disallowed by robots.txt, linked from news page 1


def date_of(i: int) -> date:
    span = (LATEST - START).days
    return START + timedelta(days=span * i // (i + DATE_HALF_LIFE))


class ReplicaSite:
    """The replica's content and knobs; every attribute may be changed while a server runs."""

    def __init__(self, seed: int = 0, articles: int = 200, edit_round: int = 0,
                 duplicates: bool = True, hostile: bool = False, broken: frozenset[str] = frozenset(),
                 faults: dict[str, float] | None = None, retry_after: int = 2,
                 timeout_hold: float = 30.0, listing_layout: str = listings.SEEDED,
                 maintenance: frozenset[str] = frozenset(), deep: frozenset[str] = frozenset(),
                 pagination: str = "normal", redirects: bool = False,
                 cut: dict[str, int] | None = None, lying_charset: bool = False,
                 verbatim: tuple[Verbatim, ...] = (),
                 robots_forbid: frozenset[str] = frozenset(), robots_articles: float = 0.0,
                 crawl_delay: float = 0.0, today: date | None = None) -> None:
        self.seed, self.articles, self.edit_round = seed, articles, edit_round
        self.today = today or date.today()  # no article is dated after it (set here: events are memoised)
        self.duplicates, self.hostile, self.broken = duplicates, hostile, frozenset(broken)
        self.cut = dict(cut or {})  # path -> how many of its first requests get half the page
        # Every HTML page's UTF-8 bytes served as "charset=windows-1251", without <meta charset>.
        self.lying_charset = lying_charset
        self.verbatim = tuple(verbatim)  # real pages served as they are (archiver.replica.verbatim)
        self.faults = dict(faults or {})
        # robots.txt (archiver.replica.robots): sections and a share of articles forbidden, a delay.
        self.robots_forbid, self.robots_articles = frozenset(robots_forbid), robots_articles
        self.crawl_delay = crawl_delay
        self.retry_after, self.timeout_hold = retry_after, timeout_hold
        # Traps (archiver.replica.traps): maintenance and deep pages, pagination, redirects; the listing
        # layouts of listings.py ("seeded", "column", "full-width", "plain", "column:2:plain").
        listings.parse_layout(listing_layout)  # UsageError now rather than on the first listing page
        self.listing_layout, self.pagination, self.redirects = listing_layout, pagination, redirects
        self.maintenance, self.deep = frozenset(maintenance), frozenset(deep)
        self.moves = 0  # how many times the moving redirect has been followed
        # Issue 19 (archiver.replica.changes): a schedule of edits and removals, the simulated day, and
        # furniture that changes on every request.
        self.changes: replica_changes.Schedule | None = None
        self.day: date | None = None
        self.volatile = False
        slots = [s.path for s in SECTIONS for _ in range(s.slots)]
        assert len(slots) == CYCLE_LENGTH
        random.Random(gen.mix(seed, "cycle")).shuffle(slots)
        # The oldest articles visit every section once, so that no section of a small site is empty
        # (the real site has none: an empty page 1 is a problem for the crawl).
        firsts = sorted({x: p for p, x in reversed(list(enumerate(slots)))}.values())
        slots = [slots[p] for p in firsts] + [x for p, x in enumerate(slots) if p not in set(firsts)]
        self._cycle = slots
        self._positions = {s.path: [p for p, x in enumerate(slots) if x == s.path] for s in SECTIONS}
        first = next(i for i in range(10**6) if date_of(i) >= REAL_DATE)
        self.real_i = next(i for i in range(first, 10**6) if slots[i % CYCLE_LENGTH] == REAL_SECTION)
        self._flat_until = next(i for i in range(10**6) if date_of(i) >= CURRENT_NEWS_FROM)
        self._lock = threading.Lock()
        # Memos of pure functions of i (a listing page and a sidebar ask for the same few articles).
        self.event: Callable[[int], gen.Event] = lru_cache(maxsize=4096)(self._event)
        self.own_event: Callable[[str, int], gen.Event] = lru_cache(maxsize=4096)(self._own_event)
        self.path_of: Callable[[str, int], str] = lru_cache(maxsize=8192)(self._path_of)
        self.memo: dict[tuple, object] = {}  # views that depend on the knobs too, keyed by them
        self._older: dict[str, dict] = {lang: {"upto": 0, "path": {}, "of": {}, "dup": {},
                                               "taken": {}}
                                        for lang in LANGS}

    # -- where things are ------------------------------------------------------------------
    def section_of(self, i: int) -> Section:
        return SECTION_BY_PATH[self._cycle[i % CYCLE_LENGTH]]

    def count(self, section: str, n: int | None = None) -> int:
        """Articles of `section` among articles 0..n-1 (default: all)."""
        n = self.articles if n is None else n
        pos = self._positions[section]
        return (n // CYCLE_LENGTH) * len(pos) + bisect_left(pos, n % CYCLE_LENGTH)

    def nth(self, section: str, k: int) -> int:
        """Article number of the k-th (0 = oldest) article of `section`."""
        pos = self._positions[section]
        return (k // len(pos)) * CYCLE_LENGTH + pos[k % len(pos)]

    def is_real(self, lang: str, i: int) -> bool:
        return lang == REAL_LANG and i == self.real_i

    def day_of(self, lang: str, i: int) -> date:
        return REAL_DATE if self.is_real(lang, i) else self._date_of(i)

    def _date_of(self, i: int) -> date:
        return min(date_of(i), self.today)

    def kind_of(self, lang: str, i: int) -> str:
        section = self.section_of(i)
        if self.is_real(lang, i):
            return "news"
        if section.path == "events":
            return "news" if i >= self._flat_until else "older"
        if section.layout == "older":
            return "older"
        return "legal" if section.path == "legal_acts" else "speech"

    def shows_no_date(self, i: int) -> bool:
        section = self.section_of(i).path
        every, at = NO_DATE
        return section in ("speeches", "addresses") and self.count(section, i) % every == at

    def is_duplicated(self, lang: str, i: int) -> bool:
        every, at = DUPLICATE
        return (self.section_of(i).path == "events" and not self.is_real(lang, i)
                and self.count("events", i) % every == at)

    def is_edited(self, lang: str, i: int) -> bool:
        return (self.edit_round > 0 and not self.is_real(lang, i) and not self.shows_kazakh(lang, i)
                and gen.mix(self.seed, lang, i, "edit") % EDIT_SHARE == 0)

    # -- translations ----------------------------------------------------------------------------
    def translation(self, i: int) -> str:
        """How article i exists across languages (current layout only; older pages stand alone):
        "all" (one slug-id path under /kz/, /ru/, /en/), "kz-ru" (en has its own, other article),
        "none", "fake-ru" / "fake-en" (the path exists there but shows the Kazakh text)."""
        if self.kind_of("ru", i) == "older":
            return "none"
        roll = gen.mix(self.seed, i, "translation") % 100
        return next(kind for limit, kind in TRANSLATIONS if roll < limit)

    def shares_path(self, lang: str, i: int) -> bool:
        kind = self.translation(i)
        return kind in ("all", "fake-ru", "fake-en") or (kind == "kz-ru" and lang in ("kz", "ru"))

    def shows_kazakh(self, lang: str, i: int) -> bool:
        """A missing translation served in the original language at the translation's path."""
        return lang != "kz" and self.translation(i) == f"fake-{lang}"

    def event_of(self, lang: str, i: int) -> gen.Event:
        """The event of article i in `lang`: a translation's is the Kazakh one; an untranslated
        article of another language at the same number is another event."""
        if lang == "kz" or self.shares_path(lang, i):
            return self.event(i)
        return self.own_event(lang, i)

    def _event(self, i: int) -> gen.Event:
        return gen.make_event(self.seed, i, self.section_of(i).families, self._date_of(i))

    def _own_event(self, lang: str, i: int) -> gen.Event:
        return gen.make_event(gen.mix(self.seed, lang, "own"), i, self.section_of(i).families,
                              self._date_of(i))

    # -- URLs --------------------------------------------------------------------------------
    def _slug(self, lang: str, i: int, ev: gen.Event, current: bool) -> str:
        roll = gen.mix(self.seed, lang, i, "slug") % 100
        source = {"kz": "ru" if roll < 30 else "kz", "ru": "kz" if roll < 15 else "ru"}.get(lang, lang)
        if current and lang == "en" and roll < 2:
            return "1"  # the short form seen on one host: /en/1-1525938
        slug = slugify(gen.title(ev, source), source)
        return cut(slug) if roll % 3 else slug

    def _path_of(self, lang: str, i: int) -> str:
        if self.kind_of(lang, i) == "older" or self.is_real(lang, i):
            return self._older_index(lang, i + 1)["of"][i]
        if self.shares_path(lang, i):  # the translations' common slug-id path (the Kazakh one)
            return f"/{lang}/{self._slug('kz', i, self.event(i), True)}-{ID_BASE + 3 * i}"
        ev = self.event_of(lang, i)
        return f"/{lang}/{self._slug(lang, i, ev, True)}-{ID_BASE + 3 * i + LANG_OFFSET[lang]}"

    def dup_path_of(self, lang: str, i: int) -> str | None:
        if not (self.duplicates and self.is_duplicated(lang, i)):
            return None
        if self.kind_of(lang, i) == "older":
            return self._older_index(lang, i + 1)["dup"][i]
        slug = self.path_of(lang, i).rsplit("-", 1)[0].split("/")[-1]
        return f"/{lang}/{slug}-1-{DUP_ID_BASE + 3 * i + LANG_OFFSET[lang]}"

    def _older_index(self, lang: str, upto: int) -> dict:
        """Paths of the older-layout articles below `upto`, built once in order of i."""
        index = self._older[lang]
        with self._lock:
            for i in range(index["upto"], upto):
                if self.is_real(lang, i):
                    self._register(index, REAL_PATH, i)
                    continue
                if self.kind_of(lang, i) != "older":
                    continue
                roll = gen.mix(self.seed, lang, i, "suffix") % 100
                unix = 1_300_000_000 + gen.mix(self.seed, lang, i, "unix") % 400_000_000  # not its date
                suffix = "-1" if roll < 5 else "-3" if roll < 8 else f"_{unix}" if roll < 16 else ""
                base = f"/{lang}/{self.section_of(i).path}/{self._slug(lang, i, self.event(i), False)}"
                self._register(index, base + suffix, i)
                if self.is_duplicated(lang, i):
                    self._register(index, base + suffix + "-1", i, dup=True)
            index["upto"] = max(index["upto"], upto)
        return index

    @staticmethod
    def _register(index: dict, path: str, i: int, dup: bool = False) -> None:
        unique, n = path, index["taken"].get(path, 1)
        while unique in index["path"]:
            n += 1
            unique = f"{path}-{n}"
        index["taken"][path] = n
        index["path"][unique] = (i, dup)
        index["dup" if dup else "of"][i] = unique

    def resolve(self, path: str) -> tuple[str, int, bool] | None:
        """(lang, i, is the duplicate URL) of an article path this site serves now, else None."""
        parts = path.split("/")
        lang = parts[1] if len(parts) > 2 else ""
        if lang not in LANGS:
            return None
        found: tuple[int, bool] | None = None
        tail = parts[-1].rsplit("-", 1)
        if len(parts) == 3 and len(tail) == 2 and tail[1].isdigit():
            number = int(tail[1])
            dup = number >= DUP_ID_BASE
            i, offset = divmod(number - (DUP_ID_BASE if dup else ID_BASE), 3)
            if 0 <= i < self.articles and (offset == LANG_OFFSET[lang] if dup or lang == "kz" else
                                           offset == (0 if self.shares_path(lang, i)
                                                      else LANG_OFFSET[lang])):
                found = (i, dup)
        else:
            found = self._older_index(lang, self.articles)["path"].get(path)
        if found is None or not 0 <= found[0] < self.articles:
            return None
        i, dup = found
        want = self.dup_path_of(lang, i) if dup else self.path_of(lang, i)
        return (lang, i, dup) if want == path else None

    # -- articles ------------------------------------------------------------------------------
    def item(self, lang: str, i: int, body: bool = True) -> gen.Item:
        """Article i of `lang` as served now (with this edit round); body=False skips paragraphs."""
        section, kind = self.section_of(i), self.kind_of(lang, i)
        no_date = self.shows_no_date(i)
        day = None if no_date else self.day_of(lang, i)
        card = None if no_date else gen.date_line(day, lang)
        if self.is_real(lang, i):
            real = real_page()
            return gen.Item(lang, i, section.path, kind, REAL_PATH, real.title, real.category,
                            section.label(lang), day, real.date_line, card,
                            [("p", text) for text in real.paragraphs] if body else [], cover=True)
        ev = self.event_of(lang, i)
        shown = "kz" if self.shows_kazakh(lang, i) else lang  # the language of the text
        title = gen.title(ev, shown)
        paragraphs = gen.body(self.seed, i, ev, shown) if body else []
        if self.is_edited(lang, i):
            if gen.mix(self.seed, lang, i, "edit-kind") % 3 == 0:
                title = TITLE_EDIT[lang].format(title=title, k=self.edit_round)
            elif body:
                paragraphs.append(("p", BODY_EDIT[lang].format(k=self.edit_round)))
        label = FAMILY_LABELS[ev.family][shown] if kind in ("news", "legal") else None
        variant = gen.mix(self.seed, lang, i, "variant")
        page_date = None
        if day and kind != "speech":
            page_date = gen.date_line(day, shown, "older" if kind == "older" else "current", variant)
        place = None
        if kind == "older" and variant % 3 == 0:
            place = {"kz": "Астана, Ақорда", "ru": "Астана, Акорда", "en": "Astana, Akorda"}[lang]
        item = gen.Item(lang, i, section.path, kind, self.path_of(lang, i), title, label,
                        section.label(lang), day, page_date, card, paragraphs, place=place,
                        cover=kind != "older" and variant % 4 != 0, dup_path=self.dup_path_of(lang, i),
                        shown=None if shown == lang else shown)
        return replica_changes.edited(self, item) if self.changes is not None and body else item

    def special(self, path: str) -> gen.Item | None:
        """The windows-1251 article when hostile (other hostile pages are not articles)."""
        return cp1251_item() if self.hostile and path == HOSTILE_PATHS["cp1251"] else None

    # -- views and ground truth (see listings.py and truth.py) ---------------------------------
    def special_item(self) -> gen.Item:
        return cp1251_item()

    def listing(self, lang: str, section: str, page: int = 1) -> listings.ListingView:
        return listings.listing(self, lang, section, page)

    def expected(self) -> Iterator[dict]:
        """Every listed article once, as the archive must hold it (url, lang, ..., section)."""
        return truth.expected(self)

    def expected_article(self, url: str) -> dict | None:
        """The expected Article fields of one URL (any host, either URL of a duplicate), or None."""
        path = path_of_url(url)
        item = self.special(path)
        if item is not None:
            return truth.article_fields(item)
        found = self.resolve(path)
        return None if found is None else truth.article_fields(self.item(found[0], found[1]), path)

    def duplicates_expected(self) -> Iterator[tuple[dict, dict]]:
        """(article, the same article under its second URL), for every duplicate."""
        return truth.duplicates(self)

    def translations(self) -> set[frozenset[str]]:
        """Pairs of canonical URLs that are translations of each other (see translation())."""
        return truth.translations(self)

    def language_mismatches(self) -> dict[str, tuple[str, str]]:
        """URL -> (its language, its text's language) of translation paths showing the Kazakh text."""
        return truth.language_mismatches(self)

    def duplicate_pairs(self) -> list[tuple[str, str]]:
        """(canonical URL, second canonical URL) of every article listed twice."""
        return [(first["url"], second["url"]) for first, second in truth.duplicates(self)]

    def edited(self, lang: str | None = None) -> list[str]:
        """Canonical URLs of the articles this edit round changes (none when edit_round is 0)."""
        return truth.edited(self, lang)

    def expected_listing(self, lang: str, section: str, page: int = 1,
                         base: str = "https://www.akorda.kz") -> dict:
        """{"entries": [ListingEntry fields...], "next_page": URL or None} of a listing page."""
        return truth.listing_entries(self, lang, section, page, base.rstrip("/"))

    def hostile_urls(self) -> dict[str, str]:
        """Canonical URLs of the hostile pages ("bomb", "oversized", "offsite", "cp1251")."""
        return {kind: canonical_url(path) for kind, path in HOSTILE_PATHS.items()}

    def pages(self, lang: str, section: str) -> int:
        """Listing pages with cards in a section (page pages + 1 is the first empty one)."""
        return -(-self.count(section) // PAGE_SIZE)
