"""The web search page (/-/search) in a real browser: reached from the index's search box, it
ranks by relevance (newest first one click away) and shows the CLI's snippet around the matched
form, highlighted with <mark>, even when the match is an inflected form deep in the body."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import pytest
from test_browser import browser, site  # noqa: F401  (fixtures; site serves this module's archive)

from archiver.page.items import Article
from archiver.storage import open_archive, search_results, start_run, write_article

FILLER = [f"Бұл {n}-абзацта Мемлекет басшысы өңірдің дамуы туралы айтты." for n in range(1, 6)]
DEEP = Article(  # "шілде" only as "шілдесінде", in paragraph six: not the start of the body
    url="https://www.akorda.kz/kz/memleket-basshysy-atyrauga-bardy-2001", lang="kk",
    site_id="2001", title="Мемлекет басшысы Атырау облысына жұмыс сапарымен барды",
    date_raw="2022 жылғы 5 қыркүйек", published="2022-09-05", date_source="page",
    category="Жұмыс сапарлары",
    body="\n\n".join(FILLER + ["Бағдарлама 2004 жылдың 23 шілдесінде қабылданған болатын."]))
TITLED = Article(  # older, but "шілде" in its title and twice in its body: the best match
    url="https://www.akorda.kz/kz/shilde-kenesi-2002", lang="kk", site_id="2002",
    title="Шілде кеңесі: Мемлекет басшысы шілде айындағы жоспарларды талқылады",
    date_raw="2019 жылғы 2 шілде", published="2019-07-02", date_source="page",
    category="Кеңестер мен отырыстар",
    body="Кеңесте шілде айының жоспарлары мен шілдедегі іс-шаралар талқыланды.")
OTHER = Article(
    url="https://www.akorda.kz/ru/glava-gosudarstva-2003", lang="ru", site_id="2003",
    title="Глава государства провёл совещание", date_raw="1 марта 2020 года",
    published="2020-03-01", date_source="page", category="Совещания",
    body="Совещание прошло в Акорде.")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search-page") / "archive.db"
    db = open_archive(path)
    run = start_run(db, {"test": "search page"})
    for article in (DEEP, TITLED, OTHER):
        assert write_article(db, article, run) == "new"
    db.conn.close()
    return path


def results(driver) -> list[dict]:
    from selenium.webdriver.common.by import By

    found = []
    for item in driver.find_elements(By.CSS_SELECTOR, "ol.search-results > li"):
        snippet = item.find_element(By.CSS_SELECTOR, ".search-snippet")
        inner = snippet.get_attribute("innerHTML")
        found.append({
            "title": item.find_element(By.CSS_SELECTOR, "a.search-title").text,
            "marks": [m.text for m in snippet.find_elements(By.TAG_NAME, "mark")],
            "bracketed": html.unescape(inner.replace("<mark>", "[").replace("</mark>", "]")),
            "mark_color": [m.value_of_css_property("background-color")
                           for m in snippet.find_elements(By.TAG_NAME, "mark")],
        })
    return found


def test_an_inflected_match_is_highlighted_in_the_web_results(browser, site, archive):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site + "/")
    box = browser.find_element(By.CSS_SELECTOR, "form.archive-search input[name=q]")
    box.send_keys("шілде")
    box.submit()
    WebDriverWait(browser, 30).until(
        lambda d: "/-/search" in d.current_url and d.find_elements(By.CSS_SELECTOR,
                                                                   "ol.search-results > li"))
    found = results(browser)
    assert [r["title"] for r in found] == [TITLED.title, DEEP.title]  # best match first
    summary = browser.find_element(By.CSS_SELECTOR, "p.search-summary").text
    assert " ".join(summary.split()) == "2 articles match: best match first · newest first"
    deep = found[1]
    assert deep["marks"] == ["шілдесінде"]
    assert deep["mark_color"][0] not in ("rgba(0, 0, 0, 0)", "transparent")  # drawn highlighted
    assert not deep["bracketed"].startswith(FILLER[0][:20])  # around the match, not the start
    # The same snippets as `archiver search`, marks drawn as <mark> instead of [brackets].
    conn = sqlite3.connect(archive)
    cli = [row["snippet"] for row in search_results(conn, "шілде").rows]
    conn.close()
    assert [r["bracketed"] for r in found] == cli
    # Newest first is one click away, and back.
    browser.find_element(By.LINK_TEXT, "newest first").click()
    WebDriverWait(browser, 30).until(lambda d: "order=date" in d.current_url)
    assert [r["title"] for r in results(browser)] == [DEEP.title, TITLED.title]
    browser.find_element(By.LINK_TEXT, "best match first").click()
    WebDriverWait(browser, 30).until(lambda d: "order=date" not in d.current_url)
    assert [r["title"] for r in results(browser)] == [TITLED.title, DEEP.title]


def test_a_refused_query_gets_the_clis_explanation(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/-/search?q=NEAR(%D1%88%D1%96%D0%BB%D0%B4%D0%B5%20%D0%BA%D0%B5%D2%A3%D0%B5%D1%81)")
    error = browser.find_element(By.CSS_SELECTOR, "p.search-error").text
    assert "NEAR" in error and not browser.find_elements(By.CSS_SELECTOR, "ol.search-results li")


def test_the_articles_table_search_box_leads_to_the_search_page(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/archive/articles")
    box = browser.find_element(By.CSS_SELECTOR, "input#_search")
    box.send_keys("шілде")
    link = browser.find_element(By.CSS_SELECTOR, "a.archive-to-search")
    assert re.search(r"/-/search\?q=%D1%88", link.get_attribute("href"))
    link.click()
    assert results(browser)[1]["marks"] == ["шілдесінде"]
