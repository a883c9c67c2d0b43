"""HTML of the replica's pages, after the real site's markup as SITE.md describes it.

Every page: header (emblem, the site name twice, language switcher, a long menu), section#category_block
tabs, section#main_block nested twice holding a div.col-lg-8 content column and a div.col-4 sidebar of
other articles with their own dates, and the footer. Markup the real site was never seen to have (the
category and date lines, the older layout) is a plausible guess; archiver/page/extract.py names the selectors.
"""

from __future__ import annotations

from functools import lru_cache

from archiver.replica.chrome import CANONICAL, esc as attr, footer, head, header, text
from archiver.replica.generate import Item
from archiver.replica.listings import Card, ListingView
from archiver.replica.texts import (ALL_EVENTS, BUTTONS, EMPTY_LISTING, OTHER, PRINT_VERSION, SECTION_BY_PATH,
                    SIDEBAR_BANNER_ALT, TABS)

CONTENT_COLUMN = "col-lg-8 col-md-12"  # the content column beside the sidebar; other columns: no sidebar


@lru_cache(maxsize=64)
def _category_block(lang: str, active: str | None) -> str:
    tabs = "".join(
        f'<li class="nav-item"><a class="nav-link{" active" if tab == active else ""}" href="/{lang}/{tab}">'
        f"{text(SECTION_BY_PATH[tab].label(lang))}</a></li>" for tab in TABS)
    return (f'<section id="category_block"><div class="container"><ul class="nav nav-tabs">{tabs}</ul>'
            "</div></section>\n")


def _sidebar(lang: str, blocks: list[tuple[str, list[Card]]]) -> str:
    parts = ['<div class="col-4 d-none d-lg-block sidebar">\n'
             f'<div class="banner"><a href="/{lang}/president">'
             f'<img src="/img/president.jpg" alt="{SIDEBAR_BANNER_ALT}"></a></div>\n']
    for heading, cards in blocks:
        items = "".join(
            f'<div class="sidebar_item"><a href="{attr(c.path)}">{text(c.title)}</a>'
            + (f'<p class="date_main_block_small">{text(c.date)}</p>' if c.date else "") + "</div>"
            for c in cards)
        parts.append(f'<div class="sidebar_block"><h4>{text(heading)}</h4>{items}</div>\n')
    return "".join(parts) + "</div>\n"


def page(lang: str, path: str, title: str, content: str, blocks: list[tuple[str, list[Card]]],
         active_tab: str | None, nav_extra: tuple[str, str] | None = None, charset: str = "utf-8",
         column: str = CONTENT_COLUMN) -> str:
    return (
        head(lang, path, title, charset) + header(lang, path, nav_extra) + _category_block(lang, active_tab)
        + '<section id="main_block">\n<div class="container">\n<section id="main_block">\n<div class="row">\n'
        + f'<div class="{column}">\n' + content + "</div>\n"
        + (_sidebar(lang, blocks) if column == CONTENT_COLUMN else "")
        + "</div>\n</section>\n</div>\n</section>\n" + footer(lang)
    )


def _paragraphs(item: Item) -> str:
    out = []
    for kind, value in item.paragraphs:
        if kind == "h":
            out.append(f'<p style="text-align: center;"><strong>{text(value)}</strong></p>')
        elif kind == "empty":
            out.append("<p>&nbsp;</p>")
        elif kind == "img":
            out.append(f'<p><img src="{attr(value)}" alt="" class="img-fluid"></p>')
        else:
            out.append(f"<p>{text(value)}</p>")
    return "\n".join(out) + "\n"


def _buttons(lang: str, path: str) -> str:
    back, print_label = BUTTONS[lang]
    url = attr(CANONICAL + path)
    return (
        '<div class="buttons_block">'
        f'<a class="btn btn_back d-none d-md-inline-block" href="javascript:history.back()">{back}</a>'
        f'<a class="btn btn_back d-md-none" href="javascript:history.back()">{back}</a>'
        f'<a class="share twitter" href="https://twitter.com/intent/tweet?url={url}">Twitter</a>'
        f'<a class="share facebook" href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a>'
        f'<a class="btn btn_print" href="javascript:window.print()">{print_label}</a></div>\n'
    )


def article_content(item: Item) -> str:
    """The content column of an article page, current or older layout."""
    if item.kind == "older":
        other = f"{OTHER[item.lang]} {item.section_label[0].lower()}{item.section_label[1:]}"
        return (
            '<div class="event_item">\n'
            + (f'<p class="event_date">{text(item.page_date)}</p>\n' if item.page_date else "")
            + f'<h2 class="event_title">{text(item.title)}</h2>\n'
            + (f'<p class="event_place">{text(item.place)}</p>\n' if item.place else "")
            + f'<div class="event_text">\n{_paragraphs(item)}</div>\n'
            + f'<ul class="event_links"><li><a href="/{item.lang}/events">{ALL_EVENTS[item.lang]}</a></li>'
            + f'<li><a href="/{item.lang}/{item.section}">{text(other)}</a></li></ul>\n</div>\n'
            + _buttons(item.lang, item.path)
        )
    cover = (f'<p class="main_img"><img src="/upload/media/main/{item.i % 997}.jpg" alt="" '
             'class="img-fluid"></p>\n')
    return (
        (cover if item.cover else "")
        + (f'<div class="news_category"><span>{text(item.label)}</span></div>\n' if item.label else "")
        + f"<h2>{text(item.title)}</h2>\n"
        + (f'<p class="date_main_block">{text(item.page_date)}</p>\n' if item.page_date else "")
        + f'<hr/>\n<div class="mt-5">\n<article>\n{_paragraphs(item)}</article>\n</div>\n'
        + _buttons(item.lang, item.path)
    )


def listing_content(view: ListingView, label: str) -> str:
    lang, base = view.lang, f"/{view.lang}/{view.section}"
    cards = []
    for card in view.cards:
        printed = (f'<a class="print_link" href="{attr(card.print_path)}" title="{PRINT_VERSION[lang]}">'
                   '<i class="icon-print"></i></a>' if card.print_path else "")
        cards.append(
            '<div class="col-md-6 mb-4"><div class="card">'
            f'<a href="{attr(card.path)}"><img class="card-img-top" src="{attr(card.image)}" '
            f'alt="{attr(card.title)}"></a>'
            '<div class="card-body">' + (f"<h5>{text(card.date)}</h5>" if card.date else "")
            + f'<h3><a href="{attr(card.path)}">{text(card.title)}</a></h3>{printed}</div></div></div>')
    if not cards:
        return f'<h1 class="section_title">{text(label)}</h1>\n<p class="empty">{EMPTY_LISTING[lang]}</p>\n'
    numbers = sorted({1, view.pages, *range(max(1, view.page - 2), min(view.pages, view.page + 2) + 1)})
    links = "".join(
        f'<li class="page-item{" active" if n == view.page else ""}"><a class="page-link" '
        f'href="{base if n == 1 else f"{base}?page={n}"}">{n}</a></li>' for n in numbers)
    if view.has_next:
        links += (f'<li class="page-item"><a class="page-link" rel="next" href="{base}?page={view.page + 1}">'
                  "&raquo;</a></li>")
    return (f'<h1 class="section_title">{text(label)}</h1>\n<div class="row news_list">\n' + "\n".join(cards)
            + f'\n</div>\n<nav class="pagination_block"><ul class="pagination">{links}</ul></nav>\n')
