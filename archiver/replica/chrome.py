"""The weight of a real akorda.kz page around its content: head, header, footer (SITE.md: "about 60 KB").

Seen on the real page and kept here: a long `meta keywords`, webfont CSS links, inline styles,
commented-out blocks (`<!-- … -->`) around live markup, the full menu in the header (desktop and
mobile copies) and the site map in the footer. The language switcher's links are absolute, on the
host without `www`, the current language with class `lang_active`. A page built from these weighs
what a real one does, so every speed figure measures what the live crawl will meet.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

from archiver.replica.texts import (EMBLEM_ALT, FOOTER_ADDRESS, KEYWORDS, LANG_NAMES, LANGS, MENU, MENU_LANG,
                    SEARCH_LABEL, SITE_MAP, SITE_NAME)

CANONICAL = "https://www.akorda.kz"
SWITCHER_HOST = "https://akorda.kz"  # seen: the switcher links the host without www
FONTS = ("https://fonts.googleapis.com/css2?family=Montserrat:ital,wght@0,300;0,400;0,500;0,600;0,700;"
         "1,400&family=Roboto:wght@300;400;500;700&family=PT+Serif:wght@400;700&display=swap")
STYLESHEETS = ("/css/bootstrap.min.css", "/css/fonts/stylesheet.css", "/css/main.css?v=2026.06.2",
               "/css/media.css?v=2026.06.2", "/css/special.css", "/js/fancybox/jquery.fancybox.min.css")
SCRIPTS = ("/js/jquery.min.js", "/js/bootstrap.bundle.min.js", "/js/fancybox/jquery.fancybox.min.js",
           "/js/special.js", "/js/main.js?v=2026.06.2")
SOCIAL = (("facebook", "https://www.facebook.com/akorda.kz"), ("instagram", "https://www.instagram.com/akorda_press"),
          ("twitter", "https://twitter.com/TokayevKZ"), ("youtube", "https://www.youtube.com/@akordapress"),
          ("telegram", "https://t.me/aqorda_resmi"))
# Inline critical CSS as the real page carries it: rules for the chrome's classes and breakpoints.
_RULES = (("header", "background:#fff;border-bottom:1px solid #e3e7ee"), ("top_line", "background:#0a2540;height:4px"),
          ("header_top", "display:flex;align-items:center;justify-content:space-between;padding:18px 0"),
          ("logo img", "width:72px;height:72px"), ("site_name p", "margin:0;font:600 15px/1.3 'Montserrat',sans-serif;color:#0a2540;text-transform:uppercase"),
          ("lang_switcher", "display:flex;list-style:none;margin:0;padding:0"), ("lang_switcher a", "padding:4px 8px;color:#5b6b7f;font:500 13px 'Roboto'"),
          ("lang_active", "color:#0a2540!important;border-bottom:2px solid #c9a44c"),
          ("main_menu .nav-link", "font:500 14px/1.2 'Montserrat',sans-serif;color:#0a2540;padding:14px 16px;text-transform:uppercase"),
          ("dropdown-menu", "border:0;border-radius:0;box-shadow:0 12px 24px rgba(10,37,64,.12);padding:12px 0"),
          ("dropdown-item", "font:400 14px/1.4 'Roboto',sans-serif;color:#1d2a3a;padding:8px 20px;white-space:normal"),
          ("mobile_menu", "position:fixed;top:0;left:0;width:100%;height:100%;background:#0a2540;z-index:1000;overflow:auto"),
          ("mobile_menu a", "display:block;color:#fff;padding:10px 24px;font:500 15px 'Montserrat'"),
          ("category_block .nav-tabs", "border:0;margin:24px 0"), ("category_block .nav-link", "font:500 15px 'Montserrat';color:#5b6b7f"),
          ("card", "border:0;border-radius:0;box-shadow:0 4px 14px rgba(10,37,64,.08)"), ("card h5", "font:400 13px 'Roboto';color:#8a96a8"),
          ("card h3", "font:600 17px/1.35 'Montserrat';color:#0a2540"), ("date_main_block", "font:400 14px 'Roboto';color:#8a96a8;margin:8px 0 16px"),
          ("date_main_block_small", "font:400 12px 'Roboto';color:#8a96a8;margin:4px 0 12px"),
          ("news_category", "font:500 13px 'Montserrat';color:#c9a44c;text-transform:uppercase"),
          ("sidebar_block h4", "font:600 15px 'Montserrat';color:#0a2540;border-bottom:2px solid #c9a44c;padding-bottom:8px"),
          ("buttons_block", "display:flex;flex-wrap:wrap;gap:12px;margin:32px 0"), ("btn_back", "background:#0a2540;color:#fff;padding:8px 20px"),
          ("footer", "background:#0a2540;color:#c8d1de;padding:48px 0 24px;margin-top:48px"),
          ("footer a", "color:#c8d1de;font:400 14px/1.9 'Roboto'"), ("site_map h5", "font:600 14px 'Montserrat';color:#fff;text-transform:uppercase"),
          ("copyright", "border-top:1px solid #233b57;margin-top:24px;padding-top:16px;font-size:13px"))
_MEDIA = ("@media (max-width:991px){.header_top{padding:10px 0}.site_name p{font-size:12px}.main_menu{display:none}}",
          "@media (max-width:575px){.logo img{width:52px;height:52px}.card h3{font-size:15px}.footer{padding:32px 0}}",
          "@media print{.header,.footer,.sidebar,.buttons_block,#category_block{display:none!important}}")


_ENTITIES = (("«", "&laquo;"), ("»", "&raquo;"), (" – ", "&nbsp;&ndash; "), ("–", "&ndash;"),
             ("—", "&mdash;"), ("\u00a0", "&nbsp;"))


@lru_cache(maxsize=16384)
def text(value: str) -> str:
    """Element text as the site writes it: entities for guillemets and dashes, &nbsp; before a dash."""
    value = html.escape(value, quote=False)
    for char, entity in _ENTITIES:
        if char in value:
            value = value.replace(char, entity)
    return value


ICONS = ("facebook", "instagram", "twitter", "youtube", "telegram", "eye", "search", "print", "arrow-left",
         "arrow-right", "close", "burger", "calendar", "download")
# The panel of the version for the visually impaired: (setting, its choices), per language.
SPECIAL = {
    "kz": (("Қаріп өлшемі", ("А", "А+", "А++")), ("Түс схемасы", ("Ақ", "Қара", "Көк", "Қоңыр")),
           ("Суреттер", ("Қосу", "Өшіру", "Ақ-қара")), ("Әріп аралығы", ("Қалыпты", "Үлкен", "Өте үлкен")),
           ("Қаріп", ("Sans Serif", "Serif")), ("Дыбыс", ("Қосу", "Өшіру"))),
    "ru": (("Размер шрифта", ("А", "А+", "А++")), ("Цветовая схема", ("Белая", "Черная", "Синяя", "Коричневая")),
           ("Изображения", ("Включить", "Выключить", "Черно-белые")),
           ("Интервал между буквами", ("Стандартный", "Большой", "Очень большой")),
           ("Шрифт", ("Без засечек", "С засечками")), ("Озвучивание", ("Включить", "Выключить"))),
    "en": (("Font size", ("A", "A+", "A++")), ("Colour scheme", ("White", "Black", "Blue", "Brown")),
           ("Images", ("On", "Off", "Black and white")), ("Letter spacing", ("Normal", "Large", "Very large")),
           ("Font", ("Sans serif", "Serif")), ("Speech", ("On", "Off"))),
}


def _path_data(name: str) -> str:
    """Deterministic SVG path data of an icon (the real sprite's shapes are not ours to copy)."""
    numbers, value = [], sum(map(ord, name)) * 7919
    for _ in range(96):
        value = (value * 1103515245 + 12345) % 2**31
        numbers.append(f"{value % 2400 / 100:.2f}")
    pairs = [f"{numbers[k]} {numbers[k + 1]}" for k in range(0, len(numbers), 2)]
    return "M" + pairs[0] + "".join(f"{'CSL'[k % 3]}{p}" for k, p in enumerate(pairs[1:])) + "Z"


@lru_cache(maxsize=1)
def sprite() -> str:
    symbols = "".join(f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path fill="currentColor" '
                      f'd="{_path_data(name)}"/></symbol>' for name in ICONS)
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display: none;">{symbols}</svg>\n'


@lru_cache(maxsize=16)
def special_panel(lang: str) -> str:
    rows = "".join(
        f'<div class="special_row" style="margin-bottom: 8px;"><span class="special_label">{text(label)}</span>'
        + "".join(f'<button type="button" class="special_btn" data-value="{k}" style="margin-left: 6px;">'
                  f"{text(choice)}</button>" for k, choice in enumerate(choices)) + "</div>"
        for label, choices in SPECIAL[lang])
    return (f'<div class="special_panel" style="display: none;" aria-hidden="true">{rows}</div>\n'
            "<!--\n" + rows.replace("special_", "old_special_") + "\n-->\n")


def esc(value: str) -> str:
    """An attribute value (or text that needs no entities)."""
    return html.escape(value, quote=True)


def site_name(lang: str) -> str:
    return " ".join(SITE_NAME[lang])


@lru_cache(maxsize=1)
def _style() -> str:
    rules = "\n".join(f".{selector}{{{body}}}" for selector, body in _RULES)
    utilities = "\n".join(  # spacing utilities, as the real inline CSS carries them
        f".{prop[0]}{side}-{n}{{{prop}{'-' + full if full else ''}:{n * 4}px!important}}"
        for prop in ("margin", "padding") for side, full in (("", ""), ("t", "top"), ("b", "bottom"),
                                                             ("s", "left"), ("e", "right"))
        for n in range(9))
    return f"<style>\n{rules}\n{utilities}\n" + "\n".join(_MEDIA) + "\n</style>\n"


def head(lang: str, path: str, title: str, charset: str) -> str:
    full = esc(f"{title} — {site_name(lang)}")
    keywords = esc(", ".join(KEYWORDS[lang]))
    ld = json.dumps({"@context": "https://schema.org", "@type": "WebSite", "name": site_name(lang),
                     "url": f"{CANONICAL}/{lang}", "potentialAction": {
                         "@type": "SearchAction", "target": f"{CANONICAL}/{lang}/search?q={{q}}",
                         "query-input": "required name=q"}}, ensure_ascii=False)
    links = "".join(f'<link rel="stylesheet" href="{href}">\n' for href in STYLESHEETS)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="{charset}">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">\n'
        f"<title>{full}</title>\n<meta name=\"description\" content=\"{full}\">\n"
        f'<meta name="keywords" content="{keywords}">\n'
        f'<meta property="og:title" content="{full}">\n<meta property="og:type" content="website">\n'
        f'<meta property="og:url" content="{CANONICAL}{esc(path)}">\n'
        f'<meta property="og:site_name" content="{esc(site_name(lang))}">\n'
        '<meta property="og:image" content="/img/og-image.png">\n'
        '<meta name="twitter:card" content="summary_large_image">\n'
        '<link rel="icon" type="image/png" sizes="32x32" href="/img/favicon-32x32.png">\n'
        '<link rel="apple-touch-icon" sizes="180x180" href="/img/apple-touch-icon.png">\n'
        '<link rel="preconnect" href="https://fonts.googleapis.com">\n'
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>\n'
        f'<link href="{esc(FONTS)}" rel="stylesheet">\n' + links
        + '<!-- <link rel="stylesheet" href="/css/main_2019.css"> -->\n' + _style()
        + f'<script type="application/ld+json">{ld}</script>\n'
        "<!-- Global site tag (gtag.js)\n<script async src=\"https://www.googletagmanager.com/gtag/js?id=UA-00000000-1\">"
        "</script>\n-->\n</head>\n"
    )


