"""Generated article text: a pure function of (seed, i) for the event and of the language for the words.

An *event* (what happened: the text family, the template, the fill words, the years mentioned) depends
on (seed, i) only, so article i is the same event in Kazakh, Russian and English. Paragraph kinds:
"p" text, "h" centred <strong> heading, "empty" an &nbsp; paragraph, "img" an image-only paragraph.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from hashlib import blake2b

from archiver.replica.paragraphs import (ACT_NUMBER, CLOSINGS, GENERAL, GREETINGS, JOBS, KZ_MONTHS_LOC, LEADS, NEWS_HEADINGS,
                         PART_HEADING, SPEECH)
from archiver.replica.phrases import DECREES, FILLS, LAWS, PRESIDENTS, TITLES, TOPICS
from archiver.replica.texts import MONTHS

LANG_INDEX = {"kz": 0, "ru": 1, "en": 2}
TOKAYEV_FROM = date(2019, 3, 20)
ZERO_PADDED_FROM = 2021  # Kazakh dates show a zero-padded day from this year ("2026 жылғы 09 маусым")
ROMAN = ("I", "II", "III", "IV")
Paragraph = tuple[str, str]


def mix(*parts: object) -> int:
    """A stable 64-bit hash of the parts (Python's hash() is salted per process)."""
    data = "\x1f".join(map(str, parts)).encode()
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big")


@dataclass
class Item:
    """One article page as the replica shows it (the ground truth the archive is compared with)."""

    lang: str  # the site's language code: "kz", "ru", "en"
    i: int  # article number in its language (higher is newer); -1 for special pages
    section: str  # listing path below /{lang}/, e.g. "events"
    kind: str  # markup: "news" and "legal" (label, title, date), "speech" (no date), "older"
    path: str
    title: str
    label: str | None  # the page's own category label, or None
    section_label: str  # the listing's label: the category when the page shows none
    day: date | None  # publication date; None when no date is shown anywhere
    page_date: str | None  # the date line on the page
    card_date: str | None  # the date on the listing card
    paragraphs: list[Paragraph]
    place: str | None = None  # older layout: the place line under the title
    cover: bool = False  # current layout: a cover image paragraph before the title
    dup_path: str | None = None  # the second URL this article is listed under, if any
    shown: str | None = None  # the language code of the text when it is not `lang` (a missing
    # translation served in the original language), else None


@dataclass(frozen=True)
class Event:
    family: str
    template: int
    slots: dict[str, object]  # format() arguments: fill-word dicts and numbers


class _Draws:
    """Cheap deterministic draws from one 256-bit hash (random.Random is 10x dearer to seed)."""

    def __init__(self, *parts: object) -> None:
        data = "\x1f".join(map(str, parts)).encode()
        self.bits = int.from_bytes(blake2b(data, digest_size=32).digest(), "big")

    def below(self, n: int) -> int:
        self.bits, value = divmod(self.bits, n)
        return value

    def choice(self, items):  # type: ignore[no-untyped-def]
        return items[self.below(len(items))]

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)


def make_event(seed: int, i: int, families: tuple[str, ...], day: date) -> Event:
    draw = _Draws(seed, "event", i)
    family = draw.choice(families)
    template = draw.below(len(TITLES[family]))
    slots: dict[str, object] = {name: draw.choice(words) for name, words in FILLS.items()}
    slots["law"] = draw.choice(DECREES if family == "decree" else LAWS)
    slots["p"] = PRESIDENTS[day >= TOKAYEV_FROM]
    y1 = draw.between(1997, max(1998, day.year - 2))
    slots.update(y1=y1, y2=y1 + draw.between(1, 4), yf=day.year + draw.between(3, 12),
                 n=draw.between(3, 95), dd=(draw.between(1997, day.year - 1), draw.below(12),
                                            draw.between(1, 28)))
    return Event(family, template, slots)


def _fill(template: str, ev: Event, lang: str, **extra: object) -> str:
    year, month, day = ev.slots["dd"]  # type: ignore[misc]
    running_date = {"kz": f"{year} жылдың {day} {KZ_MONTHS_LOC[month]}",
                    "ru": f"{day} {MONTHS['ru'][month]} {year} года",
                    "en": f"{day} {MONTHS['en'][month]} {year}"}[lang]
    return template.format(**{**ev.slots, "dd": running_date, **extra})


def title(ev: Event, lang: str) -> str:
    return _fill(TITLES[ev.family][ev.template][LANG_INDEX[lang]], ev, lang)


def body(seed: int, i: int, ev: Event, lang: str) -> list[Paragraph]:
    """Paragraphs of article i: the family's leads, general paragraphs, headings, an image, a blank."""
    rng = random.Random(mix(seed, "body", i))
    k = LANG_INDEX[lang]
    paras: list[Paragraph] = []
    if ev.family in ("speech", "address"):
        paras.append(("h", rng.choice(GREETINGS)[k]))
        pool = list(SPEECH + (GENERAL[1], GENERAL[4], GENERAL[7]))
        rng.shuffle(pool)
        topics = rng.sample(TOPICS, 3)
        for part in range(rng.randint(2, 3)):
            topic = _fill(PART_HEADING[k], ev, lang, t=topics[part])
            paras.append(("h", f"{ROMAN[part]}. {topic[:1].upper()}{topic[1:]}"))
            paras += [("p", _fill(pool.pop()[k], ev, lang)) for _ in range(rng.randint(2, 3 - part // 2))]
        paras.append(("h", rng.choice(CLOSINGS)[k]))
    else:
        paras += [("p", _fill(lead[k], ev, lang)) for lead in LEADS[ev.family]]
        if ev.family not in ("law", "decree"):
            extra = rng.sample(GENERAL, rng.randint(2, 4))
            if rng.random() < 0.3:
                extra.insert(rng.randrange(len(extra)), ("",) * 3)  # placeholder for a heading
            for triple in extra:
                paras.append(("h", rng.choice(NEWS_HEADINGS)[k]) if not triple[0]
                             else ("p", _fill(triple[k], ev, lang)))
    if ev.family in ACT_NUMBER:
        paras.insert(1, ("p", ACT_NUMBER[ev.family][k].format(act=i + 1)))
    else:  # 7919 is prime to 900,000: a different number for each i below that
        jobs = 1000 + i * 7919 % 900_000
        paras.insert(rng.randint(min(2, len(paras)), len(paras)), ("p", JOBS[k].format(jobs=jobs)))
    if rng.random() < 0.5:
        paras.insert(rng.randint(1, len(paras)), ("empty", ""))
    if rng.random() < 0.4:
        paras.insert(rng.randint(1, len(paras)), ("img", f"/upload/media/{mix(seed, 'img', i) % 10**8}.jpg"))
    return paras


def date_line(day: date, lang: str, layout: str = "current", variant: int = 0) -> str:
    """A date as the site writes it: the current layout's forms, or the older layout's."""
    m = day.month - 1
    if lang == "kz":
        d = f"{day.day:02d}" if day.year >= ZERO_PADDED_FROM else str(day.day)
        return f"{day.year} жылғы {d} {MONTHS['kz'][m]}"
    if lang == "ru":
        return f"{day.day} {MONTHS['ru'][m]} {day.year} " + ("года" if layout == "current" else "г.")
    if layout == "current":
        return f"{day.day} {MONTHS['en'][m].lower()} {day.year} year"
    if variant % 2:
        return f"{MONTHS['en'][m]} {day.day}, {day.year}"
    return f"{day.day} {MONTHS['en'][m]} {day.year}"
