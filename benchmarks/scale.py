"""The archive at scale: N generated articles through the storage API, search latency, export.

    python -m benchmarks.scale [N]

Articles: the replica's content model (archiver.replica: URLs, titles, dates, categories and paragraphs
of the three languages, article i of each language in turn), with each body lengthened to the size of
a real akorda.kz article (1,200-4,500 characters; the real 2018 page has 2,878) by paragraphs drawn
from a pool of the replica's paragraphs in the same language. Written with
`archiver.storage.bulk.write_articles` (write_article's rules, one commit per 1,000 articles); the
first 3,000 are also written into fresh archives one by one with `write_article` and in one batch,
for a like-for-like rate.
Search: 100 queries of several kinds through `archiver.storage.search`, as `archiver search` runs
them (read-only connection, 20 results with snippets); each query runs once to warm the cache,
then 3 times, and its median counts. Export: every format of `archiver export` on this archive,
each in a fresh process measured as the crawls are (benchmarks.crawl.run_measured).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archiver import storage
from archiver.items import Article
from archiver.replica import ReplicaSite
from archiver.replica.texts import LANGS, SECTIONS
from archiver.replica.truth import article_fields
from archiver.storage.bulk import write_articles
from archiver.textsearch import build_match, stem
from archiver.urls import SITE_LANGS

SEED = 2018
BODY_CHARS = (1200, 4500)  # body length, uniform: real articles run from a short note to a long speech
POOL_ARTICLES = 1500  # per language: the paragraphs bodies are lengthened with
BATCH = 1000
SINGLE_SAMPLE = 3000  # articles written one by one with write_article, for comparison
SEARCH_RUNS = 3
SEARCH_GOAL_MS = 50.0
EXPORT_GOAL_MB = 200  # issue 6's bound on an export's peak memory
WORD = re.compile(r"[^\W\d_]{4,}")
KAZAKH = frozenset("әғқңөұүһі")


@dataclass
class Generated:
    """Counters filled while the articles are generated."""

    articles: int = 0
    text_bytes: int = 0  # UTF-8 bytes of titles and bodies
    seconds: float = 0.0  # spent generating (not writing)
    vocabulary: dict[str, Counter] = field(default_factory=lambda: {lang: Counter() for lang in LANGS})


def _pools(site: ReplicaSite) -> dict[str, list[str]]:
    return {lang: [text for i in range(POOL_ARTICLES) for kind, text in site.item(lang, i).paragraphs
                   if kind == "p"] for lang in LANGS}


def generate(n: int, stats: Generated, seed: int = SEED) -> Iterator[Article]:
    """N articles, deterministic for a seed: article i of kk, ru, en in turn, newest last."""
    began = time.perf_counter()
    site = ReplicaSite(seed=seed, articles=-(-n // len(LANGS)), duplicates=False)
    pools, rng = _pools(site), random.Random(seed)
    stats.seconds += time.perf_counter() - began
    for k in range(n):
        began = time.perf_counter()
        lang, i = LANGS[k % len(LANGS)], k // len(LANGS)
        fields = article_fields(site.item(lang, i))
        paragraphs, target = [fields["body"]], rng.randint(*BODY_CHARS)
        size = len(fields["body"])
        while size < target:
            paragraphs.append(rng.choice(pools[lang]))
            size += len(paragraphs[-1]) + 2
        fields["body"] = "\n\n".join(paragraphs)
        stats.articles += 1
        stats.text_bytes += len(fields["title"].encode()) + len(fields["body"].encode())
        if k < 3000:  # enough text to draw the queries' words from
            stats.vocabulary[lang].update(w.lower() for w in WORD.findall(fields["body"]))
        stats.seconds += time.perf_counter() - began
        yield Article(**fields)


def build(path: Path, n: int) -> dict:
    """Write N articles into a new archive at `path`; the figures of the build."""
    stats = Generated()
    single_path = path.with_name("single.db")
    single = storage.open_archive(single_path)
    sample = list(generate(min(SINGLE_SAMPLE, n), Generated()))
    began = time.perf_counter()
    for article in sample:
        storage.write_article(single, article)
    single_seconds = time.perf_counter() - began
    single.conn.close()
    _remove_archive(single_path)
    batched = storage.open_archive(single_path)
    began = time.perf_counter()
    write_articles(batched, sample, batch=BATCH)
    batched_seconds = time.perf_counter() - began
    batched.conn.close()
    _remove_archive(single_path)
    db = storage.open_archive(path)
    run_id = storage.start_run(db, {"benchmark": "scale", "articles": n})
    began = time.perf_counter()
    counts = write_articles(db, generate(n, stats), run_id, batch=BATCH)
    total = time.perf_counter() - began
    storage.finish_run(db, run_id, "ok", dict(counts), {})
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sizes = _sizes(db.conn)
    db.conn.close()
    return {"n": n, "counts": counts, "seconds": total, "generate_seconds": stats.seconds,
            "write_seconds": total - stats.seconds, "single_rate": len(sample) / single_seconds,
            "batched_rate": len(sample) / batched_seconds,
            "single_n": len(sample), "text_bytes": stats.text_bytes, "db_bytes": path.stat().st_size,
            "sizes": sizes, "vocabulary": stats.vocabulary}


def _remove_archive(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sizes(conn: sqlite3.Connection) -> dict[str, int]:
    """Bytes per part of the archive: article rows, their indexes, the full-text index."""
    parts: Counter[str] = Counter()
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return {}
    for name, size in rows:
        part = ("full-text index" if name.startswith("articles_fts") else
                "articles table" if name == "articles" else
                "articles indexes" if name.startswith(("articles_", "sqlite_autoindex_articles")) else "other")
        parts[part] += size
    return dict(parts)


# -- search --------------------------------------------------------------------------------------------
FIXED = [  # the inflection pairs and their Russian equivalents, both ways
    "Шымкент", "Шымкенттің", "шілде", "шілдеде", "президент", "президентінің", "указ", "указа",
    "Астана", "Астанада", "Шымкента", "встреча",
]


def queries(vocabulary: dict[str, Counter], seed: int = SEED) -> list[tuple[str, str, dict]]:
    """100 (kind, query, filters): frequent, middling and rare words of each language, Kazakh inflected
    forms, two-word, phrase, prefix, OR and NOT queries; a third of them with filters."""
    rng = random.Random(seed)
    ranked = {lang: [w for w, _ in vocabulary[lang].most_common()] for lang in LANGS}
    inflected = [w for w in ranked["kz"] if KAZAKH.intersection(w) and stem(w) != w and len(w) > 6]

    def band(lang: str, low: float, high: float) -> str:
        words = ranked[lang]
        return rng.choice(words[int(len(words) * low):max(int(len(words) * high), int(len(words) * low) + 1)])

    out: list[tuple[str, str]] = [("inflection pairs", q) for q in FIXED]
    for lang in LANGS:
        out += [("frequent word", band(lang, 0, 0.02)) for _ in range(6)]
        out += [("middling word", band(lang, 0.1, 0.4)) for _ in range(6)]
        out += [("rare word", band(lang, 0.8, 1.0)) for _ in range(3)]
    out += [("Kazakh inflected form", w) for w in rng.sample(inflected[:400], 16)]
    out += [("two words", f"{band(lang, 0, 0.3)} {band(lang, 0, 0.3)}") for lang in LANGS * 3]
    out += [("phrase", f'"{band(lang, 0, 0.05)} {band(lang, 0, 0.05)}"') for lang in LANGS]
    out += [("prefix", band(lang, 0.05, 0.3)[:5] + "*") for lang in LANGS]
    out += [("OR", f"{band(lang, 0.1, 0.6)} OR {band(lang, 0.1, 0.6)}") for lang in LANGS * 2]
    out += [("NOT", f"{band(lang, 0, 0.05)} -{band(lang, 0, 0.2)}") for lang in LANGS * 2]
    assert len(out) == 100, len(out)
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


def _median_ms(call, runs: int = SEARCH_RUNS) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def measure_search(path: Path, vocabulary: dict[str, Counter]) -> list[dict]:
    """Each query: median milliseconds of `storage.search` (after a warming run), its result count,
    how many articles match it before filters, and the milliseconds of counting them alone."""
    conn = storage.open_readonly(path)
    results = []
    count_sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    for kind, query, filters in queries(vocabulary):
        match = build_match(query)
        results.append({
            "kind": kind, "query": query, "filters": filters,
            "hits": len(storage.search(conn, query, limit=20, **filters)),  # warms the page cache
            "ms": _median_ms(lambda: storage.search(conn, query, limit=20, **filters)),
            "matches": conn.execute(count_sql, (match,)).fetchone()[0],
            "count_ms": _median_ms(lambda: conn.execute(count_sql, (match,)).fetchone())})
    conn.close()
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


# -- export ----------------------------------------------------------------------------------------------
EXPORTS = {"csv": "snapshot.csv", "jsonl": "snapshot.jsonl", "parquet": "snapshot.parquet",
           "html": "bundle-html", "md": "bundle-md"}


def measure_export(path: Path, work: Path) -> dict[str, dict]:
    """Every format of `archiver export` on this archive, each in a fresh process: seconds of the
    export, rows (from its manifest), output size and the process's own peak memory (VmHWM)."""
    from benchmarks.crawl import run_measured

    results = {}
    for fmt, name in EXPORTS.items():
        out = work / name
        done = run_measured("archiver.cli", ["export", "--db", str(path), "--format", fmt, "--out", str(out)])
        manifest = out / "manifest.json" if out.is_dir() else Path(f"{out}.manifest.json")
        rows = json.loads(manifest.read_text(encoding="utf-8"))["rows"]
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir() else out.stat().st_size
        results[fmt] = {"seconds": done.seconds, "rows": rows, "mb": size / 1e6, "peak_mb": done.rss_mb}
        shutil.rmtree(out) if out.is_dir() else out.unlink()
        manifest.unlink(missing_ok=True)
    return results


