"""Canonical URLs (archiver.page.urls): one article, one key, whatever host alias, scheme, mirror
prefix, query or trailing slash it was reached by (SITE.md, "Hosts and languages", "Reaching the
site")."""

from __future__ import annotations

import pytest

from archiver.page.urls import (CANONICAL_SITE, HOST_ALIASES, canonical_url, lang_of, listing_url,
                                path_of, site_id_of)

ARTICLE = "https://www.akorda.kz/kz/slug-1234567"


@pytest.mark.parametrize("url", [
    "https://www.akorda.kz/kz/slug-1234567",
    "https://akorda.kz/kz/slug-1234567",  # og:url names the host without www
    "http://www.akorda.kz/kz/slug-1234567",
    "http://akorda.kz/kz/slug-1234567/",
    "https://mirror.akorda.kz/kz/slug-1234567",
    "https://mirror.akorda.kz/public/kz/slug-1234567",  # the mirror's /public/ prefix
    "http://mirror.akorda.kz/public/kz/slug-1234567/?category=12",
    "https://node2.akorda.kz/kz/slug-1234567",
    "https://wap.akorda.kz/kz/slug-1234567",
    "HTTPS://WWW.AKORDA.KZ:443/kz/slug-1234567#top",
    "https://www.akorda.kz//kz//slug-1234567?print=Y",
    "  https://www.akorda.kz/kz/slug-1234567  ",
    "http://127.0.0.1:8000/kz/slug-1234567",  # the replica: an archive of the live site's URLs
])
def test_every_alias_gives_one_canonical_url(url):
    assert canonical_url(url) == ARTICLE
    assert lang_of(url) == "kk" and site_id_of(url) == "1234567" and path_of(url) == "/kz/slug-1234567"


@pytest.mark.parametrize("host", sorted(HOST_ALIASES))
@pytest.mark.parametrize("prefix", ["", "/public"])
def test_each_host_alias_with_and_without_the_mirror_prefix(host, prefix):
    url = f"https://{host}{prefix}/ru/events/akorda_news/meetings_and_receptions/some-old-slug"
    assert canonical_url(url) == \
        "https://www.akorda.kz/ru/events/akorda_news/meetings_and_receptions/some-old-slug"
    assert lang_of(url) == "ru"
    assert site_id_of(url) == "events/akorda_news/meetings_and_receptions/some-old-slug"


def test_static_pages_under_public_lose_the_prefix():
    assert canonical_url("https://mirror.akorda.kz/public/ru/state_symbols/kazakhstan_flag") == \
        "https://www.akorda.kz/ru/state_symbols/kazakhstan_flag"
    # a path merely starting with "public" is not the mirror's prefix
    assert path_of("https://mirror.akorda.kz/public/files/x.pdf") == "/public/files/x.pdf"
    assert path_of("https://mirror.akorda.kz/publications/ru/x") == "/publications/ru/x"


@pytest.mark.parametrize("url,page", [
    ("https://mirror.akorda.kz/public/ru/events?category=12&page=3", 3),
    ("https://mirror.akorda.kz/public/ru/events?category=12", 1),
    ("http://akorda.kz/ru/events/?page=1", 1),
    ("https://wap.akorda.kz/ru/events?page=03&utm_source=x", 3),
    ("https://www.akorda.kz/ru/events?page=abc", 1),
])
def test_a_listing_keeps_its_page_number_and_drops_the_category_filter(url, page):
    assert canonical_url(url) == listing_url(CANONICAL_SITE, "ru", "events", page)


def test_older_section_listings_too():
    url = "https://mirror.akorda.kz/public/kz/events/astana_kazakhstan/working_trips?category=4&page=2"
    assert canonical_url(url) == listing_url(CANONICAL_SITE, "kk", "events/astana_kazakhstan/working_trips", 2)
