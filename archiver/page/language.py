"""Which language a text is written in: Kazakh, Russian or English, from its letters (pure).

Kazakh Cyrillic has nine letters Russian lacks (ә ғ қ ң ө ұ ү һ і); they make some 10-20 % of the
letters of Kazakh prose, and a few per cent of Russian prose that quotes Kazakh names or phrases. A
page is English when Latin letters outnumber Cyrillic ones. Too few letters: None.
"""

from __future__ import annotations

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
KAZAKH_SHARE = 0.06  # of the Cyrillic letters (Kazakh prose here: 10-20 %; a Russian text quoting Kazakh: ~3.5 %)
MIN_LETTERS = 20
SAMPLE_CHARS = 1500  # the title and the start of the body tell the language as well as the whole

# Letters counted on the sample's UTF-8 bytes, where C loops do it (a regex over Cyrillic text costs
# ~40 us a page): a Cyrillic letter U+0400-U+04FF is exactly one lead byte 0xD0-0xD3, a Latin one an
# ASCII byte; bytes.translate deletes them, and the length lost is the count.
_CYRILLIC_LEADS = bytes(range(0xD0, 0xD4))
_LATIN_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def text_lang(text: str) -> str | None:
    """"kk", "ru", "en", or None when the text has fewer than MIN_LETTERS letters."""
    sample = text[:SAMPLE_CHARS]
    data = sample.encode("utf-8")
    cyrillic = len(data) - len(data.translate(None, _CYRILLIC_LEADS))
    latin = len(data) - len(data.translate(None, _LATIN_BYTES))
    if cyrillic + latin < MIN_LETTERS:
        return None
    if latin > cyrillic:
        return "en"
    kazakh = sum(map(sample.count, KAZAKH_LETTERS))
    return "kk" if kazakh >= KAZAKH_SHARE * cyrillic else "ru"
