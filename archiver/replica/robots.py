"""The replica's robots.txt: the site's base rules plus what the site's knobs add to them.

By default the rules forbid nothing the crawl reads and set no delay (the rest of the suite relies on
it). Three knobs of ReplicaSite make them stricter, each deterministic under the seed:
- `robots_forbid`: listing sections forbidden whole, as "LANG/SECTION" in the site's own language
  codes ("ru/events"): every page of that listing (the articles it lists stay allowed);
- `robots_articles`: the share of articles forbidden one by one (in every language), chosen by the
  seed: `forbidden_articles(site)` lists their paths;
- `crawl_delay`: seconds, written as `Crawl-delay` (0: none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archiver.errors import UsageError
from archiver.replica.generate import mix
from archiver.replica.texts import LANGS, SECTION_BY_PATH

if TYPE_CHECKING:
    from archiver.replica.content import ReplicaSite


def parse_forbid(specs: tuple[str, ...] | list[str]) -> frozenset[str]:
    """"ru/events" entries (LANG one of kz, ru, en; SECTION a listing path); UsageError otherwise."""
    sections = set()
    for spec in specs:
        lang, _, section = spec.strip().strip("/").partition("/")
        if lang not in LANGS or section not in SECTION_BY_PATH:
            raise UsageError(f"bad section to forbid {spec!r}: expected LANG/SECTION, LANG one of "
                             f"{', '.join(LANGS)}, SECTION a listing such as events or speeches")
        sections.add(f"{lang}/{section}")
    return frozenset(sections)


def forbidden_articles(site: ReplicaSite) -> list[str]:
    """Paths of the articles the rules forbid one by one (none unless site.robots_articles)."""
    share = site.robots_articles
    if not share:
        return []
    return [site.path_of(lang, i) for lang in LANGS for i in range(site.articles)
            if mix(site.seed, "robots", lang, i) / 2**64 < share]


def robots_txt(site: ReplicaSite, base: str) -> str:
    """`base` (a `User-agent: *` group, then a blank line and the rest) with the knobs' rules added
    to its first group."""
    rules = [f"Disallow: /{section}{end}" for section in sorted(site.robots_forbid)
             for end in ("$", "?")]  # the listing and its ?page=N, not the paths below it
    rules += [f"Disallow: {path}$" for path in forbidden_articles(site)]
    if site.crawl_delay:
        rules.append(f"Crawl-delay: {site.crawl_delay:g}")
    if not rules:
        return base
    group, blank, rest = base.partition("\n\n")
    return "\n".join([group.rstrip("\n"), *rules]) + "\n" + ("\n" + rest if blank else "")
