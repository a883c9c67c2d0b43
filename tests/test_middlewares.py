"""archiver.fetch.middlewares: real Scrapy crawls (one subprocess each) against scripted localhost servers.

Downloader slots are keyed by host name, not port, so "another host" is a server on 127.0.0.2.
"""

from __future__ import annotations

import time
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest
from _crawl import ARCHIVE_DOWNLOADER_MIDDLEWARES, run_crawl
from _http import Reply, ScriptedServer
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archiver.fetch.middlewares import (
    OffsiteRedirectGuard,
    RetryAfterMiddleware,
    backoff_seconds,
    host_is_allowed,
    retry_after_seconds,
)


def pages(*paths: str) -> str:
    return "<html><body>" + "".join(f'<a href="{p}">{p}</a>' for p in paths) + "</body></html>"


def test_retry_after_seconds_holds_every_request_to_the_host(tmp_path: Path) -> None:
    with ScriptedServer() as site:
        site.script("/a", Reply(429, {"Retry-After": "2"}), Reply())
        for path in ("/b", "/c", "/d"):
            site.script(path, Reply())
        # One request at a time per host: /b../d wait in the slot's queue when the 429 arrives.
        result = run_crawl(
            tmp_path,
            [site.url(p) for p in ("/a", "/b", "/c", "/d")],
            {"CONCURRENT_REQUESTS_PER_DOMAIN": 1},
        )
    hits = site.hits()
    refused = next(hit for hit in hits if hit.status == 429)
    after = [hit for hit in hits if hit.arrived > refused.arrived]
    assert len(after) >= 2, "the scenario needs requests queued behind the 429"
    assert all(hit.arrived - refused.answered >= 2.0 for hit in after), [
        (hit.path, round(hit.arrived - refused.answered, 3)) for hit in after
    ]
    assert [hit.status for hit in site.hits("/a")] == [429, 200]
    fetched = sorted(item["url"] for item in result["items"])
    assert fetched == sorted(site.url(p) for p in ("/a", "/b", "/c", "/d"))
    stats = result["stats"]
    assert stats["archive/retry_after"] == 1
    assert stats["retry/count"] == 1


def test_retry_after_http_date_on_503(tmp_path: Path) -> None:
    sent: list[str] = []

    def unavailable() -> Reply:
        sent.append(formatdate(time.time() + 3, usegmt=True))
        return Reply(503, {"Retry-After": sent[-1]})

    with ScriptedServer() as site:
        site.script("/a", unavailable, Reply())
        result = run_crawl(tmp_path, [site.url("/a")])
    refused, retried = site.hits("/a")
    not_before = parsedate_to_datetime(sent[0]).timestamp()
    assert refused.status == 503 and retried.status == 200
    assert retried.arrived_wall >= not_before
    assert retried.arrived - refused.answered >= 2.0  # the date has whole seconds: 2 < wait <= 3
    assert [item["url"] for item in result["items"]] == [site.url("/a")]
    assert result["stats"]["archive/retry_after"] == 1


def test_retry_after_above_the_maximum_gives_up(tmp_path: Path) -> None:
    with ScriptedServer() as site:
        site.script("/a", Reply(429, {"Retry-After": "30"}), Reply())
        site.script("/b", Reply())
        started = time.monotonic()
        result = run_crawl(tmp_path, [site.url("/a"), site.url("/b")], {"ARCHIVE_RETRY_AFTER_MAX": 5})
        elapsed = time.monotonic() - started
    assert [hit.status for hit in site.hits("/a")] == [429]
    assert [item["url"] for item in result["items"]] == [site.url("/b")]
    assert result["stats"]["archive/retry_after/too_long"] == 1
    assert "retry/count" not in result["stats"]
    assert "above ARCHIVE_RETRY_AFTER_MAX" in result["log"]
    assert elapsed < 25  # did not wait the 30 s


def test_retry_after_respects_the_retry_budget(tmp_path: Path) -> None:
    with ScriptedServer() as site:
        site.script("/a", Reply(429, {"Retry-After": "1"}))
        result = run_crawl(tmp_path, [site.url("/a")], {"RETRY_TIMES": 1})
    assert [hit.status for hit in site.hits("/a")] == [429, 429]
    assert result["items"] == []
    assert result["stats"]["retry/max_reached"] == 1
    assert result["stats"]["archive/retry_after"] == 1


def test_another_host_is_not_delayed(tmp_path: Path) -> None:
    chain = [f"/b{i}" for i in range(1, 7)]
    with ScriptedServer("127.0.0.1") as slow, ScriptedServer("127.0.0.2") as other:
        slow.script("/a", Reply(429, {"Retry-After": "3"}), Reply())
        for path, following in zip(chain, [*chain[1:], None]):
            other.script(path, Reply(body=pages(following) if following else "<p>end</p>", delay=0.2))
        result = run_crawl(tmp_path, [slow.url("/a"), other.url(chain[0])])
    refused, retried = slow.hits("/a")
    other_hits = other.hits()
    assert [hit.path for hit in other_hits] == chain
    # The other host's pages, one after another, were fetched while /a's host was held...
    assert other_hits[-1].arrived - refused.answered > 0.8
    assert all(hit.arrived < retried.arrived for hit in other_hits)
    # ...and /a's host itself waited its 3 seconds.
    assert retried.arrived - refused.answered >= 3.0
    assert len(result["items"]) == 1 + len(chain)


