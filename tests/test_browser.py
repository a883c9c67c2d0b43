"""What a person sees, checked in a real browser: Debian's chromium driven by selenium through
chromium-driver, headless. Datasette's index, the articles table, its search box, the article
reading page, the canned queries, and the HTML bundle are opened; the tests assert Kazakh text on
screen, the searched word's article listed, and no element wider than the window.

They skip, saying why, where chromium, chromium-driver or selenium is missing (`.ci/run`
installs them: `apt-get install chromium chromium-driver`)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from _archiver import run_archiver

from archiver.serve.datasette import QUERIES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
WIDTH = 1024
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)

# Every element's box within the window's width (the table may scroll inside its own wrapper,
# Datasette's .table-wrapper, which is then the element that must fit).
OVERFLOW_JS = """
const limit = document.documentElement.clientWidth + 1;
const wide = [];
for (const el of document.body.querySelectorAll("*")) {
  if (el.closest(".table-wrapper") && !el.classList.contains("table-wrapper")) continue;
  const box = el.getBoundingClientRect();
  if (box.width > 0 && (box.right > limit || box.width > limit)) {
    wide.push(el.tagName + "." + el.className + " " + Math.round(box.right));
  }
}
return [document.documentElement.scrollWidth, limit, wide.slice(0, 5)];
"""


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("no browser: install Debian's chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver), as .ci/run does")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                    "(pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", f"--window-size={WIDTH},900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("browser") / "archive.db"
    proc = run_archiver("demo", "--db", str(db), "--articles", "20")
    assert db.exists() and "Traceback" not in proc.stderr, proc.stderr
    return db


@pytest.fixture(scope="module")
def site(archive):
    pytest.importorskip("datasette")
    from test_datasette import running

    with running(archive) as server:
        yield server.base


def kazakh_article(archive: Path) -> dict:
    """A Kazakh article with a capture: its url, title, body and a word of its title."""
    conn = sqlite3.connect(archive)
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT url, title, body FROM articles WHERE lang = 'kk' AND url IN "
                       "(SELECT url FROM captures) ORDER BY published DESC LIMIT 1").fetchone()
    conn.close()
    return dict(row)


def assert_fits(driver) -> None:
    scroll_width, limit, wide = driver.execute_script(OVERFLOW_JS)
    assert scroll_width <= limit and not wide, f"wider than the window ({limit}px): {wide}"


def visible_text(driver) -> str:
    return driver.find_element("tag name", "body").text


def test_index_page(browser, site):
    browser.get(site + "/")
    assert "Akorda news archive" in visible_text(browser)
    assert_fits(browser)


def test_index_leads_into_the_articles_and_the_search(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site + "/")
    box = browser.find_element(By.CSS_SELECTOR, "form.archive-search input[name=q]")
    browse = browser.find_element(By.LINK_TEXT, "Browse the articles")
    for element in (box, browse):  # both on the first screen, not below the table list
        assert element.is_displayed() and element.location["y"] < 600, element.location
    assert browse.value_of_css_property("font-weight") in ("600", "700")
    box.send_keys("шілде")
    box.submit()
    WebDriverWait(browser, 30).until(lambda d: "/-/search?q=" in d.current_url)
    browser.get(site + "/archive")
    sql = browser.execute_script("return document.querySelector('textarea#sql-editor').value")
    assert sql.startswith("select published, lang, title") and "aliases" not in sql


def test_canned_query_titles_are_words(browser, site):
    for name, query in QUERIES.items():
        browser.get(f"{site}/archive/{name}")
        assert browser.title == f"{query['title']}: archive", browser.title


def test_articles_table_is_readable(browser, site, archive):
    from selenium.webdriver.common.by import By

    browser.get(site + "/archive/articles")
    text = visible_text(browser)
    assert KAZAKH_LETTERS.search(text), "no Kazakh text on the table page"
    fold = browser.find_element(By.CSS_SELECTOR, "details.column-descriptions-fold")
    assert fold.get_attribute("open") is None
    assert not browser.find_element(By.CSS_SELECTOR, "dl.column-descriptions").is_displayed()
    assert "What the columns mean" in fold.text
    bodies = browser.find_elements(By.CSS_SELECTOR, "td.col-body")
    assert bodies and all(len(cell.text) <= 160 for cell in bodies), "body shown whole"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    line = float(browser.find_element(By.CSS_SELECTOR, "td.col-body").value_of_css_property(
        "line-height").removesuffix("px"))
    tallest = max(row.size["height"] for row in rows)
    assert tallest <= 3 * line + 24, f"rows of more than three lines: {tallest}px, lines {line}px"
    table = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns")
    assert table.location["y"] < 1000, "the table starts below the first screen"
    assert table.size["width"] <= WIDTH, "the articles table needs sideways scrolling"
    hidden = browser.find_elements(By.CSS_SELECTOR, "td.col-content_hash")
    assert hidden and not any(cell.is_displayed() for cell in hidden)
    assert_fits(browser)


def wait_for_search_page(browser, seconds: float = 30) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, seconds).until(
        lambda d: "_search=" in d.current_url
        and d.execute_script("return document.readyState") == "complete")


def test_search_box_lists_the_searched_words_article(browser, site, archive):
    from selenium.webdriver.common.by import By

    article = kazakh_article(archive)
    word = max(re.findall(r"\w+", article["title"]), key=len)
    browser.get(site + "/archive/articles")
    box = browser.find_element(By.CSS_SELECTOR, "input#_search")
    box.send_keys(word)
    box.submit()
    # submit() is a script, not a navigation WebDriver waits for: read the page only once the
    # search's own page has loaded (reading earlier finds the old page's links going stale).
    wait_for_search_page(browser)
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "td.col-title a")]
    assert article["title"] in titles, (word, titles)
    assert_fits(browser)


def test_article_page_reads_like_the_bundle(browser, site, archive):
    from selenium.webdriver.common.by import By

    article = kazakh_article(archive)
    browser.get(site + "/archive/articles?_sort_desc=published&lang=kk")
    browser.find_element(By.LINK_TEXT, article["title"]).click()
    assert browser.find_element(By.TAG_NAME, "h1").text == article["title"]
    page = browser.find_element(By.CSS_SELECTOR, "article.archive-article")
    assert page.get_attribute("lang") == "kk"
    paragraphs = page.find_elements(By.TAG_NAME, "p")[1:]  # after the date line
    assert [p.text for p in paragraphs] == [p.strip() for p in article["body"].split("\n\n")]
    meta = page.find_element(By.CSS_SELECTOR, "p.archive-meta").text
    assert re.search(r"\d{4}", meta) and "Қазақша" in meta
    source = page.find_element(By.CSS_SELECTOR, "p.archive-meta a")  # the date line links the source
    assert (source.text, source.get_attribute("href")) == ("on akorda.kz", article["url"])
    captures = browser.find_elements(By.CSS_SELECTOR, "table.captures tr")
    assert len(captures) >= 2 and "UTC" in captures[1].text and "." not in captures[1].text[:20]
    cite = browser.find_element(By.CSS_SELECTOR, "p.archive-cite").text
    assert article["url"] in cite and "Captured" in cite
    assert browser.find_elements(By.CSS_SELECTOR, "table.versions tr")[1].text.startswith("v1")
    assert_fits(browser)


def test_article_page_accepts_a_url_without_scheme(browser, site, archive):
    article = kazakh_article(archive)
    browser.get(f"{site}/-/article?url={quote(article['url'].removeprefix('https://'))}")
    assert browser.find_element("tag name", "h1").text == article["title"]


def test_article_page_links_its_verified_translations(browser, site, archive):
    from selenium.webdriver.common.by import By

    conn = sqlite3.connect(archive)
    url, work = conn.execute("SELECT url, work_id FROM articles WHERE lang = 'kk' AND work_id IS "
                             "NOT NULL ORDER BY url LIMIT 1").fetchone()
    others = dict(conn.execute("SELECT lang, title FROM articles WHERE work_id = ? AND url != ?",
                               (work, url)).fetchall())
    conn.close()
    browser.get(f"{site}/-/article?url={quote(url)}")
    links = browser.find_elements(By.CSS_SELECTOR, "ul.translations li")
    assert {li.get_attribute("lang"): li.find_element(By.TAG_NAME, "a").text
            for li in links} == others
    links[0].find_element(By.TAG_NAME, "a").click()
    assert browser.find_element(By.TAG_NAME, "h1").text in others.values()


def test_an_unknown_article_gets_a_page_that_says_so(browser, site):
    browser.get(f"{site}/-/article?url={quote('/kz/<b>no-such-article</b>')}")
    text = visible_text(browser)
    assert "No article https://www.akorda.kz/kz/<b>no-such-article</b> in the archive." in text
    assert "All articles" in text and not browser.find_elements("tag name", "b")


def test_canned_queries(browser, site, archive):
    from selenium.webdriver.common.by import By

    browser.get(site + "/archive/articles_per_month")
    months = browser.find_elements(By.CSS_SELECTOR, "td.col-month")
    assert months and all(re.fullmatch(r"\d{4}-\d{2}", m.text) for m in months)
    assert_fits(browser)
    article = kazakh_article(archive)
    word = max(re.findall(r"\w+", article["title"]), key=len)
    browser.get(f"{site}/archive/search_articles?q={quote(word)}&lang=kk&category=&since=&until=")
    titles = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "td.col-title")]
    assert article["title"] in titles, (word, titles)
    assert_fits(browser)


def test_html_bundle_in_the_browser(browser, archive, tmp_path):
    from selenium.webdriver.common.by import By

    out = tmp_path / "bundle"
    run_archiver("export", "--db", str(archive), "--format", "html", "--out", str(out),
                 "--lang", "kk", check=True)
    browser.get((out / "index.html").as_uri())
    text = visible_text(browser)
    assert KAZAKH_LETTERS.search(text) and "Archive as of" in text
    first = browser.find_element(By.CSS_SELECTOR, "section li a")
    assert first.get_attribute("lang") == "kk"
    title = first.text
    assert_fits(browser)
    # A year that starts folded opens from its link in the contents.
    oldest = browser.find_elements(By.CSS_SELECTOR, "nav.toc li:first-child a")[-1]
    target = browser.find_element(By.ID, oldest.get_attribute("href").split("#")[1])
    assert not target.is_displayed()
    oldest.click()
    assert target.is_displayed()
    first.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "kk"
    citation = browser.find_element(By.CSS_SELECTOR, "p.citation").text
    assert re.search(r"Captured \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\.$", citation), citation
    assert_fits(browser)
