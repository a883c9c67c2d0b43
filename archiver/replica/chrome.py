"""The page around the content, built on the structure of a real akorda.kz page (SITE.md, "How the real
markup parses" and "Article pages, current layout"; the page itself: tests/fixtures/real/).

In document order: the head (a long `meta keywords`, webfont CSS links, commented-out links, OpenGraph,
a WebSite JSON-LD); `<header><nav class="navbar …">` holding a mobile copy of the header
(`div#mobile_site`), the slide-in menu (`div#mySidenav`) and a desktop copy (`div#desktop_site`) that is
**never closed**, exactly where the real page leaves it open (markup.py leaves a second div open inside
section#main_block); the flag block with the site name twice; the section tabs (`section#category_block`);
then, after the content (markup.py), the footer: search form, site map, counter, the "… | 2026 ж." line
and social links, scripts, a comment after `</html>`.

libxml2 (lxml, parsel) keeps div#desktop_site open to the end of the page, so everything after the header
becomes a descendant of `header > nav > div#desktop_site`; an HTML5 parser closes it at `</nav>`. The
texts are the project's own (texts.py); only the structure follows the real page.
"""

from __future__ import annotations

import json
from functools import lru_cache

from archiver.replica.escape import esc, text
from archiver.replica.generate import mix
from archiver.replica.menus import SWITCHER_HOST, desktop_menu, emblem, sidenav, site_map, special_panel
from archiver.replica.texts import (FOOTER_ADDRESS, KEYWORDS, LANG_NAMES, LANGS, SEARCH_LABEL, SECTION_BY_PATH,
                    SITE_NAME, TABS)

__all__ = ["CANONICAL", "SWITCHER_HOST", "esc", "footer", "head", "header", "text"]

CANONICAL = "https://www.akorda.kz"
WEBFONTS = ("/webfonts/Montserrat.css?v=1", "/webfonts/Roboto.css?v=1", "/webfonts/PTSerif.css?v=1")
STYLESHEETS = ("/css/bootstrap.min.css?v=2", "/css/mdb.min.css?v=2")
OLD_LINKS = ("https://use.fontawesome.com/releases/v5.11.2/css/all.css?v=1",
             "https://fonts.googleapis.com/css?family=Roboto:300,400,500,700&display=swap?v=1")
SCRIPTS = ("/js/popper.min.js?v=1", "/js/bootstrap.min.js", "/js/mdb.min.js", "/js/sdcscript.js")
SOCIAL = (("Telegram", "https://t.me/aqorda_resmi"), ("YouTube", "https://www.youtube.com/@akordapress"),
          ("Instagram", "https://www.instagram.com/akorda_press"), ("X", "https://twitter.com/TokayevKZ"),
          ("Facebook", "https://www.facebook.com/akorda.kz"), ("TikTok", "https://www.tiktok.com/@akorda"))
# The social icons are inline SVG (the real page inlines one of them, twice, ~1.2 KB each; the rest are
# images there): the weight that brings a replica page, whose bodies are shorter than the real speech's,
# to the real page's ~60 KB.
INLINE_ICONS = tuple(name for name, _ in SOCIAL)
LANG_LINK = "waves-effect waves-light rgba-white-slight"
# The script that opens the accordion groups of the slide-in menu, inline at the end of the body.
ACCORDION = """  <script>
    var groups = document.getElementsByClassName("accordion");
    for (var n = 0; n < groups.length; n++) {
      groups[n].addEventListener("click", function () {
        this.classList.toggle("active");
        var pane = this.nextElementSibling;
        pane.style.maxHeight = pane.style.maxHeight ? null : pane.scrollHeight + "px";
      });
    }
  </script>
"""
COUNTER = """<!-- visit counter -->
<script type="text/javascript">
   (function (w, d, tag, src, name) {
     w[name] = w[name] || function () { (w[name].a = w[name].a || []).push(arguments); };
     w[name].l = 1 * new Date();
     var el = d.createElement(tag), first = d.getElementsByTagName(tag)[0];
     el.async = 1; el.src = src; first.parentNode.insertBefore(el, first);
   })(window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");
   ym(%d, "init", {clickmap: true, trackLinks: true, accurateTrackBounce: true});
</script>
<noscript><div><img src="https://mc.yandex.ru/watch/%d" style="position:absolute; left:-9999px;" alt="" /></div></noscript>
<!-- /visit counter -->"""