# -- report ------------------------------------------------------------------------------------------------
def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n < 1e10 else f"{n / 1e9:,.1f} GB"


def markdown(built: dict, searches: list[dict]) -> str:
    n = built["n"]
    counts = built["counts"]
    write_rate = n / built["write_seconds"]
    sizes = built["sizes"]
    all_ms = [r["ms"] for r in searches]
    p50, p95 = percentile(all_ms, 0.5), percentile(all_ms, 0.95)
    slowest = max(searches, key=lambda r: r["ms"])
    kinds = list(dict.fromkeys(r["kind"].removesuffix(" + filters") for r in searches))
    kind_rows = []
    for kind in kinds + ["with filters"]:
        picked = [r for r in searches if (r["kind"].removesuffix(" + filters") == kind if kind != "with filters"
                                          else r["filters"])]
        ms = [r["ms"] for r in picked]
        example = next(r for r in picked)
        kind_rows.append(f"| {kind} | {len(picked)} | {percentile(ms, 0.5):.1f} | {percentile(ms, 0.95):.1f} "
                         f"| {max(ms):.1f} | {statistics.median(r['matches'] for r in picked):,.0f} "
                         f"| {sum(1 for r in picked if r['hits'])}/{len(picked)} "
                         f"| `{example['query']}`{_filters(example['filters'])} |")
    size_rows = [f"| {part} | {_mb(size)} | {size / built['text_bytes']:.1f}× |" for part, size in
                 sorted(sizes.items(), key=lambda kv: -kv[1])]
    goal_ok = p50 < SEARCH_GOAL_MS
    lines = [
        f"### Archive at scale ({n:,} generated articles)",
        "",
        f"Articles from the replica's content model, bodies lengthened to real-article size "
        f"({BODY_CHARS[0]:,}-{BODY_CHARS[1]:,} characters). Outcome: "
        + ", ".join(f"{v:,} {k}" for k, v in sorted(counts.items())) + ".",
        "",
        "| ingest | articles / s |",
        "|---|---:|",
        f"| `write_article`, one commit each: first {built['single_n']:,} articles, fresh archive "
        f"| {built['single_rate']:,.0f} |",
        f"| `write_articles`, one commit per {BATCH:,}: the same {built['single_n']:,}, fresh archive "
        f"| {built['batched_rate']:,.0f} ({built['batched_rate'] / built['single_rate']:.1f}×) |",
        f"| `write_articles`, one commit per {BATCH:,}: all {n:,} | {write_rate:,.0f} |",
        f"| generating the articles (not counted above) | {n / built['generate_seconds']:,.0f} |",
        "",
        f"Size: raw text (titles and bodies, UTF-8) {_mb(built['text_bytes'])}; archive "
        f"{_mb(built['db_bytes'])}, **{built['db_bytes'] / built['text_bytes']:.1f}× the raw text**.",
        "",
        "| part of the archive | size | ÷ raw text |",
        "|---|---:|---:|",
        *size_rows,
        "",
        f"Search, 100 queries ({SEARCH_RUNS} runs each after a warm-up, median per query; 20 results with "
        f"snippets): **p50 {p50:.1f} ms, p95 {p95:.1f} ms**, slowest {slowest['ms']:.0f} ms "
        f"(`{slowest['query']}`{_filters(slowest['filters'])}, {slowest['kind']}).",
        "",
        "| queries | n | p50 ms | p95 ms | max ms | matching articles (median) | with results | example |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *kind_rows,
        "",
        f"Finding the matching articles alone (`count(*)` of the MATCH) takes p50 "
        f"{percentile([r['count_ms'] for r in searches], 0.5):.1f} ms, p95 "
        f"{percentile([r['count_ms'] for r in searches], 0.95):.1f} ms; the rest of a search is ranking every "
        "match (bm25), joining the articles, filtering and the snippets, and grows with the number of "
        "matching articles.",
        "",
        f"- Goal {'met' if goal_ok else '**missed**'}: search p50 under {SEARCH_GOAL_MS:g} ms: {p50:.1f} ms"
        + ("." if goal_ok else f" — **over by {p50 / SEARCH_GOAL_MS - 1:.0%}**."),
    ]
    return "\n".join(lines)


