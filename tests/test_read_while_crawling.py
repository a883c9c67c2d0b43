"""Readers keep working while a real crawl writes (WAL): Datasette, `archiver query` and `archiver
export` asked over and over during one crawl, each through its real process (search: test_resilience)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from _archiver import rows, run_archiver, running_crawl
from _datasette import running

from archiver import storage
from archiver.replica import ReplicaSite, serve

COUNT = "select count(*) as n from articles"


def ask_datasette(server) -> int:
    return server.json("/archive.json", sql=COUNT, _shape="array")[0]["n"]


def ask_query(db: Path) -> int:
    done = run_archiver("query", COUNT, "--db", str(db), "--format", "json")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return json.loads(done.stdout)[0]["n"]


def ask_export(db: Path, out: Path) -> int:
    done = run_archiver("export", "--format", "jsonl", "--out", str(out), "--db", str(db), "--force")
    assert done.returncode == 0, done.stderr
    checked = run_archiver("verify", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert manifest["rows"] == len(lines), manifest
    return len(lines)


def test_datasette_query_and_export_answer_while_a_crawl_writes(tmp_path):
    site = ReplicaSite(seed=12, articles=40)
    db = tmp_path / "archive.db"  # Datasette names the database after the file
    storage.open_archive(db).conn.close()  # the readers start before the crawl's first write
    answers: dict[str, list[int]] = {"datasette": [], "query": [], "export": []}
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_asking(name, ask, *args) -> None:
        while not stop.is_set():
            try:
                answers[name].append(ask(*args))
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
                return

    with serve(site) as server, running(db) as datasette:
        proc, _, _ = running_crawl(server, db, "--set", "DOWNLOAD_DELAY=0.05")
        readers = [threading.Thread(target=keep_asking, args=args) for args in (
            ("datasette", ask_datasette, datasette), ("query", ask_query, db),
            ("export", ask_export, db, tmp_path / "snapshot.jsonl"))]
        for reader in readers:
            reader.start()
        try:
            _, stderr = proc.communicate(timeout=300)
        finally:
            stop.set()
            for reader in readers:
                reader.join()
    assert proc.returncode == 0, stderr[-2000:]
    assert errors == []
    final = rows(db, COUNT)[0][0]
    assert final == len(list(site.expected()))
    for name, seen in answers.items():
        assert seen == sorted(seen) and seen[-1] <= final, (name, seen)  # never a row undone
        assert any(0 < n < final for n in seen), f"{name} never read during the writes: {seen}"
