"""Indexing rate and search time before and after issue 12's index terms, side by side in one run.

    python -m benchmarks.stemmer_change [N]

*Before*: `archiver/textsearch.py` as it stood at commit BEFORE, read from this repository's git history:
hand-written suffix rules for Kazakh, Russian and English, every word read alone, one lru_cache.
*After*: `archiver.search.textsearch` today: pymorphy3 lemmas for Russian, Snowball for English, the
Kazakh stemmer that knows verbs, each text read in its language, a vocabulary per language; the index
holds a stem only where it is not the word itself (`index_stems`; issue 14).

Only how words become terms differs between the two rows. Both are indexed and searched by today's
storage and search code: the side's indexing function (`stem_text` before, `index_stems` after) fills
the index's stems column, the side's `build_match` turns a query into the MATCH expression; snippets,
filters and ranking are today's.

* Indexing rate: the indexing function over the replica's articles (kk, ru, en: the site's own phrasing), tokens
  per second from an empty cache (every form analysed once, as when indexing starts) and with the cache
  full; median of RUNS runs, the two sides alternating.
* Search: two archives of the same N generated articles (benchmarks/corpus.py, the articles of the
  scale benchmark), one indexed by each side, written by `write_articles` (its rate is the indexing
  rate as the archive sees it); the scale benchmark's query mix (benchmarks/search_mix.py), each
  query's median of search_mix.SEARCH_RUNS runs, then p50 and p95 over the queries.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

from benchmarks import search_mix
from benchmarks._report import PROJECT_ROOT
from benchmarks.corpus import Generated, generate
from archiver import storage
from archiver.replica import ReplicaSite
from archiver.replica.texts import LANGS
from archiver.replica.truth import article_fields
from archiver.search import textsearch
from archiver.search import querylang
from archiver.storage import fts, ranked
from archiver.storage.bulk import write_articles

BEFORE = "38f81c4"  # the last commit before issue 12 changed how words become index terms
RUNS = 5
REPLICA_ARTICLES = 400  # per language, for the indexing rate
DEFAULT_N = 20_000


def before_module() -> types.ModuleType:
    """`archiver/textsearch.py` of commit BEFORE, loaded as a module of its own."""
    name = f"{BEFORE}:archiver/textsearch.py"
    shown = subprocess.run(["git", "-C", str(PROJECT_ROOT), "show", name], capture_output=True, text=True)
    if shown.returncode:
        raise RuntimeError(f"git cannot show {name} (a shallow clone?): the 'before' side needs the "
                           f"repository's history: {shown.stderr.strip()}")
    source = shown.stdout
    module = types.ModuleType("textsearch_before")
    module.__file__ = name
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, name, "exec"), module.__dict__)
    return module


def _clear(side: types.ModuleType) -> None:
    side.stem.cache_clear()
    for vocabulary in ("_VOCABULARY", "_INDEX_VOCABULARY"):
        getattr(side, vocabulary, {}).clear()


def index_terms(side: types.ModuleType):
    """What fills the stems column on this side: every stem before, the lean stems after."""
    return getattr(side, "index_stems", side.stem_text)


def replica_texts() -> list[str]:
    site = ReplicaSite(articles=REPLICA_ARTICLES, duplicates=False)
    texts = []
    for lang in LANGS:
        for i in range(REPLICA_ARTICLES):
            fields = article_fields(site.item(lang, i))
            texts.append(f"{fields['title'] or ''}\n{fields['body']}")
    return texts


def indexing_rates(sides: dict[str, types.ModuleType], texts: list[str]) -> dict[str, dict]:
    """Tokens per second of each side's indexing function, empty cache and full cache, runs alternating."""
    tokens = sum(len(textsearch.tokenize(t)) for t in texts)
    for side in sides.values():
        index_terms(side)(texts[0])  # load the analysers (pymorphy3's dictionary) outside the timing
    times: dict[tuple[str, bool], list[float]] = {(name, cold): [] for name in sides for cold in (True, False)}
    for _ in range(RUNS):
        for cold in (True, False):
            for name, side in sides.items():
                if cold:
                    _clear(side)
                terms = index_terms(side)
                began = time.process_time()
                for text in texts:
                    terms(text)
                times[name, cold].append(time.process_time() - began)
    return {name: {"tokens": tokens, "cold": tokens / statistics.median(times[name, True]),
                   "warm": tokens / statistics.median(times[name, False])} for name in sides}


