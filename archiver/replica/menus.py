"""The site's menu, rendered three times as the real page carries it (SITE.md, "Article pages, current layout").

- the slide-in menu of the mobile header (`div#mySidenav`): accordion groups `p.menu_first` + `div.paneldrop`,
  relative links, the listing sections as single entries at the end;
- the desktop dropdown menu (`ul#menu-listing`): one `li.dropdown` a group, absolute links on the host
  without `www`, a divider after every item;
- the footer's site map: three columns of `p.footer_text_title` / `p.footer_text`, relative links.

The groups and labels are texts.MENU (the project's own words); the markup follows the structure seen.
"""

from __future__ import annotations

from functools import lru_cache

from archiver.replica.escape import text as _text
from archiver.replica.texts import DECLARATIONS_PATH, EMBLEM_ALT, MENU, MENU_LANG

SWITCHER_HOST = "https://akorda.kz"  # seen: absolute links of the header on the host without www
PRESS_GROUP = "events"  # the group of listing sections: single entries, not an accordion
# Menu entries the real page keeps in comments (commented-out lines of the site map, seen).
COMMENTED_IN_SITE_MAP = ("president/elbasy", "announcements")
REPEATED_CLASS = ' class=""'  # the declarations link of the desktop menu repeats its class attribute (seen)


def _groups(lang: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group label, group path, [(item label, item path)]) in the page's language."""
    k = MENU_LANG[lang]
    return [(labels[k], top, [(label[k], path) for label, path in subs]) for labels, top, subs in MENU]


def _press(lang: str) -> list[tuple[str, str]]:
    return next(items for _, top, items in _groups(lang) if top == PRESS_GROUP)


@lru_cache(maxsize=8)
def sidenav(lang: str) -> str:
    """The slide-in menu of the mobile header: emblem and close button, then the accordion."""
    parts = ['<div id="mySidenav" class="sidenav scrollbar scrollbar-cyan bordered-none thin my-scroll">\n',
             '  <!-- slide-in menu: top bar -->\n  <div class="row d-flex sticky-top bgtop">\n',
             f'    <div class="text-left ml-3" style="width: 70px;">{emblem(lang, small=True)}</div>\n',
             '    <div class="text-right"><a style="margin-top:10px; margin-right: 10px;" '
             'href="javascript:void(0)" class="closebtn" onclick="closeNav()">'
             '<img src="/img/close_button.png" alt="Close button"></a></div>\n  </div>\n',
             '  <!-- slide-in menu: groups -->\n  <div class="menu_content_mobile" style="margin-top: 20px;">\n']
    for label, top, items in _groups(lang):
        if top == PRESS_GROUP:
            continue
        if len(items) == 1:
            parts.append(f'    <hr size="1">\n    <p class="menu_first text-nowrap no-accordion">'
                         f'<a href="/{lang}/{top}">{_text(label)}</a></p>\n')
            continue
        links = "".join(f'      <p><a href="/{lang}/{path}">{_text(name)}</a></p>\n' for name, path in items)
        parts.append(f'    <hr size="1">\n    <p class="menu_first text-nowrap accordion"><a href="#">'
                     f'{_text(label)}</a></p>\n    <div class="paneldrop">\n      <p></p>\n{links}    </div>\n')
    for name, path in _press(lang):
        parts.append(f'    <hr size="1">\n    <p class="menu_first text-nowrap no-accordion">'
                     f'<a href="/{lang}/{path}">{_text(name)}</a></p>\n')
    return "".join(parts) + '    <hr size="1">\n  </div>\n</div>\n<!-- /slide-in menu -->\n'


