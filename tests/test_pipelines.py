"""archiver.fetch.pipelines: the item log formatter (the pipeline and capture are exercised by the crawls)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from archiver.fetch.pipelines import ItemLogFormatter


@pytest.mark.parametrize(("level", "logged"), [("DEBUG", True), ("INFO", False), ("WARNING", False),
                                               (10, True), (30, False)])
def test_a_scraped_item_is_logged_only_at_debug_level(level, logged):
    crawler = get_crawler(Spider, {"LOG_LEVEL": level})
    formatter = ItemLogFormatter.from_crawler(crawler)
    request = Request("http://127.0.0.1/ru/x")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    record = formatter.scraped({"url": "http://127.0.0.1/ru/x"}, response, Spider("s"))
    assert (record is not None) == logged
    assert formatter.crawled(response.request, response, Spider("s")) is not None  # others unchanged
