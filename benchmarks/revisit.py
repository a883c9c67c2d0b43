"""What the revisit policy costs the site (issue 19, acceptance 5).

    python -m benchmarks.revisit [--articles 100000] [--years 18] [--days 60] [--replica-days 6]

1. Requests a day for an archive of --articles pages under the default policy (archiver.fetch.revisit:
   daily to 7 days of age, weekly to 90, then every 30 days): computed by the policy itself
   (`plan`, with no budget) over --days simulated days, each page's last check moved to the day it
   was checked. Ages: publication dates spread evenly over --years years (SITE.md: 15-20 years of
   news, 50,000-150,000 pages in three languages, i.e. 8-25 new pages a day), the archive growing by
   that rate during the simulation. Printed: median, min and max requests a day after the first
   period (when the checks that followed the first archiving have spread out).
2. The share of revisits answered 304 on the replica: a real crawl (archiver crawl, one process per
   simulated day, --today injected) of a small replica with scheduled edits and removals
   (archiver.replica.changes), each day's report's `revisits` counts added up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from archiver.fetch.revisit import plan
from benchmarks.verdict import IncompleteWork
from archiver.replica import ReplicaSite, serve
from archiver.replica.changes import Schedule

START = date(2026, 1, 1)


def policy_cost(articles: int, years: int, days: int, revisit_days: int = 30) -> list[int]:
    """Requests on each simulated day (no budget)."""
    per_day = articles / (years * 365)
    pages: dict[str, list] = {}
    for n in range(articles):  # published evenly over `years`, first archived on START - 1
        published = START - timedelta(days=1 + int(n / per_day))
        pages[f"https://www.akorda.kz/ru/a-{n}"] = [published.isoformat(),
                                                    (START - timedelta(days=1)).isoformat()]
    added, requests = 0.0, []
    for d in range(days):
        today = START + timedelta(days=d)
        added += per_day
        while added >= 1:  # new articles, archived (and so checked) the day they appear
            added -= 1
            pages[f"https://www.akorda.kz/ru/new-{d}-{int(added * 1000)}-{len(pages)}"] = \
                [today.isoformat(), today.isoformat()]
        candidates = ((url, "article", "ru", p[0], p[1], "present") for url, p in pages.items())
        _, chosen = plan(candidates, today, revisit_days, budget=len(pages))
        for url, _, _ in chosen:
            pages[url][1] = today.isoformat()
        requests.append(len(chosen))
    return requests


def replica_304_share(days: int) -> dict:
    """Revisit answers on a replica over `days` simulated days (a real crawl each day)."""
    site = ReplicaSite(seed=5, articles=60)
    site.volatile = True
    site.changes = Schedule(site, START, days=max(2, days - 1))
    totals = {"revisited": 0, "304": 0, "changed": 0, "unchanged": 0}
    with tempfile.TemporaryDirectory() as tmp, serve(site) as server:
        db = Path(tmp) / "archive.db"
        for d in range(days):
            site.day = START + timedelta(days=d)
            out = Path(tmp) / f"run{d}.json"
            done = subprocess.run([sys.executable, "-m", "archiver.cli", "crawl", "--site", server.url,
                                   "--db", str(db), "--lang", "kk,ru", "--today", site.day.isoformat(),
                                   "--revisit-days", "2", "--report", str(out)], capture_output=True,
                                   text=True)
            if not out.exists():  # the crawl did not run: nothing was measured
                raise IncompleteWork(f"the crawl of simulated day {d + 1} wrote no report: "
                                     f"{done.stderr.strip()[-300:]}")
            revisits = json.loads(out.read_text()).get("revisits") or {}
            for key in totals:
                totals[key] += revisits.get(key, 0)
    return totals


def run(articles: int = 100_000, years: int = 18, days: int = 60, replica_days: int = 6) -> str:
    """The BENCHMARKS.md section: requests a day under the default policy, and the 304 share."""
    cost = policy_cost(articles, years, days)[30:]
    share = replica_304_share(replica_days)
    if not share["revisited"]:
        raise IncompleteWork("the replica crawls revisited nothing: no 304 share to report")
    rate = share["304"] / share["revisited"]
    return "\n".join([
        "### What the revisit policy costs the site (issue 19)",
        "",
        f"- Computed by the policy itself (`archiver.fetch.revisit.plan`, no budget) over {days} simulated "
        f"days, for {articles:,} pages published evenly over {years} years (+{articles / (years * 365):.1f} "
        f"new pages a day), days 31–{days}: **median {statistics.median(cost):,.0f} requests a day** "
        f"(min {min(cost):,}, max {max(cost):,}) under the default policy (daily to 7 days of age, weekly "
        "to 90, then every 30 days).",
        f"- Measured on the replica: a real crawl each simulated day for {replica_days} days (revisit "
        f"period 2 days, scheduled edits and removals, ETag/Last-Modified served): {share['revisited']} "
        f"revisits, **{share['304']} answered 304 ({rate:.0%})**, {share['changed']} changed.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=18)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--replica-days", type=int, default=6)
    args = parser.parse_args()
    cost = policy_cost(args.articles, args.years, args.days)[30:]
    print(f"revisit policy, {args.articles:,} pages published evenly over {args.years} years "
          f"(+{args.articles / (args.years * 365):.1f} a day), days 31-{args.days}: requests a day "
          f"median {statistics.median(cost):,.0f} (min {min(cost):,}, max {max(cost):,})")
    share = replica_304_share(args.replica_days)
    rate = share["304"] / share["revisited"] if share["revisited"] else 0.0
    print(f"replica, {args.replica_days} simulated days (revisit period 2 days): "
          f"{share['revisited']} revisits, {share['304']} answered 304 ({rate:.0%}), "
          f"{share['changed']} changed (measured)")


if __name__ == "__main__":
    main()
