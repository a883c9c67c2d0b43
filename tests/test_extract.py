"""archiver.page.extract against saved replica pages (expected JSON from the replica's ground truth), the real
2018 page (expected JSON written by hand), and the traps: sidebar dates, years in the body, cut pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archiver.errors import ExtractionError
from archiver.page.extract import ListingEntry, decode, extract_article, extract_listing
from archiver.page import language
from archiver.page.tree import collapse
from archiver.replica import ReplicaSite
from archiver.replica.routes import respond

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = sorted(p.stem for p in PAGES.glob("*.json"))
SITE = "https://www.akorda.kz"


def load(name: str) -> tuple[bytes, dict]:
    return (PAGES / f"{name}.html").read_bytes(), json.loads((PAGES / f"{name}.json").read_text("utf-8"))


def test_every_page_kind_and_language_has_a_fixture() -> None:
    for lang in ("kz", "ru", "en"):
        for kind in ("news", "speech", "legal-act", "address", "older-section", "older-news", "listing",
                     "listing-empty"):
            assert f"{kind}-{lang}" in FIXTURES
    assert {"real-2018-kz", "truncated-kz", "speech-undated-kz", "news-cp1251-ru"} <= set(FIXTURES)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_page_extracts_to_expected_json(name: str) -> None:
    page, meta = load(name)
    if meta["kind"] == "listing":
        listing = extract_listing(page, meta["url"])
        assert [vars(e) for e in listing.entries] == meta["expected"]["entries"]
        assert listing.next_page == meta["expected"]["next_page"]
        return
    entry = ListingEntry(**meta["listing"]) if meta.get("listing") else None
    if "error" in meta:
        with pytest.raises(ExtractionError) as caught:
            extract_article(page, meta["url"], entry)
        assert caught.value.reason == meta["error"]
        return
    assert extract_article(page, meta["url"], entry).to_dict() == meta["expected"]
    assert extract_article(decode(page), meta["url"], entry).to_dict() == meta["expected"]  # str input too


def test_real_2018_page_exactly() -> None:
    page, meta = load("real-2018-kz")
    article = extract_article(page, meta["url"], ListingEntry(**meta["listing"]))
    assert article.title == ("Қазақстан Президенті Шымкент қаласының әлеуметтік-экономикалық даму "
                             "мәселелері жөнінде кеңес өткізді")
    assert (article.date_raw, article.published, article.date_source) == ("2018 жылғы 29 қыркүйек",
                                                                          "2018-09-29", "page")
    assert article.category == "Жұмыс сапарлары"
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 11
    assert paragraphs[0].startswith("Қала активі алдында")
    assert paragraphs[-1].endswith("кең көлемде түсіндіру жұмыстарын жүргізуді тапсырды.")
    for chrome in ("Кері қайту", "Басып шығару", "Tokaev", "National Emblem", "ресми сайты", "2026"):
        assert chrome not in article.body
    # Without a listing the page still gives its own date and category.
    alone = extract_article(page, meta["url"])
    assert (alone.published, alone.category, alone.section) == ("2018-09-29", "Жұмыс сапарлары", None)


def _sidebar_dates(page: bytes) -> set[str]:
    return set(re.findall(r'<p class="date_main_block_small">([^<]+)</p>', decode(page)))


def test_undated_speech_with_dated_sidebar_gets_none() -> None:
    page, meta = load("speech-undated-kz")
    assert _sidebar_dates(page), "the trap needs a dated sidebar"
    assert meta["listing"]["date_raw"] is None
    for entry in (None, ListingEntry(**meta["listing"])):
        article = extract_article(page, meta["url"], entry)
        assert (article.date_raw, article.published, article.date_source) == (None, None, None)


def test_speech_takes_the_listing_date_never_the_sidebar_or_body() -> None:
    page, meta = load("speech-kz")
    text = decode(page)
    assert _sidebar_dates(page) and re.search(r"\b(19|20)\d\d жыл", text)  # both traps are there
    article = extract_article(page, meta["url"], ListingEntry(**meta["listing"]))
    assert (article.date_raw, article.date_source) == (meta["listing"]["date_raw"], "listing")
    alone = extract_article(page, meta["url"])
    assert (alone.date_raw, alone.published, alone.date_source, alone.category) == (None, None, None, None)


def test_full_date_in_body_is_never_taken() -> None:
    site = ReplicaSite(articles=200)
    lang, i = next((lang, i) for lang in ("kz", "ru", "en") for i in range(199, 0, -1)
                   if site.kind_of(lang, i) == "news" and site.section_of(i).path == "events"
                   and any(k == "p" and re.search(r"(жылдың \d+ \w+ында|\d+ \w+ \d{4} года|on \d+ \w+ \d{4})",
                                                   t) for k, t in site.item(lang, i).paragraphs))
    page = respond(site, site.path_of(lang, i)).body.decode()
    undated = re.sub(r'<p class="date_main_block">[^<]*</p>', "", page)
    url = SITE + site.path_of(lang, i)
    article = extract_article(undated, url)
    assert (article.date_raw, article.published, article.date_source) == (None, None, None)
    card = ListingEntry(url, None, site.item(lang, i).card_date, "events", None)
    article = extract_article(undated, url, card)
    assert (article.published, article.date_source) == (site.item(lang, i).day.isoformat(), "listing")


def test_page_date_wins_over_listing_date() -> None:
    page, meta = load("news-ru")
    entry = ListingEntry(meta["url"], None, "1 января 2010 года", "events", "Новости")
    article = extract_article(page, meta["url"], entry)
    assert (article.published, article.date_source) == (meta["expected"]["published"], "page")
    assert article.category == meta["expected"]["category"]  # the page's label beats the listing's


def test_cut_pages_raise_truncated() -> None:
    page, meta = load("news-kz")
    # the last cut falls just before the closing tags (the site writes a comment after </html>)
    for cut in (len(page) // 3, len(page) // 2, page.rindex(b"</html>") - 20):
        with pytest.raises(ExtractionError) as caught:
            extract_article(page[:cut], meta["url"])
        assert caught.value.reason == "truncated"
    with pytest.raises(ExtractionError) as caught:
        extract_listing(load("listing-kz")[0][:5000], SITE + "/kz/events?page=2")
    assert caught.value.reason == "truncated"


def test_not_article_no_title_no_body() -> None:
    listing_page, _ = load("listing-kz")
    with pytest.raises(ExtractionError) as caught:
        extract_article(listing_page, SITE + "/kz/events?page=2")
    assert caught.value.reason == "not-article"
    page, meta = load("news-kz")
    text = decode(page)
    no_title = re.sub(r"<h2>.*?</h2>", "", re.sub(r"<title>.*?</title>", "<title></title>", text))
    with pytest.raises(ExtractionError) as caught:
        extract_article(no_title, meta["url"])
    assert caught.value.reason == "no-title"
    only_h2_missing = re.sub(r"<h2>.*?</h2>", "", text)  # the <title> (minus the site name) stands in
    assert extract_article(only_h2_missing, meta["url"]).title == meta["expected"]["title"]
    no_body = re.sub(r"<article>.*?</article>", "<article><p>&nbsp;</p><p><img src='/a.jpg'></p></article>",
                     text, flags=re.S)
    with pytest.raises(ExtractionError) as caught:
        extract_article(no_body, meta["url"])
    assert caught.value.reason == "no-body"


def test_body_leaves_out_chrome_and_empty_paragraphs() -> None:
    page, meta = load("news-en")
    assert "<p>&nbsp;</p>" in decode(page) and '<p><img src="' in decode(page)
    body = extract_article(page, meta["url"]).body
    assert all(p.strip() for p in body.split("\n\n"))
    for chrome in ("Go back", "Twitter", "Facebook", "Print", "Official website", "Akorda Presidential"):
        assert chrome not in body
    assert "&" not in body and "\u00a0" not in body


def test_listing_ignores_nav_and_sidebar_links() -> None:
    page, meta = load("listing-kz")
    text = decode(page)
    outside = set(re.findall(r'href="(/kz/[^"]+-\d{4,})"', text.split('<div class="col-lg-8')[0]))
    outside |= set(re.findall(r'href="(/kz/[^"]+-\d{4,})"', text.split('class="col-4')[1]))
    assert outside, "the trap needs article-like links in the menu and the sidebar"
    found = {e.url[len(SITE):] for e in extract_listing(page, meta["url"]).entries}
    assert found and not (outside - {e["url"][len(SITE):] for e in meta["expected"]["entries"]}) & found


def test_listing_links_found_by_pattern_not_by_card_class() -> None:
    page, meta = load("listing-ru")
    text = decode(page).replace('class="card"', 'class="news-tile"').replace('class="card-body"', 'class="x"')
    listing = extract_listing(text, meta["url"])
    assert [vars(e) for e in listing.entries] == meta["expected"]["entries"]


def test_listing_links_on_a_host_alias_stay_on_the_crawled_host() -> None:
    page, meta = load("listing-en")
    first = meta["expected"]["entries"][0]["url"][len(SITE):]
    text = decode(page).replace(f'href="{first}"', f'href="https://akorda.kz{first}"')
    entries = extract_listing(text, "http://127.0.0.1:8000/en/events?page=2").entries
    assert entries[0].url == "http://127.0.0.1:8000" + first
    offsite = decode(page).replace(f'href="{first}"', f'href="https://example.org{first}"')
    assert all("example.org" not in e.url for e in extract_listing(offsite, meta["url"]).entries)


def test_windows_1251_bytes_keep_kazakh_letters() -> None:
    page, meta = load("news-cp1251-ru")
    assert b"charset=\"windows-1251\"" in page and b"&#1200;" in page  # "Ұ" as a reference
    article = extract_article(page, meta["url"])
    assert "Ұлытау" in article.title and "қасиетті жер" in article.body


def test_the_charset_of_the_http_header_reads_bytes_without_a_meta_charset() -> None:
    page, meta = load("news-cp1251-ru")
    bare = page.replace(b'<meta charset="windows-1251">', b"")
    assert b"charset" not in bare[:400]
    article = extract_article(bare, meta["url"], encoding="windows-1251")  # Content-Type's charset
    assert "Ұлытау" in article.title and "қасиетті жер" in article.body
    with pytest.raises(ExtractionError) as caught:  # read as UTF-8 it would be garbled: refused
        extract_article(bare, meta["url"])
    assert caught.value.reason == "charset"
    # A byte order mark outranks the header (the HTML standard's order)
    utf8, utf8_meta = load("news-kz")
    with_bom = b"\xef\xbb\xbf" + utf8
    assert extract_article(with_bom, utf8_meta["url"], encoding="windows-1251").title == \
        extract_article(utf8, utf8_meta["url"]).title


def test_utf8_bytes_under_a_lying_single_byte_header_are_read_as_utf8_and_the_lie_is_noted() -> None:
    page, meta = load("news-ru")
    bare = re.sub(rb"<meta charset=[^>]*>", b"", page)
    assert b"charset" not in bare[:400]
    truthful = extract_article(bare, meta["url"], encoding="utf-8")
    assert truthful.charset_note is None
    for lie in ("windows-1251", "koi8-r", "iso-8859-1", "cp1252"):
        article = extract_article(bare, meta["url"], encoding=lie)
        assert article.to_dict() == truthful.to_dict()  # the right Cyrillic, not "Р“Р»Р°РІР°"
        assert "declares" in article.charset_note and "the bytes are UTF-8" in article.charset_note
    listing, listing_meta = load("listing-ru")
    lied = extract_listing(re.sub(rb"<meta charset=[^>]*>", b"", listing), listing_meta["url"],
                           encoding="windows-1251")
    assert [vars(e) for e in lied.entries] == listing_meta["expected"]["entries"]
    assert "the bytes are UTF-8" in lied.charset_note


@given(st.text())
def test_collapse_is_split_and_join_whatever_the_whitespace(text: str) -> None:
    assert collapse(text) == " ".join(text.split())


def test_pages_nested_past_a_browsers_depth_are_refused_not_misread() -> None:
    page, meta = load("listing-kz")
    deep = page.replace(b'<div class="row news_list">', b'<div>' * 600 + b'<div class="row news_list">', 1)
    deep = deep.replace(b"</body>", b"</div>" * 600 + b"</body>", 1)
    with pytest.raises(ExtractionError) as caught:
        extract_listing(deep, meta["url"])
    assert caught.value.reason == "too-deep"
    flood = page.replace(b"</body>", b"<b>" * 40_000 + b"</body>", 1)  # refused before parsing
    with pytest.raises(ExtractionError) as caught:
        extract_listing(flood, meta["url"])
    assert caught.value.reason == "too-deep"


def _text_lang_by_regex(text: str) -> str | None:
    """The definition text_lang implements faster: letters counted one by one."""
    sample = text[:language.SAMPLE_CHARS]
    cyrillic, latin = len(re.findall("[\u0400-\u04ff]", sample)), len(re.findall("[A-Za-z]", sample))
    if cyrillic + latin < language.MIN_LETTERS:
        return None
    if latin > cyrillic:
        return "en"
    kazakh = sum(map(sample.count, language.KAZAKH_LETTERS))
    return "kk" if kazakh >= language.KAZAKH_SHARE * cyrillic else "ru"


@given(st.text(alphabet=st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяӘәҒғҚқҢңӨөҰұҮүҺһІі"
                                        "abcdefghijklmnopqrstuvwxyzABCZ ,.«»–0123456789\u00a0\u0500\u04ff\u0400\u2116"),
               max_size=2000))
def test_text_lang_counts_letters_as_the_regex_definition_does(text: str) -> None:
    assert language.text_lang(text) == _text_lang_by_regex(text)
