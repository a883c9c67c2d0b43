"""The one real page we have: news-page-2018-kz.txt (the text of a real akorda.kz news page), verbatim.

The replica serves it as a current-layout Kazakh news page in the working-trips section, with the
page's own category label, title, date line and paragraphs read from the packaged text file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

REAL_FILE = "news-page-2018-kz.txt"
REAL_LANG = "kz"
REAL_SECTION = "events/astana_kazakhstan/working_trips"
REAL_DATE = date(2018, 9, 29)
# A Russian-transliterated slug on a Kazakh page, as the real site often has.
REAL_PATH = (f"/kz/{REAL_SECTION}/prezident-kazahstana-provel-soveshchanie-po-voprosam-"
             "socialno-ekonomicheskogo-razvitiya-shymkenta")
_CATEGORY = "Жұмыс сапарлары"  # the category label line of the text dump
_BUTTONS = "Кері қайту"  # the first line after the body


@dataclass(frozen=True)
class RealPage:
    category: str
    title: str
    date_line: str
    paragraphs: tuple[str, ...]  # as in the text file (one may end in a space)


@cache
def real_page() -> RealPage:
    lines = files(__package__).joinpath(REAL_FILE).read_text(encoding="utf-8").splitlines()
    start = lines.index(_CATEGORY)
    rest = [line for line in lines[start + 1:] if line.strip()]
    title, date_line, *tail = rest
    end = next(n for n, line in enumerate(tail) if line.startswith(_BUTTONS))
    return RealPage(_CATEGORY, title, date_line, tuple(tail[:end]))
