"""Generated articles for the archive at scale, with a long-tail (Zipf) vocabulary.

Each article is the replica's article (title, date, category, its own opening paragraphs: the site's
phrasing, names and places) lengthened to the size of a real akorda.kz article with sentences whose
words follow Zipf's law: the word of rank r turns up with probability proportional to 1/r^ZIPF_S,
over VOCABULARY ranks per language. The top ranks are the replica's own words, most frequent first
(function words, "Президент", "Қазақстан"); below them come made-up words built from the language's
syllables, so that the tail is long: most words are rare, and a rare word is really rare (the word of
rank 100,000 is in about 1 article in 3,000). Every figure is deterministic for a seed.

Query words are drawn by rank band (`band`), and the benchmark counts how many articles each really
matches: the vocabulary says how rare a word is meant to be, the archive says how rare it is.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from archiver.page.items import Article
from archiver.replica import ReplicaSite
from archiver.replica.texts import LANGS
from archiver.replica.truth import article_fields

SEED = 2018
ZIPF_S = 1.0  # Zipf's exponent for word frequencies in running text (about 1 in every language)
VOCABULARY = 1_000_000  # word types per language
BODY_CHARS = (1200, 4500)  # body length, uniform: real articles run from a short note to a long speech
HEAD_ARTICLES = 1500  # per language: the replica articles whose words make the top of the ranks
SENTENCE_WORDS = (6, 18)
WORD = re.compile(r"[^\W\d_]{2,}")
# Letters the made-up words are built from: (consonants, vowels) per language.
LETTERS = {"kz": ("бдғжзйклмнңпрсқтшхһ", "аәеиоөұүыі"), "ru": ("бвгджзклмнпрстфхцчш", "аеиоуыяю"),
           "en": ("bcdfghklmnprstvwz", "aeiou")}


def _syllables(lang: str) -> list[str]:
    consonants, vowels = LETTERS[lang]
    return [c + v for c in consonants for v in vowels] + [v + c for v in vowels[:4] for c in consonants[:8]]


def _made_up(index: int, syllables: list[str]) -> str:
    """The index-th made-up word: index written in base len(syllables), two syllables at least."""
    base, parts = len(syllables), []
    index += base  # no one-syllable words
    while index:
        index, digit = divmod(index, base)
        parts.append(syllables[digit])
    return "".join(reversed(parts))


@dataclass
class Vocabulary:
    """One language's word types by rank (0 = most frequent) and the Zipf distribution over them."""

    words: list[str]
    head: int  # ranks below this are the replica's own words
    cumulative: np.ndarray
    phrases: list[str]  # two neighbouring words of a replica title, for phrase queries

    @classmethod
    def build(cls, lang: str, site: ReplicaSite, size: int = VOCABULARY) -> Vocabulary:
        counts: Counter[str] = Counter()
        phrases: set[str] = set()
        for i in range(HEAD_ARTICLES):
            fields = article_fields(site.item(lang, i))
            counts.update(w.lower() for w in WORD.findall(f"{fields['title']} {fields['body']}"))
            title = fields["title"].split()
            phrases.update(f"{a} {b}" for a, b in zip(title, title[1:]) if WORD.fullmatch(a + b))
        words = [w for w, _ in counts.most_common()][:size]
        known, syllables = set(words), _syllables(lang)
        index = 0
        while len(words) < size:
            word = _made_up(index, syllables)
            index += 1
            if word not in known:
                words.append(word)
        weights = 1.0 / np.arange(1, size + 1, dtype=np.float64) ** ZIPF_S
        cumulative = np.cumsum(weights)
        return cls(words, len(counts), cumulative / cumulative[-1], sorted(phrases))

    def share(self, rank: int) -> float:
        """Probability that one running word is the word of this rank."""
        return float(self.cumulative[rank] - (self.cumulative[rank - 1] if rank else 0.0))

    def sample(self, rng: np.random.Generator, k: int) -> list[str]:
        ranks = np.searchsorted(self.cumulative, rng.random(k), side="right")
        words = self.words
        return [words[r] for r in ranks.tolist()]


@dataclass
class Generated:
    """Counters filled while the articles are generated."""

    articles: int = 0
    text_bytes: int = 0  # UTF-8 bytes of titles and bodies
    seconds: float = 0.0  # spent generating (not writing)
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)


def _sentences(words: list[str], rng: random.Random) -> str:
    """Words into sentences (capitalised, full stops) and paragraphs of a few sentences."""
    paragraphs, sentences, at = [], [], 0
    while at < len(words):
        n = rng.randint(*SENTENCE_WORDS)
        chunk = words[at:at + n]
        at += n
        sentences.append(" ".join(chunk).capitalize() + ".")
        if len(sentences) == 4:
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def generate(n: int, stats: Generated, seed: int = SEED) -> Iterator[Article]:
    """N articles, deterministic for a seed: article i of kk, ru, en in turn, newest last."""
    began = time.perf_counter()
    site = ReplicaSite(seed=seed, articles=max(-(-n // len(LANGS)), HEAD_ARTICLES), duplicates=False)
    if not stats.vocabularies:
        stats.vocabularies = {lang: Vocabulary.build(lang, site) for lang in LANGS}
    rng, draws = random.Random(seed), np.random.default_rng(seed)
    stats.seconds += time.perf_counter() - began
    for k in range(n):
        began = time.perf_counter()
        lang, i = LANGS[k % len(LANGS)], k // len(LANGS)
        fields = article_fields(site.item(lang, i))
        missing = rng.randint(*BODY_CHARS) - len(fields["body"])
        if missing > 0:  # about 7.5 characters a word, with its space
            words = stats.vocabularies[lang].sample(draws, missing // 7 + 1)
            fields["body"] += "\n\n" + _sentences(words, rng)[:missing].rsplit(" ", 1)[0] + "."
        stats.articles += 1
        stats.text_bytes += len(fields["title"].encode()) + len(fields["body"].encode())
        stats.seconds += time.perf_counter() - began
        yield Article(**fields)
