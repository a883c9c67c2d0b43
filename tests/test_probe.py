"""archiver probe against the replica over real HTTP: the default layout, the full-width listing
variant, article pages that lost their body markup, and saved pages read by the extraction tests."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _archiver import PYTHONPATH, ROOT, closed_site, run_archiver

from archiver.fetch.probe import probe
from archiver.replica import ReplicaSite, markup, serve
from archiver.replica.listings import layout_of
from archiver.page.urls import SECTIONS

LANGS = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def default_site():
    with serve(ReplicaSite(seed=0, articles=200)) as server:
        yield server


def test_default_replica_every_page_kind_found(default_site):
    default_site.requests.clear()
    proc = run_archiver("probe", "--site", default_site.url, "--delay", "0")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "every page kind (article, listing, robots) yielded its fields" in proc.stdout
    lines = proc.stdout.splitlines()
    for code, site_code in zip(LANGS, ("kz", "ru", "en")):
        for section in SECTIONS:
            listing = next(l for l in lines if re.search(rf"^listing\s+{code}\s+/{site_code}/{section}\b", l))
            # the seeded layout of the section: cards in the content column, or elsewhere (page scan)
            column = layout_of(default_site.site, section, 1) == "column"
            strategy = "content-column" if column else "page-scan"
            assert re.search(rf"\s200\s+{strategy}\s+[1-9]\d*\s+\d+/\d+", listing), listing
    assert "NONE" not in proc.stdout and "problem" not in proc.stdout
    requests = default_site.requests.paths()  # robots.txt first, then one listing and one article each
    assert requests[0] == "/robots.txt" and len(requests) == 1 + 2 * len(LANGS) * len(SECTIONS)
    assert not any("print=" in path for path in requests)


def test_json_names_strategy_layout_and_fields(default_site):
    proc = run_archiver("probe", "--site", default_site.url, "--delay", "0", "--lang", "ru",
                        "--section", "speeches,events/akorda_news/meetings_and_receptions", "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["problems"] == []
    kinds = [(p["kind"], p["section"]) for p in result["pages"]]
    assert kinds == [("robots", None), ("listing", "speeches"), ("article", "speeches"),
                     ("listing", "events/akorda_news/meetings_and_receptions"),
                     ("article", "events/akorda_news/meetings_and_receptions")]
    speech, older = result["pages"][2], result["pages"][4]
    assert speech["found_by"] == "current layout" and older["found_by"] == "older layout"
    site = default_site.site
    for page in (speech, older):
        truth = site.expected_article(page["url"])
        assert page["fields"]["title"] == truth["title"] and page["fields"]["body"] == truth["body"]
        assert page["fields"]["date"] == truth["published"]
        assert page["fields"]["date_source"] == truth["date_source"]
        assert page["fields"]["category"] == truth["category"]
    listing = result["pages"][1]
    assert listing["links"] == len(site.expected_listing("ru", "speeches")["entries"])


def test_full_width_listings_name_the_fallback_strategy():
    with serve(ReplicaSite(seed=0, articles=120, listing_layout="full-width")) as server:
        proc = run_archiver("probe", "--site", server.url, "--delay", "0", "--lang", "kk,en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listings = [l for l in proc.stdout.splitlines() if l.startswith("listing")]
    assert len(listings) == 2 * len(SECTIONS)
    assert all(re.search(r"\s200\s+page-scan\s+[1-9]\d*\s", l) for l in listings), listings


def test_lost_body_markup_exits_non_zero_naming_kind_and_field(monkeypatch):
    original = markup.article_content

    def without_body(item):  # the paragraphs still there, the elements that held them gone
        html = original(item).replace("<article>", "<div>").replace("</article>", "</div>")
        return html.replace('class="event_text"', 'class="text"')

    monkeypatch.setattr(markup, "article_content", without_body)
    with serve(ReplicaSite(seed=0, articles=120)) as server:
        proc = run_archiver("probe", "--site", server.url, "--delay", "0")
    assert proc.returncode == 1
    problems = [l for l in proc.stdout.splitlines() if l.startswith("problem:")]
    for code in LANGS:
        count = len(SECTIONS)
        assert f"problem: article ({code}): no body on any of {count} article pages" in problems
        assert not any(f"article ({code}): no title" in p for p in problems)
    assert "listing" not in " ".join(problems)  # listings still fine


def test_robots_txt_is_obeyed_and_requests_are_spaced(default_site, monkeypatch):
    default_site.requests.clear()
    result = probe(default_site.url, lang="kk", section="events,speeches", delay=0.2)
    times = [r.time for r in default_site.requests]
    assert len(times) == 5 and all(b - a >= 0.19 for a, b in zip(times, times[1:]))
    assert not result["problems"]
    monkeypatch.setattr("archiver.replica.routes.ROBOTS_TXT", "User-agent: *\nDisallow: /kz/speeches\n")
    default_site.requests.clear()
    result = probe(default_site.url, lang="kk", section="events,speeches", delay=0)
    assert "/kz/speeches" not in default_site.requests.paths()
    assert any("disallowed by robots.txt" in p for p in result["problems"])


def test_robots_txt_server_error_means_nothing_is_fetched():
    with serve(ReplicaSite(seed=0, articles=40, broken=frozenset({"/robots.txt"}))) as server:
        proc = run_archiver("probe", "--site", server.url, "--delay", "0", "--lang", "ru")
        assert server.requests.paths() == ["/robots.txt"]
    assert proc.returncode == 1
    assert "problem: robots: HTTP 500: robots.txt unavailable, nothing else fetched" in proc.stdout


def test_bad_arguments_one_line(tmp_path):
    proc = run_archiver("probe", "--site", "ftp://example.org")
    assert proc.returncode == 2 and proc.stderr.startswith("archiver: error: --site")
    proc = run_archiver("probe", "--site", closed_site(), "--lang", "kk", "--section", "events",
                        "--delay", "0", "--timeout", "2")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "cannot fetch" in proc.stdout


def test_saved_pages_are_read_by_the_extraction_tests_unchanged(default_site, tmp_path):
    saved = tmp_path / "saved"
    proc = run_archiver("probe", "--site", default_site.url, "--delay", "0", "--lang", "kk,ru",
                        "--section", "events,speeches,archive", "--save", str(saved))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.stem for p in saved.glob("*.json"))
    assert len(names) == 12 and names[0] == "probe-article-kz-archive"
    assert sorted(p.stem for p in saved.glob("*.html")) == names
    # A copy of the test suite: test_extract.py as it is, the saved pages beside the fixtures.
    suite = tmp_path / "suite" / "tests"
    shutil.copytree(ROOT / "tests" / "fixtures", suite / "fixtures")
    shutil.copy(ROOT / "tests" / "test_extract.py", suite)
    for path in saved.iterdir():
        shutil.copy(path, suite / "fixtures" / "pages")
    passed = _pytest(suite, "-k", "probe")
    assert passed.returncode == 0 and "12 passed" in passed.stdout, passed.stdout[-2000:]
    # What it is for: the operator writes the truth into a saved JSON, and the test fails.
    target = suite / "fixtures" / "pages" / "probe-article-ru-speeches.json"
    meta = json.loads(target.read_text("utf-8"))
    meta["expected"]["category"] = "Выступления и статьи"
    target.write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    failed = _pytest(suite, "-k", "probe")
    assert failed.returncode == 1 and "1 failed, 11 passed" in failed.stdout


def _pytest(suite: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": PYTHONPATH}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(suite / "test_extract.py"), *args], capture_output=True, text=True,
                          cwd=suite.parent, env=env, timeout=300)


def test_probe_is_quick_to_time_out_and_honest_about_it():
    started = time.monotonic()
    result = probe(closed_site(), lang="en", section="events", delay=0, timeout=2)
    assert time.monotonic() - started < 10
    assert [p.kind for p in result["pages"]] == ["robots", "listing"]
    assert all(p.status is None and p.error.startswith("cannot fetch") for p in result["pages"])
