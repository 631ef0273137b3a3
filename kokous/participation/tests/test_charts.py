import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kokous.participation import charts
from kokous.participation.charts import Bar, bar_chart_svg, percent

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    found = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert [found[i].tag for i in ids] == [f"{SVG}title", f"{SVG}desc"]
    assert all((found[i].text or "").strip() for i in ids)  # the text alternative says something
    return root


def _rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]


def _width(row: ET.Element) -> float:
    rect = row.find(f"{SVG}rect")
    return 0.0 if rect is None else float(rect.get("width") or 0)


def _ids(root: ET.Element) -> set[str]:
    return {element.get("id") or "" for element in root.iter() if element.get("id")}


def test_the_chart_says_the_result_in_words_and_has_a_row_per_bar():
    bars = [Bar("Option A", 20), Bar("Option B", 37), Bar("Option C", 0)]
    with translation.override("en"):
        svg = bar_chart_svg(
            title="Which options?", bars=bars, total=57, key="q1", description="Pick one."
        )
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == "Which options?"
    assert root.find(f"{SVG}desc").text == (
        "Pick one. Answers: 57. Option A: 20 (35 %); Option B: 37 (65 %); Option C: 0 (0 %)"
    )
    titles = [row.find(f"{SVG}title").text for row in _rows(root)]
    assert titles == ["Option A: 20 (35 %)", "Option B: 37 (65 %)", "Option C: 0 (0 %)"]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Option A" in texts and "20 (35 %)" in texts and "Answers: 57." in texts


def test_bars_are_as_long_as_their_counts_relative_to_the_largest():
    root = _parse(
        bar_chart_svg(
            title="t",
            bars=[Bar("half", 500), Bar("all", 1000), Bar("none", 0), Bar("one", 1)],
            total=1200,
            key="q",
        )
    )
    half, full, none, tiny = (_width(row) for row in _rows(root))
    assert full == pytest.approx(charts.BAR_MAX)
    assert abs(half - full / 2) <= 1
    assert none == 0 and _rows(root)[2].find(f"{SVG}rect") is None
    assert tiny >= 2  # 1 of 1000 would be 0.3px: still visible


def test_a_long_label_is_wrapped_to_two_lines_and_said_in_full_in_the_title():
    label = "Lähiliikunta­paikkojen kunnostaminen ja uusien rakentaminen " * 6
    root = _parse(bar_chart_svg(title="t", bars=[Bar(label, 3)], total=3, key="q"))
    (row,) = _rows(root)
    lines = [text.text or "" for text in row.findall(f"{SVG}text")][:-1]  # the last is the figure
    assert len(lines) == 2
    assert all(len(line) <= 28 for line in lines)
    assert lines[-1].endswith("…")
    assert row.find(f"{SVG}title").text.startswith(label)


HOSTILE = [
    "<script>alert(1)</script>",
    'Tom & Jerry\'s "best" <b>friend</b>',
    "]]><!-- --><![CDATA[",
    "x" * 300,
    "Sauna 🧖‍♀️ ja 🏊 uimahalli 👍🏽",
    "مكتبة عامة جديدة ومساحة للشباب",
    "עברית and English mixed 123",
    "bell\x07 and nul\x00 and escape\x1b",
    "",
    "   ",
]


def test_hostile_labels_are_escaped_and_the_svg_stays_well_formed():
    bars = [Bar(label, n) for n, label in enumerate(HOSTILE)]
    svg = bar_chart_svg(title="<script>x</script> & \"t\"", bars=bars, total=45, key="q",
                        description="<img src=x onerror=alert(1)>")  # fmt: skip
    assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert len(_rows(root)) == len(HOSTILE)
    titles = [row.find(f"{SVG}title").text or "" for row in _rows(root)]
    assert titles[0] == "<script>alert(1)</script>: 0 (0 %)"  # escaped, and said as it is
    assert titles[1].startswith('Tom & Jerry\'s "best" <b>friend</b>')
    assert titles[4].startswith("Sauna 🧖‍♀️ ja 🏊 uimahalli 👍🏽")
    assert titles[5].startswith("مكتبة عامة")
    assert titles[7].startswith("bell and nul and escape")  # characters XML cannot carry dropped
    assert root.find(f"{SVG}title").text == '<script>x</script> & "t"'


