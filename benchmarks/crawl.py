"""Crawl: the archive crawl against a bare Scrapy download, and a download-and-extract, of the same
URLs, in paired rounds; then incremental runs.

    python -m benchmarks.crawl [ARTICLES_PER_LANGUAGE]

The replica runs in its own process (`archiver replica`), so its work does not share the crawler's
interpreter. Every crawl runs in a fresh process too: `archiver crawl` for the archive,
`benchmarks.bare_spider` for the floor, which downloads the same listing pages and article URLs
(computed from the replica's content model) with the same download settings and does nothing with
them; run again with `--extract`, it also extracts every page and keeps nothing (download and
extract). The three take turns in ROUNDS rounds (download, download and extract, archive crawl into an
empty archive; again ...): the goal is judged on each round's ratio, its median and range reported
(benchmarks.verdict). Every run must have done its whole work (every page downloaded, every page
extracted, every article archived) or the benchmark fails: a baseline that did less would look cheaper.
CPU per stage is the difference of the medians of CPU per article. A crawl's peak memory is its own
process's high-water mark (VmHWM); its CPU time is split into its own and that of the processes it
started and waited for, which is the archive writer's (see benchmarks._process). The replica's CPU
time comes from /proc.
Seconds are the crawl's own: Scrapy's engine start to close (its stats), for the archive crawl engine
start (its run report) to the close of its `crawl_runs` row, when every write is committed; neither
interpreter start-up nor setup before the engine starts is counted (the archive's is printed).

Incremental: against the same replica, a second run with nothing new into the first round's archive;
then the replica restarts (same seed) with NEW_PER_LANGUAGE more articles per language and a third run
fetches them.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from archiver.page.urls import SECTIONS
from archiver.replica import ReplicaSite
from archiver.replica.texts import LANGS
from benchmarks._process import SEED, Replica, run_measured
from benchmarks.verdict import MIN_ROUNDS, paired_rounds, require_work, rounds_goal

NEW_PER_LANGUAGE = 34  # 102 new articles in the third run
ROUNDS = MIN_ROUNDS
GOAL_EXTRACT_RATIO = 0.90  # issue 14: storage and capture cost the crawl (almost) nothing
GOAL_RSS_MB = 300


def crawl_urls(site: ReplicaSite, base: str) -> tuple[list[str], list[str]]:
    """What a full archive crawl requests: (every listing page to the first empty one, every article URL
    on them, second URLs of duplicates included; printable versions are robots-disallowed)."""
    listings: list[str] = []
    articles: list[str] = []
    for lang in LANGS:
        for section in SECTIONS:
            for page in range(1, site.pages(lang, section) + 2):
                listings.append(f"{base}/{lang}/{section}" + (f"?page={page}" if page > 1 else ""))
                articles += [base + card.path for card in site.listing(lang, section, page).cards]
    return listings, list(dict.fromkeys(articles))


# -- one run of each kind --------------------------------------------------------------------------
def _seconds(started: str, ended: str) -> float:
    return (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()


def archive_crawl(replica: Replica, db: Path, full: bool) -> dict:
    db.parent.mkdir(parents=True, exist_ok=True)
    report = db.with_name(f"report-{time.monotonic_ns()}.json")
    server_cpu = replica.cpu()
    done = run_measured("archiver.cli", ["crawl", "--site", replica.url, "--db", str(db), "--report",
                                         str(report), *(["--full"] if full else [])],
                        ok_codes=(0, 1))  # 1: the run was judged failed (its report says why)
    server_cpu = (replica.cpu() or 0) - (server_cpu or 0)
    result = json.loads(report.read_text(encoding="utf-8"))
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    started, ended = conn.execute("SELECT started, ended FROM crawl_runs WHERE id = ?",
                                  (result["run_id"],)).fetchone()
    rows = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    counts = result["counts"]
    # Engine start to the run's close (every write committed), as the bare runs count engine start to
    # close; the archive's own setup before its engine starts (lock, archive, writer process) apart.
    engine = result.get("engine_started") or started
    seconds, setup = _seconds(engine, ended), _seconds(started, engine)
    return {"status": result["status"], "seconds": seconds, "setup": setup, "wall": done.wall, "cpu": done.own_cpu,
            "writer_cpu": done.children_cpu, "rss_mb": done.rss_mb, "requests": counts["requests"], "new": counts["new"],
            "articles": sum(counts[k] for k in ("new", "changed", "unchanged", "duplicate")),
            "failed": counts["failed"], "rows": rows, "server_busy": server_cpu / seconds if seconds else 0.0,
            "db": str(db)}


def bare_crawl(replica: Replica, urls_file: Path, articles: int, extract: Path | None = None) -> dict:
    """The bare download of the URLs (`extract`: the article URLs, and every page is extracted too);
    raises IncompleteWork unless every URL was downloaded (and extracted)."""
    server_cpu = replica.cpu()
    done = run_measured("benchmarks.bare_spider", [str(urls_file)] + (["--extract", str(extract)] if extract else []))
    server_cpu = (replica.cpu() or 0) - (server_cpu or 0)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    check_baseline(result, urls_file, extract)
    return {"seconds": result["seconds"], "wall": done.wall, "cpu": done.own_cpu, "rss_mb": done.rss_mb,
            "requests": result["requests"], "responses": result["responses"], "articles": articles,
            "statuses": result["statuses"], "server_busy": server_cpu / result["seconds"]}


def _lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def check_baseline(result: dict, urls_file: Path, extract: Path | None) -> None:
    """The bare spider's report (`bare_spider.crawl`) against its work: every URL answered 200, and
    with `extract` every page extracted, the article pages as articles (IncompleteWork otherwise)."""
    urls = _lines(urls_file)
    done = {"pages answered 200": result["statuses"].get("200", 0)}
    wanted = {"pages answered 200": urls}
    if extract is not None:
        done |= {"pages extracted": result["extracted"], "article pages extracted": result["articles_extracted"]}
        wanted |= {"pages extracted": urls, "article pages extracted": _lines(extract)}
    who = "download-and-extract (benchmarks.bare_spider --extract)" if extract else \
        "the bare download (benchmarks.bare_spider)"
    failed = result.get("failed_urls") or []
    require_work(who, done, wanted, f"ExtractionError on {', '.join(failed)}" if failed else "")


def check_archive(run: dict, articles: int, rows: int) -> None:
    """A full archive crawl into an empty archive did the work it is compared for (IncompleteWork otherwise)."""
    require_work("the archive crawl (archiver crawl --full)",
                 {"article pages": run["articles"], "articles archived": run["rows"], "pages failed": run["failed"],
                  "runs judged ok": int(run["status"] == "ok")},
                 {"article pages": articles, "articles archived": rows, "pages failed": 0, "runs judged ok": 1},
                 f"run judged {run['status']}")


# -- the benchmark -----------------------------------------------------------------------------------
def measure(per_lang: int, work: Path, rounds: int = ROUNDS) -> dict:
    site = ReplicaSite(seed=SEED, articles=per_lang)
    expected = {row["url"] for row in site.expected()}
    archives = (work / f"round-{i}" / "archive.db" for i in itertools.count(1))  # each full crawl: empty

    def full() -> dict:
        run = archive_crawl(replica, next(archives), full=True)
        check_archive(run, len(articles), len(expected))
        return run

    with Replica(per_lang) as replica:
        replica.warm(site)
        listings, articles = crawl_urls(site, replica.url)
        urls_file = work / "urls.txt"
        urls_file.write_text("\n".join(listings + articles) + "\n", encoding="utf-8")
        print(f"crawl: {per_lang:,} articles per language, {len(listings) + len(articles):,} URLs, "
              f"{rounds} rounds", file=sys.stderr)
        articles_file = work / "articles.txt"
        articles_file.write_text("\n".join(articles) + "\n", encoding="utf-8")
        runs = paired_rounds({
            "bare": lambda: bare_crawl(replica, urls_file, len(articles)),
            "extracted": lambda: bare_crawl(replica, urls_file, len(articles), articles_file),
            "fulls": full,
        }, rounds)
        db = Path(runs["fulls"][0]["db"])  # the incremental runs continue the first round's archive
        nothing_new = archive_crawl(replica, db, full=False)
    with Replica(per_lang + NEW_PER_LANGUAGE) as replica:
        replica.warm(ReplicaSite(seed=SEED, articles=per_lang + NEW_PER_LANGUAGE))
        with_new = archive_crawl(replica, db, full=False)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    archived = {row[0] for row in conn.execute("SELECT url FROM articles")}
    conn.close()
    grown_site = ReplicaSite(seed=SEED, articles=per_lang + NEW_PER_LANGUAGE)
    grown = {row["url"] for row in grown_site.expected()}
    # Of one text under two URLs the archive keeps one (a stable rule, not always the first listed)
    second_of = {second: first for first, second in grown_site.duplicate_pairs()}
    archived = {second_of.get(url, url) for url in archived}
    return {"per_lang": per_lang, "urls": len(listings) + len(articles), "listing_pages": len(listings), **runs,
            "full": runs["fulls"][0], "nothing_new": nothing_new, "with_new": with_new,
            "expected_new": len(grown - expected), "archive_matches": archived == grown, "expected": len(expected)}


def _median_run(runs: list[dict]) -> dict:
    """One run's fields, each timed figure the median of the rounds (counts are the same in every round)."""
    return {key: statistics.median(r[key] for r in runs) if isinstance(value, float) else value
            for key, value in runs[0].items()}


