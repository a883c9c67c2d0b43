"""Three languages as one corpus: translations linked from the language switcher and the shared id,
verified against the text's language, and exported as an aligned parallel corpus."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from _archiver import crawl, rows, run_archiver

from archiver.page.extract import extract_article
from archiver.page.language import text_lang
from archiver.replica import ReplicaSite, serve
from archiver.replica.routes import respond


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    site = ReplicaSite(seed=3, articles=70)
    db = tmp_path_factory.mktemp("translations") / "a.db"
    with serve(site) as server:
        crawl(server, db)
    return site, db


def groups(pairs: set[frozenset[str]]) -> list[set[str]]:
    """Connected groups of URLs linked by pairs (an article and its translations)."""
    found: list[set[str]] = []
    for pair in pairs:
        touching = [g for g in found if g & pair]
        merged = set(pair).union(*touching)
        found = [g for g in found if g not in touching] + [merged]
    return found


def test_every_translation_link_is_found_and_none_that_is_not_there(crawled):
    site, db = crawled
    expected = site.translations()
    assert len(expected) > 20
    found = {frozenset(r) for r in rows(db, "SELECT url, translation_url FROM translations")}
    assert found == expected
    # the view lists each link both ways, each time between two languages
    assert rows(db, "SELECT count(*) FROM translations WHERE lang = translation_lang") == [(0,)]


def test_every_language_mismatch_is_recorded_and_never_linked(crawled):
    site, db = crawled
    mismatches = site.language_mismatches()
    assert mismatches, "the replica must serve some ru/en paths in Kazakh"
    recorded = {u: (a, b) for u, a, b in rows(
        db, "SELECT url, url_lang, text_lang FROM language_mismatches")}
    assert recorded == mismatches
    linked = {u for (u,) in rows(db, "SELECT url FROM translations")}
    assert not set(mismatches) & linked
    # the Kazakh text served at a ru/en path is the Kazakh article's duplicate, not an article
    assert {u for (u,) in rows(db, "SELECT url FROM duplicates")} >= set(mismatches)


def test_parallel_export_round_trips(crawled, tmp_path):
    site, db = crawled
    out = tmp_path / "parallel.jsonl"
    done = run_archiver("export", "--db", str(db), "--format", "parallel", "--out", str(out))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted({frozenset(line[lang]["url"] for lang in line["languages"]) for line in lines},
                  key=sorted) == sorted(map(frozenset, groups(site.translations())), key=sorted)
    archived = {u: (t, b) for u, t, b in rows(db, "SELECT url, title, body FROM articles")}
    aligned = 0
    for line in lines:
        for lang in line["languages"]:
            assert (line[lang]["title"], line[lang]["body"]) == archived[line[lang]["url"]]
        for key, value in line["alignment"].items():
            a, b = key.split("-")
            counts = [len(line[x]["body"].split("\n\n")) for x in (a, b)]
            assert value["aligned"] == (counts[0] == counts[1])
            if value["aligned"]:
                aligned += 1
                assert ["\n\n".join(p[i] for p in value["pairs"]) for i in (0, 1)] == \
                    [line[a]["body"], line[b]["body"]]
    assert aligned
    assert run_archiver("verify", str(out)).returncode == 0


def test_all_langs_filters_search_and_export(crawled, tmp_path):
    site, db = crawled
    complete = [g for g in groups(site.translations()) if len(g) == 3]
    out = tmp_path / "three.jsonl"
    run_archiver("export", "--db", str(db), "--format", "parallel", "--all-langs", "--out",
                 str(out), check=True)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(complete) and all(len(x["languages"]) == 3 for x in lines)
    csv = run_archiver("export", "--db", str(db), "--format", "jsonl", "--all-langs", "--out", "-",
                       check=True)
    urls = {json.loads(line)["url"] for line in csv.stdout.splitlines()}
    assert urls == set().union(*complete)
    found = run_archiver("search", "Президент", "--db", str(db), "--all-langs", "--limit", "500",
                         "--format", "json", check=True)
    hits = {hit["url"] for hit in json.loads(found.stdout)}
    assert hits and hits <= urls


def test_text_language_and_the_switcher_decide_the_work_id():
    site = ReplicaSite(seed=3, articles=70)
    i = next(i for i in range(70) if site.translation(i) == "all")
    path = site.path_of("ru", i)
    page = respond(site, path).body
    article = extract_article(page, "https://www.akorda.kz" + path)
    assert (article.text_lang, article.work_id) == ("ru", article.site_id)
    # a switcher that does not link the same slug-id path: not a translation anyone can verify
    moved = page.replace(path.split("/", 2)[2].encode(), b"elsewhere-1")
    assert extract_article(moved, "https://www.akorda.kz" + path).work_id is None
    assert text_lang("Мемлекет басшысы Қазақстан халқына Жолдау жариялады.") == "kk"
    assert text_lang("Глава государства посетил комплекс «Ұлытау» в области Ұлытау.") == "ru"
    assert text_lang("The Head of State met the Prime Minister.") == "en"
    assert text_lang("2024") is None


def test_datasette_article_page_shows_the_verified_translations(crawled):
    from test_datasette import running

    site, db = crawled
    linked = groups(site.translations())
    three = sorted(next(g for g in linked if len(g) == 3))
    shown_in_kazakh = next(iter(site.language_mismatches()))
    kazakh_original = next(u for g in linked for u in g
                           if u.rsplit("-", 1)[1] == shown_in_kazakh.rsplit("-", 1)[1])
    with running(db) as server:
        def page(url: str) -> str:
            query = urllib.parse.urlencode({"url": url})
            with urllib.request.urlopen(f"{server.base}/-/article?{query}", timeout=10) as answer:
                return answer.read().decode("utf-8")
        html = page(three[0])
        assert all(urllib.parse.quote(u, safe="") in html or u in html for u in three[1:])
        # the Kazakh text served at a ru/en path is not offered as a translation
        assert shown_in_kazakh not in page(kazakh_original)
