"""The archive at scale: N generated articles through the storage API, its size, search latency, export.

    python -m benchmarks.scale [N] [--keep PATH] [--build-only] [--reuse PATH]

Articles: benchmarks.corpus (the replica's articles lengthened to real size with a long-tail Zipf
vocabulary). Written with `archiver.storage.bulk.write_articles` (write_article's rules, one commit per
1,000 articles, the full-text index compacted at the end); the first 3,000 are also written into fresh archives one by one with `write_article`
and in one batch, unmodified, for the ingest rates. Search: benchmarks.search_mix (100 queries, the
top 20 against full bm25). Export: every format of `archiver export` on this archive, each in a fresh
process measured as the crawls are (benchmarks._process.run_measured). Every ingest and every export
must have written all its articles, or the benchmark stops (benchmarks.verdict.IncompleteWork).

Goals are decided by what this run measured at N articles. Below the target size (1,000,000), the
search time there is an estimate (benchmarks.scale_model), printed with the model's error against the
last search measured at that size in BENCHMARKS.md; it decides no goal.

`--keep PATH` keeps the archive (and its build figures in PATH.json, with when and at which commit it
was built); `--build-only` stops there; `--reuse PATH` measures a kept archive without building it again:
its build figures come from PATH.json, and the section says so.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import sqlite_utils

from archiver import storage

from archiver.search import textsearch
from archiver.storage.bulk import write_articles
from archiver.storage.ranked import CANDIDATES, FULL_RANK_LIMIT
from benchmarks import search_mix
from benchmarks._report import PROJECT_ROOT, Run
from benchmarks.scale_model import estimate_lines, last_measured, p95_limit
from benchmarks.corpus import BODY_CHARS, VOCABULARY, ZIPF_S, Generated, generate
from benchmarks.search_mix import percentile
from benchmarks.verdict import MET, IncompleteWork, judge, measured_goal, require_work

BATCH = 1000
SINGLE_SAMPLE = 3000  # articles written one by one with write_article, for comparison
SEARCH_GOAL_MS = (50.0, 150.0)  # p50, p95
SIZE_GOAL = 2.0  # the archive at most this many times its raw text
TARGET = 1_000_000  # the archive size the search goal is set for
EXPORT_GOAL_MB = 200  # issue 6's bound on an export's peak memory


@contextmanager
def unbounded_stem_cache() -> Iterator[None]:
    """`textsearch.stem` keeps its last 2^18 word forms; a long-tail vocabulary of millions of forms
    misses that cache on about one word in four and, for Russian, each miss costs a morphological
    analysis. Building a large archive for the search figures, every form is kept (the same function,
    memoised without bound); the ingest rates of the unmodified path are measured on the sample."""
    original = textsearch.stem
    textsearch.stem = lru_cache(maxsize=None)(original.__wrapped__)
    try:
        yield
    finally:
        textsearch.stem = original


def build(path: Path, n: int) -> dict:
    """Write N articles into a new archive at `path`; the figures of the build."""
    stats = Generated()
    single_path = path.with_name("single.db")
    single = storage.open_archive(single_path)
    sample = list(generate(min(SINGLE_SAMPLE, n), stats))
    began = time.perf_counter()
    for article in sample:
        storage.write_article(single, article)
    single_seconds = time.perf_counter() - began
    _require_rows("`write_article`, one commit each", single, len(sample))
    single.conn.close()
    _remove_archive(single_path)
    batched = storage.open_archive(single_path)
    began = time.perf_counter()
    write_articles(batched, sample, batch=BATCH)
    batched_seconds = time.perf_counter() - began
    _require_rows("`write_articles` of the sample", batched, len(sample))
    batched.conn.close()
    _remove_archive(single_path)
    del sample
    stats = Generated(vocabularies=stats.vocabularies)
    db = storage.open_archive(path)
    run_id = storage.start_run(db, {"benchmark": "scale", "articles": n})
    began = time.perf_counter()
    with unbounded_stem_cache():
        counts = write_articles(db, generate(n, stats), run_id, batch=BATCH)
    total = time.perf_counter() - began
    storage.finish_run(db, run_id, "ok", dict(counts), {})
    _require_rows("`write_articles` of the whole archive", db, n)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sizes = _sizes(db.conn)
    db.conn.close()
    made = Run.now("")
    return {"built": f"built {made.started:%Y-%m-%d %H:%M:%S} UTC, commit {made.commit}",
            "n": n, "counts": dict(counts), "seconds": total, "generate_seconds": stats.seconds,
            "write_seconds": total - stats.seconds, "single_rate": SINGLE_SAMPLE / single_seconds,
            "batched_rate": SINGLE_SAMPLE / batched_seconds, "single_n": min(SINGLE_SAMPLE, n),
            "text_bytes": stats.text_bytes, "db_bytes": path.stat().st_size, "sizes": sizes}


def _require_rows(who: str, db: sqlite_utils.Database, n: int) -> None:
    """The ingest wrote every article it is timed for (IncompleteWork otherwise)."""
    rows = db.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    require_work(who, {"articles written": rows}, {"articles written": n})


def _as_found(path: Path) -> dict:
    """The figures of a kept archive whose build was stopped before it finished (no build figures)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    n, text = conn.execute("SELECT count(*), sum(length(CAST(coalesce(title, '') AS BLOB))"
                           " + length(CAST(body AS BLOB))) FROM articles").fetchone()
    conn.close()
    return {"n": n, "counts": {"new": n}, "text_bytes": text, **_sizes_as_found(path), "interrupted": True}