def export_markdown(results: dict[str, dict], n: int, db_bytes: int) -> str:
    worst = max(results.values(), key=lambda r: r["peak_mb"] or 0)
    rows = ["| format | rows | time (s) | rows/s | output (MB) | peak memory (MB) | under goal |",
            "|---|---:|---:|---:|---:|---:|:---:|"]
    for fmt, r in results.items():
        peak = r["peak_mb"]
        rows.append(f"| {fmt} | {r['rows']:,} | {r['seconds']:.1f} | {r['rows'] / r['seconds']:,.0f} "
                    f"| {r['mb']:,.0f} | {'n/a' if peak is None else f'{peak:.0f}'} "
                    f"| {'yes' if peak is not None and peak < EXPORT_GOAL_MB else '**no**'} |")
    ok = worst["peak_mb"] is not None and worst["peak_mb"] < EXPORT_GOAL_MB
    return "\n".join([
        f"### Snapshot export ({n:,} generated articles, the archive of the scale benchmark)",
        "",
        f"Archive: {_mb(db_bytes)}. Each export is `archiver export --format F` alone in a fresh Python "
        "process; time is the export's (interpreter start-up excluded); peak memory is that process's own "
        "high-water mark of resident memory (VmHWM: interpreter, imports and shared libraries included; "
        "not `ru_maxrss`, which on Linux a child inherits from the process that started it).",
        "",
        *rows,
        "",
        f"- Goal {'met' if ok else '**missed**'}: peak memory under {EXPORT_GOAL_MB} MB in every format: "
        f"largest {worst['peak_mb']:.0f} MB" + ("." if ok else
                                                 f" — **over by {worst['peak_mb'] / EXPORT_GOAL_MB - 1:.0%}**."),
    ])


def _filters(filters: dict) -> str:
    return "".join(f" --{k} {v}" for k, v in filters.items())


def run(n: int = 100_000, export: bool = True, work: Path | None = None) -> tuple[str, str | None]:
    """Build, search, export; the Markdown of the scale section and of the export section."""
    work = Path(tempfile.mkdtemp(prefix="scale-bench-", dir=work))
    try:
        path = work / "archive.db"
        built = build(path, n)
        print(f"scale: {n:,} articles written in {built['seconds']:.0f} s", file=sys.stderr)
        searches = measure_search(path, built["vocabulary"])
        exported = measure_export(path, work) if export else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return (markdown(built, searches),
            export_markdown(exported, n, built["db_bytes"]) if exported else None)


def main(argv: list[str]) -> None:
    from benchmarks._report import write_section

    n = int(argv[0]) if argv else 100_000
    scale_md, export_md = run(n)
    print(scale_md)
    write_section("scale", scale_md)
    if export_md:
        print(export_md)
        write_section("export", export_md)


if __name__ == "__main__":
    main(sys.argv[1:])
