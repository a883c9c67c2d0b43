"""Kazakh / Russian / English-aware full-text search: tokens and index terms.

The FTS5 table (archiver.storage) has exact columns `title`, `body` and a `stems` column holding
`index_stems(title + " " + body)`: the index term of each token, read in the text's language (a page is in
one language), except for a word that is its own term in every language (`is_own_stem`: "2018",
"Тоқаев"), which title/body hold already. `stem(word)` is the one entry point from a word to its index term:
  * Russian: the lemma of pymorphy3 (a real morphology with its dictionary): заявил, заявить -> заявить.
  * English: Snowball (PyStemmer): visited, visits -> visit.
  * Kazakh: our own stemmer (archiver.search.stem_kk; no Kazakh analyser on the package index works without
    data it does not ship): nouns and verbs, сапарларында -> сапар, барғанда -> бар.
The query language (words, phrases, OR, exclusions, prefixes, column filters) and its FTS5 MATCH
expressions are archiver.search.querylang's. Pure functions; no SQLite here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from archiver.search.morphology import english_stem, is_russian_word, russian_lemma
from archiver.search.stem_kk import KAZAKH_LETTERS, stem_kazakh

# bm25 column weights for (title, body, stems): an exact hit outweighs a pile of inflected ones, and a
# title hit a body hit. With equal weights a short article saying "Таразда" three times outranks a
# long one saying "Тараз" once (tests/test_textsearch.py shows both).
BM25_WEIGHTS = (10.0, 5.0, 1.0)

# -- tokens ----------------------------------------------------------------------------------------

CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя") | KAZAKH_LETTERS
LETTER_FIXES = {"ё": "е"}  # spellings folded in stems (text and query alike)
LATIN_IN_CYRILLIC = {"i": "і"}  # Kazakh "і" typed with a Latin key inside a Cyrillic word
# Combining marks that FTS5 unicode61 keeps inside a token (its diacritics); other marks separate.
KEPT_MARKS = "\u0300-\u0304\u0306-\u030c\u030f\u0311\u031b\u0323-\u0328\u032d\u032e\u0330\u0331"
PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
# A token: letters and numbers (\w without "_"), and private-use characters and those marks.
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(f"(?:[^\\W_]+|[{KEPT_MARKS}{PRIVATE_USE}]+)+")
UNUSUAL = re.compile(f"[{KEPT_MARKS}{PRIVATE_USE}]")


def _token_pattern(lowered: str) -> re.Pattern[str]:
    return TOKEN if UNUSUAL.search(lowered) else WORD  # WORD is 3x faster


def _raw_tokens(text: str) -> list[str]:
    """Lower-cased tokens split where FTS5 unicode61 splits (hyphens, apostrophes, punctuation)."""
    text = text.lower()  # letters stay letters: the boundaries do not move
    return _token_pattern(text).findall(text)


def _normalize(token: str) -> str:
    """NFC, no stress marks, ё -> е, and a Latin "i" inside a Cyrillic word -> "і"."""
    token = "".join(c for c in unicodedata.normalize("NFC", token) if unicodedata.category(c) != "Mn")
    if CYRILLIC.intersection(token):
        token = "".join(LATIN_IN_CYRILLIC.get(ch, ch) for ch in token)
    return "".join(LETTER_FIXES.get(ch, ch) for ch in token)


def tokenize(text: str) -> list[str]:
    """Lower-cased, normalized word tokens of `text`, split like FTS5 unicode61."""
    return [t for t in map(_normalize, _raw_tokens(text)) if t]


# -- one word, one text ----------------------------------------------------------------------------

LANGUAGES = ("kk", "ru", "en")
KAZAKH_SHARE = 0.15  # a text with this share of Cyrillic words in Kazakh-only letters is Kazakh


_KAZAKH_WORD = re.compile("[әғқңөұүһі]")  # per token, searched in C (a set per token is 5x slower)
_CYRILLIC_WORD = re.compile("[а-яёәғқңөұүһі]")
_LATIN_WORD = re.compile("[a-z]+")


def text_language(tokens: list[str]) -> str | None:
    """"kk", "ru" or "en" for a text's lower-cased tokens (a page is in one language); None: no words.

    Kazakh: at least 15% of its Cyrillic words hold a Kazakh-only letter (a Kazakh article has 30-40%, a
    Russian one none or a name or two). English: more Latin words than Cyrillic ones.
    """
    cyrillic = kazakh = latin = 0
    for token in tokens:
        if _CYRILLIC_WORD.search(token):
            cyrillic += 1
            if _KAZAKH_WORD.search(token):
                kazakh += 1
        elif _LATIN_WORD.fullmatch(token):
            latin += 1
    if latin > cyrillic:
        return "en"
    if not cyrillic:
        return None
    return "kk" if kazakh and kazakh >= KAZAKH_SHARE * cyrillic else "ru"


def _guess(word: str) -> str:
    """The language of a lone Cyrillic word: Russian if the Russian dictionary holds it, else Kazakh
    if a Kazakh ending comes off, else Russian (a name or a rare word, which pymorphy3 reads by ending)."""
    if KAZAKH_LETTERS.intersection(word):
        return "kk"
    if is_russian_word(word):
        return "ru"
    return "kk" if stem_kazakh(word) != word else "ru"


@lru_cache(maxsize=1 << 16)  # query words and snippets; stem_text keeps its own vocabulary
def stem(word: str, language: str | None = None) -> str:
    """The index term of one word: its inflected forms and its base form share it.

    `language` is the language of the text the word is in ("kk", "ru", "en"; see `text_language`);
    without it the word's own letters decide. Latin words: Snowball English. Cyrillic words with a
    Kazakh-only letter, or in a Kazakh text: the Kazakh stemmer (archiver.search.stem_kk). Other Cyrillic
    words: pymorphy3's Russian lemma. Numbers and mixed tokens are kept as they are.
    """
    word = _normalize(word.lower())
    if not word.isalpha():
        return word
    if not CYRILLIC.intersection(word):
        return english_stem(word) if word.isascii() else word
    if KAZAKH_LETTERS.intersection(word) or language == "kk" or (language != "ru" and _guess(word) == "kk"):
        return stem_kazakh(word)
    return russian_lemma(word)


# The indexing vocabulary: per text language, token -> index term, so that each distinct word form is
# analysed once (pymorphy3 takes about 50 us a form) and a known one costs a dict lookup. Emptied, not
# evicted, when full: a news archive's vocabulary per language is about this size.
VOCABULARY_LIMIT = 1 << 18
_VOCABULARY: dict[str | None, dict[str, str]] = {}


def _learn(vocabulary: dict[str, str], token: str, term: str) -> str:
    """Keep a newly analysed token's term (the vocabulary emptied first when full); returns it."""
    if len(vocabulary) >= VOCABULARY_LIMIT:
        vocabulary.clear()
    vocabulary[token] = term
    return term