def _sizes_as_found(path: Path) -> dict:
    """The sizes of a kept archive as it stands now: a migration since its build (an index added)
    counts."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sizes = _sizes(conn)
    conn.close()
    return {"db_bytes": path.stat().st_size, "sizes": sizes}


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


# -- export ----------------------------------------------------------------------------------------------
EXPORTS = {"csv": "snapshot.csv", "jsonl": "snapshot.jsonl", "parquet": "snapshot.parquet",
           "html": "bundle-html", "md": "bundle-md"}


def measure_export(path: Path, work: Path, articles: int) -> dict[str, dict]:
    """Every format of `archiver export` on this archive, each in a fresh process: seconds of the
    export, rows (from its manifest), output size and the process's own peak memory (VmHWM)."""
    from benchmarks._process import run_measured

    results = {}
    for fmt, name in EXPORTS.items():
        out = work / name
        done = run_measured("archiver.cli", ["export", "--db", str(path), "--format", fmt, "--out", str(out)])
        manifest = out / "manifest.json" if out.is_dir() else Path(f"{out}.manifest.json")
        rows = json.loads(manifest.read_text(encoding="utf-8"))["rows"]
        require_work(f"archiver export --format {fmt}", {"rows exported": rows}, {"rows exported": articles})
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir() else out.stat().st_size
        results[fmt] = {"seconds": done.seconds, "rows": rows, "mb": size / 1e6, "peak_mb": done.rss_mb}
        shutil.rmtree(out) if out.is_dir() else out.unlink()
        manifest.unlink(missing_ok=True)
    return results


# -- report ------------------------------------------------------------------------------------------------
def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n < 1e10 else f"{n / 1e9:,.1f} GB"


