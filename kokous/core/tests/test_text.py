"""Text sanitising: rich text keeps its structure and loses everything that could run."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kokous.core.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, plain_text_to_html, sanitize_html

# sanitize_html ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hei<script>alert(1)</script></p>", "<p>Hei</p>"),
        ("<script src='https://evil.example/x.js'></script><p>a</p>", "<p>a</p>"),
        ("<svg><script>alert(1)</script></svg>", ""),
        ('<p onclick="steal()">a</p>', "<p>a</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<a href="https://kymenhva.fi" onmouseover="x()">a</a>',
         '<a href="https://kymenhva.fi" rel="noopener noreferrer">a</a>'),
        ('<a href="javascript:alert(1)">a</a>', '<a rel="noopener noreferrer">a</a>'),
        ('<a href="JaVaScRiPt:alert(1)">a</a>', '<a rel="noopener noreferrer">a</a>'),
        ('<a href="data:text/html,<script>alert(1)</script>">a</a>',
         '<a rel="noopener noreferrer">a</a>'),
        ('<p style="color: red">a</p>', "<p>a</p>"),
        ("<style>p { display: none }</style><p>a</p>", "<p>a</p>"),
        ('<iframe src="https://evil.example"></iframe>', ""),
        ("<form><input name=x></form>", ""),
        ("<p>a<!-- kommentti --></p>", "<p>a</p>"),
        ('<div class="x"><span>teksti</span></div>', "teksti"),
        ("<h1>Otsikko</h1>", "Otsikko"),
        ("a\x00b", "ab"),
        ("", ""),
        ("  <p>a</p>\n ", "<p>a</p>"),
    ],
)  # fmt: skip
def test_sanitize_html_removes_what_is_not_allowed(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Kappale <strong>vahva</strong> <b>b</b> <em>em</em> <i>i</i> <u>u</u> <s>s</s></p>",
        "<p>H<sub>2</sub>O ja m<sup>2</sup><br>uusi rivi</p>",
        "<ul><li>yksi</li><li>kaksi</li></ul>",
        '<ol start="3" type="a"><li>kolme</li></ol>',
        "<blockquote><p>lainaus</p></blockquote>",
        "<h2>Otsikko</h2><h3>Ala</h3><h4>Ala-ala</h4>",
        '<table><caption>Taulukko</caption><thead><tr><th scope="col" colspan="2">a</th></tr>'
        '</thead><tbody><tr><td rowspan="2">b</td></tr></tbody></table>',
        '<p><abbr title="julkisuuslaki">JulkL</abbr> 24 §</p>',
    ],
)
def test_sanitize_html_keeps_allowed_markup(markup):
    assert sanitize_html(markup) == markup


@pytest.mark.parametrize(
    "href",
    [
        "https://kymenhva.fi/paatoksenteko",
        "http://example.fi",
        "mailto:kirjaamo@kymenhva.fi",
        "tel:+358401234567",
        "/hallinto/kokoukset",
        "#s5",
    ],
)
def test_links_keep_safe_addresses_and_get_rel(href):
    cleaned = sanitize_html(f'<a href="{href}" title="Lisätietoja" target="_blank">linkki</a>')

    assert cleaned == (f'<a href="{href}" title="Lisätietoja" rel="noopener noreferrer">linkki</a>')


def test_text_is_escaped():
    assert sanitize_html("1 < 2 & 3 > 0") == "1 &lt; 2 &amp; 3 &gt; 0"
    assert sanitize_html("<p>Tom &amp; Jerry</p>") == "<p>Tom &amp; Jerry</p>"


TOKENS = [*"<>/=\"' &;:-abcdeiloprstv", "script", "javascript:", "onerror", "style", "href",
          "<a ", "<p>", "</p>", "<img ", "<!--", "-->", "<![CDATA[", "&lt;", "\x00"]  # fmt: skip
HTMLISH = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def tags_of(markup):
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.found


@settings(max_examples=200, deadline=None)
@given(value=HTMLISH)
def test_sanitized_html_has_only_allowed_tags_and_attributes(value):
    cleaned = sanitize_html(value)

    for tag, attrs in tags_of(cleaned):
        assert tag in ALLOWED_TAGS
        for name, attr_value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            if name == "href":
                assert not (attr_value or "").strip().lower().startswith(("javascript", "data"))
    assert "\x00" not in cleaned
    assert sanitize_html(cleaned) == cleaned


# plain_text_to_html --------------------------------------------------------------------------


def test_blank_lines_separate_paragraphs_and_lines_break():
    text = "Valmistelija: Ismo Korhonen\nPuh. 040 123 4567\n\nEsittelijä esittää, että..."

    assert plain_text_to_html(text) == (
        "<p>Valmistelija: Ismo Korhonen<br>Puh. 040 123 4567</p>\n"
        "<p>Esittelijä esittää, että...</p>"
    )


def test_bullet_lines_become_a_list():
    text = "Tehtävät:\n- johtamisen rakenteet\n• talous\n* henkilöstö\nVastuu: VATE"

    assert plain_text_to_html(text) == (
        "<p>Tehtävät:</p>\n"
        "<ul><li>johtamisen rakenteet</li><li>talous</li><li>henkilöstö</li></ul>\n"
        "<p>Vastuu: VATE</p>"
    )


def test_a_list_in_its_own_paragraph():
    assert plain_text_to_html("Johdanto\n\n- yksi\n- kaksi\n\nLoppu") == (
        "<p>Johdanto</p>\n<ul><li>yksi</li><li>kaksi</li></ul>\n<p>Loppu</p>"
    )


def test_a_dash_without_a_space_is_not_a_bullet():
    assert plain_text_to_html("-10 % säästö\n2022–2023") == "<p>-10 % säästö<br>2022–2023</p>"


def test_plain_text_is_escaped():
    assert plain_text_to_html("1 < 2 & 3 > 0") == "<p>1 &lt; 2 &amp; 3 &gt; 0</p>"
    assert plain_text_to_html("- <b>ei lihavoitu</b> & muuta") == (
        "<ul><li>&lt;b&gt;ei lihavoitu&lt;/b&gt; &amp; muuta</li></ul>"
    )


def test_markup_in_plain_text_is_shown_not_run():
    assert plain_text_to_html("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_surrounding_and_repeated_blank_lines_are_dropped():
    assert plain_text_to_html("  \n\n  a  \n\n\n\n b \n") == "<p>a</p>\n<p>b</p>"
    assert plain_text_to_html("") == ""
    assert plain_text_to_html(" \n \n") == ""


# Every stored rich text is sanitised ---------------------------------------------------------


@pytest.mark.django_db
def test_rich_text_fields_are_sanitised_on_save():
    from kokous.organisations.tests.factories import BodyFactory

    body = BodyFactory(mandate='<p onclick="x()">Tehtävät<script>alert(1)</script></p>')

    body.refresh_from_db()
    assert body.mandate == "<p>Tehtävät</p>"