def test_backoff_doubles_between_503_retries(tmp_path: Path) -> None:
    with ScriptedServer() as site:
        site.script("/a", Reply(503), Reply(503), Reply(503), Reply())
        result = run_crawl(
            tmp_path, [site.url("/a")], {"RETRY_TIMES": 3, "ARCHIVE_RETRY_BACKOFF_BASE": 0.3}
        )
    hits = site.hits("/a")
    assert [hit.status for hit in hits] == [503, 503, 503, 200]
    gaps = [later.arrived - earlier.answered for earlier, later in zip(hits, hits[1:])]
    assert gaps[0] >= 0.3 and gaps[1] >= 0.6 and gaps[2] >= 1.2, gaps
    assert gaps[2] > gaps[0]
    assert result["stats"]["archive/retry_backoff"] == 3
    assert result["stats"]["retry/count"] == 3
    assert len(result["items"]) == 1


def test_timeouts_are_retried_with_backoff(tmp_path: Path) -> None:
    with ScriptedServer() as site:
        # A timeout of 1.5 s: the retry's immediate answer must not time out too on a loaded machine
        # (with 0.5 s it did, under a load of 5 on 2 cores).
        site.script("/a", Reply(delay=3), Reply())
        result = run_crawl(
            tmp_path, [site.url("/a")], {"DOWNLOAD_TIMEOUT": 1.5, "ARCHIVE_RETRY_BACKOFF_BASE": 0.5}
        )
    first, second = site.hits("/a")
    # the timeout, then the backoff. The timeout runs from the send, which the first arrival trails by
    # milliseconds, or by up to 0.3 s on a loaded machine: without the backoff the gap would be 1.5 s
    # at most, with it 2 s less that trail.
    assert second.arrived - first.arrived >= 1.5 + 0.5 - 0.35
    stats = result["stats"]
    assert stats["retry/reason_count/scrapy.exceptions.DownloadTimeoutError"] == 1
    assert stats["archive/retry_backoff"] == 1
    assert len(result["items"]) == 1


def test_offsite_redirects_are_not_followed(tmp_path: Path) -> None:
    with ScriptedServer("127.0.0.1") as site, ScriptedServer("127.0.0.2") as elsewhere:
        elsewhere.script("/x", Reply())
        # A start request (dont_filter=True) redirected away: Scrapy's OffsiteMiddleware alone follows it.
        site.script("/away", Reply(302, {"Location": elsewhere.url("/x")}))
        site.script("/moved", Reply(301, {"Location": "/here"}))
        site.script("/here", Reply())
        result = run_crawl(
            tmp_path, [site.url("/away"), site.url("/moved")], allowed_domains=["127.0.0.1"]
        )
    assert elsewhere.hits() == []
    assert [item["url"] for item in result["items"]] == [site.url("/here")]
    assert result["stats"]["archive/offsite_redirect"] == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (b"120", 120.0),
        ("0", 0.0),
        (" 7 ", 7.0),
        ("Thu, 01 Jan 2026 00:01:40 GMT", 100.0),
        ("Thursday, 01-Jan-26 00:01:40 GMT", 100.0),  # obsolete RFC 850 form
        ("Wed, 31 Dec 2025 23:00:00 GMT", 0.0),  # already passed
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: bytes | str | None, expected: float | None) -> None:
    now = parsedate_to_datetime("Thu, 01 Jan 2026 00:00:00 GMT").timestamp()
    assert retry_after_seconds(value, now) == expected


def test_backoff_seconds_doubles_up_to_the_cap() -> None:
    assert [backoff_seconds(n, 1.0, 60.0) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert backoff_seconds(3, 0.0, 60.0) == 0


def test_host_is_allowed_follows_scrapys_rule() -> None:
    assert host_is_allowed("www.akorda.kz", ["akorda.kz"])
    assert host_is_allowed("AKORDA.KZ", ["akorda.kz"])
    assert not host_is_allowed("notakorda.kz", ["akorda.kz"])
    assert not host_is_allowed("akorda.kz.evil.example", ["akorda.kz"])


@pytest.mark.parametrize(
    ("component", "settings", "message"),
    [
        (RetryAfterMiddleware, {"RETRY_ENABLED": False}, "RETRY_ENABLED"),
        (RetryAfterMiddleware, {"ARCHIVE_RETRY_AFTER_MAX": -1}, "ARCHIVE_RETRY_AFTER_MAX"),
        (RetryAfterMiddleware, {"ARCHIVE_RETRY_BACKOFF_BASE": -0.5}, "ARCHIVE_RETRY_BACKOFF_BASE"),
        (
            OffsiteRedirectGuard,
            {"ARCHIVE_BLOCK_OFFSITE_REDIRECTS": False},
            "ARCHIVE_BLOCK_OFFSITE_REDIRECTS",
        ),
    ],
)
def test_not_configured_says_why(component: type, settings: dict, message: str) -> None:
    crawler = get_crawler(
        settings_dict={"DOWNLOADER_MIDDLEWARES": ARCHIVE_DOWNLOADER_MIDDLEWARES, **settings}
    )
    with pytest.raises(NotConfigured, match=message):
        component.from_crawler(crawler)
