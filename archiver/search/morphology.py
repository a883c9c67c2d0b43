"""Russian and English by well-kept libraries: pymorphy3 lemmas (OpenCorpora dictionary, shipped by the
`pymorphy3-dicts-ru` package) and the Snowball English stemmer (PyStemmer).

The analyser loads its dictionary (about 0.3 s) on first use, once per process. Callers cache per word
form (archiver.search.textsearch.stem is an lru_cache), so each distinct form is analysed once.
"""

from __future__ import annotations

import re
from functools import cache

import pymorphy3
import Stemmer


# A surname the dictionary does not hold (Бектенов, Смаилов): pymorphy3's guess from the ending scatters
# its cases over several lemmas ("бектен", "бектеновый"), so the case ending comes off by rule. Names in
# -аев (Токаев, Назарбаев) always: "токаев" is in the dictionary as the genitive plural of "токай".
SURNAME = re.compile(r"(\w{2,}(?:ов|ев|ин|ын))(?:а|у|ым|ом|ой|ою|е|ы|ых|ыми)?")
KAZAKH_SURNAME = re.compile(r"(\w+аев)(?:а|у|ым|ом|ой|ою|е|ы|ых|ыми)?")


@cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def _english() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def russian_lemma(word: str) -> str:
    """The lemma of the most likely reading of a lower-cased Russian word: "заявил" -> "заявить".

    Words outside the dictionary get pymorphy3's guess from their ending, surnames a rule. A surname takes its masculine
    lemma whichever reading comes first, so that "Токаева" (his, or hers) meets "Токаев".
    """
    if (surname := KAZAKH_SURNAME.fullmatch(word)) or (
            not is_russian_word(word) and (surname := SURNAME.fullmatch(word))):
        return surname.group(1)
    parses = _analyzer().parse(word)
    lemma = parses[0].normal_form
    if "Surn" in parses[0].tag:
        lemma = min((p.normal_form for p in parses if "Surn" in p.tag), key=len)
    return lemma.replace("ё", "е")


def is_russian_word(word: str) -> bool:
    """Whether the dictionary holds `word` as written (not a guess from its ending)."""
    return _analyzer().word_is_known(word)


def english_stem(word: str) -> str:
    """Snowball (Porter 2) English: "visited", "visiting", "visits" -> "visit"."""
    return _english().stemWord(word)