@lru_cache(maxsize=8)
def _dropdowns(lang: str) -> str:
    groups = []
    for label, top, items in _groups(lang):
        if top == PRESS_GROUP:
            continue
        links = "\n".join(
            f'<li class="dropdown-item"><a class="" href="{SWITCHER_HOST}/{lang}/{path}"  target="_self"'
            f'{REPEATED_CLASS if path == DECLARATIONS_PATH else ""}>{_text(name)}</a></li>'
            '<li><hr class="li-divider" size="1"></li>' for name, path in items)
        groups.append(f'<li class="nav-item menu_main dropdown lines">\n                  '
                      f'<a data-toggle="dropdown" class="">\n                    {_text(label)}\n'
                      f'                  </a>\n                  <ul class="dropdown-menu">\n'
                      f"                    {links}\n\n                  </ul>\n                </li>\n")
    return "".join(groups)


def desktop_menu(lang: str, extra: tuple[str, str] | None) -> str:
    """The desktop dropdown menu; `extra` (label, path): one more single link at its end."""
    more = (f'<li class="nav-item menu_main lines"><a class="" href="{extra[1]}">{_text(extra[0])}</a></li>\n'
            if extra else "")
    return (f'            <!-- top menu -->\n\n<ul class="navbar-nav mt-2" id="menu-listing">\n'
            f"{_dropdowns(lang)}{more}\n</ul>\n\n            <!--// top menu -->\n")


@lru_cache(maxsize=8)
def site_map(lang: str) -> str:
    """The footer's site map: the groups in two columns, the listing sections in a third."""
    groups = [g for g in _groups(lang) if g[1] != PRESS_GROUP]
    half = (len(groups) + 1) // 2

    def column(chunk: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
        out = []
        for label, _, items in chunk:
            out.append(f'            <p class="footer_text_title">{_text(label)}</p>\n')
            for name, path in items:
                line = f'<p class="footer_text"><a href="/{lang}/{path}">{_text(name)}</a></p>'
                out.append(f"            <!--{line}-->\n" if path in COMMENTED_IN_SITE_MAP
                           else f"            {line}\n")
            out.append("\n")
        return "".join(out)

    press = "".join(
        (f'            <!--<p class="footer_text_title"><a href="/{lang}/{path}">{_text(name)}</a></p>-->\n'
         if path in COMMENTED_IN_SITE_MAP else
         f'            <p class="footer_text_title"><a href="/{lang}/{path}">{_text(name)}</a></p>\n')
        for name, path in _press(lang))
    return ('        <!-- site map -->\n        <div class="row mt-5">\n\n'
            f'          <div id="col_1" class="col-md-4 showblock">\n{column(groups[:half])}          </div>\n\n'
            f'          <div id="col_2" class="col-md-4 showblock">\n{column(groups[half:])}          </div>\n\n'
            f'          <div id="col_3" class="col-md-4">\n{press}          </div>\n\n        </div>\n')


def emblem(lang: str, small: bool = False) -> str:
    if small:
        return (f'<a href="/{lang}"><img style="width: 60px;" class="m-0 p-0" src="/img/gerb_small.png?v=1" '
                f'alt="{EMBLEM_ALT}"></a>')
    return f'<a href="/{lang}"><img src="/img/gerb.png?v=1" alt="{EMBLEM_ALT}"></a>'


# The panel of the version for the visually impaired: (setting, its choices), per language. The real page
# keeps the link that opens it in a comment; the replica keeps the panel in one too.
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


@lru_cache(maxsize=8)
def special_panel(lang: str) -> str:
    """The switched-off panel of the special version, in a comment."""
    rows = "\n".join(
        f'        <div class="special_row" style="margin-bottom: 8px;"><span class="special_label">{_text(label)}'
        "</span>" + "".join(f'<button type="button" class="special_btn" data-value="{k}" style="margin-left: 6px;">'
                            f"{_text(choice)}</button>" for k, choice in enumerate(choices)) + "</div>"
        for label, choices in SPECIAL[lang])
    return (f'      <!-- special version (switched off)\n      <div class="special_panel" style="display: none;">\n'
            f"{rows}\n      </div>\n      -->\n")