def _menu_items(lang: str, cls: str, style: str) -> list[tuple[str, str, list[str]]]:
    k = MENU_LANG[lang]
    return [(labels[k], f"/{lang}/{top}",
             [f'<li><a class="{cls}" href="/{lang}/{p}" style="{style}">{text(label[k])}</a></li>'
              for label, p in subs]) for labels, top, subs in MENU]


@lru_cache(maxsize=16)
def _menus(lang: str) -> str:
    desktop = "".join(
        f'<li class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="{top}" role="button" '
        f'data-bs-toggle="dropdown" aria-expanded="false">{text(label)}</a>'
        f'<ul class="dropdown-menu">{"".join(items)}</ul></li>'
        for label, top, items in _menu_items(lang, "dropdown-item", "white-space: normal;"))
    mobile = "".join(
        f'<li class="mobile_group"><span class="mobile_group_title">{text(label)}</span>'
        f'<ul class="mobile_sub">{"".join(items)}</ul></li>'
        for label, _, items in _menu_items(lang, "mobile_link", "padding-left: 24px;"))
    old = "".join(f'<li><a href="{top}">{text(label)}</a></li>' for label, top, _ in _menu_items(lang, "", ""))
    return (
        "<!-- begin main menu -->\n"
        f'<nav class="navbar navbar-expand-lg main_menu"><ul class="navbar-nav">{desktop}'
        "{extra}</ul></nav>\n<!-- end main menu -->\n"
        f"<!--\n<div class=\"old_menu\"><ul>{old}</ul></div>\n-->\n"
        f'<div class="mobile_menu d-lg-none" style="display: none;"><ul class="mobile_list">{mobile}</ul>'
        "</div>\n"
    )


