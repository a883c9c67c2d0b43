"""Crawl: the archive crawl against a bare Scrapy download, and a download-and-extract, of the same
URLs; then incremental runs.

    python -m benchmarks.crawl [ARTICLES_PER_LANGUAGE]

The replica runs in its own process (`archiver replica`), so its work does not share the crawler's
interpreter. Every crawl runs in a fresh process too: `archiver crawl` for the archive,
`benchmarks.bare_spider` for the floor, which downloads the same listing pages and article URLs
(computed from the replica's content model) with the same download settings and does nothing with
them; run again with `--extract`, it also extracts every page and keeps nothing (download and
extract). Each of the three runs twice, alternating, and the faster of each pair counts; CPU per
stage is the difference of their CPU per article. A crawl's peak memory is its own process's
high-water mark (VmHWM, see MEASURED). Its CPU time is split (see MEASURED): the crawl process's own
user + system time, and that of the processes it started and waited for, which is the archive
writer's (archiver.fetch.writer); `os.wait4` would report their sum. The replica's CPU time comes
from /proc.
Seconds are the crawl's own: Scrapy's engine start to close (its stats), for the archive crawl engine
start (its run report) to the close of its `crawl_runs` row, when every write is committed; neither
interpreter start-up nor setup before the engine starts is counted (the archive's is printed).

Incremental: against the same replica, a second run with nothing new; then the replica restarts
(same seed) with NEW_PER_LANGUAGE more articles per language and a third run fetches them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import shutil
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from archiver.replica import ReplicaSite
from archiver.replica.texts import LANGS
from archiver.page.urls import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
SEED = 0
NEW_PER_LANGUAGE = 34  # 102 new articles in the third run
GOAL_EXTRACT_RATIO = 0.90  # issue 14: storage and capture cost the crawl (almost) nothing
GOAL_RSS_MB = 300
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Finished:
    """A finished child process: exit code, seconds, CPU seconds, peak resident memory, stdout."""

    code: int
    wall: float  # the whole process
    own_cpu: float  # user + system of the process itself, when its module returned
    children_cpu: float  # user + system of the children it had waited for by then (the writer)
    rss_mb: float | None  # its own peak resident memory (VmHWM), None where /proc is missing
    stdout: str
    seconds: float  # the module's run, interpreter start-up excluded


# Runs a module as `python -m` would, then records this process's own peak resident memory
# (VmHWM), the module's seconds, and CPU time apart from its children's. Not ru_maxrss (nor
# wait4's): Linux carries the parent's high-water mark into a child across fork and exec, so a child
# of a large process looks as large. Nor wait4's CPU time alone: it adds the children's (the writer).
MEASURED = """
import json, resource, runpy, sys, time
report, module, *args = sys.argv[1:]
sys.argv = [module, *args]
began = time.perf_counter()
try:
    runpy.run_module(module, run_name="__main__", alter_sys=True)
finally:
    seconds = time.perf_counter() - began
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = None
    with open(report, "w") as out:
        json.dump({"peak_mb": peak, "seconds": seconds, "own_cpu": own.ru_utime + own.ru_stime,
                   "children_cpu": children.ru_utime + children.ru_stime}, out)
