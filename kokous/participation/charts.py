"""Server-rendered SVG bar charts of survey results, one horizontal bar per answer option.

Built like the pictures of `kokous.preparation.pictures`: ElementTree escapes every text, the
root has role="img" and is labelled by its <title> and <desc>, and the desc says the whole
result in words (the same figures the page's table shows beside the chart). Each row also
carries a <title> with its full label and figure. Text is dark on white and bars are dark
enough against white for WCAG 2.1 AA (4.5:1 for text, 3:1 for graphics); the figures are
written out as text, so nothing is told by bar length alone."""

import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kokous.core.svg import svg_root
from kokous.core.svg import svg_serialise as _serialise
from kokous.core.svg import svg_sub as _sub
from kokous.core.svg import svg_text as _text

BAR_FILL = "#2f6db5"  # 5.3:1 on white
AXIS = "#52606d"
WIDTH = 640.0
LABEL_X = 8.0
LABEL_CHARS = 28  # about 200px of 13px text, the room left of the bars
BAR_X = 216.0
BAR_MAX = 312.0  # leaves room after the longest bar for a figure like "12345 (100 %)"
MIN_BAR = 2.0  # a count above zero is always visible
HEADER = 32.0
ROW = 44.0
# Characters XML 1.0 does not allow at all; ElementTree would write them as they are and the
# SVG would no longer parse. Lone surrogates are among them (they cannot be encoded either).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Bar:
    """One answer option and how many respondents chose it."""

    label: str
    count: int

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError(f"A bar's count cannot be negative: {self.count}")


def percent(count: int, total: int) -> int:
    """`count` as a whole percentage of `total` (the respondents who answered), halves rounded
    up as people are taught to round, not to even as round() does; 0 when nobody answered."""
    if total <= 0:
        return 0
    return (200 * count + total) // (2 * total)


def bar_chart_svg(
    *, title: str, bars: Sequence[Bar], total: int, key: str, description: str = ""
) -> str:
    """A horizontal bar chart of `bars` in their order, each bar as long as its count relative
    to the largest, with the count and its percentage of `total` after it. `key` prefixes the
    ids of the chart's title and desc, so it must be unique on the page (characters other than
    A-Z, a-z, 0-9, _ and - become "-"); `description`, if given, comes before the result in the
    desc (say there what the chart is about, e.g. that several options could be chosen)."""
    key = _NOT_ID.sub("-", key) or "chart"
    if not bars:
        summary = _("No answers yet.")
        root = _root(HEADER + 24, key, title, _join(description, summary))
        _text(root, LABEL_X, 26, summary)
        return _serialise(root)
    figures = [_figure(bar.count, total) for bar in bars]
    summary = _("Answers: %(total)s.") % {"total": total}
    result = "; ".join(
        _("%(label)s: %(figure)s") % {"label": _clean(bar.label), "figure": figure}
        for bar, figure in zip(bars, figures, strict=True)
    )
    root = _root(HEADER + ROW * len(bars) + 8, key, title, _join(description, summary, result))
    _text(root, LABEL_X, 20, summary, font_weight="600")
    _sub(root, "line", {
        "x1": f"{BAR_X:.0f}", "x2": f"{BAR_X:.0f}", "y1": f"{HEADER:.0f}",
        "y2": f"{HEADER + ROW * len(bars):.0f}", "stroke": AXIS,
    })  # fmt: skip
    largest = max(bar.count for bar in bars)
    for index, (bar, figure) in enumerate(zip(bars, figures, strict=True)):
        _row(root, bar, figure, HEADER + ROW * index, _bar_width(bar.count, largest))
    return _serialise(root)


def _bar_width(count: int, largest: int) -> float:
    """The length of a bar for `count` when the largest count fills the whole width."""
    if count <= 0 or largest <= 0:
        return 0.0
    return max(BAR_MAX * count / largest, MIN_BAR)


def _row(parent: ET.Element, bar: Bar, figure: str, y: float, width: float) -> None:
    label = _clean(bar.label)
    g = _sub(parent, "g", {"class": "bar"})
    _sub(g, "title", {}, _("%(label)s: %(figure)s") % {"label": label, "figure": figure})
    lines = textwrap.wrap(label, LABEL_CHARS, max_lines=2, placeholder=" …") or [""]
    first = y + (18 if len(lines) == 2 else 26)
    for number, line in enumerate(lines):
        _text(g, LABEL_X, first + 16 * number, line)
    if width > 0:
        _sub(g, "rect", {
            "x": f"{BAR_X:.1f}", "y": f"{y + 12:.1f}", "width": f"{width:.1f}", "height": "20",
            "fill": BAR_FILL,
        })  # fmt: skip
    _text(g, BAR_X + width + 6, y + 27, figure)


def _figure(count: int, total: int) -> str:
    # Finnish style, a space before the percent sign: "20 (35 %)".
    return _("%(count)s (%(percent)s %%)") % {"count": count, "percent": percent(count, total)}


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _join(*parts: str) -> str:
    return " ".join(_clean(part).strip() for part in parts if part.strip())


def _root(height: float, key: str, title: str, description: str) -> ET.Element:
    return svg_root(WIDTH, height, key, _clean(title), description, "picture bar-chart")
