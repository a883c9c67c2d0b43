"""Stemming against a Universal Dependencies treebank: recall, verbs and confusable, side by side.

    python -m benchmarks.stemming FILE.conllu [FILE.conllu ...]
    python -m benchmarks.stemming --rate FILE.conllu [FILE.conllu ...]

The treebank is read, never copied: only its word forms, lemmas and parts of speech are used, in memory.
For every file it prints one Markdown table, one row per stemmer, all measured in this run:

* recall: of the distinct inflected forms (a word form that differs from its lemma), the share whose stem
  equals the stem of its lemma or of another form of the same lemma: a search for one form finds the other.
* verbs: the same, over the forms tagged VERB.
* confusable: of the pairs of different lemmas that share their first 3 letters, the share that get the
  same stem: a search for one finds the other, unrelated, word.

Words are lower-cased, ё is read as е, and only purely alphabetic forms and lemmas count (no numbers,
punctuation, abbreviations with dots). Tokens tagged X are left out: UD's "other", a word the annotators
did not analyse, whose lemma column repeats the form (every one in KTB train, up to case). Counted as
lemmas they would make pairs of a lemma and its own inflected form (KTB train has "болып" tagged X beside
"болып" as a form of "бол", and "дүниеге" beside "дүние"), which a stemmer would be right to meet; how
many were left out is printed. Rows: `archiver.search.textsearch.stem` (the project's one entry point) as
the index uses it, with the language `text_language` finds for the whole file (as for an article), and as
for a lone word with no language; the first 5 letters as a baseline; and, for reference, Snowball Russian
(PyStemmer) and pymorphy3's first lemma (both installed with the project).

`--rate` times indexing instead: `archiver.search.textsearch.stem_text` over the treebank's own sentences (its
`# text =` lines, real running text) cut into articles of about 300 words, from an empty word cache (each
distinct form analysed once, as when indexing starts) and again with the cache full; median of RUNS runs.
It uses nothing but `stem_text` and `stem`, so the same script can measure an older checkout
(`PYTHONPATH=/path/to/old/checkout python benchmarks/stemming.py [--rate] ...`).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import statistics
import time

from archiver.search import textsearch

RUNS = 5
ARTICLE_WORDS = 300

Stemmer = Callable[[str], str]


@dataclass(frozen=True)
class Token:
    form: str
    lemma: str
    upos: str


def read_conllu(path: Path) -> list[Token]:
    """The word tokens of a CoNLL-U file (no multi-word ranges, no empty nodes), lower-cased."""
    tokens = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[0].isdigit():
                continue
            form, lemma = (c.lower().replace("ё", "е") for c in cols[1:3])
            if form.isalpha() and lemma.isalpha():
                tokens.append(Token(form, lemma, cols[3]))
    return tokens


@dataclass(frozen=True)
class Scores:
    recall: float
    verbs: float
    confusable: float
    forms: int
    verb_forms: int
    pairs: int


def _recall(pairs: Iterable[tuple[str, str]], forms_of: dict[str, set[str]], stems: dict[str, str]) -> tuple[float, int]:
    pairs = list(pairs)
    found = sum(1 for form, lemma in pairs
                if stems[form] == stems[lemma] or any(stems[f] == stems[form] for f in forms_of[lemma] - {form}))
    return (found / len(pairs) if pairs else 0.0), len(pairs)


def analysed(tokens: list[Token]) -> list[Token]:
    """The tokens the treebank gives a lemma: all but those tagged X (see the module docstring)."""
    return [t for t in tokens if t.upos != "X"]


def score(tokens: list[Token], stemmer: Stemmer) -> Scores:
    """recall, verbs and confusable (see the module docstring) of `stemmer` on `tokens`."""
    tokens = analysed(tokens)
    forms_of: dict[str, set[str]] = defaultdict(set)
    for t in tokens:
        forms_of[t.lemma].add(t.form)
    words = {t.form for t in tokens} | set(forms_of)
    stems = {w: stemmer(w) for w in words}
    inflected = {(t.form, t.lemma) for t in tokens if t.form != t.lemma}
    verbs = {(t.form, t.lemma) for t in tokens if t.form != t.lemma and t.upos == "VERB"}
    recall, n_forms = _recall(inflected, forms_of, stems)
    verb_recall, n_verbs = _recall(verbs, forms_of, stems)
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for lemma in sorted(forms_of):
        if len(lemma) >= 3:
            by_prefix[lemma[:3]].append(lemma)
    pairs = same = 0
    for group in by_prefix.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pairs += 1
                same += stems[a] == stems[b]
    return Scores(recall, verb_recall, same / pairs if pairs else 0.0, n_forms, n_verbs, pairs)


def _snowball_russian() -> Stemmer:
    import Stemmer as pystemmer  # PyStemmer

    return pystemmer.Stemmer("russian").stemWord


def _pymorphy_lemma() -> Stemmer:
    import pymorphy3

    analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    return lambda word: analyzer.parse(word)[0].normal_form.replace("ё", "е")


def stemmers(tokens: list[Token]) -> dict[str, Stemmer]:
    """The rows: ours as the index reads the text (in its language) and as a lone word, then others."""
    stem = textsearch.stem
    ours = {"archiver.search.textsearch.stem, a lone word (no language)": stem}
    if hasattr(textsearch, "text_language"):  # an older checkout reads every word alone
        language = textsearch.text_language([t.form for t in tokens])
        ours = {f"archiver.search.textsearch.stem, as indexed (text read as {language})": lambda w: stem(w, language),
                **ours}
    return {**ours, **{name: make() for name, make in OTHERS.items()}}


OTHERS: dict[str, Callable[[], Stemmer]] = {
    "first 5 letters (baseline)": lambda: (lambda word: word[:5]),
    "Snowball Russian (PyStemmer)": _snowball_russian,
    "pymorphy3 first lemma": _pymorphy_lemma,
}


def table(path: Path) -> str:
    tokens = read_conllu(path)
    rows = [f"{path.name}: {len(tokens)} word tokens, {len({(t.form, t.lemma) for t in tokens})} distinct "
            "(form, lemma) pairs", "",
            "| stemmer | recall | verbs | confusable |", "|---|---:|---:|---:|"]
    counts = None
    for name, stemmer in stemmers(tokens).items():
        s = score(tokens, stemmer)
        counts = s
        rows.append(f"| {name} | {s.recall:.2f} | {s.verbs:.2f} | {s.confusable:.1%} |")
    assert counts is not None
    rows += ["", f"inflected forms: {counts.forms}, of verbs: {counts.verb_forms}, "
             f"lemma pairs sharing 3 first letters: {counts.pairs}; "
             f"tokens tagged X (no analysis) left out: {len(tokens) - len(analysed(tokens))}"]
    return "\n".join(rows)


# Issue 12's goals on held-out data, by the language the text is read in: recall, verbs, confusable.
GOALS = {"kk": (0.85, 0.70, 0.05), "ru": (0.95, 0.90, 0.005)}


def goal_line(path: Path) -> str | None:
    """"- Goal met: ..." (or missed) for the stemmer as indexed on this treebank, if a goal is set."""
    tokens = read_conllu(path)
    language = textsearch.text_language([t.form for t in tokens])
    if language not in GOALS:
        return None
    recall, verbs, confusable = GOALS[language]
    s = score(tokens, lambda w: textsearch.stem(w, language))
    met = s.recall >= recall and s.verbs >= verbs and s.confusable <= confusable
    return (f"- Goal {'met' if met else '**missed**'}: {path.name}, recall ≥ {recall:g}, verbs ≥ {verbs:g}, "
            f"confusable ≤ {confusable:.1%}: {s.recall:.2f}, {s.verbs:.2f}, {s.confusable:.1%}.")


def articles(path: Path) -> list[str]:
    """The treebank's sentences (`# text = ...`), joined into articles of about ARTICLE_WORDS words."""
    out, current, words = [], [], 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# text = "):
                current.append(line[len("# text = "):].strip())
                words += len(current[-1].split())
                if words >= ARTICLE_WORDS:
                    out.append(" ".join(current))
                    current, words = [], 0
    return out + ([" ".join(current)] if current else [])


