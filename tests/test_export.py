"""Snapshots on a real SQLite archive: determinism, manifest and verify, filters, CSV formula
guard, inert markup in bundles, file names that stay inside --out, overwrite rule, Parquet types."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from datetime import date
from pathlib import Path

import lxml.html
import pyarrow.parquet as pq
import pytest

from archiver import __version__, storage
from archiver.errors import SnapshotError, UsageError
from archiver.export import export, verify
from archiver.export.bundle import SAFE_NAME, page_name
from archiver.export.markup import md_text
from archiver.page.items import Article
from archiver.fetch.warc import CaptureRef

SITE = "https://www.akorda.kz"
SCRIPT = "<script>alert(1)</script>"
FORMULA_TITLE = '=HYPERLINK("http://evil.example/","Click")'
CAPTURED = "2024-05-01T09:59:58Z"
FILE_FORMATS = {"csv": "snap.csv", "jsonl": "snap.jsonl", "parquet": "snap.parquet"}
ALL_FORMATS = {**FILE_FORMATS, "html": "bundle", "md": "bundle"}


def article(path: str, lang: str, site_id: str, title: str, published: str | None,
            category: str | None, body: str, date_raw: str | None = None) -> Article:
    return Article(url=f"{SITE}/{path}", lang=lang, site_id=site_id, title=title,
                   date_raw=date_raw or published, published=published,
                   date_source="page" if published else None, category=category, body=body,
                   section="events")


ARTICLES = [
    article("kz/memleket-basshysy-shymkent-kalasyna-zhumys-saparymen-bardy-2895717", "kk",
            "2895717", "Мемлекет басшысы Шымкент қаласына жұмыс сапарымен барды", "2018-09-29",
            "Жұмыс сапарлары",
            "Қазақстан Президенті Шымкент қаласында өңірдің әлеуметтік-экономикалық дамуымен"
            " танысты.\n\nМемлекет басшысы «Шымкент» индустриялық аймағындағы кәсіпорындарды"
            " аралады.", "2018 жылғы 29 қыркүйек"),
    article("kz/prezident-shymkent-turgyndarymen-kezdesti-2895800", "kk", "2895800",
            "Президент Шымкент тұрғындарымен кездесті", "2018-12-05", "Кездесулер",
            "Шымкент тұрғындарымен кездесуде Президент жаңа мектептер туралы айтты.",
            "2018 жылғы 5 желтоқсан"),
    article("kz/astana-2019-2900001", "kk", "2900001", "Мемлекет басшысы Астанада кеңес өткізді",
            "2019-03-12", "Жұмыс сапарлары",
            "Кеңесте Шымкент облысының жол құрылысы талқыланды.\nЕкінші жол.",
            "2019 жылғы 12 наурыз"),
    article("ru/glava-gosudarstva-posetil-shymkent-2895718", "ru", "2895718",
            "Глава государства посетил Шымкент", "2018-09-29", "Рабочие поездки",
            "Президент ознакомился с развитием Шымкент.\n\n«Новые заводы» — открыты.",
            "29 сентября 2018 года"),
    article("en/the-head-of-state-held-a-meeting-2895719", "en", "2895719", FORMULA_TITLE,
            "2018-10-01", "Meetings",
            "+7 717 274 05 80 is the press office.\n\n@akorda_press reported the meeting.",
            "1 october 2018 year"),
    article("en/president-tokayev-speech-2895720", "en", "2895720",
            "President Tokayev addressed the nation", "2020-01-15", "Speeches",
            f"Dear compatriots,\n\n{SCRIPT}\n\n<img src=x onerror=alert(2)> & [link](javascript:x)"
            "\n\n# not a heading\n1. not a list", "15 january 2020 year"),
    article("kz/events/astana_kazakhstan/working_trips/escape", "kk", "../../etc",
            "Жолдау: ../../etc", "2018-11-20", "Жұмыс сапарлары",
            "Денесі: абзац, Шымкент жаңалықтары.", "2018 жылғы 20 қараша"),
    article("kz/events/absolute", "kk", "/etc/passwd", "Абсолют жол", None, None,
            "Күні жоқ мақала.\n\nТағы бір абзац."),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    db = storage.open_archive(path)
    first = storage.start_run(db, {"lang": "kk,ru,en"})
    for item in ARTICLES:
        assert storage.write_article(db, item, first, seen_at="2024-05-01T10:00:00.000000Z") == "new"
    # The Kazakh seed article's page was also written to WARC: its citation gives that time.
    storage.record_capture(db, ARTICLES[0].url, ARTICLES[0].url, CaptureRef(
        "akorda-00001.warc.gz", 0, 5120, "sha1:ABC", "response", CAPTURED, ARTICLES[0].url),
        200, CAPTURED, first)
    second = storage.start_run(db, {"lang": "ru"})
    changed = Article(**{**ARTICLES[3].to_dict(), "body": ARTICLES[3].body + "\n\nҚосымша."})
    assert storage.write_article(db, changed, second, seen_at="2024-06-01T08:30:00.000000Z") \
        == "changed"
    db.conn.close()
    return str(path)


def urls_of(manifest_dir: Path, name: str) -> list[str]:
    return [json.loads(line)["url"] for line in (manifest_dir / name).read_text().splitlines()]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_two_exports_are_byte_identical(archive, tmp_path, fmt):
    first = export(archive, fmt, str(tmp_path / "a" / ALL_FORMATS[fmt]))
    second = export(archive, fmt, str(tmp_path / "b" / ALL_FORMATS[fmt]))
    one, two = tmp_path / "a" / ALL_FORMATS[fmt], tmp_path / "b" / ALL_FORMATS[fmt]
    if one.is_dir():
        files_one, files_two = tree(one), tree(two)
        files_one.pop("manifest.json"), files_two.pop("manifest.json")
        assert files_one == files_two
        assert len(files_one) == len(ARTICLES) + 1  # index + one page each
    else:
        assert one.read_bytes() == two.read_bytes()
    assert first["files"] == second["files"]
    assert first["rows"] == second["rows"] == len(ARTICLES)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_manifest_describes_the_snapshot_and_verify_passes(archive, tmp_path, fmt):
    out = tmp_path / ALL_FORMATS[fmt]
    manifest = export(archive, fmt, str(out), lang="kk,ru")
    manifest_file = out / "manifest.json" if out.is_dir() else Path(f"{out}.manifest.json")
    assert json.loads(manifest_file.read_text()) == manifest
    assert manifest["rows"] == sum(a.lang in ("kk", "ru") for a in ARTICLES)
    assert manifest["schema_version"] == storage.SCHEMA_VERSION
    assert manifest["tool"]["version"] == __version__
    assert manifest["archive"] == str(Path(archive).resolve())
    assert manifest["filters"]["lang"] == "kk,ru"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z", manifest["created"])
    runs = {r["id"]: r for r in manifest["runs"]}
    assert set(runs) == {1, 2}
    assert runs[1]["first_stored"] == manifest["rows"] and runs[2]["last_changed"] == 1
    base = out if out.is_dir() else out.parent
    for name, entry in manifest["files"].items():
        data = (base / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    assert verify(str(out)) == []
    assert verify(str(manifest_file)) == []
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # temporary files renamed or removed


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_verify_names_a_changed_byte_and_a_missing_file(archive, tmp_path, fmt):
    out = tmp_path / FILE_FORMATS[fmt]
    export(archive, fmt, str(out))
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    problems = verify(str(out))
    assert len(problems) == 1 and problems[0].startswith(f"{out}: content differs")
    out.unlink()
    assert verify(str(out)) == [f"{out}: missing"]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_verify_names_changed_missing_and_extra_files_in_a_bundle(archive, tmp_path, fmt):
    out = tmp_path / "bundle"
    manifest = export(archive, fmt, str(out))
    pages = sorted(n for n in manifest["files"] if n.startswith("articles/"))
    changed, removed = out / pages[0], out / pages[1]
    changed.write_bytes(changed.read_bytes().replace(b"#", b"$", 1).replace(b"<", b">", 1))
    removed.unlink()
    (out / "articles" / "added.html").write_text("x")
    problems = verify(str(out))
    assert len(problems) == 3
    assert any(p.startswith(f"{changed}: content differs") for p in problems)
    assert f"{removed}: missing" in problems
    assert f"{out / 'articles' / 'added.html'}: not listed in the manifest" in problems


def test_verify_without_a_manifest_is_an_error(tmp_path):
    (tmp_path / "lonely.csv").write_text("url\n")
    with pytest.raises(SnapshotError, match="no manifest"):
        verify(str(tmp_path / "lonely.csv"))


def expected(lang=None, since=None, until=None, category=None, word=None) -> list[str]:
    """The filter's meaning, computed from ARTICLES in Python, in the snapshot's order."""
    picked = [a for a in ARTICLES
              if (lang is None or a.lang in lang.split(","))
              and (since is None or (a.published or "") >= since)
              and (until is None or (a.published is not None and a.published <= until))
              and (category is None or a.category == category)
              and (word is None or word in f"{a.title} {a.body}")]
    return [a.url for a in sorted(picked, key=lambda a: (a.published is None,
                                                         a.published or "", a.url))]


@pytest.mark.parametrize("filters, meaning", [
    ({}, {}),
    ({"lang": "kk"}, {"lang": "kk"}),
    ({"lang": "kz,en"}, {"lang": "kk,en"}),
    ({"since": "2018-10"}, {"since": "2018-10-01"}),
    ({"until": "2018"}, {"until": "2018-12-31"}),
    ({"since": "2018-09-29", "until": "2018-10-01"}, {"since": "2018-09-29", "until": "2018-10-01"}),
    ({"category": "Жұмыс сапарлары"}, {"category": "Жұмыс сапарлары"}),
    ({"search": "Шымкент"}, {"word": "Шымкент"}),
    ({"lang": "kk", "since": "2018", "until": "2018", "category": "Жұмыс сапарлары",
      "search": "Шымкент"},
     {"lang": "kk", "since": "2018-01-01", "until": "2018-12-31", "category": "Жұмыс сапарлары",
      "word": "Шымкент"}),
])
def test_filters_select_exactly_the_right_rows(archive, tmp_path, filters, meaning):
    manifest = export(archive, "jsonl", str(tmp_path / "s.jsonl"), **filters)
    want = expected(**meaning)
    assert urls_of(tmp_path, "s.jsonl") == want
    assert manifest["rows"] == len(want)


def test_a_search_in_one_snapshot_and_its_journalist_case(archive, tmp_path):
    # "every Kazakh-language article on Shymkent from 2018": three rows, none from 2019 or ru.
    export(archive, "jsonl", str(tmp_path / "s.jsonl"), lang="kk", since="2018", until="2018",
           search="Шымкент")
    assert urls_of(tmp_path, "s.jsonl") == [ARTICLES[0].url, ARTICLES[6].url, ARTICLES[1].url]


def test_csv_neutralises_formulas_and_quotes_multiline_bodies(archive, tmp_path):
    export(archive, "csv", str(tmp_path / "s.csv"), bom=True)
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(ARTICLES)
    by_url = {r["url"]: r for r in rows}
    formula = by_url[ARTICLES[4].url]
    assert formula["title"] == "'" + FORMULA_TITLE
    assert formula["body"].startswith("'+7 717") and "\n\n'@" not in formula["body"]
    assert formula["body"][1:] == ARTICLES[4].body  # the documented rule undoes the guard
    assert by_url[ARTICLES[0].url]["body"] == ARTICLES[0].body  # newlines kept, quoted
    assert by_url[ARTICLES[7].url]["published"] == ""
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    manifest = json.loads((tmp_path / "s.csv.manifest.json").read_text())
    assert "'" in manifest["csv_escape"] and manifest["encoding"] == "utf-8 with BOM"


def test_fields_restrict_and_order_columns(archive, tmp_path):
    export(archive, "csv", str(tmp_path / "s.csv"), fields=["published,title", "url"])
    header = (tmp_path / "s.csv").read_text().splitlines()[0]
    assert header == "published,title,url"
    with pytest.raises(UsageError, match="unknown field 'author'"):
        export(archive, "csv", str(tmp_path / "t.csv"), fields=["title", "author"])
    with pytest.raises(UsageError):
        export(archive, "html", str(tmp_path / "b"), fields=["title"])
    assert not (tmp_path / "t.csv").exists() and not (tmp_path / "b").exists()


def test_script_in_crawled_text_is_inert_in_the_html_bundle(archive, tmp_path):
    out = tmp_path / "bundle"
    export(archive, "html", str(out))
    pages = sorted((out / "articles").glob("*.html")) + [out / "index.html"]
    assert len(pages) == len(ARTICLES) + 1
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        assert doc.xpath("//script") == [] and doc.xpath("//img") == []
        assert not any(k.startswith("on") for el in doc.iter() if isinstance(el.tag, str)
                       for k in el.attrib)
        csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
        assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
        assert all(h.startswith(("https://", "../", "articles/", "#")) for h in doc.xpath("//a/@href"))
    speech = lxml.html.fromstring((out / "articles" / "en-2895720.html").read_bytes())
    paragraphs = [p.text_content() for p in speech.xpath("//article/p")]
    assert SCRIPT in paragraphs and "<img src=x onerror=alert(2)> & [link](javascript:x)" in paragraphs
    citation = speech.xpath('//p[@class="citation"]')[0].text_content()
    assert "President Tokayev addressed the nation" in citation and "2020-01-15" in citation
    assert ARTICLES[5].url in citation and "Captured 2024-05-01 10:00:00 UTC." in citation
    kazakh = lxml.html.fromstring((out / "articles" / "kk-2895717.html").read_bytes())
    assert kazakh.xpath("//h1")[0].text_content() == ARTICLES[0].title
    assert kazakh.xpath("//time/@datetime") == ["2018-09-29"]
    assert "Captured 2024-05-01 09:59:58 UTC." in kazakh.xpath('//p[@class="citation"]')[0].text_content()
    assert "Жұмыс сапарлары" in kazakh.xpath('//p[@class="meta"]')[0].text_content()


def test_markdown_bundle_escapes_markup(archive, tmp_path):
    out = tmp_path / "bundle"
    export(archive, "md", str(out))
    page = (out / "articles" / "en-2895720.md").read_text()
    assert re.search(r"(?<!\\)<(script|img)", page) is None
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in page
    assert "\n\\# not a heading\\\n1\\. not a list\n" in page
    assert "Captured 2024-05-01 10:00:00 UTC." in page and f"<{ARTICLES[5].url}>" in page
    assert md_text("-1 *x* _y_ `z` [a](b) | &amp;") == "\\-1 \\*x\\* \\_y\\_ \\`z\\` \\[a\\]\\(b\\) \\| \\&amp;"
    index = (out / "index.md").read_text()
    assert "[\\=HYPERLINK\\(\"http://evil.example/\",\"Click\"\\)](articles/en-2895719.md)" in index


def test_bundle_index_groups_by_language_and_year_newest_first(archive, tmp_path):
    out = tmp_path / "bundle"
    export(archive, "html", str(out))
    doc = lxml.html.fromstring((out / "index.html").read_bytes())
    meta = doc.xpath('//p[@class="meta"]')[0].text_content()
    assert meta.startswith("All articles of the archive, unfiltered: 8 articles") and "=" not in meta
    sections = doc.xpath("//section")
    assert [s.get("id") for s in sections] == ["kk", "ru", "en"]
    kazakh = sections[0]
    years = [d.xpath("./summary")[0].text.strip() for d in kazakh.xpath("./details")]
    assert years == ["2019", "2018", "undated"]
    assert [d.get("open") is not None for d in kazakh.xpath("./details")] == [True, False, False]
    dates = [li.text.split(" · ")[0] for li in kazakh.xpath("./details[2]/ul/li")]
    assert dates == ["2018-12-05", "2018-11-20", "2018-09-29"]  # newest first
    toc = [a.get("href") for a in doc.xpath("//nav[@class='toc']//a")]
    assert toc[:4] == ["#kk", "#kk-2019", "#kk-2018", "#kk-undated"]
    assert all(doc.xpath(f"//*[@id='{href[1:]}']") for href in toc)  # every link has a target
    md = tmp_path / "md"
    export(archive, "md", str(md))
    headings = [line for line in (md / "index.md").read_text().splitlines()
                if line.startswith("#")]
    assert headings[1:5] == ["## Қазақша \\(Kazakh\\): 5 articles", "### 2019 (1 article)",
                             "### 2018 (3 articles)", "### undated (1 article)"]


@pytest.mark.parametrize("filters, words", [
    ({"lang": "kk", "since": "2018", "until": "2019"},
     "Articles in Kazakh, published from 2018 through 2019"),
    ({"lang": "kk,ru", "category": "Жұмыс сапарлары", "all_langs": False},
     "Articles in Kazakh and Russian, in the category “Жұмыс сапарлары”"),
    ({"search": "шілде", "all_langs": True, "until": "2020"},
     "Articles published through 2020, matching the search “шілде”, only those whose "
     "translations into Kazakh, Russian and English are all verified"),
    ({"lang": None, "all_langs": False}, "All articles of the archive, unfiltered"),
])
def test_bundle_index_says_its_filters_in_words(filters, words):
    from archiver.export.index_page import filters_phrase

    assert filters_phrase(filters) == words


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_slugs_cannot_write_outside_out(archive, tmp_path, fmt):
    out = tmp_path / "deep" / "bundle"
    manifest = export(archive, fmt, str(out))
    root = os.path.realpath(out)
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) == len(ARTICLES) + 2  # pages, index, manifest
    for path in written:
        assert os.path.commonpath([root, os.path.realpath(path)]) == root
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and out not in p.parents) == []
    suffix = ".html" if fmt == "html" else ".md"
    assert f"articles/kk-etc{suffix}" in manifest["files"]
    assert f"articles/kk-etc-passwd{suffix}" in manifest["files"]


def test_page_names_are_safe_and_unique_for_hostile_ids():
    used: set[str] = set()
    hostile = ["../../etc", "/etc/passwd", "..", ".", "", "C:\\Windows\\system32", "con",
               "кириллица", "a/../../b", "x" * 500, "../../etc", "kk-etc", "%2e%2e%2f"]
    names = [page_name({"lang": "kk", "site_id": s, "url": f"{SITE}/kz/{i}"}, used)
             for i, s in enumerate(hostile)]
    assert len(set(names)) == len(names)
    for name in names:
        assert SAFE_NAME.fullmatch(name + ".html") and len(name) <= 3 + 80 + 4
    assert names[0] == "kk-etc" and names[10] == "kk-etc-2"
    assert page_name({"lang": "../x", "site_id": "1", "url": "u"}, set()) == "x-1"


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_overwrite_is_refused_without_force(archive, tmp_path, fmt):
    out = tmp_path / ALL_FORMATS[fmt]
    export(archive, fmt, str(out), lang="en")
    before = verify(str(out))
    with pytest.raises(SnapshotError, match="exists; use --force"):
        export(archive, fmt, str(out), lang="kk")
    assert before == verify(str(out)) == []
    manifest = export(archive, fmt, str(out), lang="kk", force=True)
    assert manifest["filters"]["lang"] == "kk" and verify(str(out)) == []
    assert manifest["rows"] == sum(a.lang == "kk" for a in ARTICLES)


def test_force_never_replaces_a_directory_that_is_not_a_bundle(archive, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SnapshotError, match="without a snapshot manifest"):
        export(archive, "html", str(tmp_path), force=True)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    (tmp_path / "orphan.csv.manifest.json").write_text("{}")
    with pytest.raises(SnapshotError, match="exists; use --force"):
        export(archive, "csv", str(tmp_path / "orphan.csv"))


def test_parquet_columns_are_typed(archive, tmp_path):
    export(archive, "parquet", str(tmp_path / "s.parquet"))
    table = pq.read_table(tmp_path / "s.parquet")
    types = {f.name: str(f.type) for f in table.schema}
    assert types["published"] == "date32[day]"
    assert types["version"] == types["first_run"] == types["changed_run"] == "int64"
    assert types["first_seen"] == "timestamp[us, tz=UTC]" and types["title"] == "string"
    rows = table.to_pylist()
    assert [r["url"] for r in rows] == expected()
    assert rows[0]["published"] == date(2018, 9, 29)
    assert rows[-1]["published"] is None
    russian = next(r for r in rows if r["url"] == ARTICLES[3].url)
    assert russian["version"] == 2 and russian["changed_run"] == 2 and russian["first_run"] == 1
    export(archive, "parquet", str(tmp_path / "few.parquet"), fields=["url", "published"],
           lang="ru")
    few = pq.read_table(tmp_path / "few.parquet")
    assert few.column_names == ["url", "published"] and few.num_rows == 1


def test_empty_selection_gives_valid_empty_snapshots(archive, tmp_path):
    for fmt, name in ALL_FORMATS.items():
        out = tmp_path / fmt / name
        assert export(archive, fmt, str(out), since="2100")["rows"] == 0  # no article yet
        assert verify(str(out)) == []
    assert pq.read_table(tmp_path / "parquet" / "snap.parquet").num_rows == 0
    assert (tmp_path / "csv" / "snap.csv").read_text().count("\n") == 1  # the header


def test_bad_arguments_write_nothing(archive, tmp_path):
    for kwargs in ({"format": "xlsx"}, {"format": "csv", "since": "2018-13"},
                   {"format": "jsonl", "bom": True}, {"format": "csv", "lang": "de"},
                   {"format": "csv", "category": "no such category"}, {"format": "csv", "since": "2020", "until": "2019"}):
        with pytest.raises(UsageError):
            export(archive, out=str(tmp_path / "s"), **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_no_progress_output_when_not_a_terminal(archive, tmp_path, capsys):
    export(archive, "csv", str(tmp_path / "s.csv"))
    export(archive, "csv", str(tmp_path / "t.csv"), progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_never_when_disabled(archive, tmp_path, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    export(archive, "csv", str(tmp_path / "s.csv"), progress=False)
    assert terminal.getvalue() == ""
    export(archive, "csv", str(tmp_path / "t.csv"))
    assert "Exporting" in terminal.getvalue() and "100%" in terminal.getvalue()
    assert (tmp_path / "s.csv").read_bytes() == (tmp_path / "t.csv").read_bytes()


def test_a_failed_export_leaves_nothing_behind(tmp_path):
    path = tmp_path / "bad.db"
    db = storage.open_archive(path)
    storage.write_article(db, article("kz/bad-1", "kk", "1", "Күні қате", "2018-13-45", None, "Мәтін."))
    db.conn.close()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SnapshotError, match="published"):
        export(str(path), "parquet", str(out / "s.parquet"))
    assert list(out.iterdir()) == []
    assert export(str(path), "csv", str(out / "s.csv"))["rows"] == 1  # text formats keep it as is


def test_verify_refuses_manifest_paths_outside_the_snapshot(archive, tmp_path):
    out = tmp_path / "s.csv"
    export(archive, "csv", str(out))
    manifest_file = tmp_path / "s.csv.manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["files"]["../outside.txt"] = {"sha256": "0" * 64, "bytes": 1}
    manifest_file.write_text(json.dumps(manifest))
    assert verify(str(out)) == ["../outside.txt: the manifest names a file outside the snapshot"]