def markdown(built: dict, searches: list[dict], last: dict | None = None) -> str:
    """The scale section. `last`: the search figures last measured at TARGET articles (`last_measured`),
    against which an estimate for TARGET from a smaller archive is checked."""
    n, sizes, text = built["n"], built["sizes"], built["text_bytes"]
    all_ms = [r["ms"] for r in searches]
    p50, p95 = percentile(all_ms, 0.5), percentile(all_ms, 0.95)
    slowest = max(searches, key=lambda r: r["ms"])
    overlap = [r["overlap"] for r in searches if "overlap" in r]
    ratio = built["db_bytes"] / text
    size_rows = [f"| {part} | {_mb(size)} | {size / text:.2f}× |" for part, size in
                 sorted(sizes.items(), key=lambda kv: -kv[1])]
    same = sum(o[0] for o in overlap) / max(1, sum(o[1] for o in overlap))
    whole = sum(1 for o in overlap if o[0] == o[1])
    lines = [
        f"### Archive at scale ({n:,} generated articles)",
        "",
        f"Articles from the replica's content model, bodies lengthened to real-article size "
        f"({BODY_CHARS[0]:,}-{BODY_CHARS[1]:,} characters) with words drawn by Zipf's law (exponent "
        f"{ZIPF_S:g}, {VOCABULARY:,} word types per language: benchmarks/corpus.py). Outcome: "
        + ", ".join(f"{v:,} {k}" for k, v in sorted(built["counts"].items())) + ".",
        "",
        *_ingest_rows(built),
        f"Size: raw text (titles and bodies, UTF-8) {_mb(text)}; archive {_mb(built['db_bytes'])}, "
        f"**{ratio:.2f}× the raw text**. The full-text index keeps no copy of the text (FTS5 "
        "`content=''`); snippets are cut from the articles table.",
        "",
        "| part of the archive | size | ÷ raw text |",
        "|---|---:|---:|",
        *size_rows,
        "",
        f"Search, {len(searches)} queries (benchmarks/search_mix.py; {search_mix.SEARCH_RUNS} runs each after a "
        f"warm-up, median per query; 20 results with snippets): **p50 {p50:.1f} ms, p95 {p95:.1f} ms**, "
        f"slowest {slowest['ms']:.0f} ms (`{slowest['query']}`{search_mix._filters(slowest['filters'])}, "
        f"{slowest['kind']}); CPU time of the searching process p50 "
        f"{percentile([r['cpu_ms'] for r in searches], 0.5):.1f} ms, p95 "
        f"{percentile([r['cpu_ms'] for r in searches], 0.95):.1f} ms (load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores at the end). *Full bm25*: the same query ranked over every match (`--full-rank`); *top 20 "
        f"as full bm25*: the share of full bm25's top 20 that the search shows.",
        "",
        *search_mix.CLASS_HEADER,
        *search_mix.class_rows(searches, n),
        "",
    ]
    if n < TARGET:
        lines += [*estimate_lines(searches, n, TARGET, last), ""]
    limit = p95_limit(searches, n, SEARCH_GOAL_MS[1])
    lines += [f"Where SQLite stops serving this query mix within the goal (an estimate on the same model, not a "
              f"measurement; it decides no goal): "
              f"the p95 would pass {SEARCH_GOAL_MS[1]:g} ms "
              + (f"at about {limit:,.0f} articles" if limit else f"beyond {n * 1000:,} articles")
              + "; what grows is bm25's pass over every match of each term for its statistics, which a "
              "per-term document count kept beside the index (or another index store) would replace.", ""]
    cut = [r for r in searches if r.get("cut_short")]
    if overlap:
        lines += [f"Ranking against full bm25: {same:.1%} of its top-20 results shown, the whole top 20 "
                  f"in {whole} of {len(overlap)} queries; full bm25 takes p50 "
                  f"{percentile([r['full_ms'] for r in searches], 0.5):.1f} ms, p95 "
                  f"{percentile([r['full_ms'] for r in searches], 0.95):.1f} ms on these queries. "
                  + _cut_short_text(cut), ""]
    lines += [
        measured_goal(f"archive at most {SIZE_GOAL:g}× its raw text", ratio, "<=", SIZE_GOAL, lambda v: f"{v:.2f}×",
                      f"over by {ratio / SIZE_GOAL - 1:.0%}"),
        search_goal(p50, p95, f"measured at {n:,} articles"),
    ]
    if overlap and n < TARGET:  # at TARGET the figures above are reported, cut-short queries counted
        least = min(o[0] / o[1] if o[1] else 1.0 for o in overlap)
        lines.append(measured_goal(f"the whole of full bm25's top 20 shown in every query, measured at {n:,} "
                                   "articles: the least share in a query", least, ">=", 1.0, lambda v: f"{v:.0%}",
                                   f"{len(overlap) - whole} of {len(overlap)} queries show less"))
    if n < TARGET:
        lines += ["", f"The search goal at {TARGET:,} articles is decided only by a search measured at that size "
                      "(section scale-full, `make bench-full`), never by the estimate above."]
    return "\n".join(lines)


def _cut_short_text(cut: list[dict]) -> str:
    """What the ranking rule did in this mix: how many queries had their ranking cut short, and which."""
    if not cut:
        return (f"No query's ranking was cut short: none matched more than {FULL_RANK_LIMIT:,} articles "
                "(archiver.storage.ranked.FULL_RANK_LIMIT), so every one was ranked over all its matches.")
    shown = ", ".join(f"`{r['query']}`{search_mix._filters(r['filters'])}" for r in cut[:5])
    return (f"**{len(cut)} of the queries had their ranking cut short** (more than {FULL_RANK_LIMIT:,} matches: "
            f"bm25 among the newest {CANDIDATES:,}; `--full-rank` ranks them all): {shown}"
            + (f" and {len(cut) - 5} more" if len(cut) > 5 else "") + ".")