def _seconds_cell(runs: list[dict]) -> str:
    seconds = [r["seconds"] for r in runs]
    return f"{statistics.median(seconds):.1f} ({min(seconds):.1f}–{max(seconds):.1f})"


def _rate(r: dict) -> float:
    return r["articles"] / r["seconds"]


def markdown(m: dict) -> str:
    bare, extract, full = (_median_run(m[kind]) for kind in ("bare", "extracted", "fulls"))
    ratios = [_rate(f) / _rate(e) for e, f in zip(m["extracted"], m["fulls"])]  # per round
    to_bare = [_rate(f) / _rate(b) for b, f in zip(m["bare"], m["fulls"])]
    rows = [
        "| run | article pages | requests | seconds: median (range) | articles / s | crawler CPU per article "
        "| writer CPU per article | replica busy | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, kind, r in [("bare Scrapy, download only", "bare", bare),
                           ("bare Scrapy, download and extract every page", "extracted", extract),
                           ("archive crawl (`archiver crawl --full`, empty archive)", "fulls", full)]:
        writer = f"{1000 * r['writer_cpu'] / r['articles']:.2f} ms" if "writer_cpu" in r else "–"
        rate = statistics.median(_rate(run) for run in m[kind])
        peak = max((run["rss_mb"] for run in m[kind] if run["rss_mb"] is not None), default=None)
        rows.append(f"| {label} | {r['articles']:,} | {r['requests']:,} | {_seconds_cell(m[kind])} "
                    f"| {rate:,.0f} | {1000 * r['cpu'] / r['articles']:.2f} ms "
                    f"| {writer} | {r['server_busy']:.0%} | {_mb(peak)} |")
    rounds = ["| round | download only, s | download and extract, s | archive crawl, s "
              "| archive ÷ download-and-extract | archive ÷ download only |", "|---:|---:|---:|---:|---:|---:|"]
    for i, (b, e, f) in enumerate(zip(m["bare"], m["extracted"], m["fulls"])):
        rounds.append(f"| {i + 1} | {b['seconds']:.2f} | {e['seconds']:.2f} | {f['seconds']:.2f} "
                      f"| {ratios[i]:.0%} | {to_bare[i]:.0%} |")
    inc = ["| run | new articles | requests | seconds (crawl) | seconds (process) | requests vs full "
           "| seconds vs full |", "|---|---:|---:|---:|---:|---:|---:|"]
    first = m["full"]  # the archive the incremental runs continue
    for label, r in [("full crawl, empty archive (round 1)", first), ("incremental, nothing new", m["nothing_new"]),
                     (f"incremental, {m['expected_new']} new ({NEW_PER_LANGUAGE} per language)",
                      m["with_new"])]:
        inc.append(f"| {label} | {r['new']:,} | {r['requests']:,} | {r['seconds']:.1f} | {r['wall']:.1f} "
                   f"| {r['requests'] / first['requests']:.1%} | {r['seconds'] / first['seconds']:.1%} |")
    checks = [f"every round downloaded all {m['urls']:,} URLs, download-and-extract extracted every page, and "
              f"each full crawl archived {m['expected']:,} articles, as many as the replica lists (checked: "
              "a run that did less would have stopped the benchmark)",
              f"the archive after the third run {'equals' if m['archive_matches'] else '**differs from**'} the "
              f"grown replica's article set",
              f"incremental runs judged {m['nothing_new']['status']}, {m['with_new']['status']}"]
    per = {name: 1000 * r["cpu"] / r["articles"] for name, r in (("bare", bare), ("extract", extract),
                                                                  ("full", full))}
    writer = 1000 * full["writer_cpu"] / full["articles"]
    stages = (f"CPU per article page by stage, as differences of the medians above: download (Scrapy) "
              f"{per['bare']:.2f} ms; extraction {per['extract'] - per['bare']:+.2f} ms. The archive crawl "
              f"extracts article pages in its writer process: its crawl process (download, listing pages, "
              f"frontier, sending pages and captures to the writer, its middlewares) took {per['full']:.2f} "
              f"ms, {per['full'] - per['bare']:+.2f} ms against the bare download; the writer process "
              f"(extraction of article pages, SQLite, full-text index, WARC records) {writer:.2f} ms; crawl "
              f"and writer together {per['full'] + writer:.2f} ms, {(per['full'] + writer) / per['extract']:.1f}× "
              f"download-and-extract. Rates, median of the rounds: the archive crawl runs at "
              f"{statistics.median(ratios):.0%} of download-and-extract and {statistics.median(to_bare):.0%} of "
              "the bare download.")
    peaks = [r["rss_mb"] for r in m["fulls"]]
    goals = [
        rounds_goal(f"archive crawl at least {GOAL_EXTRACT_RATIO:.0%} as fast as download-and-extract of the "
                    "same URLs", ratios, ">=", GOAL_EXTRACT_RATIO, lambda v: f"{v:.0%}",
                    "storage and capture still on the crawl's critical path"),
        rounds_goal(f"crawl peak memory under {GOAL_RSS_MB} MB", peaks, "<", GOAL_RSS_MB, _mb, rounds="runs")
        if None not in peaks else
        f"- Goal not decided: crawl peak memory under {GOAL_RSS_MB} MB: not measured (no /proc).",
    ]
    return "\n".join([
        f"### Crawl ({m['per_lang']:,} articles per language; {m['urls']:,} URLs: {m['listing_pages']:,} "
        f"listing pages and the article pages they link; {len(ratios)} paired rounds)",
        "",
        "The replica serves from its own process on localhost; each crawl is a fresh process with the same "
        "download settings (16 concurrent requests, no delay). The three runs take turns, round after round "
        "(download only, download and extract, archive crawl into an empty archive); each figure below is "
        "the median of the rounds, and the goal is judged on every round's own ratio. *Seconds*: Scrapy's "
        "engine start to close; for the archive crawl, to the close of its run, when its writer has "
        "committed every write. Its setup before the engine starts (lock, archive, starting the writer "
        f"process) took {full['setup']:.2f} s and is not counted, as Scrapy's own setup is not counted for "
        "the bare runs; interpreter start-up is counted for none. *Crawler CPU*: the crawl process's own "
        "user + system time per article page (its start-up included). *Writer CPU*: that of the archive's "
        "writer process, which the crawl starts (its start-up included). *Peak memory*: the crawl process's "
        "own high-water mark of resident memory (VmHWM), the largest of the rounds. *Replica busy*: the "
        "replica process's CPU time over the crawl's seconds (near 100% would make the replica the "
        "bottleneck).",
        "",
        *rows, "", *rounds, "", stages, "", _budget(extract, full, per, writer), "", *goals, "",
        "#### Incremental runs after the full crawl",
        "",
        *inc, "",
        "Checks: " + "; ".join(checks) + ".",
    ])


