"""HTML of the replica's pages, after the real site's markup as SITE.md describes it.

Every page: the chrome (chrome.py: head, header with the never-closed div#desktop_site, flag block,
section tabs; footer), and between them section#main_block nested twice, as on the real page, with the
inner div.container-lg left open as the real page leaves it (libxml2 then keeps the footer inside the
outer section#main_block; an HTML5 parser closes it at the inner </section>). Article pages: a
div.col-lg-8 content column and a div.col-4 sidebar of other articles with their own dates. Listing
pages: the cards in one of the layouts of listings.py. Markup the real site was never seen to have (the
category and date lines, the older layout, the listing cards) is a plausible guess;
archiver/page/extract.py names the selectors.
"""

from __future__ import annotations

from archiver.replica.chrome import CANONICAL, esc as attr, footer, head, header, text
from archiver.replica.generate import Item
from archiver.replica.listings import Card, ListingView, SidebarItem
from archiver.replica.texts import ALL_EVENTS, BUTTONS, EMPTY_LISTING, OTHER, PRINT_VERSION

CONTENT_COLUMN = "col-lg-8 col-md-12"  # the content column beside the sidebar; other columns: no sidebar
FULL_WIDTH = "col-lg-12 col-12"
PLAIN = "list_block"  # what holds a page's content when it has no column at all
LAYOUT_COLUMNS: dict[str, str | None] = {"column": CONTENT_COLUMN, "full-width": FULL_WIDTH, "plain": None}
CARD_CELLS = {"column": "col-md-6", "full-width": "col-lg-4 col-md-6"}


def main_block(inner: str, wrapper: str = "row") -> str:
    """section#main_block twice, nested; the inner div.container-lg is never closed (seen)."""
    return ('\n  <!-- main block -->\n  <section id="main_block" class="mobile-padding">\n'
            '    <div class="container-lg mt-5">\n\n      <div class="row">\n\n\n'
            '        <!-- main block -->\n        <section id="main_block">\n            <div class="container-lg">\n\n'
            f'            <div class="{wrapper}">\n\n{inner}\n            </div>\n\n\n'
            "        </section>\n        <!--// main block -->\n\n\n\n      </div>\n\n\n"
            "    </div>\n  </section>\n  <!--// main block -->\n\n\n\n")


def _sidebar(items: list[SidebarItem]) -> str:
    parts = []
    for n, item in enumerate(items):
        card = item.card
        date = f'<p class="date_main_block_small">{text(card.date)}</p>' if card.date else ""
        if item.rubric:
            parts.append(f"    <h3>{text(item.rubric)}</h3>\n\n    {date}<p class=\"date_main_block\">"
                         f'<a href="{attr(card.path)}">{text(card.title)}</a></p>\n')
        else:
            parts.append(f'    <h3 class="mt-2">{text(card.title)}</h3>{date}<div><img class="img-fluid" '
                         f'src="{attr(card.image)}" alt="{attr(card.title)}"></div>\n')
        last = n == len(items) - 1
        parts.append(f'\n    <hr class="my-hr mt-5{"" if last else " mb-5"}" size="1">\n\n')
    return ("                <!-- right column -->\n                <!-- right-hand module (SoftDeCo CMS) -->\n"
            '<div class="col-4 showblock">\n\n  <div class="tab-content" style="background-color: #F2F2F2; '
            'padding: 40px 20px 40px 20px;">\n\n' + "".join(parts)
            + "  </div>\n\n\n                  <!--// right column -->\n            \n            </div>\n")


def page(lang: str, path: str, title: str, content: str, blocks: list[SidebarItem],
         active_tab: str | None, nav_extra: tuple[str, str] | None = None, charset: str = "utf-8",
         column: str | None = CONTENT_COLUMN) -> str:
    """A whole page: `content` in a column of class `column` (the content column has the sidebar
    `blocks` beside it), or with column None straight inside the main block, with no column at all."""
    if column is None:
        inner, wrapper = content, PLAIN
    else:
        inner, wrapper = (f"                <!-- content column -->\n                <div class=\"{column}\">\n"
                          f"{content}\n                </div>\n                <!--// content column -->\n\n"), "row"
        if column == CONTENT_COLUMN:
            inner += _sidebar(blocks)
    return (head(lang, path, title, charset) + header(lang, path, nav_extra, active_tab)
            + main_block(inner, wrapper) + footer(lang))