def _timed(texts: list[str], cold: bool) -> float:
    if cold:
        textsearch.stem.cache_clear()
        getattr(textsearch, "_VOCABULARY", {}).clear()
    start = time.perf_counter()
    for text in texts:
        textsearch.stem_text(text)
    return time.perf_counter() - start


def rate(path: Path) -> str:
    """Indexing rate of stem_text on one treebank's text: empty cache, then full cache."""
    texts = articles(path)
    tokens = sum(len(textsearch.tokenize(t)) for t in texts)
    textsearch.stem_text(texts[0])  # load the analysers (pymorphy3's dictionary) outside the timing
    cold = statistics.median(_timed(texts, cold=True) for _ in range(RUNS))
    warm = statistics.median(_timed(texts, cold=False) for _ in range(RUNS))
    forms = sum(map(len, getattr(textsearch, "_VOCABULARY", {}).values())) or textsearch.stem.cache_info().currsize
    return (f"| {path.name} | {len(texts)} | {tokens:,} | {forms:,} | {tokens / cold:,.0f} | "
            f"{tokens / warm:,.0f} |")


def _unreadable(path: Path, timing: bool) -> str | None:
    """Why `path` cannot be measured (one line), or None."""
    if not path.is_file():
        return "no such treebank file"
    try:
        if timing and not articles(path):
            return "no '# text =' lines to time"
        if not timing and not read_conllu(path):
            return "no word tokens (not a CoNLL-U treebank?)"
    except (OSError, UnicodeDecodeError) as exc:
        return f"cannot be read as UTF-8 text ({exc.__class__.__name__})"
    return None


def main(argv: list[str]) -> int:
    timing = argv[:1] == ["--rate"]
    names = argv[1:] if timing else argv
    if not names:
        print("usage: python -m benchmarks.stemming [--rate] FILE.conllu [FILE.conllu ...]", file=sys.stderr)
        return 2
    for name in names:
        problem = _unreadable(Path(name), timing)
        if problem:
            print(f"error: {name}: {problem}", file=sys.stderr)
            return 2
    if timing:
        print(f"stem_text, tokens per second, median of {RUNS} runs ({textsearch.__file__})\n\n"
              "| text | articles | tokens | distinct (form, language) analysed | empty cache | full cache |\n"
              "|---|---:|---:|---:|---:|---:|")
        print("\n".join(rate(Path(name)) for name in names))
    else:
        print("\n\n".join(table(Path(name)) for name in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
