"""The role menu and the header's links. Apps add their entries in AppConfig.ready() with
`register_menu` and `register_header_link`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, get_script_prefix, reverse


@dataclass(frozen=True, order=True)
class MenuItem:
    order: int
    label: str
    url_name: str
    roller: frozenset[str]


_items: list[MenuItem] = []
# A role's menu per URL prefix: the same on every page, and reversing its URLs on every request
# was a noticeable part of the page frame's cost (issue 10). Emptied when an entry is added.
_menus: dict[tuple[str, str], list[dict[str, str]]] = {}
_header_links: list[Callable[[object], str]] = []


def register_menu(*, label: str, url_name: str, roller: set[str] | frozenset[str], order: int = 50) -> None:
    item = MenuItem(order=order, label=str(label), url_name=url_name, roller=frozenset(roller))
    if item not in _items:
        _items.append(item)
        _menus.clear()


def menu_for(user: object) -> list[dict[str, str]]:
    """The menu of the user's role: label, url and url_name per entry. The list is shared
    between requests: read it, never change it."""
    rolle = getattr(user, "rolle", "")
    key = (rolle, get_script_prefix())
    menu = _menus.get(key)
    if menu is None:
        menu = []
        for item in sorted(_items):
            if rolle not in item.roller:
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            menu.append({"label": item.label, "url": url, "url_name": item.url_name})
        _menus[key] = menu
    return menu


def register_header_link(render: Callable[[object], str]) -> None:
    """An app's link in the header beside the user's name (the inbox): `render(user)` gives
    safe HTML, or "" when the user has none."""
    if render not in _header_links:
        _header_links.append(render)


def header_links(user: object) -> list[str]:
    return [render(user) for render in _header_links]