"""


def run_measured(module: str, args: list[str], ok_codes: tuple[int, ...] = (0,)) -> Finished:
    """`python -m module args...` in a fresh process from the project root, measured."""
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        report = Path(tmp) / "measured.json"
        began = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", MEASURED, str(report), module, *args], cwd=ROOT,
                                 stdout=out, stderr=err)
        child.wait()
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
        if child.returncode not in ok_codes or not report.exists():
            raise RuntimeError(f"{module} {' '.join(args)} exited {child.returncode}: {stderr.strip()[-2000:]}")
        measured = json.loads(report.read_text())
    return Finished(child.returncode, wall, measured["own_cpu"],
                    measured["children_cpu"], measured["peak_mb"], stdout, measured["seconds"])


class Replica:
    """`archiver replica` in its own process; `.url`, `.cpu()` seconds so far, `.stop()`."""

    def __init__(self, articles: int, seed: int = SEED) -> None:
        self._errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", "replica", "--port", "0", "--articles", str(articles),
             "--seed", str(seed)], cwd=ROOT, stdout=subprocess.PIPE, stderr=self._errors, text=True)
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()  # it prints its URL once it listens
        if not self.url.startswith("http"):
            self.process.kill()
            self.process.wait()
            self._errors.seek(0)
            message = self._errors.read().decode(errors="replace")
            self._errors.close()
            raise RuntimeError(f"the replica did not start: {message}")

    def cpu(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime

    def warm(self, site: ReplicaSite) -> None:
        """One request per section and language: the replica builds its path indexes before any clock."""
        for lang in LANGS:
            for section in SECTIONS:
                with urllib.request.urlopen(f"{self.url}/{lang}/{section}", timeout=60) as response:
                    response.read()
            older = next(i for i in range(site.articles) if site.kind_of(lang, i) == "older")
            with urllib.request.urlopen(self.url + site.path_of(lang, older), timeout=60) as response:
                response.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._errors.close()

    def __enter__(self) -> Replica:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


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
            "failed": counts["failed"], "rows": rows, "server_busy": server_cpu / seconds if seconds else 0.0}


def bare_crawl(replica: Replica, urls_file: Path, articles: int, extract: Path | None = None) -> dict:
    """The bare download of the URLs (`extract`: the article URLs, and every page is extracted too)."""
    server_cpu = replica.cpu()
    done = run_measured("benchmarks.bare_spider", [str(urls_file)] + (["--extract", str(extract)] if extract else []))
    server_cpu = (replica.cpu() or 0) - (server_cpu or 0)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"seconds": result["seconds"], "wall": done.wall, "cpu": done.own_cpu, "rss_mb": done.rss_mb,
            "requests": result["requests"], "responses": result["responses"], "articles": articles,
            "statuses": result["statuses"], "server_busy": server_cpu / result["seconds"]}


# -- the benchmark -----------------------------------------------------------------------------------
def measure(per_lang: int, work: Path) -> dict:
    site = ReplicaSite(seed=SEED, articles=per_lang)
    db = work / "archive.db"
    with Replica(per_lang) as replica:
        replica.warm(site)
        listings, articles = crawl_urls(site, replica.url)
        urls_file = work / "urls.txt"
        urls_file.write_text("\n".join(listings + articles) + "\n", encoding="utf-8")
        print(f"crawl: {per_lang:,} articles per language, {len(listings) + len(articles):,} URLs",
              file=sys.stderr)
        articles_file = work / "articles.txt"
        articles_file.write_text("\n".join(articles) + "\n", encoding="utf-8")
        bare = [bare_crawl(replica, urls_file, len(articles))]
        extracted = [bare_crawl(replica, urls_file, len(articles), articles_file)]
        fulls = [archive_crawl(replica, db, full=True)]
        extracted.append(bare_crawl(replica, urls_file, len(articles), articles_file))
        bare.append(bare_crawl(replica, urls_file, len(articles)))
        (work / "again").mkdir()  # the second full crawl, into an empty archive of its own
        fulls.append(archive_crawl(replica, work / "again" / "archive.db", full=True))
        nothing_new = archive_crawl(replica, db, full=False)
    expected = {row["url"] for row in site.expected()}
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
    return {"per_lang": per_lang, "urls": len(listings) + len(articles), "listing_pages": len(listings), "bare": bare,
            "extracted": extracted,
            "fulls": fulls, "full": fulls[0], "nothing_new": nothing_new, "with_new": with_new,
            "expected_new": len(grown - expected), "archive_matches": archived == grown,
            "full_matches": all(f["rows"] == len(expected) for f in fulls)}


def _best_of(label: str, runs: list[dict], opened: bool = False) -> str:
    """"label (best of 2: 5.2 s, 5.1 s)"; `opened`: the label has its bracket open already."""
    times = ", ".join(f"{r['seconds']:.1f} s" for r in runs)
    return f"{label}{', ' if opened else ' ('}best of {len(runs)}: {times})"


def markdown(m: dict) -> str:
    bare = min(m["bare"], key=lambda b: b["seconds"])
    full = min(m["fulls"], key=lambda b: b["seconds"])
    bare_rate, full_rate = bare["articles"] / bare["seconds"], full["articles"] / full["seconds"]
    ratio = full_rate / bare_rate
    peak = full["rss_mb"]
    rows = [
        "| run | article pages | requests | seconds | articles / s | crawler CPU per article "
        "| writer CPU per article | replica busy | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    extract = min(m["extracted"], key=lambda b: b["seconds"])
    for label, r in [(_best_of("bare Scrapy, download only", m["bare"]), bare),
                     (_best_of("bare Scrapy, download and extract every page", m["extracted"]), extract),
                     (_best_of("archive crawl (`archiver crawl --full`", m["fulls"], opened=True), full)]:
        writer = f"{1000 * r['writer_cpu'] / r['articles']:.2f} ms" if "writer_cpu" in r else "–"
        rows.append(f"| {label} | {r['articles']:,} | {r['requests']:,} | {r['seconds']:.1f} "
                    f"| {r['articles'] / r['seconds']:,.0f} | {1000 * r['cpu'] / r['articles']:.2f} ms "
                    f"| {writer} | {r['server_busy']:.0%} | {_mb(r['rss_mb'])} |")
    inc = ["| run | new articles | requests | seconds (crawl) | seconds (process) | requests vs full "
           "| seconds vs full |", "|---|---:|---:|---:|---:|---:|---:|"]
    first = m["full"]  # the archive the incremental runs continue
    for label, r in [("full crawl, empty archive", first), ("incremental, nothing new", m["nothing_new"]),
                     (f"incremental, {m['expected_new']} new ({NEW_PER_LANGUAGE} per language)",
                      m["with_new"])]:
        inc.append(f"| {label} | {r['new']:,} | {r['requests']:,} | {r['seconds']:.1f} | {r['wall']:.1f} "
                   f"| {r['requests'] / first['requests']:.1%} | {r['seconds'] / first['seconds']:.1%} |")
    checks = [f"the full crawl archived {first['rows']:,} articles, the replica lists "
              f"{'as many' if m['full_matches'] else '**a different number**'}",
              f"the archive after the third run {'equals' if m['archive_matches'] else '**differs from**'} the "
              f"grown replica's article set",
              f"runs judged {', '.join(r['status'] for r in (*m['fulls'], m['nothing_new'], m['with_new']))}"]
    per = {name: 1000 * r["cpu"] / r["articles"] for name, r in (("bare", bare), ("extract", extract),
                                                                  ("full", full))}
    writer = 1000 * full["writer_cpu"] / full["articles"]
    stages = (f"CPU per article page by stage, as differences of the runs above: download (Scrapy) "
              f"{per['bare']:.2f} ms; extraction {per['extract'] - per['bare']:+.2f} ms. The archive crawl "
              f"extracts article pages in its writer process: its crawl process (download, listing pages, "
              f"frontier, sending pages and captures to the writer, its middlewares) took {per['full']:.2f} "
              f"ms, {per['full'] - per['bare']:+.2f} ms against the bare download; the writer process "
              f"(extraction of article pages, SQLite, full-text index, WARC records) {writer:.2f} ms; crawl "
              f"and writer together {per['full'] + writer:.2f} ms, {(per['full'] + writer) / per['extract']:.1f}× "
              f"download-and-extract. Rates: the archive crawl runs at "
              f"{full_rate / (extract['articles'] / extract['seconds']):.0%} of download-and-extract and "
              f"{ratio:.0%} of the bare download.")
    budget = _budget(extract, full, per, writer)
    goals = [
        _goal(full_rate >= GOAL_EXTRACT_RATIO * extract["articles"] / extract["seconds"],
              f"archive crawl at least {GOAL_EXTRACT_RATIO:.0%} as fast as download-and-extract of the same "
              f"URLs: {full_rate / (extract['articles'] / extract['seconds']):.0%}",
              "storage and capture still on the crawl's critical path"),
        _goal(peak is not None and peak < GOAL_RSS_MB, f"crawl peak memory under {GOAL_RSS_MB} MB: {_mb(peak)}",
              f"over by {peak / GOAL_RSS_MB - 1:.0%}" if peak else "not measured (no /proc)"),
    ]
    return "\n".join([
        f"### Crawl ({m['per_lang']:,} articles per language; {m['urls']:,} URLs: {m['listing_pages']:,} "
        "listing pages and the article pages they link)",
        "",
        "The replica serves from its own process on localhost; each crawl is a fresh process with the same "
        "download settings (16 concurrent requests, no delay). *Seconds*: Scrapy's engine start to close; "
        "for the archive crawl, to the close of its run, when its writer has committed every write. Its "
        "setup before the engine starts (lock, archive, starting the writer process) took "
        f"{full['setup']:.2f} s and is not counted, as Scrapy's own setup is not counted for the bare "
        "runs; interpreter start-up is counted for none. *Crawler "
        "CPU*: the crawl process's own user + system time per article page (its start-up included). "
        "*Writer CPU*: that of the archive's writer process, which the crawl starts (its start-up "
        "included). *Peak "
        "memory*: the crawl process's own high-water mark of resident memory (VmHWM). *Replica busy*: the "
        "replica process's CPU time over the crawl's seconds (near 100% would make the replica the "
        "bottleneck).",
        "",
        *rows, "", stages, "", budget, "", *goals, "",
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
    return (f"CPU budget (per article page, start-up included): download-and-extract took "
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


def _goal(met: bool, text: str, miss: str) -> str:
    return f"- Goal {'met' if met else '**missed**'}: {text}" + ("." if met else f" — **{miss}**.")


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