@contextmanager
def terms_of(side: types.ModuleType) -> Iterator[None]:
    """Index and query terms made by `side`'s indexing function and build_match, the rest as today."""
    saved = fts.index_stems, ranked.build_match, search_mix.build_match
    build_match = getattr(side, "build_match", querylang.build_match)  # today's is querylang's
    fts.index_stems, ranked.build_match, search_mix.build_match = index_terms(side), build_match, build_match
    try:
        yield
    finally:
        fts.index_stems, ranked.build_match, search_mix.build_match = saved


def build_and_search(side: types.ModuleType, path: Path, n: int) -> dict:
    with terms_of(side):
        _clear(side)
        stats = Generated()
        db = storage.open_archive(path)
        began = time.perf_counter()
        write_articles(db, generate(n, stats))
        seconds = time.perf_counter() - began - stats.seconds
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        searches = search_mix.measure(path, stats.vocabularies, full_ranking=False)
    return {"rate": n / seconds, "searches": searches}


def _p(values: list[float], share: float) -> str:
    return f"{search_mix.percentile(values, share):.1f}"


def markdown(rates: dict[str, dict], searched: dict[str, dict], n: int, texts: int) -> str:
    names = list(rates)
    lines = [
        "### Index terms before and after issue 12 (one run, side by side)",
        "",
        f"*before*: `archiver/textsearch.py` of commit {BEFORE} (hand-written rules, every word read alone); "
        "*after*: `archiver.search.textsearch` (Russian by pymorphy3, English by Snowball, the Kazakh stemmer "
        "that knows verbs, each text read in its language; a stem indexed only where it is not the word "
        "itself). Both indexed and searched by today's storage and "
        "search code; only the index terms and the MATCH expression differ (benchmarks/stemmer_change.py).",
        "",
        f"| terms | indexing function, tokens / s, empty cache | full cache | `write_articles`, articles / s "
        f"({n:,} generated) | search p50 ms | search p95 ms | queries with results |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        ms = [r["ms"] for r in searched[name]["searches"]]
        found = sum(1 for r in searched[name]["searches"] if r["hits"])
        lines.append(f"| {name} | {rates[name]['cold']:,.0f} | {rates[name]['warm']:,.0f} | "
                     f"{searched[name]['rate']:,.0f} | {_p(ms, 0.5)} | {_p(ms, 0.95)} | "
                     f"{found}/{len(ms)} |")
    per_class = []
    for name in names:
        kinds: dict[str, list[float]] = {}
        for r in searched[name]["searches"]:
            kinds.setdefault(r["kind"].removesuffix(" + filters"), []).append(r["ms"])
        per_class.append(f"{name}: " + ", ".join(f"{k} {_p(v, 0.5)}" for k, v in kinds.items()))
    tokens = rates[names[0]]["tokens"]
    lines += ["", "Indexing rate: CPU time of the indexing function (`stem_text` before, `index_stems` after) "
              f"over {texts:,} replica articles ({tokens:,} tokens), "
              f"median of {RUNS} runs. Search: {len(searched[names[0]]['searches'])} queries, "
              f"median of {search_mix.SEARCH_RUNS} runs each; p50 per class, ms — " + "; ".join(per_class) + ". "
              "The generated articles' long tail is made-up words, unknown to pymorphy3's dictionary: every "
              "new one takes its slowest path (a guess from the word's end), which real text rarely asks."]
    return "\n".join(lines)


def run(n: int = DEFAULT_N) -> str:
    sides = {"before": before_module(), "after": textsearch}
    texts = replica_texts()
    rates = indexing_rates(sides, texts)
    work = Path(tempfile.mkdtemp(prefix="stemmer-bench-"))
    try:
        searched = {name: build_and_search(side, work / f"{name}.db", n) for name, side in sides.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return markdown(rates, searched, n, len(texts))


if __name__ == "__main__":
    from benchmarks._report import standalone

    standalone("stemmer", run, sys.argv[1:], DEFAULT_N, module="benchmarks.stemmer_change")
