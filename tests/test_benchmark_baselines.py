"""A baseline must have done the work it is compared for: the bare download-and-extract spider (a real
Scrapy run against the replica in its own process) that extracted fewer pages stops the crawl benchmark,
as an ingest that wrote fewer articles stops the scale benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver import storage
from archiver.replica import ReplicaSite
from benchmarks import crawl, scale
from benchmarks._process import SEED, Replica
from benchmarks.export import generate
from benchmarks.verdict import IncompleteWork

ARTICLES = 4  # per language


def test_download_and_extract_that_extracted_less_fails_the_benchmark(tmp_path: Path) -> None:
    site = ReplicaSite(seed=SEED, articles=ARTICLES)
    with Replica(ARTICLES) as replica:
        listings, articles = crawl.crawl_urls(site, replica.url)
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(listings + articles) + "\n", encoding="utf-8")
        listed = tmp_path / "articles.txt"
        listed.write_text("\n".join(articles) + "\n", encoding="utf-8")
        done = crawl.bare_crawl(replica, urls, len(articles), listed)  # every page extracted: it passes
        assert done["responses"] == len(listings) + len(articles)
        crawl.bare_crawl(replica, urls, len(articles))  # the download alone, too

        # A listing page taken for an article: extract_article raises ExtractionError on it, and the
        # spider, which once passed over the error, now counts it; the benchmark stops.
        wrong = tmp_path / "wrong.txt"
        wrong.write_text("\n".join([*articles, listings[0]]) + "\n", encoding="utf-8")
        with pytest.raises(IncompleteWork) as short:
            crawl.bare_crawl(replica, urls, len(articles), wrong)
    message = str(short.value)
    total = len(listings) + len(articles)
    assert message.startswith("download-and-extract (benchmarks.bare_spider --extract) did not do the work it is "
                              f"compared for: pages extracted {total - 1:,} of {total:,}; article pages extracted "
                              f"{len(articles):,} of {len(articles) + 1:,}")
    assert message.endswith(f"(ExtractionError on {listings[0]})")


def test_an_ingest_that_wrote_fewer_articles_than_it_is_timed_for_fails_the_benchmark(tmp_path: Path) -> None:
    db = storage.open_archive(tmp_path / "archive.db")
    for article in generate(3):
        storage.write_article(db, article)
    scale._require_rows("`write_article`, one commit each", db, 3)
    with pytest.raises(IncompleteWork, match="articles written 3 of 4"):
        scale._require_rows("`write_article`, one commit each", db, 4)
    db.conn.close()