def site_name(lang: str) -> str:
    return " ".join(SITE_NAME[lang])


def _path_data(name: str, points: int = 200) -> str:
    """Deterministic SVG path data of an icon (the real icons' shapes are not ours to copy)."""
    numbers, value = [], mix("icon", name)
    for _ in range(points):
        value = (value * 1103515245 + 12345) % 2**31
        numbers.append(f"{value % 2400 / 100:.5g}")
    pairs = [f"{numbers[k]} {numbers[k + 1]}" for k in range(0, len(numbers), 2)]
    return "M" + pairs[0] + "".join(f"{'CSL'[k % 3]}{p}" for k, p in enumerate(pairs[1:])) + "Z"


@lru_cache(maxsize=16)
def _icon(name: str, footer: bool = False) -> str:
    if name in INLINE_ICONS:
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="18" height="20" viewBox="0 0 24 24" fill="">'
                f'<path d="{_path_data(name)}" fill="{"#FFFFFF" if footer else "#1B3A5C"}"/></svg>')
    return f'<img src="/img/{name.lower()}{"2" if footer else ""}.png?v=1" alt="{name}">'


def head(lang: str, path: str, title: str, charset: str) -> str:
    full = f"{esc(title)} &mdash; {esc(site_name(lang))}"
    keywords = esc(", ".join((site_name(lang), *KEYWORDS[lang])))
    ld = json.dumps({"@context": "https://schema.org", "@type": "WebSite", "name": "Akorda.kz",
                     "alternateName": "Ақорда", "url": f"{CANONICAL}/"}, ensure_ascii=False, indent=2)
    fonts = "".join(f'  <link rel="stylesheet" href="{href}">\n' for href in WEBFONTS)
    old = "".join(f'  <link rel="stylesheet" href="{esc(href)}">\n' for href in OLD_LINKS)
    sheets = "".join(f'  <link rel="stylesheet" href="{href}">\n' for href in STYLESHEETS)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n  <meta charset="{charset}">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">\n'
        '  <meta http-equiv="x-ua-compatible" content="ie=edge">\n'
        f"  <title>{full}</title>\n  <meta name=\"keywords\" content=\"{keywords}\">\n\n"
        '  <link rel="icon" type="image/x-icon" href="/favicon.ico?v=1" />\n'
        '  <link rel="icon" type="image/png" href="/favicon.png?v=1" />\n\n'
        f"{fonts}\n<!--\n{old}-->\n{sheets}\n    <link rel=\"stylesheet\" href=\"/css/style.css?v=8\">\n\n"
        "  <!-- OpenGraph -->\n  <meta property=\"og:site_name\" content=\"Akorda.kz\">\n"
        f'  <meta property="og:url" content="{SWITCHER_HOST}{esc(path)}" />\n'
        f'  <meta property="og:title" content="{full}" />\n'
        '    <meta property="og:image" content="https://akorda.kz/assets/media/og-image_mediumThumb.jpg"/>\n'
        '    <meta property="og:type" content="website" />\n'
        f'  <meta property="og:description" content="{full}" />\n  <!-- /OpenGraph -->\n\n'
        f'  <script type="application/ld+json">\n{ld}\n  </script>\n\n'
        '  <script type="text/javascript" src="/js/jquery-3.4.0.min.js?v=1"></script>\n\n'
        "  <!-- calendar -->\n  <link rel=\"stylesheet\" href=\"/css/jquery.bootstrap.year.calendar.css\">\n"
        '  <script src="/js/jquery.bootstrap.year.calendar.js"></script>\n\n</head>\n\n'
    )


def _switcher(lang: str, path: str, desktop: bool) -> str:
    """The language links: absolute, on the host without www, the same path under each language."""
    rest = path.split("/", 2)[2] if path.count("/") >= 2 else ""
    links = []
    for n, code in enumerate(LANGS):
        classes = (" " if desktop and n == 0 else "") + LANG_LINK + (" line_left line_right" if n == 1 else "")
        classes += " lang_active lang_unactive" if code == lang else "  lang_unactive"
        links.append(f'<a href="{SWITCHER_HOST}/{code}/{esc(rest)}" class="{classes}">{LANG_NAMES[code]}</a>')
    eye = '<!--<a href="#" class="mr-4 waves-effect waves-light rgba-white-slight"><img src="/img/eye.png" ' \
          'alt="Special version"></a>-->'
    return f"\n      {eye}\n      " + "\n      ".join(links) + "\n"