def _paragraphs(item: Item) -> str:
    out = []
    for kind, value in item.paragraphs:
        if kind == "h":
            out.append(f'<p style="text-indent: 0cm; text-align: center;"><strong>{text(value)}</strong></p>')
        elif kind == "empty":
            out.append("<p>&nbsp;</p>")
        elif kind == "img":
            out.append(f'<p><img src="{attr(value)}" width="100%" /></p>')
        else:
            out.append(f'<p style="text-align: justify;">{text(value)}</p>')
    return "\n\n".join(out) + "\n"


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
    cover = (  # an unquoted src, as seen
        f'<p style="padding-bottom: 30px;"><img src=/assets/media/{item.i % 997}-cover_mediumThumb.jpg '
        'style="width: 100%; height: auto"></p>')
    return (
        "                    <!-- article image -->\n                    "
        + (cover if item.cover else "") + "                    <!--// article image -->\n\n"
        + "                    <!-- title -->\n"
        + (f'<div class="news_category"><span>{text(item.label)}</span></div>\n' if item.label else "")
        + f"                    <h2> {text(item.title)}</h2>\n"
        + (f'<p class="date_main_block">{text(item.page_date)}</p>\n' if item.page_date else "")
        + "                    <hr/>\n                    <!--// title -->\n\n\n"
        + '                    <!-- article body -->\n                    <div class="mt-5">\n'
        + f"                    <article>\n                    {_paragraphs(item)}"
        + "                    </article>\n                    </div>\n                    <hr/>\n"
        + "                    <!--// article body -->\n"
        + (_buttons(item.lang, item.path) if item.kind != "speech" else "")
    )


def _card(view: ListingView, card: Card) -> str:
    """One listing card: the title and link in h3 a, then the date in h5 (reported), the cover image
    img.card-img-top, and on page 1 of the news a printable-version link."""
    printed = (f'<a class="print_link" href="{attr(card.print_path)}" title="{PRINT_VERSION[view.lang]}">'
               '<i class="icon-print"></i></a>' if card.print_path else "")
    title = f'<h3><a href="{attr(card.path)}">{text(card.title)}</a></h3>'
    date = f"<h5>{text(card.date)}</h5>" if card.date else ""
    cover = f'<img class="card-img-top" src="{attr(card.image)}" alt="{attr(card.title)}">'
    if view.layout == "plain":
        return f'<li class="news_item">{title}{date}<a href="{attr(card.path)}">{cover}</a>{printed}</li>'
    return (f'<div class="{CARD_CELLS[view.layout]} mb-4"><div class="card"><a href="{attr(card.path)}">{cover}</a>'
            f'<div class="card-body">{title}{date}{printed}</div></div></div>')


def listing_content(view: ListingView, label: str) -> str:
    """The cards of a listing page in its layout, the pagination under them."""
    lang, base = view.lang, f"/{view.lang}/{view.section}"
    heading = f'<h1 class="section_title">{text(label)}</h1>\n'
    if not view.cards:
        return f'{heading}<p class="empty">{EMPTY_LISTING[lang]}</p>\n'
    cards = "\n".join(_card(view, card) for card in view.cards)
    numbers = sorted({1, view.pages, *range(max(1, view.page - 2), min(view.pages, view.page + 2) + 1)})
    links = "".join(
        f'<li class="page-item{" active" if n == view.page else ""}"><a class="page-link" '
        f'href="{base if n == 1 else f"{base}?page={n}"}">{n}</a></li>' for n in numbers)
    if view.has_next:
        links += (f'<li class="page-item"><a class="page-link" rel="next" href="{base}?page={view.page + 1}">'
                  "&raquo;</a></li>")
    listed = (f'<ul class="list-unstyled news_list">\n{cards}\n</ul>\n' if view.layout == "plain"
              else f'<div class="row news_list">\n{cards}\n</div>\n')
    return f'{heading}{listed}<nav class="pagination_block"><ul class="pagination">{links}</ul></nav>\n'
