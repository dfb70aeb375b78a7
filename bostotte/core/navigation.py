"""The role menu. Apps add their entries in AppConfig.ready() with `register_menu`."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True, order=True)
class MenuItem:
    order: int
    label: str
    url_name: str
    roller: frozenset[str]


_items: list[MenuItem] = []


def register_menu(*, label: str, url_name: str, roller: set[str] | frozenset[str], order: int = 50) -> None:
    item = MenuItem(order=order, label=str(label), url_name=url_name, roller=frozenset(roller))
    if item not in _items:
        _items.append(item)


def menu_for(user: object) -> list[dict[str, str]]:
    rolle = getattr(user, "rolle", "")
    out = []
    for item in sorted(_items):
        if rolle not in item.roller:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": item.label, "url": url, "url_name": item.url_name})
    return out
