"""The replica's schedule of changes (archiver.replica.changes), over real HTTP: deterministic under the
seed, validators with 304 answers, removals and a day of 503 as scheduled."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.error import HTTPError
from urllib.request import Request, build_opener, HTTPRedirectHandler

from archiver.replica import ReplicaSite, serve
from archiver.replica.changes import Schedule

START = date(2026, 12, 1)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    try:
        with build_opener(_NoRedirect).open(Request(url, headers=headers)) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_the_schedule_is_a_function_of_the_seed():
    one, two = (Schedule(ReplicaSite(seed=4, articles=60), START, days=5) for _ in range(2))
    assert one.changes == two.changes
    assert one.changes != Schedule(ReplicaSite(seed=5, articles=60), START, days=5).changes
    kinds = {c.kind for c in one.changes}
    assert kinds >= {"typographic", "minor", "substantive", "title", "dateline", "document", "404",
                     "410", "redirect", "other", "unavailable"}


def test_validators_removals_and_a_day_of_503():
    site = ReplicaSite(seed=4, articles=60)
    schedule = Schedule(site, START, days=5)
    site.changes, site.day = schedule, START
    by_kind = {c.kind: c for c in schedule.changes}
    with serve(site) as server:
        edit = by_kind["substantive"]
        status, headers, _ = _get(server.url + edit.path)
        assert status == 200 and headers["ETag"]
        assert _get(server.url + edit.path, **{"If-None-Match": headers["ETag"]})[0] == 304
        assert _get(server.url + edit.path,
                    **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        site.day = edit.day
        assert _get(server.url + edit.path, **{"If-None-Match": headers["ETag"]})[0] == 200
        site.day = START + timedelta(days=10)
        assert _get(server.url + by_kind["410"].path)[0] == 410
        status, headers, _ = _get(server.url + by_kind["redirect"].path)
        assert status == 302 and headers["Location"].endswith("/events")
        gone = by_kind["404"]
        site.day = gone.day
        assert _get(server.url + gone.path)[0] == 404
        site.day = gone.until
        assert _get(server.url + gone.path)[0] == 200  # restored
        unavailable = by_kind["unavailable"]
        site.day = unavailable.day
        assert _get(server.url + unavailable.path)[0] == 503
        site.day = unavailable.day + timedelta(days=1)
        assert _get(server.url + unavailable.path)[0] == 200
    assert [kind for _, kind, _ in schedule.truth(START)] == []