def header(lang: str, path: str, nav_extra: tuple[str, str] | None) -> str:
    rest = path.split("/", 2)[2] if path.count("/") >= 2 else ""
    name = "".join(f"<p>{text(line)}</p>" for line in SITE_NAME[lang])
    switch = "".join(
        f'<li><a href="{SWITCHER_HOST}/{code}/{esc(rest)}" class="waves-effect'
        f'{" lang_active" if code == lang else ""} lang_unactive">{LANG_NAMES[code]}</a></li>'
        for code in LANGS)
    extra = (f'<li class="nav-item"><a class="nav-link" href="{esc(nav_extra[1])}">{text(nav_extra[0])}</a></li>'
             if nav_extra else "")
    social = "".join(f'<a class="social_link" href="{url}" target="_blank" rel="noopener" '
                     f'style="margin-left: 10px;"><i class="icon-{name}"></i></a>' for name, url in SOCIAL)
    return (
        f'<body class="lang-{lang}">\n<!-- Yandex.Metrika counter -->\n'
        '<!-- <noscript><div><img src="https://mc.yandex.ru/watch/00000000" style="position:absolute; '
        'left:-9999px;" alt="" /></div></noscript> -->\n<!-- /Yandex.Metrika counter -->\n'
        + sprite() + special_panel(lang)
        + '<div class="top_line" style="background: #0a2540; height: 4px;"></div>\n'
        '<header class="header">\n<div class="container"><div class="header_top">\n'
        f'<a class="logo" href="/{lang}"><img src="/img/gerb.svg" alt="{EMBLEM_ALT}"></a>\n'
        f'<div class="site_name d-none d-lg-block">{name}</div>\n'
        f'<div class="site_name d-lg-none">{name}</div>\n'
        f'<div class="header_tools" style="display: flex; align-items: center;">'
        f'<a class="special_version" href="#" style="margin-right: 16px;"><i class="icon-eye"></i></a>'
        f'{social}<ul class="lang_switcher">{switch}</ul>'
        '<button class="burger d-lg-none" type="button" aria-label="menu"><span></span></button></div>\n'
        "</div>\n" + _menus(lang).replace("{extra}", extra) + "</div>\n</header>\n"
    )


