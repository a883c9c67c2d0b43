"""Run one real Scrapy crawl in its own process (CrawlerProcess can start only once per process).

    python tests/_crawl.py CONFIG.json OUT.json

CONFIG: {"start_urls": [...], "allowed_domains": [...], "settings": {...}}. The spider yields one item per
page ({"url", "status"}) and follows every link. OUT receives {"items": [...], "stats": {...}}.
`run_crawl()` is the pytest-side wrapper.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()

# The entries archiver/fetch/settings.py must carry (see the archiver.fetch.middlewares docstring).
ARCHIVE_DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "archiver.fetch.middlewares.RetryAfterMiddleware": 550,
    "archiver.fetch.middlewares.OffsiteRedirectGuard": 60,
}

BASE_SETTINGS: dict[str, Any] = {
    "DOWNLOADER_MIDDLEWARES": ARCHIVE_DOWNLOADER_MIDDLEWARES,
    "ROBOTSTXT_OBEY": False,
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "DOWNLOAD_TIMEOUT": 10,
}


def run_crawl(
    tmp_path: Path,
    start_urls: list[str],
    settings: dict[str, Any] | None = None,
    allowed_domains: list[str] | None = None,
    timeout: float = 30,
) -> dict[str, Any]:
    """Crawl in a subprocess; return {"items", "stats", "log"}. Raises if the process fails."""
    config = {
        "start_urls": start_urls,
        "allowed_domains": allowed_domains or [],
        "settings": {**BASE_SETTINGS, **(settings or {})},
    }
    config_path, out_path = tmp_path / "crawl.json", tmp_path / "out.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(HERE), str(config_path), str(out_path)],
        cwd=tmp_path,  # away from scrapy.cfg: only the settings above apply
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise AssertionError(f"crawl failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(out_path.read_text(encoding="utf-8"))
    result["log"] = proc.stderr
    return result


def main(config_path: str, out_path: str) -> None:
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    items: list[dict[str, Any]] = []

    class ScriptSpider(scrapy.Spider):
        name = "script"
        start_urls = config["start_urls"]
        allowed_domains = config["allowed_domains"]

        def parse(self, response: scrapy.http.Response) -> Any:
            yield {"url": response.url, "status": response.status}
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href)

    process = CrawlerProcess(config["settings"])
    crawler = process.create_crawler(ScriptSpider)

    def collect(item: Any) -> None:  # a named function: signal receivers are held by weak reference
        items.append(dict(item))

    crawler.signals.connect(collect, signal=signals.item_scraped)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    Path(out_path).write_text(json.dumps({"items": items, "stats": stats}, default=str), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