def _ingest_rows(built: dict) -> list[str]:
    n = built["n"]
    if built.get("interrupted"):
        return [f"The build was stopped at {n:,} articles (for time) and measured as it stood: no ingest "
                "rates from this run.", ""]
    reused = []
    if built.get("reused"):
        reused = [f"**Not measured by this run**: the outcome above and the ingest rates come from the build of this "
                  f"archive ({built.get('built') or 'run not recorded'}; {built['reused']}), reused with `--reuse`; "
                  "the sizes (of the archive as it stands, migrations since its build included) and the searches "
                  "are measured by this run.", ""]
    return [*reused,
        "| ingest | articles / s |",
        "|---|---:|",
        f"| `write_article`, one commit each: first {built['single_n']:,} articles, fresh archive "
        f"| {built['single_rate']:,.0f} |",
        f"| `write_articles`, one commit per {BATCH:,}: the same {built['single_n']:,}, fresh archive "
        f"| {built['batched_rate']:,.0f} ({built['batched_rate'] / built['single_rate']:.1f}×) |",
        f"| `write_articles`, one commit per {BATCH:,}: all {n:,}, stems memoised without bound "
        f"(see `unbounded_stem_cache`) | {n / built['write_seconds']:,.0f} |",
        f"| generating the articles (not counted above) | {n / built['generate_seconds']:,.0f} |",
        "",
    ]


def search_goal(p50: float, p95: float, where: str) -> str:
    """The search goal's line from a measured p50 and p95 (an Estimate is refused: TypeError)."""
    met = judge([p50], "<", SEARCH_GOAL_MS[0]) == MET and judge([p95], "<", SEARCH_GOAL_MS[1]) == MET
    return (f"- Goal {'met' if met else '**missed**'}: search p50 under {SEARCH_GOAL_MS[0]:g} ms and p95 under "
            f"{SEARCH_GOAL_MS[1]:g} ms, {where}: {p50:.1f} ms and {p95:.1f} ms"
            + ("." if met else f" — **p50 {p50 / SEARCH_GOAL_MS[0]:.1f}× and p95 {p95 / SEARCH_GOAL_MS[1]:.1f}× "
                               "the goal**."))


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


def run(n: int = 100_000, export: bool = True, keep: Path | None = None, build_only: bool = False,
        reuse: Path | None = None, search: bool = True) -> tuple[str, str | None]:
    """Build (or reuse), search, export; the Markdown of the scale section ("" without `search`)
    and of the export section."""
    work = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    try:
        path = reuse or keep or work / "archive.db"
        if reuse:
            figures = Path(f"{reuse}.json")
            built = ({**json.loads(figures.read_text(encoding="utf-8")), "reused": f"`{figures}`",
                      **_sizes_as_found(reuse)} if figures.exists() else _as_found(reuse))
        else:
            built = build(path, n)
            print(f"scale: {n:,} articles written in {built['seconds']:.0f} s", file=sys.stderr)
            if keep:
                Path(f"{keep}.json").write_text(json.dumps(built), encoding="utf-8")
        if build_only:
            return "", None
        searches = None
        if search:
            stats = Generated()
            next(generate(1, stats))  # the vocabularies the queries are drawn from
            searches = search_mix.measure(path, stats.vocabularies)
        exported = measure_export(path, work, built["n"]) if export else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if searches is None:
        return "", export_markdown(exported, built["n"], built["db_bytes"]) if exported else None
    report = PROJECT_ROOT / "BENCHMARKS.md"
    last = last_measured(report.read_text(encoding="utf-8"), TARGET) if report.exists() else None
    return (markdown(built, searches, last),
            export_markdown(exported, built["n"], built["db_bytes"]) if exported else None)


def main(argv: list[str]) -> None:
    from benchmarks._report import command, fail, write

    started = Run.now(command("benchmarks.scale", argv))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the archive here (and its build figures in PATH.json)")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--reuse", type=Path, help="measure an archive kept by --keep")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--export-only", action="store_true",
                        help="measure the exports only, and write only their section")
    args = parser.parse_args(argv)
    try:
        scale_md, export_md = run(args.n, not args.no_export, args.keep, args.build_only, args.reuse,
                                  search=not args.export_only)
    except IncompleteWork as error:
        sys.exit(fail(error))
    if args.build_only:
        return
    if args.export_only:
        print(export_md)
        write({"export": export_md}, started)
        return
    print(scale_md)
    if export_md:
        print(export_md)
    n = int(re.search(r"\(([\d,]+) generated articles\)", scale_md)[1].replace(",", ""))
    write({"scale" if n < TARGET else "scale-full": scale_md, **({"export": export_md} if export_md else {})},
          started)


if __name__ == "__main__":
    main(sys.argv[1:])