def test_no_bars_still_makes_a_chart_that_says_so():
    with translation.override("en"):
        root = _parse(bar_chart_svg(title="t", bars=[], total=0, key="q"))
    assert root.find(f"{SVG}desc").text == "No answers yet."
    assert "No answers yet." in [text.text for text in root.iter(f"{SVG}text")]
    assert _rows(root) == []


def test_nobody_answering_gives_zero_percent_and_no_bars():
    root = _parse(bar_chart_svg(title="t", bars=[Bar("a", 0), Bar("b", 0)], total=0, key="q"))
    assert [_width(row) for row in _rows(root)] == [0, 0]


@pytest.mark.parametrize(
    "count, total, expected",
    [(0, 0, 0), (5, 0, 0), (0, 7, 0), (1, 3, 33), (2, 3, 67), (57, 57, 100), (20, 57, 35),
     (1, 8, 13), (3, 8, 38), (1, 200, 1), (1, 201, 0), (3, 2, 150)],
)  # fmt: skip
def test_percent_is_rounded_half_up_and_zero_without_answers(count, total, expected):
    assert percent(count, total) == expected


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        Bar("a", -1)


def test_each_chart_has_ids_of_its_own_and_keys_become_safe_ids():
    first = _parse(bar_chart_svg(title="t", bars=[Bar("a", 1)], total=1, key="question-1"))
    second = _parse(bar_chart_svg(title="t", bars=[Bar("a", 1)], total=1, key="question-2"))
    assert _ids(first) == {"question-1-title", "question-1-desc"}
    assert _ids(first).isdisjoint(_ids(second))
    odd = _parse(bar_chart_svg(title="t", bars=[], total=0, key='my "key" <x> ä'))
    assert odd.get("aria-labelledby") is not None
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in _ids(odd))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in odd.get("aria-labelledby").split())
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in _ids(
        _parse(bar_chart_svg(title="t", bars=[], total=0, key=""))
    ))  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(st.text(max_size=80), st.integers(0, 100_000)), min_size=1,
                  max_size=12),
    extra=st.integers(0, 1000),
)  # fmt: skip
def test_every_row_is_drawn_and_widths_follow_the_counts(rows, extra):
    counts = [count for _label, count in rows]
    total = max(counts) + extra
    svg = bar_chart_svg(title="t", bars=[Bar(label, count) for label, count in rows],
                        total=total, key="q")  # fmt: skip
    drawn = _rows(_parse(svg))
    assert len(drawn) == len(rows)
    widths = [_width(row) for row in drawn]
    for count_a, width_a in zip(counts, widths, strict=True):
        for count_b, width_b in zip(counts, widths, strict=True):
            if count_a <= count_b:
                assert width_a <= width_b
        assert (width_a >= 2) if count_a > 0 else (width_a == 0)
    if max(counts) > 0:
        assert max(widths) == pytest.approx(charts.BAR_MAX)
    for row, count in zip(drawn, counts, strict=True):
        assert (row.find(f"{SVG}title").text or "").endswith(f"{count} ({percent(count, total)} %)")


def test_the_chart_does_not_depend_on_elementtree_prefixes(monkeypatch):
    """ElementTree's namespace prefixes are global: a library that registers one for SVG (as
    some do) must not turn the chart's tags into <svg:g>, which HTML does not read as SVG."""
    # As in the preparation pictures' test, but on a copy of the registry that is put back
    # afterwards, so the registration does not leak into other tests.
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))
    ET.register_namespace("svg", "http://www.w3.org/2000/svg")
    ET.register_namespace("", "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
    svg = bar_chart_svg(title="t", bars=[Bar("a", 2), Bar("b", 1)], total=3, key="q")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<svg:" not in svg and "<ns0:" not in svg
    assert "<g " in svg and "<rect " in svg and "<title>" in svg
    _parse(svg)
