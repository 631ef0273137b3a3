"""Text sanitising: every piece of rich text that Kokous stores passes through `sanitize_html`."""

import html
import re

import nh3

# What the rich-text editor and imported documents may use: structure, emphasis and links.
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_BULLET = re.compile(r"^\s*[-•*]\s+")
# PDFium writes U+0002 for an ordinary hyphen at a line's end; WeasyPrint hyphenates with U+2010.
_HYPHENS = "-\u2010\u00ad\x02"
_VOWELS = "aeiouyäöå"


def sanitize_html(value: str) -> str:
    """Return `value` with everything but the allowed markup removed (scripts, handlers, styles).

    Links get rel="noopener noreferrer"; null bytes are dropped before parsing.
    """
    if not value:
        return ""
    return nh3.clean(
        value.replace("\x00", ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def plain_text_to_html(text: str) -> str:
    """Turn plain text as found in exported documents into simple, safe HTML.

    Blank lines separate paragraphs; runs of lines starting with "-" or "•" become a list.
    """
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        # Group the block's lines into runs of list items and runs of ordinary lines.
        runs: list[tuple[bool, list[str]]] = []
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            is_item = bool(_BULLET.match(line))
            content = html.escape(_BULLET.sub("", line).strip() if is_item else line)
            if runs and runs[-1][0] == is_item:
                runs[-1][1].append(content)
            else:
                runs.append((is_item, [content]))
        for is_item, lines in runs:
            if is_item:
                blocks.append("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")
            else:
                blocks.append("<p>" + "<br>".join(lines) + "</p>")
    return sanitize_html("\n".join(blocks))


def wrapped_lines_join(text: str, line: str) -> str:
    """A wrapped line joined to the text before it. A hyphen at the line's end goes when it
    broke a word ("maakun-" + "nan") and stays when it joins a compound ("linja-" + "auto",
    "EU-" + "rahoitus", "Sanna-" + "Riitta"): Finnish is hyphenated neither between like
    vowels nor after a capital."""
    if text.endswith("/"):  # "Kohde/" + "kriteeri"
        return text + line
    if len(text) < 2 or text[-1] not in _HYPHENS or not text[-2].isalpha():
        return f"{text} {line}"
    before, after = text[-2], line[:1]
    if before.islower() and after.islower() and not (before == after and after in _VOWELS):
        return text[:-1] + line
    return text[:-1] + "-" + line
