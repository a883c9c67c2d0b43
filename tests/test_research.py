"""The archive as a research instrument, on a crawled replica: revisions, WARC captures, run
counts, search with filters and inflection, read-only SQL, stats - through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from _archiver import articles, crawl, rows, run_archiver

from archiver import storage
from archiver.page.items import Article
from archiver.replica import ReplicaSite, serve


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """A full crawl, an unchanged full re-crawl, then a full crawl of an edit round."""
    site = ReplicaSite(seed=13, articles=60)
    db = tmp_path_factory.mktemp("research") / "archive.db"
    served: dict[str, bytes] = {}
    with serve(site) as server:
        crawl(server, db, "--full")
        crawl(server, db, "--full")
        revisions_after_unchanged = rows(db, "SELECT count(*) FROM revisions")[0][0]
        before = articles(db)
        site.edit_round = 1
        crawl(server, db, "--full")
        for url in list(before)[:5] + sorted(set(site.edited()) & set(before))[:3]:
            path = url.removeprefix("https://www.akorda.kz")
            with urllib.request.urlopen(server.url + path) as response:
                served[url] = response.read()
    return {"site": site, "db": db, "before": before, "after": articles(db), "served": served,
            "revisions_after_unchanged": revisions_after_unchanged}


def test_unchanged_recrawl_writes_no_revision(edited):
    assert edited["revisions_after_unchanged"] == 0


def test_each_edited_article_gets_exactly_one_revision(edited):
    changed = {u for u in edited["after"]
               if edited["after"][u]["content_hash"] != edited["before"][u]["content_hash"]}
    archived_edits = set(edited["site"].edited()) & set(edited["after"])
    assert changed and changed == archived_edits
    revs = rows(edited["db"], "SELECT url, version, content_hash FROM revisions ORDER BY url")
    assert sorted(u for u, _, _ in revs) == sorted(changed)
    for url, version, digest in revs:
        assert version == 1 and digest == edited["before"][url]["content_hash"]
        assert edited["after"][url]["version"] == 2


def test_history_shows_a_correct_unified_diff(edited):
    url = sorted(set(edited["site"].edited()) & set(edited["after"]))[0]
    old, new = edited["before"][url], edited["after"][url]
    proc = run_archiver("history", url, "--db", str(edited["db"]), check=True)
    assert "2 version(s)" in proc.stdout
    assert "--- version 1" in proc.stdout and "+++ version 2" in proc.stdout
    lines = proc.stdout.splitlines()
    removed = [l[1:] for l in lines if l.startswith("-") and not l.startswith("---") and l[1:]]
    added = [l[1:] for l in lines if l.startswith("+") and not l.startswith("+++") and l[1:]]
    old_lines = [f"# {old['title']}", ""] + old["body"].split("\n")
    new_lines = [f"# {new['title']}", ""] + new["body"].split("\n")
    assert removed or added
    assert set(removed) <= set(old_lines) and not set(removed) & set(new_lines)
    assert set(added) <= set(new_lines) and not set(added) & set(old_lines)


def test_run_table_counts_match_what_was_served_and_changed(edited):
    runs = rows(edited["db"], "SELECT new, changed, unchanged, duplicates, failed FROM crawl_runs"
                              " ORDER BY id")
    n = len(edited["before"])
    dups = len(list(edited["site"].duplicates_expected()))
    changed = len(set(edited["site"].edited()) & set(edited["after"]))
    assert runs[0] == (n, 0, 0, dups, 0)
    assert runs[1] == (0, 0, n, dups, 0)
    assert runs[2] == (0, changed, n - changed, dups, 0)
    first, changed_run = zip(*rows(edited["db"], "SELECT first_run, changed_run FROM articles"))
    assert set(first) == {1} and set(changed_run) == {1, 3}


def test_every_warc_file_passes_warcio_check(edited):
    files = sorted((edited["db"].parent / "warc").glob("*.warc.gz"))
    assert files
    warcio = Path(sys.executable).with_name("warcio")
    for f in files:
        proc = subprocess.run([str(warcio), "check", "-v", str(f)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_unchanged_refetch_is_a_revisit(edited):
    kinds = dict(rows(edited["db"], "SELECT record_type, count(*) FROM captures WHERE url IN"
                                    " (SELECT url FROM articles UNION SELECT url FROM duplicates)"
                                    " GROUP BY 1"))  # listing pages are captured too
    n = len(edited["before"]) + len(list(edited["site"].duplicates_expected()))
    changed = len(set(edited["site"].edited()) & set(edited["after"]))
    assert kinds == {"response": n + changed, "revisit": 2 * n - changed}


def test_capture_returns_the_bytes_that_were_served(edited):
    for url, body in edited["served"].items():
        proc = subprocess.run([sys.executable, "-m", "archiver.cli", "capture", url, "--db",
                               str(edited["db"])], capture_output=True)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == body


def test_capture_at_an_earlier_time_gives_the_earlier_page(edited):
    url = sorted(set(edited["site"].edited()) & set(edited["after"]))[0]
    (first_fetch,) = rows(edited["db"], "SELECT min(fetched_at) FROM captures WHERE url = ?",
                          (url,))[0]
    proc = subprocess.run([sys.executable, "-m", "archiver.cli", "capture", url, "--db",
                           str(edited["db"]), "--at", first_fetch], capture_output=True)
    assert proc.returncode == 0 and proc.stdout != edited["served"][url]
    assert edited["before"][url]["title"].split()[0].encode() in proc.stdout


def test_search_cli_filters_combine(edited):
    db = str(edited["db"])
    everything = json.loads(run_archiver("search", "президент", "--db", db, "--format", "json",
                                         "--limit", "500", check=True).stdout)
    assert {r["lang"] for r in everything} >= {"kk", "ru"}
    dated = sorted((r for r in everything if (r["published"] or "") >= "2010-01-01"),
                   key=lambda r: r["url"])
    some = dated[len(dated) // 2]
    filtered = json.loads(run_archiver(
        "search", "президент", "--db", db, "--format", "json", "--limit", "500",
        "--lang", some["lang"], "--category", some["category"], "--since", "2010",
        "--until", some["published"], check=True).stdout)
    expected = [r for r in everything if r["lang"] == some["lang"] and
                r["category"] == some["category"] and "2010-01-01" <= (r["published"] or "")
                <= some["published"]]
    assert filtered and sorted(r["url"] for r in filtered) == sorted(r["url"] for r in expected)


@pytest.mark.parametrize("query", ['"unbalanced', "   ", "OR", "-"])
def test_malformed_search_is_one_line(edited, query):
    proc = run_archiver("search", query, "--db", str(edited["db"]))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_query_cli_refuses_writes(edited):
    db = str(edited["db"])
    before = rows(edited["db"], "SELECT count(*), sum(version) FROM articles")
    proc = run_archiver("query", "DELETE FROM articles", "--db", db)
    assert proc.returncode == 2 and "read-only" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert rows(edited["db"], "SELECT count(*), sum(version) FROM articles") == before
    ok = run_archiver("query", "SELECT lang, count(*) AS n FROM articles GROUP BY lang",
                      "--db", db, "--format", "csv", check=True)
    assert ok.stdout.splitlines()[0] == "lang,n" and len(ok.stdout.splitlines()) == 4


def test_stats_and_plot(edited, tmp_path):
    png = tmp_path / "monthly.png"
    proc = run_archiver("stats", "--db", str(edited["db"]), "--plot", str(png), check=True)
    assert "articles per year and language" in proc.stdout and "last runs" in proc.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


INFLECTIONS = [  # (query, a form in the text, language)
    ("Шымкент", "Шымкенттің", "kk"), ("шілде", "шілдеде", "kk"),
    ("президент", "президентінің", "kk"), ("указ", "указа", "ru"),
    ("Шымкент", "Шымкента", "ru"), ("президент", "президента", "ru"),
    ("встреча", "встречи", "ru"), ("июль", "июле", "ru"),
]


@pytest.mark.parametrize("query,form,lang", INFLECTIONS)
def test_search_finds_inflected_forms_and_ranks_exact_first(tmp_path, query, form, lang):
    db = storage.open_archive(tmp_path / "s.db")

    def put(n: int, text: str) -> None:
        storage.write_article(db, Article(
            url=f"https://www.akorda.kz/{'kz' if lang == 'kk' else lang}/a-{1000000 + n}",
            lang=lang, site_id=str(1000000 + n), title=f"Жаңалық {n}", date_raw=None,
            published=None, date_source=None, category=None, body=text))

    # each text in its article's language: a text is stemmed as the language it is written in
    if lang == "kk":
        put(1, f"Бүгін {form} туралы айтылды. Басқа сөздер мен сөйлемдер бар.")
        put(2, f"Мұнда {query} сөзі бар.")
        put(3, "Мүлдем басқа тақырып.")
    else:
        put(1, f"Сегодня речь шла о {form} и о других делах, словах и предложениях.")
        put(2, f"Здесь есть слово {query}.")
        put(3, "Совсем другая тема.")
    found = storage.search(storage.open_readonly(tmp_path / "s.db"), query)
    assert [r["title"] for r in found] == ["Жаңалық 2", "Жаңалық 1"]
    assert f"[{form}]" in found[1]["snippet"]  # the inflected form is marked too


def test_export_and_verify_through_the_cli(edited, tmp_path):
    db = str(edited["db"])
    out = tmp_path / "kk.csv"
    run_archiver("export", "--db", db, "--format", "csv", "--out", str(out), "--lang", "kk",
                 check=True)
    assert run_archiver("verify", str(out)).returncode == 0
    again = run_archiver("export", "--db", db, "--format", "csv", "--out", str(out), "--lang", "kk")
    assert again.returncode == 1 and "--force" in again.stderr
    import csv
    with out.open(encoding="utf-8", newline="") as f:
        exported = list(csv.DictReader(f))
    kk = {u for u, a in edited["after"].items() if a["lang"] == "kk"}
    assert {r["url"] for r in exported} == kk
    out.write_bytes(out.read_bytes().replace(b"kk", b"KK", 1))
    bad = run_archiver("verify", str(out))
    assert bad.returncode == 1 and str(out) in bad.stdout


def test_datasette_full_text_search_on_a_crawled_replica(edited):
    from test_datasette import running

    url = sorted(edited["after"])[0]
    word = max(edited["after"][url]["title"].split(), key=len).strip("«»\"',.")
    with running(edited["db"]) as server:
        found = server.json(f"/{edited['db'].stem}/articles.json", _search=word,
                            _shape="array", _col="url")
        canned = server.json(f"/{edited['db'].stem}/articles_per_month.json", _shape="array")
    assert url in {r["url"] for r in found}
    assert sum(r["total"] for r in canned) == sum(
        1 for a in edited["after"].values() if a["published"])


def test_since_bounds_a_backfill(tmp_path):
    site = ReplicaSite(seed=17, articles=60)
    expected = list(site.expected())
    since = sorted(e["published"] for e in expected if e["published"])[len(expected) // 2]
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, "--since", since)
    archived = articles(db)
    assert archived and all(a["published"] is None or a["published"] >= since
                            for a in archived.values())
    partner = {a["url"]: b["url"] for a, b in site.duplicates_expected()}
    wanted = [e["url"] for e in expected if e["published"] and e["published"] >= since]
    assert all(u in archived or partner.get(u) in archived for u in wanted)
    assert len(archived) < len(expected)


def test_refresh_days_catches_recent_edits_only(tmp_path):
    from datetime import date, timedelta

    site = ReplicaSite(seed=19, articles=60)
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, "--full")
        site.edit_round = 1
        crawl(server, db)  # plain incremental: edits are not seen
        assert rows(db, "SELECT count(*) FROM revisions") == [(0,)]
        # a window that holds about half of the edited articles, its edge between two of their
        # dates at least two days apart: the crawl's today may be this one or, past midnight, the next
        dates = sorted({date.fromisoformat(e["published"]) for e in site.expected()
                        if e["url"] in set(site.edited()) and e["published"]})
        first = next(dates[k] for k in range(len(dates) // 2, len(dates))
                     if dates[k] - dates[k - 1] >= timedelta(days=2))
        crawl(server, db, "--refresh-days", str((date.today() - first).days + 1))
    archived = articles(db)
    recent_edits = {u for u in site.edited() if u in archived
                    and (archived[u]["published"] or "") >= first.isoformat()}
    old_edits = {u for u in site.edited() if u in archived} - recent_edits
    revised = {u for (u,) in rows(db, "SELECT url FROM revisions")}
    assert recent_edits and revised == recent_edits
    assert old_edits, "the replica must also have older edits, which stay unseen"