def _budget(extract: dict, full: dict, per: dict, writer: float) -> str:
    """The CPU arithmetic of the runs above: what the cores allow the archive crawl at most."""
    cores = os.cpu_count() or 1
    replica = {name: 1000 * r["server_busy"] * r["seconds"] / r["articles"]
               for name, r in (("extract", extract), ("full", full))}
    total = per["full"] + writer + replica["full"]
    # articles/s: each process works on one core; the three share all of them
    writer_alone = 1000 / writer if writer else float("inf")  # 0: not measured
    ceiling = min(1000 / per["full"], writer_alone, cores * 1000 / total)
    extract_ceiling = min(1000 / per["extract"], cores * 1000 / (per["extract"] + replica["extract"]))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return (f"CPU budget (per article page, start-up included, medians): download-and-extract took "
            f"{per['extract']:.2f} ms in the crawler and {replica['extract']:.2f} ms in the replica; the "
            f"archive crawl {per['full']:.2f} ms in the crawler, {writer:.2f} ms in the writer and "
            f"{replica['full']:.2f} ms in the replica, {total:.2f} ms in all. On {cores} cores, with "
            f"nothing else running, that allows at most {ceiling:,.0f} articles/s (the crawl process "
            f"alone: {1000 / per['full']:,.0f}; the writer alone: {writer_alone:,.0f}; the {cores} cores "
            f"shared by the three processes: {cores * 1000 / total:,.0f}); by the same arithmetic "
            f"download-and-extract allows {extract_ceiling:,.0f}: the archive crawl's ceiling is "
            f"{ceiling / extract_ceiling:.0%} of it."
            + (f" Load average at the end of the runs: {load:.1f} (other work on the machine takes its "
               "share of the cores)." if load is not None else ""))


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def run(per_lang: int = 1000) -> str:
    work = Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    try:
        return markdown(measure(per_lang, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> None:
    from benchmarks._report import standalone

    standalone("crawl", run, argv, 1000)


if __name__ == "__main__":
    main(sys.argv[1:])
