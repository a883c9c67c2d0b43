"""Slugs as the real site makes them: a transliterated title, sometimes of another language's title,
sometimes cut at 140 characters mid-word, sometimes ending in -1, -3 or _{unix time}."""

from __future__ import annotations

import re

SLUG_MAX = 140  # the real site cuts long slugs here, mid-word

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "ч": "ch", "ш": "sh", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters, as Russian-keyboard habits write them in URLs
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
# Kazakh-style and Russian-style transliteration differ in a few letters.
TRANSLIT = {
    "kz": str.maketrans({**_COMMON, "х": "kh", "ц": "ts", "щ": "sch"}),
    "ru": str.maketrans({**_COMMON, "х": "h", "ц": "c", "щ": "shch"}),
    "en": str.maketrans(_COMMON),
}
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str, style: str) -> str:
    """Lower-case ASCII words joined by hyphens, transliterated in the given language's style."""
    latin = title.lower().translate(TRANSLIT[style])
    latin = latin.replace("ü", "u").replace("“", "").replace("”", "").replace("'", "")
    return _NON_SLUG.sub("-", latin).strip("-")


def cut(slug: str) -> str:
    """The site's 140-character cut: mid-word, without a trailing hyphen."""
    return slug[:SLUG_MAX].rstrip("-") if len(slug) > SLUG_MAX else slug
