"""Every selector of akorda.kz pages, in one place, each with what it rests on.

The selectors are CSS, read on the tree an HTML5 parser builds (Lexbor, through selectolax): the tree a
browser builds, and so the page a reader of the site sees. On the real page (tests/fixtures/real/) the
desktop header `div#desktop_site` is never closed; a browser closes it at `</nav>`, while libxml2 (lxml,
parsel, Scrapy's selectors) keeps it open and puts the whole page inside `header > nav`. Nothing here may
rely on either repair: where a selector depends on where something sits, the note says what was seen.

Notes: **seen** (in the real 2026 page, tests/fixtures/real/speech-555737-kz.html, or the 2018 page's
text), **reported** (third-party scrapers), **guess** (neither: change it here when the real site shows
otherwise). SITE.md has the evidence.
"""

from __future__ import annotations

import re

# -- every page ---------------------------------------------------------------------------------------
# seen: div.col-lg-8.col-md-12 inside section#main_block > ... > section#main_block (the id twice,
# nested); the only col-lg-8 of the real page. The sidebar div.col-4 is its sibling, outside it.
CONTENT_COLUMN = "div.col-lg-8"
PAGE_TITLE = "title"  # seen: "{title} — {site name}" in <head>
# seen: the language switcher is three links in each copy of the header (mobile and desktop), absolute
# on akorda.kz without www, class lang_unactive on all three and lang_active on the current one.
HEADER = "header"  # seen: one <header>, holding the mobile and desktop copies
LANG_SWITCHER = "a.lang_unactive"  # inside HEADER
SITE_NAMES = (  # seen: the <title> suffix "{title} — {site name}" (kk); ru and en: reported by SITE.md
    "Қазақстан Республикасы Президентінің ресми сайты",
    "Официальный сайт Президента Республики Казахстан",
    "Official website of the President of the Republic of Kazakhstan",
)
TITLE_SEPARATORS = (" — ", " – ", " - ", " | ")
# A complete page ends with </html> or </body> (seen: the real page ends "</html>" then two comments)
# and has its footer (seen: <footer> with the site map).
END_MARKERS = (b"</html>", b"</body>")
FOOTER_MARKER = b"<footer"
END_WINDOW = 2048  # bytes at the end of the page searched for END_MARKERS

# -- article, current layout (relative to the content column) -----------------------------------------
ARTICLE_BODY = "article"  # seen: div.mt-5 > article, the body as <p> elements
ARTICLE_PARAGRAPHS = "article p"  # seen: empty (&nbsp;), image-only and <strong> heading paragraphs
ARTICLE_TITLE = "h2"  # seen: the first h2 of the content column, after the cover image paragraph
ARTICLE_CATEGORY = "div.news_category"  # guess: the label line before the title (2018 page's text)
ARTICLE_DATE = "p.date_main_block"  # guess: the date line after the title (2018 page's text); in the
# real page this class is seen only in the sidebar (outside the content column), holding a link

# -- article, older layout (2006-2017 pages: date before the title; seen only as text dumps) -----------
OLD_ITEM = "div.event_item"  # guess
OLD_TITLE = "h2"  # guess
OLD_DATE = "p.event_date"  # guess
OLD_PARAGRAPHS = "div.event_text p"  # guess

# -- listing (relative to the content column, else to the page) ---------------------------------------
LISTING_LABEL = "h1"  # guess: the section's name above the cards (the real article page has no h1)
LISTING_LINKS = "a[href]"
CARD_DATE = "h5"  # reported: the card's date in h5, after the h3 holding the link
PAGINATION = "ul.pagination, nav.pagination_block"  # guess (Bootstrap 4's ul.pagination is plausible)
NEXT_PAGE = "a[rel=next]"  # guess
PAGE_PARAMETER = "page"  # reported: ?page=N
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Article URLs: the current family /{lang}/{slug}-{id} (seen); older ones sit one level under the
# listing path (seen in text dumps).
CURRENT_ARTICLE_PATH = re.compile(r"^/(?:kz|ru|en)/[^/]+-\d{4,}$")
# Paths that look like articles and are not: the asset-declarations page linked from the menu (seen).
NOT_ARTICLE_PATH = re.compile(r"/deklarac")
# Page furniture, left out when links are looked for over the whole page (the content column missing or
# without an article link). Seen: header (mobile and desktop copies, the slide-in menu div#mySidenav
# inside it), section#flag (the site name), section#category_block (section tabs), the sidebar
# div.col-4, the footer's site map. Guess: aside, div.sidebar, ul.lang_switcher, a nav outside header.
PAGE_FURNITURE = ("header, nav, footer, section#flag, section#category_block, div#mySidenav, div.col-4, "
                  "div.sidebar, aside, ul.lang_switcher")
STRATEGY_COLUMN, STRATEGY_SCAN = "content-column", "page-scan"

# -- parsing limits ---------------------------------------------------------------------------------
# An element nested deeper than a browser builds its tree (Chromium's HTML parser stops nesting at 512
# levels) is read differently by us and by a reader: such a link or content column is refused.
MAX_DEPTH = 512
# Unclosed start tags ("<" minus twice "</", counted on the bytes before parsing) past which a page is
# refused unparsed: an HTML5 parser's time grows with the square of the nesting (Lexbor: 3,000 levels
# 0.03 s, 30,000 levels 2 s, 300,000 levels minutes). The real page has a few hundred (void elements).
# A start tag takes at least 3 bytes, so pages under 3 * MAX_UNCLOSED bytes are not counted.
MAX_UNCLOSED = 30_000

# -- the official static pages (issue 19: Constitution, state symbols, the President's biography...) ---
# guess: their markup was never seen; read like an article page: the content column, the title in its
# first h2, the body as the paragraphs of its article (else of the whole column).
DOCUMENT_TITLE = "h2"  # guess
DOCUMENT_PARAGRAPHS = "article p"  # guess
DOCUMENT_PARAGRAPHS_ANY = "p"  # guess: a page without <article>
