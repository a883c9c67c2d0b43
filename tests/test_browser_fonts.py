"""Kazakh letters are drawn in the same face as the letters around them.

The browser is asked, through the DevTools protocol (CSS.getPlatformFontsForNode), which platform
fonts it used for the text of an element. A face without Қ ң ғ ө ұ ү ә makes the browser draw those
letters in a fallback face: the element then reports two fonts. Checked on the reading page
(Datasette's /-/article and its articles table) and on the HTML bundle's article page and index,
with the fonts of the machine (`.ci/run` installs Debian's chromium and what it pulls in).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from _archiver import run_archiver
from test_browser import browser  # noqa: F401  (the fixture)

from archiver.page.items import Article
from archiver.storage import open_archive, start_run, write_article

KAZAKH = Article(
    url="https://www.akorda.kz/kz/qazaqstan-prezidenti-1001", lang="kk", site_id="1001",
    title="Қазақстан Президенті Өскеменде ұлттық құрылтайға қатысты",
    date_raw="2024 жылғы 14 наурыз", published="2024-03-14", date_source="page",
    category="Жұмыс сапарлары",
    body="Қасым-Жомарт Тоқаев Өскемен қаласында ұлттық құрылтайдың отырысында сөз сөйледі.\n\n"
         "Мемлекет басшысы өңірдің әлеуметтік-экономикалық дамуы туралы айтты, "
         "ғылым мен білімге үлкен мән берді.")
LETTERS = "ҚңғөұүәӘҒҢӨҰҮқ"


def platform_fonts(driver, selector: str) -> list[list[str]]:
    """For each element matching `selector`: the families the browser drew its own text in."""
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = driver.execute_cdp_cmd("DOM.querySelectorAll",
                                   {"nodeId": root, "selector": selector})["nodeIds"]
    assert nodes, f"nothing matches {selector}"
    found = []
    for node in nodes:
        fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        found.append(sorted(font["familyName"] for font in fonts))
    return found


def assert_one_face(driver, selector: str) -> None:
    for families in platform_fonts(driver, selector):
        assert len(families) == 1, f"{selector}: Kazakh letters drawn in another face: {families}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fonts") / "archive.db"
    db = open_archive(path)
    assert write_article(db, KAZAKH, start_run(db, {"test": "fonts"})) == "new"
    db.conn.close()
    return path


def test_the_text_holds_the_letters_to_check() -> None:
    assert set("ҚӨөңғұүә") <= set(KAZAKH.title + KAZAKH.body)


def test_reading_page_draws_kazakh_in_one_face(browser, archive):  # noqa: F811
    pytest.importorskip("datasette")
    from test_datasette import running

    with running(archive) as server:
        browser.get(f"{server.base}/-/article?url={quote(KAZAKH.url)}")
        assert browser.find_element("tag name", "h1").text == KAZAKH.title
        assert_one_face(browser, "article.archive-article h1")
        assert_one_face(browser, "article.archive-article p:not(.archive-meta)")
        browser.get(f"{server.base}/archive/articles")
        assert_one_face(browser, "td.col-title a")


def test_html_bundle_draws_kazakh_in_one_face(browser, archive, tmp_path):  # noqa: F811
    out = tmp_path / "bundle"
    run_archiver("export", "--db", str(archive), "--format", "html", "--out", str(out),
                 check=True)
    page = next((out / "articles").glob("*.html"))
    browser.get(page.as_uri())
    assert browser.find_element("tag name", "h1").text == KAZAKH.title
    assert_one_face(browser, "article h1")
    assert_one_face(browser, "article p:not(.meta)")
    browser.get((out / "index.html").as_uri())
    assert_one_face(browser, "li a")
