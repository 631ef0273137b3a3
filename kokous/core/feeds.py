"""Feed generators for every RSS and Atom feed of Kokous: Django's, never failing on a text that
XML 1.0 cannot carry."""

import re
from typing import IO, Any

from django.utils import feedgenerator

# The control characters that XML 1.0 refuses (all but tab, line feed and carriage return).
# Django's generator raises for them, which would take down a whole feed for one vertical tab
# pasted from a word processor into a title.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(part) for part in value)
    return value


class XmlSafeFeedMixin:
    """Drops the characters XML 1.0 refuses from the feed's texts and its items' before writing."""

    feed: dict[str, Any]
    items: list[dict[str, Any]]

    def write(self, outfile: IO[str], encoding: str) -> None:
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}
        self.items = [{key: _xml_safe(value) for key, value in item.items()} for item in self.items]
        super().write(outfile, encoding)  # type: ignore[misc]


class Rss201rev2Feed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    pass


class Atom1Feed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    pass
