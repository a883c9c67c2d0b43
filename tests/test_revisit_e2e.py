"""Issue 19, acceptance 1-3: scheduled runs (one per simulated day, --today injected) over a replica that
edits, removes and restores pages find every change within the revisit period, report none that did
not happen (volatile sidebar, a day of 503), stay inside their request budget, and store each
revision's classification; the official pages are archived apart from the news."""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.request import urlopen

import feedparser

from archiver.fetch.recheck import CONFIRM_DAYS
from archiver.replica import ReplicaSite, serve
from archiver.replica.changes import Schedule
from tests._archiver import crawl, rows, run_archiver

START = date(2026, 12, 1)
REVISIT_DAYS = 2
BUDGET = 150
RUNS = 12  # days 0..11: the last change (a restoration, day <= 9) is seen by day 11
EXPECTED = {  # the replica's kind -> (change kind, significance or flag)
    "typographic": ("edited", "typographic"), "minor": ("edited", "minor"),
    "substantive": ("edited", "substantive"), "title": ("edited", "title_changed"),
    "dateline": ("edited", "date_changed"), "document": ("edited", "substantive"),
    "removed": ("removed", None), "restored": ("restored", None),
}


def test_scheduled_runs_find_every_change_and_nothing_else(tmp_path):
    site = ReplicaSite(seed=3, articles=60)
    site.volatile = True
    schedule = Schedule(site, START, days=5, restore_after=5)
    site.changes = schedule
    db = tmp_path / "archive.db"
    reports = []
    with serve(site) as server:
        for n in range(RUNS):
            site.day = START + timedelta(days=n)
            server.requests.clear()
            out = tmp_path / f"run{n}.json"
            crawl(server, db, "--lang", "kk,ru", "--today", site.day.isoformat(),
                  "--revisit-days", str(REVISIT_DAYS), "--revisit-budget", str(BUDGET), "--documents",
                  "--report", str(out), check=False)
            reports.append(json.loads(out.read_text()))
            revisits = reports[-1].get("revisits") or {}
            assert revisits.get("revisited", 0) <= BUDGET, (n, revisits)
        # The furniture is volatile: the same page differs on every request (and counted for nothing).
        page = server.url + site.path_of("kz", 0)
        assert urlopen(page).read() != urlopen(page).read()
    last = START + timedelta(days=RUNS - 1)
    truth = schedule.truth(last)
    found = rows(db, "SELECT url, kind, page_kind, significance, title_changed, date_changed,"
                     " substr(seen_at, 1, 10) FROM changes WHERE kind != 'new'")
    assert len(found) == len(truth), (sorted(found), truth)  # nothing that did not happen
    for day, kind, url in truth:
        want, flag = EXPECTED[kind]
        hits = [f for f in found if f[0] == url and f[1] == want]
        assert len(hits) == 1, (kind, url, found)
        seen = date.fromisoformat(hits[0][6])
        late = REVISIT_DAYS + (CONFIRM_DAYS if want == "removed" else 0)
        assert day <= seen <= day + timedelta(days=late), (kind, url, day, seen)
        if flag == "title_changed":
            assert hits[0][4] == 1
        elif flag == "date_changed":
            assert hits[0][5] == 1
        elif flag:
            assert hits[0][3] == flag, (kind, hits)
    unavailable = next(c for c in schedule.changes if c.kind == "unavailable")
    assert not [f for f in found if unavailable.path in f[0]]  # a day of 503 is no removal
    # Acceptance 2: every revision carries its classification (an edited or restored change).
    orphans = rows(db, "SELECT r.url, r.version FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM"
                       " changes c WHERE c.url = r.url AND c.old_version = r.version AND"
                       " c.significance IS NOT NULL)")
    assert orphans == []
    # The readers' side (archiver changes, the Atom feed) sees exactly these.
    listed = json.loads(run_archiver("changes", "--db", str(db), "--kind", "edited,removed,restored",
                                     "--format", "json", check=True).stdout)
    assert sorted((c["url"], c["kind"]) for c in listed) == sorted((f[0], f[1]) for f in found)
    feed = feedparser.parse(run_archiver("changes", "--db", str(db), "--kind",
                                         "edited,removed,restored", "--format", "atom",
                                         check=True).stdout)
    assert not feed.bozo and len(feed.entries) == len(truth)
    # A revisit comes from no listing: it keeps the section and the card's date the listing gave.
    assert rows(db, "SELECT count(*) FROM articles WHERE section IS NULL OR section = ''")[0][0] == 0
    # Conditional requests: unchanged pages cost a 304.
    assert sum(r["revisits"].get("304", 0) for r in reports if r.get("revisits")) > 0
    # Acceptance 3: the official pages in each language, with a revision, apart from the news.
    docs = rows(db, "SELECT lang, count(*) FROM documents GROUP BY lang")
    assert dict(docs) == {"kk": 23, "ru": 23}
    assert rows(db, "SELECT count(*) FROM document_revisions")[0][0] == 1
    assert rows(db, "SELECT count(*) FROM articles WHERE url LIKE '%/official_documents/%'"
                    " OR url LIKE '%/state_symbols/%'")[0][0] == 0
