"""Which language a text is written in: Kazakh, Russian or English, from its letters (pure).

Kazakh Cyrillic has nine letters Russian lacks (ә ғ қ ң ө ұ ү һ і); they make some 10-20 % of the
letters of Kazakh prose, and a few per cent of Russian prose that quotes Kazakh names or phrases. A
page is English when Latin letters outnumber Cyrillic ones. Too few letters: None.
"""

from __future__ import annotations

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_SHARE = 0.06  # of the Cyrillic letters (Kazakh prose here: 10-20 %; a Russian text quoting Kazakh: ~3.5 %)
MIN_LETTERS = 20


def text_lang(text: str) -> str | None:
    """"kk", "ru", "en", or None when the text has fewer than MIN_LETTERS letters."""
    cyrillic = latin = kazakh = 0
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            cyrillic += 1
            kazakh += char in KAZAKH_LETTERS
        elif char.isascii() and char.isalpha():
            latin += 1
    if cyrillic + latin < MIN_LETTERS:
        return None
    if latin > cyrillic:
        return "en"
    return "kk" if kazakh >= KAZAKH_SHARE * cyrillic else "ru"
