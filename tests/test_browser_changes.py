"""The changes page and a word diff in a real browser (chromium, as tests/test_browser.py drives it):
the marked words are on screen, deleted and inserted styled apart, nothing wider than the window."""

from __future__ import annotations

import pytest
from _changes_archive import build
from test_browser import assert_fits, browser, visible_text  # noqa: F401 (browser: a fixture)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("datasette")
    from test_datasette import running

    with running(build(tmp_path_factory.mktemp("browser-changes") / "archive.db")) as server:
        yield server.base


def test_changes_page_and_word_diff(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/-/changes?kind=edited&significance=substantive")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.change-row")
    assert [r.get_attribute("data-lang") for r in rows] == ["en", "ru", "kk"]
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, "tr.change-row del.diff-del")] == ["120"] * 3
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, "tr.change-row ins.diff-ins")] == ["150"] * 3
    assert_fits(browser)

    rows[1].find_element(By.CSS_SELECTOR, "a.page-title").click()
    assert "/-/diff?change=" in browser.current_url
    deleted = browser.find_elements(By.CSS_SELECTOR, "section.diff-side del.diff-del")
    inserted = browser.find_elements(By.CSS_SELECTOR, "section.diff-side ins.diff-ins")
    assert [e.text for e in deleted] == ["120"] and [e.text for e in inserted] == ["150"]
    assert deleted[0].value_of_css_property("text-decoration-line") == "line-through"
    assert deleted[0].value_of_css_property("background-color") != inserted[0].value_of_css_property(
        "background-color")
    sides = browser.find_elements(By.CSS_SELECTOR, "section.diff-side")
    assert len(sides) == 2 and sides[0].location["x"] < sides[1].location["x"]  # side by side
    text = visible_text(browser)
    assert text.count("Cite as:") == 2 and "представителями" in text
    assert len(browser.find_elements(By.CSS_SELECTOR, "a.capture")) == 2
    assert_fits(browser)