def stem_text(text: str) -> str:
    """Space-joined index terms of `tokenize(text)`, one per token, read in the text's language
    (`index_stems` is this less the words that are their own term)."""
    tokens = _raw_tokens(text)
    language = text_language(tokens)
    vocabulary = _VOCABULARY.setdefault(language, {})
    known = vocabulary.get
    terms = []
    for token in tokens:
        term = known(token)
        if term is None:
            term = _learn(vocabulary, token, stem(token, language))  # stem() normalizes
        terms.append(term)
    return " ".join(filter(None, terms))


def is_own_stem(word: str) -> bool:
    """Whether a lower-cased token is its own index term in every language a text can be read in
    (numbers, most names, "президент", "шымкент"): such a word is found by its exact form. A text in
    English or of no language reads a word as Kazakh or as Russian (`stem`): those two readings decide."""
    return stem(word, "kk") == word and stem(word, "ru") == word


def _read_by_pymorphy(word: str) -> bool:
    """Whether `stem(word, "ru")` asks pymorphy3 (about 50 us a new form): a word of Cyrillic letters
    without a Kazakh-only one."""
    return word.isalpha() and not KAZAKH_LETTERS.intersection(word) and bool(CYRILLIC.intersection(word))


_INDEX_VOCABULARY: dict[str | None, dict[str, str]] = {}  # as _VOCABULARY, "" for a word left out


def index_stems(text: str) -> str:
    """The value of the FTS table's `stems` column: `stem_text(text)` less the terms that are the
    word itself (`is_own_stem`), which title/body already hold: `build_match` looks such a query term
    up there too, so every query finds the same articles, and the index is about a seventh smaller.
    Kept: every term of a chunk of several tokens without a space ("Қасым-Жомарттың", "2018-2019"),
    whose terms a query word of several tokens matches as a phrase, side by side in this column."""
    lowered = text.lower()
    pattern = _token_pattern(lowered)
    chunks = [[chunk] if chunk.isalnum() and pattern is WORD else pattern.findall(chunk)
              for chunk in lowered.split()]
    language = text_language([token for chunk in chunks for token in chunk])
    vocabulary = _VOCABULARY.setdefault(language, {})
    lone = _INDEX_VOCABULARY.setdefault(language, {})
    terms = []
    for chunk in chunks:
        for token in chunk:
            term = vocabulary.get(token)
            if term is None:
                term = _learn(vocabulary, token, stem(token, language))
            if len(chunk) == 1 and term == token:
                own = lone.get(token)
                if own is None:
                    # outside Russian texts, a word pymorphy3 would have to read is kept: asking
                    # it about every Kazakh word doubled the time of indexing for a few % of the index
                    own = _learn(lone, token, "" if ((language == "ru" or not _read_by_pymorphy(token))
                                                     and is_own_stem(token)) else term)
                term = own
            if term:
                terms.append(term)
    return " ".join(terms)
