"""archiver.storage.changes: recording changes, listing them, reading each side's version."""

from __future__ import annotations

import pytest

from archiver.errors import UsageError
from archiver.storage import open_archive, open_readonly
from archiver.storage.changes import get_change, list_changes, record_change, same_change_elsewhere, version_text
from _changes_archive import DAY1, DAY2, DAY3, HOST, WORK, build


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("changes") / "archive.db")


@pytest.fixture
def conn(archive):
    return open_readonly(archive)


def test_migration_makes_the_table_and_runs_twice(tmp_path):
    db = open_archive(tmp_path / "a.db")
    assert db["changes"].exists()
    assert {"changes_seen", "changes_url"} <= {i.name for i in db["changes"].indexes}
    db.conn.close()
    assert open_archive(tmp_path / "a.db")["changes"].count == 0


def test_record_and_read_back(tmp_path):
    db = open_archive(tmp_path / "a.db")
    change_id = record_change(db, url=f"{HOST}/ru/x-1", lang="ru", kind="edited", seen_at=DAY2,
                              significance="minor", title_changed=True, words_removed=["старое"],
                              words_added=["новое", "слово"], old_version=1, new_version=2)
    change = get_change(db, change_id)
    assert change["words_removed"] == ["старое"] and change["words_added"] == ["новое", "слово"]
    assert change["title_changed"] is True and change["date_changed"] is False
    assert change["page_kind"] == "article" and change["title"] is None  # no article row
    with pytest.raises(UsageError, match="change kind"):
        record_change(db, url="u", lang="ru", kind="deleted", seen_at=DAY2)
    with pytest.raises(UsageError, match="significance"):
        record_change(db, url="u", lang="ru", kind="edited", seen_at=DAY2, significance="huge")


def test_list_is_newest_first_with_titles(conn):
    changes = list_changes(conn)
    assert len(changes) == 13
    assert [c["seen_at"] for c in changes] == sorted((c["seen_at"] for c in changes), reverse=True)
    assert changes[0]["kind"] == "restored"
    forum = [c for c in changes if c["url"] == f"{HOST}/ru/forum-{WORK}" and c["kind"] == "edited"][0]
    assert forum["title"] == "Глава государства принял участие в форуме" and forum["work_id"] == WORK
    assert forum["significance"] == "substantive"
    assert forum["words_removed"] == ["120"] and forum["words_added"] == ["150"]


@pytest.mark.parametrize("filters, expected", [
    ({"kinds": "edited"}, 5),
    ({"kinds": ["removed", "restored"]}, 2),
    ({"kinds": "edited", "significance": "substantive"}, 3),
    ({"significance": "typographic"}, 1),
    ({"significance": "minor,typographic"}, 2),
    ({"lang": "ru"}, 4),
    ({"lang": "kz"}, 5),  # the site's code for Kazakh
    ({"since": "2026-03-05"}, 7),
    ({"since": DAY3}, 1),
    ({"since": "2026-04"}, 0),
    ({"page_kind": "document"}, 0),
    ({"limit": 2}, 2),
])
def test_filters(conn, filters, expected):
    assert len(list_changes(conn, **filters)) == expected


@pytest.mark.parametrize("filters, message", [
    ({"kinds": "changed"}, "unknown change kind 'changed'"),
    ({"significance": "big"}, "unknown significance"),
    ({"lang": "de"}, "unknown language"),
    ({"since": "yesterday"}, "since"),
    ({"limit": -1}, "limit"),
])
def test_bad_filters_are_usage_errors(conn, filters, message):
    with pytest.raises(UsageError, match=message):
        list_changes(conn, **filters)


def test_version_text_of_both_sides(conn):
    url = f"{HOST}/en/forum-{WORK}"
    old, new = version_text(conn, url, 1), version_text(conn, url, 2)
    assert "120 companies" in old["body"] and "150 companies" in new["body"]
    assert old["captured_at"] == DAY1 and new["captured_at"] == DAY2
    change = list_changes(conn, kinds="edited", lang="en", significance="substantive")[0]
    assert (old["capture_id"], new["capture_id"]) == (change["old_capture"], change["new_capture"])
    assert version_text(conn, url, 3) is None and version_text(conn, f"{HOST}/en/nothing-1", 1) is None


def test_same_change_in_the_verified_translations(conn):
    change = list_changes(conn, kinds="edited", lang="kk")[0]
    others = same_change_elsewhere(conn, change)
    assert [(o["lang"], o["url"]) for o in others] == [("en", f"{HOST}/en/forum-{WORK}"),
                                                       ("ru", f"{HOST}/ru/forum-{WORK}")]
    lonely = list_changes(conn, significance="typographic")[0]
    assert same_change_elsewhere(conn, lonely) == []