@lru_cache(maxsize=16)
def footer(lang: str) -> str:
    columns = "".join(
        f'<div class="col-lg-3 col-md-6 site_map_column"><h5>{text(label)}</h5><ul class="list-unstyled">'
        + "".join(items) + "</ul></div>"
        for label, _, items in _menu_items(lang, "footer_link", "color: #c8d1de;"))
    social = "".join(f'<li><a href="{url}" target="_blank" rel="noopener">{name.title()}</a></li>'
                     for name, url in SOCIAL)
    scripts = "".join(f'<script src="{src}"></script>' for src in SCRIPTS)
    return (
        "<!-- begin footer -->\n"
        '<footer class="footer">\n<div class="container">\n'
        f'<div class="site_map"><h4>{SITE_MAP[lang]}</h4><div class="row">{columns}</div></div>\n'
        f'<div class="footer_social"><ul class="list-inline">{social}</ul></div>\n'
        f'<form class="search_form" action="/search/" method="get"><input type="text" name="q" '
        f'placeholder="{SEARCH_LABEL[lang]}"><button type="submit">{SEARCH_LABEL[lang]}</button></form>\n'
        "<!-- <div class=\"footer_counter\"><a href=\"https://www.liveinternet.ru/click\" target=\"_blank\">"
        "<img src=\"https://counter.yadro.ru/logo?44.6\" width=\"31\" height=\"31\" alt=\"\"></a></div> -->\n"
        f'<p class="copyright">{text(FOOTER_ADDRESS[lang])}</p>\n</div>\n</footer>\n<!-- end footer -->\n'
        f"<!--\n<div class=\"footer_2019\"><div class=\"row\">{columns}</div></div>\n-->\n"
        f"{scripts}\n<script>window.dataLayer = window.dataLayer || [];"
        "function gtag(){dataLayer.push(arguments);}gtag('js', new Date());</script>\n</body>\n</html>\n"
    )