def _mobile(lang: str, path: str) -> str:
    return ('      <!-- mobile header -->\n      <div id="mobile_site" class="showmobile container d-inline">\n'
            '  <div class="row d-flex">\n'
            f'    <div class="text-left ml-3" style="width: 70px;">\n        {emblem(lang, small=True)}\n    </div>\n'
            '    <div class="text-right ml-auto mt-auto mb-auto mr-1">\n' + _switcher(lang, path, False)
            + '      <a href="#" style="font-size:30px;cursor:pointer" onclick="openNav()" class="ml-4 mr-2 '
            f'{LANG_LINK} lang_unactive"><img src="/img/icon-menu.png" alt="Menu"></a>\n'
            "    </div>\n  </div>\n</div>\n\n")


def _social_items() -> str:
    items = ['<li class="nav-item mr-5"><a href="#" onclick="openNavDesktop()" class="{c}">'
             '<img src="/img/icon-menu.png?v=1" alt="Menu"></a></li>'.format(c=LANG_LINK)]
    items += [f'<li class="nav-item{" mr-4" if k < len(SOCIAL) - 1 else ""}"><a href="{url}" target="_blank" '
              f'class="{LANG_LINK}">{_icon(name)}</a></li>' for k, (name, url) in enumerate(SOCIAL)]
    return "\n              ".join(items)


@lru_cache(maxsize=16)
def _flag(lang: str) -> str:
    first, second = (text(line) for line in SITE_NAME[lang])
    name = (f'<p class="official_title mb-0 mt-auto" >{first}</p>\n'
            f'                        <h3 class="official_site mt-0 mb-auto" style="padding-left: 2px;">{second}</h3>')
    return (
        "    <!-- flag and site name -->\n    <section id=\"flag\">\n\n    <!-- desktop copy -->\n"
        '    <div id="desktop_flag" class="showflag container-fluid m-0 p-0 flag-small">\n        <div class="row">\n'
        "\t\t\t<!--\n            <video class=\"video\" loop=\"loop\" autoplay muted>\n"
        '            <source src="/img/flag.mp4?v=2" type="video/mp4" />\n            </video>\n\t\t\t-->\n'
        '            <div class="container name_site mt-3">\n                <div class="row-cols-2 d-flex">\n'
        f'                    <div class="col-sm-2 m-0 p-0 text-center">{emblem(lang)}</div>\n'
        '                    <div class="col-sm-10 m-0 p-0 text-left d-flex flex-column align-items-start">\n'
        f"                        {name}\n                    </div>\n                </div>\n"
        "            </div>\n        </div>\n    </div>\n    <!--// desktop copy -->\n\n    <!-- mobile copy -->\n"
        '    <div id="mobile_flag" class="showflag container-fluid m-0 p-0 flag-small">\n        <div class="row">\n'
        '            <div class="container name_site mt-3">\n                <div class="d-flex">\n'
        '                    <div class="col-sm-9 text-left d-flex flex-column align-items-start">\n'
        f"                        {name}\n                    </div>\n                </div>\n            </div>\n"
        "        </div>\n    </div>\n    <!--// mobile copy -->\n\n    </section>\n    <!--// flag and site name -->\n\n"
    )


@lru_cache(maxsize=64)
def category_block(lang: str, active: str | None) -> str:
    """The section tabs: navigation, not the article's category."""
    tabs = "\n".join(f'<li class="lines nav-item my-li"><a class="nav-link{" active" if tab == active else ""}" '
                     f'href="{SWITCHER_HOST}/{lang}/{tab}"  target="_self">{text(SECTION_BY_PATH[tab].label(lang))}'
                     "</a></li>" for tab in TABS)
    return ("    <!-- section tabs -->\n    <section id=\"category_block\" class=\"showblock\">\n\n"
            '    <div class="container-lg" style="position: relative; z-index: 10; margin-top: 60px;">\n\n'
            f'        <div class="my-category">\n\n<ul id="myTab" class="my-ul nav nav-tabs">\n{tabs}\n\n</ul>\n\n'
            "        </div>\n\n    </div>\n    </section>\n    <!--// section tabs -->\n\n")


