"""Which language a text is written in: Kazakh, Russian or English, from its letters (pure).

Kazakh Cyrillic has nine letters Russian lacks (ә ғ қ ң ө ұ ү һ і); they make some 10-20 % of the
letters of Kazakh prose, and a few per cent of Russian prose that quotes Kazakh names or phrases. A
page is English when Latin letters outnumber Cyrillic ones. Too few letters: None.
"""

from __future__ import annotations

import re

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
KAZAKH_SHARE = 0.06  # of the Cyrillic letters (Kazakh prose here: 10-20 %; a Russian text quoting Kazakh: ~3.5 %)
MIN_LETTERS = 20
SAMPLE_CHARS = 1500  # the title and the start of the body tell the language as well as the whole

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def text_lang(text: str) -> str | None:
    """"kk", "ru", "en", or None when the text has fewer than MIN_LETTERS letters."""
    sample = text[:SAMPLE_CHARS]
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    if cyrillic + latin < MIN_LETTERS:
        return None
    if latin > cyrillic:
        return "en"
    kazakh = sum(map(sample.count, KAZAKH_LETTERS))
    return "kk" if kazakh >= KAZAKH_SHARE * cyrillic else "ru"
