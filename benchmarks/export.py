"""Snapshot export: time and peak memory per format over N generated articles.

    python -m benchmarks.export --articles 100000

Generates N realistic articles (Kazakh, Russian, English; 2006-2026; bodies of a few paragraphs,
about 2,500 characters) into a temporary archive through archiver.storage, then exports it whole
in every format, each export in a fresh Python process. Peak memory is that process's peak
resident set size (ru_maxrss from getrusage(RUSAGE_SELF), read by the child when its export
returns; it includes the interpreter and imports). Writes the table into BENCHMARKS.md between
<!-- export:start --> and <!-- export:end -->.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

from archiver.page.items import Article

FORMATS = {"csv": "snapshot.csv", "jsonl": "snapshot.jsonl", "parquet": "snapshot.parquet",
           "html": "bundle-html", "md": "bundle-md"}
ROOT = Path(__file__).resolve().parents[1]
SEED = 6
MEMORY_GOAL_MB = 200

# Word banks per language: (title words, body words, categories, date line)
KK_WORDS = ("Мемлекет басшысы Президент Қазақстан Республикасы Шымкент Астана Алматы қаласында"
            " өңірдің әлеуметтік-экономикалық дамуы туралы кеңес өткізді кездесті жұмыс сапарымен"
            " барды халық үкімет министрлер жобалар инвестиция жаңа мектеп аурухана жол құрылысы"
            " кәсіпорын индустриялық аймақ ауыл шаруашылығы білім денсаулық сақтау бағдарлама"
            " тапсырма берді атап өтті маңызды мәселелер").split()
RU_WORDS = ("Глава государства Президент Республики Казахстан провёл совещание встретился с"
            " жителями Шымкента Астаны Алматы посетил предприятие обсудили вопросы развития"
            " экономики инвестиций строительства дорог школ больниц программы поручил правительству"
            " отметил важность реформ сельского хозяйства образования здравоохранения").split()
EN_WORDS = ("The Head of State President of the Republic of Kazakhstan held a meeting with"
            " residents of Shymkent Astana Almaty visited enterprise discussed issues development"
            " economy investment construction roads schools hospitals programme instructed"
            " government noted importance reforms agriculture education healthcare").split()
LANGS = {
    "kk": (KK_WORDS, ["Жұмыс сапарлары", "Кездесулер", "Жеделхаттар", "Сөйлеген сөздер"]),
    "ru": (RU_WORDS, ["Рабочие поездки", "Встречи", "Телеграммы", "Выступления"]),
    "en": (EN_WORDS, ["Working trips", "Meetings", "Telegrams", "Speeches"]),
}
KK_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан"]


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def generate(n: int, seed: int = SEED) -> Iterator[Article]:
    """N articles, deterministic for a seed: ids, dates, categories and texts vary like the site's."""
    rng = random.Random(seed)
    start, days = date(2006, 1, 1), (date(2026, 6, 30) - date(2006, 1, 1)).days
    for i in range(n):
        lang = ("kk", "ru", "en")[i % 3]
        words, categories = LANGS[lang]
        day = start + timedelta(days=rng.randrange(days))
        undated = rng.random() < 0.03  # speeches show no date
        site_id = str(1_000_000 + i) if rng.random() < 0.9 else \
            f"events/akorda_news/meetings_and_receptions/{'-'.join(rng.sample(EN_WORDS, 5))}".lower()
        body = "\n\n".join(
            " ".join(_sentence(rng, words, 10, 22) + "." for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(3, 8)))
        date_raw = f"{day.year} жылғы {day.day} {KK_MONTHS[day.month - 1]}" if lang == "kk" \
            else day.isoformat()
        yield Article(
            url=f"https://www.akorda.kz/{'kz' if lang == 'kk' else lang}/article-{i}-{site_id[-7:]}",
            lang=lang, site_id=site_id, title=_sentence(rng, words, 6, 14),
            date_raw=None if undated else date_raw, published=None if undated else day.isoformat(),
            date_source=None if undated else "page", category=rng.choice(categories), body=body,
            section="events")


def build_archive(path: Path, n: int) -> float:
    """Fill an archive with N generated articles; returns seconds taken."""
    from archiver import storage

    began = time.perf_counter()
    db = storage.open_archive(path)
    run_id = storage.start_run(db, {"benchmark": "export", "articles": n})
    for item in generate(n):
        storage.write_article(db, item, run_id)
    storage.finish_run(db, run_id, "ok", {"new": n}, {})
    db.conn.close()
    return time.perf_counter() - began


def child(fmt: str, db: str, out: str) -> None:
    """Run in a fresh process: one export; print seconds, rows and peak RSS as JSON."""
    from archiver.export import export

    began = time.perf_counter()
    manifest = export(db, fmt, out, progress=False)
    seconds = time.perf_counter() - began
    # VmHWM, not ru_maxrss: a child inherits its parent's ru_maxrss reading on Linux, so a child
    # of a large process would report the parent's peak instead of its own.
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"seconds": seconds, "rows": manifest["rows"], "peak_mb": peak_kb / 1024}))


def measure(fmt: str, db: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "benchmarks.export", "--child", fmt, str(db),
                           str(out)], check=True, capture_output=True, text=True, cwd=ROOT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir() \
        else out.stat().st_size
    result["mb"] = size / 1e6
    return result


def run(n: int = 100_000) -> str:
    """Generate, export in every format, return the Markdown section."""
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        db = work / "archive.db"
        build_seconds = build_archive(db, n)
        db_mb = db.stat().st_size / 1e6
        with open(db, "rb") as handle:  # every export then starts from the same warm page cache
            while handle.read(1 << 24):
                pass
        results = {fmt: measure(fmt, db, work / name) for fmt, name in FORMATS.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        f"### Snapshot export ({n:,} generated articles)",
        "",
        f"Archive: {db_mb:,.0f} MB of SQLite (articles + full-text index), built in"
        f" {build_seconds:,.0f} s. Each export runs alone in a fresh Python process; peak memory"
        " is that process's peak resident set size (`ru_maxrss`), interpreter, imports and"
        " shared libraries included. The archive file is read once"
        f" beforehand, so every export starts from a warm page cache. Goal: under {MEMORY_GOAL_MB} MB"
        " in every format.",
        "",
        "| format | rows | time (s) | rows/s | output (MB) | peak memory (MB) | under goal |",
        "|---|---:|---:|---:|---:|---:|:---:|",
    ]
    for fmt, r in results.items():
        lines.append(f"| {fmt} | {r['rows']:,} | {r['seconds']:.1f} | {r['rows'] / r['seconds']:,.0f}"
                     f" | {r['mb']:,.0f} | {r['peak_mb']:.0f} |"
                     f" {'yes' if r['peak_mb'] < MEMORY_GOAL_MB else '**no**'} |")
    lines += ["", f"Python {platform.python_version()}, pyarrow {version('pyarrow')},"
              f" SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs."
              f" `python -m benchmarks.export --articles {n}`", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    from benchmarks._report import Run, command, write

    started = Run.now(command("benchmarks.export", argv if argv is not None else sys.argv[1:]))
    section = run(args.articles)
    write({"export": section}, started)
    print(section)


if __name__ == "__main__":
    main()