def header(lang: str, path: str, nav_extra: tuple[str, str] | None, active_tab: str | None = None) -> str:
    """From <body> to the section tabs; div#desktop_site is opened and never closed."""
    return (
        "<body>\n  <header>\n\n    <nav class=\"navbar navbar-expand-sm fixed-top scrolling-navbar\">\n\n"
        + _mobile(lang, path) + "<!-- slide-in menu -->\n" + sidenav(lang) + "\n      <!--// -->\n\n"
        + special_panel(lang) +
        "      <!-- desktop header -->\n      <div id=\"desktop_site\" class=\"showmobile container d-inline p-0\">\n\n"
        '        <div class="row-cols-2 d-flex">\n          <div class="col text-left">\n\n'
        f'            <ul class="navbar-nav">\n              {_social_items()}\n            </ul>\n\n'
        '          </div>\n          <div class="col text-right">\n' + _switcher(lang, path, True)
        + "          </div>\n        </div>\n\n"
        '        <div class="row-cols-1 d-flex">\n          <div class="col text-center">\n\n'
        + desktop_menu(lang, nav_extra)
        # div.col and div.row-cols-1 are closed; div#desktop_site is not (seen).
        + "\n         </div>\n\n      </div>\n      <!--// -->\n\n    </nav>\n\n  </header>\n\n"
        + _flag(lang) + category_block(lang, active_tab)
    )


@lru_cache(maxsize=16)
def footer(lang: str) -> str:
    token = f"{mix('token', lang):016x}{mix('token', lang, 2):016x}"[:40]
    social = "\n".join(
        f'              <span{" class=" + chr(34) + "ml-3 mr-3" + chr(34) if k % 2 else ""}>'
        f'<a href="{url}" target="_blank">{_icon(name, footer=True)}</a></span>'
        for k, (name, url) in enumerate(SOCIAL))
    scripts = "".join(f'  <script src="{src}"></script>\n' for src in SCRIPTS)
    counter = COUNTER % (mix("counter") % 10**9, mix("counter") % 10**9)
    return (
        "  <footer>\n    <div id=\"footer_block\" class=\"container-fluid mt-5\" style=\"background-color: #333333;\">\n"
        '      <div class="container-lg pt-5 pb-5">\n\n        <!-- search -->\n        <div class="row">\n'
        '          <div class="col-md-8 footer-center-block-mobile">\n\n'
        f'            <form method="post" action="/{lang}/search" class="form-inline mr-auto">\n'
        f'              <input type="hidden" name="_token" value="{token}">\n'
        '              <input class="field_search" name="q" value="" type="text" '
        f'placeholder="{SEARCH_LABEL[lang]}" aria-label="Search">\n'
        f'              <button class="button_search" type="submit">{SEARCH_LABEL[lang]}</button>\n'
        "            </form>\n\n          </div>\n\n"
        '          <div class="col-md-4 footer-center-block footer-center-block-mobile">\n'
        "             <!-- kept free for later --> \n          </div>\n\n        </div>\n\n"
        + site_map(lang) + "\n" + counter + "        <!--// site map -->\n\n"
        '        <hr style="border: 1px solid #999999;" class="mt-5 mb-5">\n\n'
        "        <!-- address and social links -->\n        <div class=\"row\">\n"
        '          <div id="col_4" class="col-md-8 footer-center-block-mobile">\n'
        f'            <p class="footer_text">{esc(FOOTER_ADDRESS[lang])}</p>\n          </div>\n\n'
        '          <div id="col_5" class="col-md-4 footer-center-block footer-center-block-mobile">\n'
        f"{social}\n          </div>\n\n        </div>\n        <!--// address and social links -->\n\n"
        "      </div>\n    </div>\n  </footer>\n\n\n  <!--\n  <script src=\"/js/jquery.min.js\"></script>\n"
        '  <script src="/js/popper.min.js"></script>\n  -->\n\n' + scripts + "\n" + ACCORDION
        + "\n</body>\n</html>\n\n<!-- built on the SoftDeCo CMS -->\n"
    )
