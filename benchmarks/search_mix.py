"""The search benchmark's query mix, its timing, and how far the ranking strays from full bm25.

100 queries of the classes people type (frequent, middling and rare words of each language, Kazakh
inflected forms, two words, a phrase, a prefix, OR, NOT), a third of them with filters. Words are
drawn by rank band of the corpus's Zipf vocabulary (benchmarks.corpus); the report states how many
articles each class really matches in the archive at hand.

Each query runs through `archiver.storage.search_results` as `archiver search` runs it (read-only
connection, 20 results with snippets, the ranking cut short only beyond FULL_RANK_LIMIT matches): once
to warm the cache, then SEARCH_RUNS times; its median counts. The same query ranked over every match
(`full_rank=True`, full bm25) gives the reference top 20.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from archiver import storage
from archiver.replica.texts import LANGS, SECTIONS
from archiver.search.querylang import build_match
from archiver.search.textsearch import stem
from archiver.page.urls import SITE_LANGS
from benchmarks.corpus import SEED, Vocabulary

SEARCH_RUNS = 3
KAZAKH = frozenset("әғқңөұүһі")
# The inflection pairs and their Russian equivalents, both ways.
FIXED = ["Шымкент", "Шымкенттің", "шілде", "шілдеде", "президент", "президентінің", "указ", "указа",
         "Астана", "Астанада", "Шымкента", "встреча"]
# Rank bands (0 = the most frequent word) of each class, words of 4 letters or more.
FREQUENT, MIDDLING, RARE = (0, 300), (1_000, 10_000), (20_000, 200_000)


def queries(vocabularies: dict[str, Vocabulary], seed: int = SEED) -> list[tuple[str, str, dict]]:
    """100 (class, query, filters)."""
    rng = random.Random(seed)
    ranked = {lang: [w for w in v.words if len(w) >= 4] for lang, v in vocabularies.items()}
    head = {lang: ranked[lang][:v.head] for lang, v in vocabularies.items()}
    inflected = [w for w in head["kz"] if KAZAKH.intersection(w) and stem(w) != w and len(w) > 6]

    def band(lang: str, ranks: tuple[int, int]) -> str:
        return rng.choice(ranked[lang][ranks[0]:ranks[1]])

    def real(lang: str) -> str:  # a word of the replica's own text, for prefixes and phrases
        return rng.choice(head[lang][20:])

    out: list[tuple[str, str]] = [("inflection pairs", q) for q in FIXED]
    for lang in LANGS:
        out += [("frequent word", band(lang, FREQUENT)) for _ in range(6)]
        out += [("middling word", band(lang, MIDDLING)) for _ in range(6)]
        out += [("rare word", band(lang, RARE)) for _ in range(3)]
    out += [("Kazakh inflected form", w) for w in rng.sample(inflected, min(16, len(inflected)))]
    out += [("two words", f"{band(lang, FREQUENT)} {band(lang, MIDDLING)}") for lang in LANGS * 3]
    out += [("phrase", f'"{rng.choice(vocabularies[lang].phrases)}"') for lang in LANGS]
    out += [("prefix", real(lang)[:5] + "*") for lang in LANGS]
    out += [("OR", f"{band(lang, MIDDLING)} OR {band(lang, MIDDLING)}") for lang in LANGS * 2]
    out += [("NOT", f"{band(lang, FREQUENT)} -{band(lang, FREQUENT)}") for lang in LANGS * 2]
    out = out[:100]
    categories = {lang: [s.label(lang) for s in SECTIONS] for lang in LANGS}
    filtered = []
    for n, (kind, query) in enumerate(out):
        filters: dict = {}
        if n % 3 == 2:
            lang = rng.choice(LANGS)
            year = rng.randint(2008, 2024)
            filters = rng.choice([{"lang": SITE_LANGS[lang]}, {"since": str(year)},
                                  {"since": str(year), "until": str(year + 2)},
                                  {"lang": SITE_LANGS[lang], "since": f"{year}-06"},
                                  {"category": rng.choice(categories[lang])}])
        filtered.append((kind + (" + filters" if filters else ""), query, filters))
    return filtered


def _median_ms(call, runs: int = SEARCH_RUNS, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        began = clock()
        call()
        times.append((clock() - began) * 1000)
    return statistics.median(times)


def measure(path: Path, vocabularies: dict[str, Vocabulary], full_ranking: bool = True) -> list[dict]:
    """Each query: median ms of `storage.search_results`, its results, whether its ranking was cut short,
    how many articles match it (before filters), and (full_ranking) the top 20 of full bm25: its ms and
    how many of it the search shows."""
    conn = storage.open_readonly(path)
    count_sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    results = []
    for kind, query, filters in queries(vocabularies):
        found = storage.search_results(conn, query, limit=20, **filters)  # warms the cache
        shown = [r["url"] for r in found.rows]
        row = {"kind": kind, "query": query, "filters": filters, "hits": len(shown), "cut_short": found.cut_short,
               "ms": _median_ms(lambda: storage.search_results(conn, query, limit=20, **filters)),
               # CPU time of this process (SQLite runs in it): what the search costs, less what a busy
               # machine adds to the wall time by making it wait for a core.
               "cpu_ms": _median_ms(lambda: storage.search_results(conn, query, limit=20, **filters),
                                    clock=time.process_time),
               "matches": conn.execute(count_sql, (build_match(query),)).fetchone()[0],
               "count_ms": _median_ms(lambda: conn.execute(count_sql, (build_match(query),)).fetchone())}
        if full_ranking:
            full = [r["url"] for r in storage.search_results(conn, query, limit=20, full_rank=True, **filters).rows]
            row["full_ms"] = _median_ms(lambda: storage.search_results(conn, query, limit=20, full_rank=True,
                                                                       **filters))
            row["overlap"] = (len(set(shown) & set(full)), len(full))
        results.append(row)
    conn.close()
    return results


def extrapolated_ms(row: dict, articles: int, target: int) -> float:
    """A query's time in an archive of `target` articles, estimated (not measured): what it took
    here, plus the time of walking all its matches (count(*)) once more for every further multiple
    of the archive: bm25 reads every match of each term once for its statistics, while the ranked
    candidates, the filters and the snippets stay bounded."""
    return row["ms"] + row["count_ms"] * max(0.0, target / articles - 1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _filters(filters: dict) -> str:
    return "".join(f" --{k} {v}" for k, v in filters.items())


def class_rows(searches: list[dict], articles: int) -> list[str]:
    """One Markdown row per query class (and one for every query with filters)."""
    kinds = list(dict.fromkeys(r["kind"].removesuffix(" + filters") for r in searches))
    rows = []
    for kind in kinds + ["with filters"]:
        picked = [r for r in searches if (r["kind"].removesuffix(" + filters") == kind if kind != "with filters"
                                          else r["filters"])]
        ms, matches = [r["ms"] for r in picked], [r["matches"] for r in picked]
        overlap = [r["overlap"] for r in picked if "overlap" in r]
        same = (f"{sum(o[0] for o in overlap) / max(1, sum(o[1] for o in overlap)):.0%}"
                if overlap and sum(o[1] for o in overlap) else "–")
        full = f"{percentile([r['full_ms'] for r in picked], 0.5):.1f}" if overlap else "–"
        rows.append(
            f"| {kind} | {len(picked)} | {percentile(ms, 0.5):.1f} | {percentile(ms, 0.95):.1f} | {max(ms):.1f} "
            f"| {full} | {statistics.median(matches):,.0f} ({statistics.median(matches) / articles:.2%}) "
            f"| {min(matches):,}–{max(matches):,} | {same} | {sum(1 for r in picked if r['hits'])}/{len(picked)} "
            f"| `{picked[0]['query']}`{_filters(picked[0]['filters'])} |")
    return rows


CLASS_HEADER = ["| queries | n | p50 ms | p95 ms | max ms | full bm25 p50 ms | matching articles: median (share) "
                "| min–max | top 20 as full bm25 | with results | example |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
