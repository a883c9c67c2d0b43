"""The Datasette changes page and side-by-side word diff (archiver.serve.changes_page), over HTTP;
tests/test_browser_changes.py opens the same pages in chromium."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from _changes_archive import HOST, WORK, build

pytest.importorskip("datasette")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("pages") / "archive.db")


@pytest.fixture(scope="module")
def site(archive):
    from test_datasette import running

    with running(archive) as server:
        yield server.base


def get(site: str, path: str, **params) -> tuple[int, str]:
    url = site + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def change_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/-/diff\?change=(\d+)"', page.split("archive-changes", 1)[-1])]


def test_changes_page_lists_newest_first(site):
    status, page = get(site, "/-/changes")
    assert status == 200
    assert page.count('class="change-row"') == 13 and "13 changes." in page
    ids = change_ids(page)
    assert ids == sorted(ids, reverse=True)  # built in time order: the newest has the highest id
    assert '<del class="diff-del">120</del> <ins class="diff-ins">150</ins>' in page
    assert "HTTP 404 on 3 checks over 2 days" in page


@pytest.mark.parametrize("params, rows", [
    ({"kind": "edited"}, 5),
    ({"kind": "edited", "significance": "substantive"}, 3),
    ({"significance": "typographic"}, 1),
    ({"lang": "en"}, 4),
    ({"since": "2026-03-09"}, 1),
    ({"kind": "", "lang": ""}, 13),  # the form's "all"
])
def test_changes_page_filters(site, params, rows):
    status, page = get(site, "/-/changes", **params)
    assert status == 200 and page.count('class="change-row"') == rows
    for name, value in params.items():
        if value and name != "since":
            assert f'<option value="{value}" selected>' in page


def test_changes_page_refuses_a_bad_filter(site):
    status, page = get(site, "/-/changes", lang="de")
    assert status == 400 and "unknown language &#39;de&#39;" in page


def test_diff_of_a_change(site):
    _, listing = get(site, "/-/changes", kind="edited", significance="substantive", lang="ru")
    (change_id,) = change_ids(listing)
    status, page = get(site, "/-/diff", change=change_id)
    assert status == 200
    before, after = page.split('data-version="1"', 1)[1].split('data-version="2"', 1)
    assert '<del class="diff-del">120</del>' in before and "diff-ins" not in before
    assert '<ins class="diff-ins">150</ins>' in after and "diff-del" not in after
    assert len(re.findall(r'class="capture" href="/archive/captures/\d+"', page)) == 2
    assert page.count("Cite as:") == 2 and "Version 1, captured 2026-03-01" in page
    assert "Version 2, captured 2026-03-05" in page
    assert 'lang="kk">kk: Мемлекет басшысы' in page and 'lang="en">en: The Head of State' in page


def test_diff_of_any_two_versions(site):
    url = f"{HOST}/en/forum-{WORK}"
    status, page = get(site, "/-/diff", url=url, a=1, b=2)
    assert status == 200 and page.count("Cite as:") == 2
    assert '<ins class="diff-ins">150</ins>' in page
    assert get(site, "/-/diff", url=url)[1].count("Cite as:") == 2  # the last two by default
    status, page = get(site, "/-/diff", url=url, a=1, b=7)
    assert status == 404 and "has no version 7 (versions: 1, 2)" in page
    assert get(site, "/-/diff", url=url, a="x", b=2)[0] == 400
    assert get(site, "/-/diff")[0] == 400
    assert get(site, "/-/diff", change=9999)[0] == 404


def test_a_removal_shows_the_last_text_and_both_captures(site):
    _, listing = get(site, "/-/changes", kind="removed")
    (change_id,) = change_ids(listing)
    status, page = get(site, "/-/diff", change=change_id)
    assert status == 200 and "The last archived text (version 1" in page
    assert "Президент сұхбат берді." in page and "Version 1, captured 2026-03-01" in page
    assert "capture after: HTTP 404" in page


def test_the_changes_table_is_described(site):
    status, page = get(site, "/archive/changes.json", _shape="objects")
    assert status == 200 and len(__import__("json").loads(page)["rows"]) == 13


def test_a_change_inside_one_version_shows_its_words(archive, tmp_path):
    """A date line corrected in place (no new version of the text) still shows what changed."""
    from _changes_archive import add_date_fix

    from archiver.serve.changes_page import diff_view
    from archiver.storage import open_readonly

    copy = tmp_path / "archive.db"
    change_id = add_date_fix(archive, copy)
    view = diff_view(open_readonly(copy), "archive", {"change": str(change_id)})
    assert len(view["sides"]) == 1 and view["flags"] == "date line changed"
    assert view["words"] == '<del class="diff-del">1</del> <ins class="diff-ins">2</ins>'
