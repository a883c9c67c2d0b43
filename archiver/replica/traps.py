"""Site behaviours that must not fool the crawl (ReplicaSite knobs, all deterministic):

- `listing_layout` (archiver.replica.listings): listing cards in the content column, in a full-width
  `div.col-lg-12` without the sidebar, or in a plain list without columns (the real listing markup is
  only reported: the guessed `div.col-lg-8` may not be there), per section from the seed by default, and
  changing after page k ("column:2:plain");
- `maintenance`: listing paths (with their query, e.g. "/kz/events?page=2") answered by a 200
  "maintenance" page with the site's header and footer and no content column;
- `deep`: listing paths whose cards are nested deeper than a browser builds its tree (600 levels);
- `pagination="repeat"`: past the last page, every `?page=N` repeats the last page's links, with a next
  link; `"endless"`: past the last page, every page brings new links (to pages that do not exist);
- `redirects=True`: page 1 of the Russian news listing also links a redirect loop, a page that redirects
  to a new URL on every request ("moving", an article served at each of them), and a page whose meta
  refresh leads to another host.
"""

from __future__ import annotations

import re
import zlib

from archiver.replica.generate import Item
from archiver.replica.hostile import HOSTILE_DATE
from archiver.replica.listings import Card

MAINTENANCE = {
    "kz": ("Сайтта техникалық жұмыстар жүргізілуде", "Кешірім сұраймыз, сайт уақытша қолжетімсіз."),
    "ru": ("На сайте ведутся технические работы", "Приносим извинения, сайт временно недоступен."),
    "en": ("Maintenance in progress", "We apologise: the site is temporarily unavailable."),
}
DEPTH = 600  # past the 512 levels a browser nests (archiver.page.selectors.MAX_DEPTH)
REDIRECT_PATHS = {
    "loop": "/ru/glava-gosudarstva-napravil-privetstvie-uchastnikam-foruma-9990011",
    "moving": "/ru/glava-gosudarstva-vruchil-gosudarstvennye-nagrady-9990012",
    "meta-offsite": "/ru/glava-gosudarstva-prinyal-uchastie-v-sammite-9990013",
}
REDIRECT_TITLES = {
    "loop": "Глава государства направил приветствие участникам форума",
    "moving": "Глава государства вручил государственные награды",
    "meta-offsite": "Глава государства принял участие в саммите",
}
MOVING_TARGET = re.compile(r"^/ru/glava-gosudarstva-vruchil-gosudarstvennye-nagrady-r(\d+)-9990014$")
META_OFFSITE_URL = "http://offsite.invalid/ru/summit"
ENDLESS_ID_BASE = 8_800_000


def moving_target(n: int) -> str:
    return f"/ru/glava-gosudarstva-vruchil-gosudarstvennye-nagrady-r{n}-9990014"


def moving_item(path: str) -> Item:
    """The article behind the moving redirect: the same text at whatever URL it is reached."""
    return Item(
        lang="ru", i=-2, section="events", kind="news", path=path, title=REDIRECT_TITLES["moving"],
        label="Награждения", section_label="Новости", day=HOSTILE_DATE,
        page_date="21 марта 2025 года", card_date="21 марта 2025 года",
        paragraphs=[("p", "Глава государства вручил государственные награды представителям разных "
                          "отраслей и поздравил их с заслуженным признанием."),
                    ("p", "Президент отметил вклад награжденных в развитие страны.")])


def redirect_cards() -> list[Card]:
    return [Card(path, REDIRECT_TITLES[kind], "21 марта 2025 года", f"/upload/media/news/{kind}.jpg")
            for kind, path in REDIRECT_PATHS.items()]


def meta_refresh_page() -> str:
    return (f'<!DOCTYPE html>\n<html lang="ru">\n<head><meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={META_OFFSITE_URL}">\n'
            "<title>Переадресация</title></head>\n<body><p>Переадресация…</p></body>\n</html>\n")


def endless_cards(lang: str, section: str, page: int) -> list[Card]:
    """Ten cards no earlier page had, for page `page` past the end (their pages do not exist)."""
    first = ENDLESS_ID_BASE + page * 10
    return [Card(f"/{lang}/endless-{zlib.crc32(section.encode()) % 1000}-{first + k}", f"Endless {page}.{k}",
                 None, "/upload/media/news/endless.jpg") for k in range(10)]


def maintenance_content(lang: str) -> str:
    """What replaces the content and sidebar columns on a maintenance page."""
    title, text = MAINTENANCE[lang]
    return (f'<div class="maintenance text-center"><h1>{title}</h1><p>{text}</p>'
            '<img src="/img/maintenance.svg" alt=""></div>\n')


def nest(content: str, depth: int = DEPTH) -> str:
    return '<div class="wrap">' * depth + content + "</div>" * depth
