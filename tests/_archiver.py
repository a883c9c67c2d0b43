"""Test helpers: `archiver` run as a real process, and read-only looks into an archive file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def archiver_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "archiver.cli", *args]


def run_archiver(*args: str, timeout: float = 300, check: bool = False
                 ) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process (Scrapy's reactor cannot be restarted in one process)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(archiver_cmd(*args), capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"archiver {' '.join(args)} exited {proc.returncode}:\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def crawl(server, db: Path, *extra: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    return run_archiver("crawl", "--site", server.url, "--db", str(db), *extra, check=check, timeout=timeout)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def articles(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return {r["url"]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    finally:
        conn.close()


def expected_as_archived(site, archived: dict) -> dict[str, dict]:
    """The replica's ground truth; of an article served under two URLs, the one archived first."""
    expected = {e["url"]: e for e in site.expected()}
    for original, second in site.duplicates_expected():
        if second["url"] in archived:
            del expected[original["url"]]
            expected[second["url"]] = second
    return expected


def snapshot(db: Path) -> tuple[dict, dict]:
    """(canonical URL -> content hash) of articles, and of duplicates: what "equal archives" means."""
    return (dict(rows(db, "SELECT url, content_hash FROM articles")),
            dict(rows(db, "SELECT url, content_hash FROM duplicates")))


def start_crawl(server, db: Path, *extra: str) -> subprocess.Popen:
    """`archiver crawl` in the background (to be stopped by the test)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(archiver_cmd("crawl", "--site", server.url, "--db", str(db), *extra),
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
