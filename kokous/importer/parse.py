"""Parse the plain text of Finnish minutes, agendas and memos into a structured meeting.

The approach: a line tokenizer and a lark LALR grammar over its tokens.

1. **Layout pre-scan** (`_layout_scan`). Some rules need the whole document before any line
   can be classified: the page headers and footers that repeat on every page (seed 003's
   "VATE:n poliittinen seurantaryhmä / 27.01.2022 / 6", three lines apart, or one line with tabs)
   are found as (text, date, page number) groups that recur; they also name the body. The
   meeting's date is the majority of the dates of the meeting-time lines, the first line and
   the page headers, so that one line with a wrong year ("27.1.2021" on a 2022 meeting) is
   outvoted and reported. The table of contents gives attachment titles.
2. **Line tokenizer** (`_Tokenizer`). Each line is classified into one token type (meeting
   time, place, TOC line, attendance heading, attendee "Name<TAB>Municipality", role word,
   section header "1 §", title, record number, earlier handling "12.1.2022 §5 Body", heading of
   proposal / decision / discussion, speakers, votes, attachments, body text, signatures).
   Line structure is what carries the meaning in these exports, so the tokenizer is a small
   state machine (head, table of contents, attendance, items, reproduced attachment,
   signatures): the same words mean different things in different parts ("Poissa" is an
   attendance heading at the top and a vote column in an item). Blank lines, page headers,
   TOC lines, separator rules are consumed here; a line of no words (stray symbols, a lone
   number) becomes a warning here.
3. **Grammar** (`_GRAMMAR`, lark LALR with the tokenizer as a custom lexer). It states the
   order of a document: head, attendance, items (section, title, record number, earlier
   handlings, then handlings of prep text, proposal, discussion, decisions), signatures. A
   token the grammar does not expect where it stands is reported as a warning through lark's
   `on_error` recovery, and parsing goes on. LALR rather than Earley: the token stream is
   unambiguous once lines are classified, and LALR is linear and fast (the benchmark parses
   1,000 generated minutes).
4. **Semantics** (`_Builder`): the parse tree becomes dataclasses; wrapped lines are joined
   into paragraphs, role words are tied to people, checkers are read from the decision of the
   item that elects them, and the dates and times are resolved.

Choices that the document cannot settle alone, and how they are made:

- An item handled in several meetings (seed 003 § 4 carries the 12.1.2022 handling of VATE
  before this meeting's, introduced by the lone date "27.1.2022") has one `Handling` each.
  `Item.proposal`, `decision`, `speakers`, `votes` and `attachments` are those of the last
  handling (this meeting's); `Item.decisions` lists the decisions of every handling in order,
  and `meeting_json`'s "decision" is the final decision.
- `speakers` lists each person once, in the order of their first turn.
- A role word on a line of its own after a group of attendees ("puheenjohtaja" after the
  names, as a PDF table comes out) belongs to one of them: the person who signs with that role
  when the signatures say, else the first of the group, with a warning saying so.
- A document without section headers (a memo such as seed 001) is one item whose number is
  None; a date without a time makes "start" an ISO date ("2018-01-31") in `meeting_json`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer

HELSINKI = ZoneInfo("Europe/Helsinki")


class ImportFailed(Exception):
    """A document that cannot be read or holds no text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- the result ---------------------------------------------------------------------------------


@dataclass
class Attendee:
    """One person in the attendance list. `capacity` is one of the `CAPACITIES`."""

    name: str
    capacity: str
    municipality: str | None = None
    present: bool = True
    organisation: str | None = None  # the second column when it is not a municipality
    line: int = 0


CAPACITIES = (
    "member",
    "deputy",
    "presenter",
    "secretary",
    "municipal_representative",
    "invited",
    "other",
)


@dataclass
class Handling:
    """One handling of an item: this meeting's, or an earlier one reproduced in the item."""

    heading: str | None = None  # the earlier-handling line or date that introduced it
    preparation: str = ""
    proposal: str | None = None
    proposal_by: str | None = None  # "Esitys, Muutosjohtaja" -> "Muutosjohtaja"
    discussion: str = ""
    speakers: list[str] = field(default_factory=list)
    votes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    decision_by: list[str] = field(default_factory=list)  # "Päätös VATE I" -> "VATE I"
    attachments: list[str] = field(default_factory=list)


@dataclass
class Item:
    """One agenda item (§). The flat fields are those of the last handling (this meeting's)."""

    number: int | None
    title: str
    record_number: str | None = None
    earlier: list[str] = field(default_factory=list)
    preparation: str = ""
    proposal: str | None = None
    decision: str | None = None
    decisions: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    votes: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    handlings: list[Handling] = field(default_factory=list)
    appendix: str = ""  # an attachment reproduced after the item's decision
    line: int = 0


@dataclass
class ParseWarning:
    """A line that was not understood (or understood with a guess), with its line number."""

    line: int
    text: str
    reason: str


@dataclass
class ParsedMeeting:
    """What a document says about one meeting."""

    source: str
    body: str | None
    start: datetime.datetime | None
    end: datetime.datetime | None
    place: str | None
    attendees: list[Attendee]
    chair: str | None
    secretary: str | None
    checkers: list[str]
    items: list[Item]
    warnings: list[ParseWarning]
    date: datetime.date | None = None


def meeting_json(parsed: ParsedMeeting) -> dict[str, Any]:
    """The meeting as the issue's JSON object (ISO 8601 dates with the Helsinki offset)."""
    start: str | None = None
    if parsed.start is not None:
        start = parsed.start.isoformat()
    elif parsed.date is not None:
        start = parsed.date.isoformat()
    return {
        "source": parsed.source,
        "body": parsed.body,
        "start": start,
        "end": parsed.end.isoformat() if parsed.end is not None else None,
        "place": parsed.place,
        "attendees": [
            {
                "name": a.name,
                "capacity": a.capacity,
                "municipality": a.municipality,
                "present": a.present,
            }
            for a in parsed.attendees
        ],
        "chair": parsed.chair,
        "secretary": parsed.secretary,
        "checkers": list(parsed.checkers),
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "record_number": item.record_number,
                "proposal": item.proposal,
                "decision": item.decision,
                "speakers": list(item.speakers),
                "attachments": list(item.attachments),
            }
            for item in parsed.items
        ],
        "warnings": [{"line": w.line, "text": w.text, "reason": w.reason} for w in parsed.warnings],
    }


# -- vocabulary ---------------------------------------------------------------------------------

# Finnish municipalities (2021–), to tell "Name<TAB>Kouvola" from "Name<TAB>Kymsote".
MUNICIPALITIES = frozenset(
    """Akaa Alajärvi Alavieska Alavus Asikkala Askola Aura Brändö Eckerö Enonkoski Enontekiö
    Espoo Eura Eurajoki Evijärvi Finström Forssa Föglö Geta Haapajärvi Haapavesi Hailuoto
    Halsua Hamina Hammarland Hankasalmi Hanko Harjavalta Hartola Hattula Hausjärvi Heinola
    Heinävesi Helsinki Hirvensalmi Hollola Huittinen Humppila Hyrynsalmi Hyvinkää Hämeenkyrö
    Hämeenlinna Ii Iisalmi Iitti Ikaalinen Ilmajoki Ilomantsi Imatra Inari Inkoo Isojoki
    Isokyrö Janakkala Joensuu Jokioinen Jomala Joroinen Joutsa Juuka Juupajoki Juva Jyväskylä
    Jämijärvi Jämsä Järvenpää Kaarina Kaavi Kajaani Kalajoki Kangasala Kangasniemi Kankaanpää
    Kannonkoski Kannus Karijoki Karkkila Karstula Karvia Kaskinen Kauhajoki Kauhava Kauniainen
    Kaustinen Keitele Kemi Kemijärvi Keminmaa Kemiönsaari Kempele Kerava Keuruu Kihniö
    Kinnula Kirkkonummi Kitee Kittilä Kiuruvesi Kivijärvi Kokemäki Kokkola Kolari Konnevesi
    Kontiolahti Korsnäs Koski Kotka Kouvola Kristiinankaupunki Kruunupyy Kuhmo Kuhmoinen
    Kumlinge Kuopio Kuortane Kurikka Kustavi Kuusamo Kyyjärvi Kärkölä Kärsämäki Kökar Lahti
    Laihia Laitila Lapinjärvi Lapinlahti Lappajärvi Lappeenranta Lapua Laukaa Lemi Lemland
    Lempäälä Leppävirta Lestijärvi Lieksa Lieto Liminka Liperi Lohja Loimaa Loppi Loviisa
    Luhanka Lumijoki Lumparland Luoto Luumäki Maalahti Maarianhamina Marttila Masku Merijärvi
    Merikarvia Miehikkälä Mikkeli Muhos Multia Muonio Mustasaari Muurame Mynämäki Myrskylä
    Mäntsälä Mänttä-Vilppula Mäntyharju Naantali Nakkila Nivala Nokia Nousiainen Nurmes
    Nurmijärvi Närpiö Orimattila Oripää Orivesi Oulainen Oulu Outokumpu Padasjoki Paimio
    Paltamo Parainen Parikkala Parkano Pedersören Pelkosenniemi Pello Perho Pertunmaa
    Petäjävesi Pieksämäki Pielavesi Pietarsaari Pihtipudas Pirkkala Polvijärvi Pomarkku Pori
    Pornainen Porvoo Posio Pudasjärvi Pukkila Punkalaidun Puolanka Puumala Pyhtää Pyhäjoki
    Pyhäjärvi Pyhäntä Pyhäranta Pälkäne Pöytyä Raahe Raasepori Raisio Rantasalmi Ranua Rauma
    Rautalampi Rautavaara Rautjärvi Reisjärvi Riihimäki Ristijärvi Rovaniemi Ruokolahti Ruovesi
    Rusko Rääkkylä Saarijärvi Salla Salo Saltvik Sastamala Sauvo Savitaipale Savonlinna
    Savukoski Seinäjoki Sievi Siikainen Siikajoki Siikalatva Siilinjärvi Simo Sipoo Siuntio
    Sodankylä Soini Somero Sonkajärvi Sotkamo Sottunga Sulkava Sund Suomussalmi Suonenjoki
    Sysmä Säkylä Taipalsaari Taivalkoski Taivassalo Tammela Tampere Tervo Tervola Teuva
    Tohmajärvi Toholampi Toivakka Tornio Turku Tuusniemi Tuusula Tyrnävä Ulvila Urjala Utajärvi
    Utsjoki Uurainen Uusikaarlepyy Uusikaupunki Vaala Vaasa Valkeakoski Vantaa Varkaus Vehmaa
    Vesanto Vesilahti Veteli Vieremä Vihti Viitasaari Vimpeli Virolahti Virrat Vårdö Vöyri
    Ylitornio Ylivieska Ylöjärvi Ypäjä Ähtäri Äänekoski""".split()
)

_DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4})"
DATE_RE = re.compile(r"(?<![\d.])" + _DATE + r"(?![\d])")
LONE_DATE_RE = re.compile(r"^" + _DATE + r"\.?$")
TIME_RE = re.compile(r"(?<![\d.])(\d{1,2})[:.](\d{2})(?![\d])")
END_TIME_RE = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}\s*[-–—]\s*(\d{1,2})[:.](\d{2})(?!\d)")

MEETING_TIME_RE = re.compile(r"^(?:kokouksen\s+aika|kokousaika|aika)\b[:\s]*(.*)$", re.I)
PLACE_RE = re.compile(r"^(?:kokouksen\s+paikka|kokouspaikka|paikka)\b[:\s]*(.*)$", re.I)
TOC_HEAD_RE = re.compile(r"^(?:asialuettelo|sisällysluettelo|käsiteltävät\s+asiat)\s*:?$", re.I)
TOC_LINE_RE = re.compile(r"^(?P<text>.*\S)(?:\t+|\s{2,}|\s*\.{3,}\s*)(?P<page>\d{1,3})$")
DOC_TYPE_RE = re.compile(
    r"^(?:pöytäkirja|esityslista|muistio|kokouskutsu|kokousmuistio)(?:\s+\d+/\d{4})?\.?$", re.I
)
ATT_HEAD_RE = re.compile(
    r"^(?:osallistujat|läsnä|läsnäolijat|läsnä\s+olleet|saapuvilla\s+olleet)\b.{0,40}$", re.I
)
ABSENT_RE = re.compile(r"^poissa(?:\s+olleet|\s+olivat)?\s*:?$", re.I)
ROLES = {
    "puheenjohtaja": "chair",
    "pj": "chair",
    "esittelijä": "presenter",
    "pöytäkirjanpitäjä": "secretary",
    "pöytäkirjan pitäjä": "secretary",
    "sihteeri": "secretary",
    "varapuheenjohtaja": "vice_chair",
}
# Group headings whose capacity is known; other headings ("Kymsoten hallitus", "VATE") take
# the capacity of the attendance heading above them (members).
GROUP_CAPACITIES = (
    (re.compile(r"^varajäsen", re.I), "deputy"),
    (re.compile(r"edustaj|jäsenkun", re.I), "municipal_representative"),
    (re.compile(r"^muut\b", re.I), "other"),
    (re.compile(r"^(?:kutsut|asiantuntij)", re.I), "invited"),
    (re.compile(r"^esittelijä", re.I), "presenter"),
    (re.compile(r"^(?:pöytäkirjan\s*pitäjä|sihteeri)", re.I), "secretary"),
    (re.compile(r"^(?:jäsenet|varsinaiset\s+jäsenet)", re.I), "member"),
)
_WORD = r"[A-ZÅÄÖÜ][a-zåäöüéA-ZÅÄÖÜ'’]+(?:-[A-ZÅÄÖÜ][a-zåäöüé'’]+)*"
NAME_RE = re.compile(r"^" + _WORD + r"(?:\s+(?:von\s+|af\s+|de\s+)?" + _WORD + r"){1,3}$")
COLUMNS_RE = re.compile(r"\t+|\s{2,}")

SECTION_RE = re.compile(r"^(?:(?P<n1>\d{1,3})\s*§|§\s*(?P<n2>\d{1,3}))(?:[\s.:]+(?P<title>\S.*))?$")
RECORD_RE = re.compile(
    r"^(?:(?:dnro|dno|diaarinumero)[:.]?\s*)?"
    r"(?P<record>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9-]*/\d+/[0-9.]+/\d{4}|\d+/[0-9.]+/\d{4})$",
    re.I,
)
EARLIER_RE = re.compile(r"^" + _DATE + r"\s*§\s*\d+\s+\S.*$")
BODY_DATE_RE = re.compile(r"^(?P<body>[^\d§]{1,60}?)\s+" + _DATE + r"\s*:?$")
PROPOSAL_RE = re.compile(
    r"^(?:(?P<multi>esittelijän\s+(?:esitys|ehdotus)|päätösehdotus|muutettu\s+esitys)"
    r"|(?P<single>esitys|ehdotus|pohjaesitys))"
    r"(?:\s*,\s*(?P<by>[^:]+?))?(?:\s*:\s*(?P<colon>.*)|\s+(?P<inline>[A-ZÅÄÖ].*))?$",
    re.I,
)
DECISION_RE = re.compile(
    r"^(?:päätös)(?:\s*:\s*(?P<colon>.*)|[ \t]+(?P<inline>[A-ZÅÄÖ].*))?$", re.I
)
QUALIFIER_RE = re.compile(r"^[A-ZÅÄÖ0-9 ]{1,20}$")
DISCUSSION_RE = re.compile(r"^(?:asian\s+käsittely|käsittely|keskustelu)\s*[.:]?$", re.I)
SPEAKERS_RE = re.compile(
    r"^(?:puheenvuoro(?:ja|t)?\s+käytti(?:vät)?|keskusteluun\s+osallistui(?:vat)?)"
    r"\s*:?\s*(?P<names>.*)$",
    re.I,
)
VOTE_RE = re.compile(
    r"^(?:äänestys\w*|äänestyksen\s+tulos|äänestyksessä)\b|^(?:jaa|ei|tyhjää?|tyhjiä|poissa)"
    r"(?:-?äänet|-?ääniä)?\s*(?:\(\d+\))?\s*:",
    re.I,
)
ATTACH_RE = re.compile(r"^liit(?:e|teet)(?=[\s\d:.]|$)\s*(?P<num>\d+)?\s*(?P<rest>.*)$", re.I)
SIGN_HEAD_RE = re.compile(
    r"^(?:kokouksen\s+puolesta|vakuudeksi|pöytäkirjan\s+vakuudeksi|allekirjoitukset)\s*:?$",
    re.I,
)
SEPARATOR_RE = re.compile(r"^[-_=*.\s]{3,}$")
SIGN_BLANK_RE = re.compile(r"^[_\s./]*\d{0,4}$")
FOOTER_RE = re.compile(r"^(?:sivu\s+)?\d{1,3}\s*(?:/\s*\d{1,3}|\(\d{1,3}\))$", re.I)
LIST_RE = re.compile(r"^(?:[-–•*]\s|\d{1,2}\.?[.)a-z]\s|[a-z][.)]\s)")
LETTER_RE = re.compile(r"[^\W\d_]")
ONE_LINE_HEADER_RE = re.compile(
    r"^(?P<text>\S.*?)(?:\t+|\s{2,})(?P<date>" + _DATE + r")(?:\t+|\s{2,})(?P<page>\d{1,3})$"
)
# A Word document's running header, given once at the top: "Body<TAB>date".
FIRST_HEADER_RE = re.compile(r"^(?P<text>\S.*?)(?:\t+|\s{2,})(?P<date>" + _DATE + r")$")


def _date(match: re.Match[str] | Sequence[Any]) -> datetime.date | None:
    """The date of a `_DATE` match (or of its day, month, year), None if it is no date."""
    d, m, y = (match.groups() if isinstance(match, re.Match) else match)[:3]
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _is_noise(line: str) -> bool:
    """A line of no words: stray symbols, a lone number (not a date, not a rule)."""
    return not LETTER_RE.search(line) and not LONE_DATE_RE.match(line)


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*|\s+ja\s+|\s+sekä\s+", text.strip().rstrip("."))
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


# -- stage 1: layout ----------------------------------------------------------------------------


@dataclass
class _Layout:
    header_lines: set[int] = field(default_factory=set)
    body: str | None = None
    dates: list[tuple[datetime.date, int, str]] = field(default_factory=list)  # (date, line, text)
    has_sections: bool = False
    toc_attachments: dict[str, str] = field(default_factory=dict)  # "1" -> title
    meeting_date: datetime.date | None = None


def _layout_scan(lines: list[str]) -> _Layout:
    layout = _Layout()
    content = [
        (i, s) for i, s in enumerate(lines) if s.strip() and not _is_noise_or_blank_ok(s.strip())
    ]
    # Three-line page headers: text, date, page number (blank and noise lines skipped).
    groups: dict[tuple[str, datetime.date], list[tuple[int, int, int]]] = {}
    for k in range(len(content) - 2):
        (i, a), (j, b), (n, c) = content[k], content[k + 1], content[k + 2]
        a, b, c = a.strip(), b.strip(), c.strip()
        match = LONE_DATE_RE.match(b)
        if match and c.isdigit() and len(c) <= 3 and len(a) <= 80 and LETTER_RE.search(a):
            date = _date(match)
            if date is not None:
                groups.setdefault((a, date), []).append((i, j, n))
    one_line: dict[tuple[str, datetime.date], list[int]] = {}
    for i, s in enumerate(lines):
        match = ONE_LINE_HEADER_RE.match(s.strip())
        if match:
            date = _date(match.group(3, 4, 5))
            if date is not None:
                one_line.setdefault((match["text"].strip(), date), []).append(i)
    best = 0
    for (text, date), found in groups.items():
        if len(found) >= 2:
            for triple in found:
                layout.header_lines.update(triple)
                layout.dates.append((date, triple[1] + 1, lines[triple[1]].strip()))
            if len(found) > best:
                best, layout.body = len(found), text
    for (text, date), idx in one_line.items():
        if len(idx) >= 2:
            layout.header_lines.update(idx)
            layout.dates.extend((date, i + 1, lines[i].strip()) for i in idx)
            if len(idx) > best:
                best, layout.body = len(idx), text
    first = next((i for i, raw in enumerate(lines) if raw.strip()), None)
    if layout.body is None and first is not None:
        match = FIRST_HEADER_RE.match(lines[first].strip()) or ONE_LINE_HEADER_RE.match(
            lines[first].strip()
        )
        date = _date(match.group(3, 4, 5)) if match else None
        if match and date is not None and LETTER_RE.search(match["text"]):
            layout.body = match["text"].strip()
            layout.header_lines.add(first)
            layout.dates.append((date, first + 1, lines[first].strip()))
    in_toc = False
    for i, raw in enumerate(lines):
        s = raw.strip()
        if i in layout.header_lines or not s:
            continue
        if TOC_HEAD_RE.match(s):
            in_toc = True
            continue
        toc = TOC_LINE_RE.match(s) if in_toc else None
        if toc and LETTER_RE.search(toc["text"]):
            attach = ATTACH_RE.match(toc["text"].lstrip("-–• ").strip())
            if attach and attach["num"]:
                layout.toc_attachments[attach["num"]] = attach["rest"].strip()
            continue
        in_toc = False
        if SECTION_RE.match(s):
            layout.has_sections = True
        match = MEETING_TIME_RE.match(s)
        if match:
            for m in DATE_RE.finditer(match[1]):
                date = _date(m)
                if date is not None:
                    layout.dates.append((date, i + 1, s))
    if not layout.has_sections or not layout.dates:
        # A memo: its first line may be "BODY date [date]".
        for i, raw in enumerate(lines):
            s = raw.strip()
            if not s:
                continue
            match = DATE_RE.search(s)
            if match and LETTER_RE.search(s[: match.start()]):
                if layout.body is None:
                    layout.body = s[: match.start()].strip()
                for m in DATE_RE.finditer(s):
                    date = _date(m)
                    if date is not None:
                        layout.dates.append((date, i + 1, s))
            break
    if layout.dates:
        counts = Counter(d for d, _line, _text in layout.dates)
        top = max(counts.values())
        # The majority; on a tie, the first stated.
        layout.meeting_date = next(d for d, _l, _t in layout.dates if counts[d] == top)
    return layout


def _is_noise_or_blank_ok(s: str) -> bool:
    """Lines skipped when looking for page-header groups (noise that is not a number/date)."""
    return _is_noise(s) and not s.isdigit()


# -- stage 2: the tokenizer ---------------------------------------------------------------------


@dataclass
class _Info:
    """What the tokenizer learnt about one line, besides its token type."""

    text: str
    para: bool = False  # the line starts a paragraph
    value: str = ""  # the part that matters: inline text, title, names...
    extra: str | None = None  # second column, heading qualifier, section number


class _Tokenizer:
    """Classifies lines into tokens; a state machine over the parts of a document."""

    def __init__(self, lines: list[str], layout: _Layout) -> None:
        self.lines = lines
        self.layout = layout
        self.info: dict[int, _Info] = {}
        self.warnings: list[ParseWarning] = []
        self.stream = self.tokens()

    def tokens(self) -> Iterator[Token]:
        mode = "head"
        expect_title = False
        last_section = 0
        decided = False  # a decision was seen in the current item
        attach_list = False  # after a "Liitteet" heading
        para = True
        after_header = False
        prev_text = ""
        prev_type = ""
        body = (self.layout.body or "").casefold()
        for index, raw in enumerate(self.lines):
            number = index + 1
            s = unicodedata.normalize("NFC", raw).strip()
            s = s.replace("\u00a0", " ")
            if index in self.layout.header_lines:
                after_header = True
                continue
            if not s:
                para = True
                continue
            if after_header:
                # A page break inside a paragraph: the line goes on if the text did.
                if prev_text and not prev_text.endswith((".", ":", "!", "?")) and s[:1].islower():
                    para = False
                after_header = False
            starts = para
            para = False
            if mode == "sign":
                if _is_noise(s) and not SIGN_BLANK_RE.match(s):
                    self._warn(number, s, _("Unrecognised line"))
                    continue
                yield self._tok("SIGN_LINE", number, s)
                continue
            if FOOTER_RE.match(s) or SEPARATOR_RE.match(s) and not LETTER_RE.search(s):
                para = True
                continue
            if mode == "appendix" and not SECTION_RE.match(s) and not SIGN_HEAD_RE.match(s):
                yield self._tok("APPENDIX_TEXT", number, s, para=starts)
                prev_text = s
                continue
            if (
                _is_noise(s)
                and not SECTION_RE.match(s)
                and not (mode == "items" and LONE_DATE_RE.match(s))
            ):
                self._warn(number, s, _("Unrecognised line"))
                para = starts
                continue
            if SIGN_HEAD_RE.match(s) and mode in ("items", "appendix", "attendance"):
                mode = "sign"
                yield self._tok("SIGN_HEAD", number, s)
                continue
            section = SECTION_RE.match(s)
            if section and mode != "toc":
                n = int(section["n1"] or section["n2"])
                if mode in ("head", "attendance", "appendix") or n > last_section:
                    mode, last_section, decided, attach_list = "items", n, False, False
                    title = (section["title"] or "").strip()
                    expect_title = not title
                    yield self._tok("SECTION", number, s, value=title, extra=str(n))
                    continue
            if mode == "toc":
                toc = TOC_LINE_RE.match(s)
                if toc and LETTER_RE.search(toc["text"]):
                    yield self._tok("TOC_LINE", number, s)
                    continue
                mode = "head"
            if mode == "head":
                kind = self._head(s)
                if kind is None and not self.layout.has_sections:
                    mode, expect_title = "items", False
                    yield self._tok("TITLE", number, s, value=s)
                    continue
                if kind == "TOC_HEAD":
                    mode = "toc"
                elif kind == "ATT_HEAD":
                    mode = "attendance"
                yield self._tok(kind or "TEXT", number, s, para=starts)
                continue
            if mode == "attendance":
                yield self._attendance(number, s)
                continue
            if mode == "appendix":
                yield self._tok("APPENDIX_TEXT", number, s, para=starts)
                prev_text = s
                continue
            # items
            if expect_title:
                expect_title = False
                yield self._tok("TITLE", number, s, value=s)
                continue
            token = self._item_line(number, s, starts, body)
            if token.type == "TEXT" and not starts and prev_type == "SPEAKERS":
                # The list of speakers goes on, on a wrapped line.
                token = self._tok("SPEAKERS", number, s, value=s)
            prev_type = token.type
            if token.type == "DECISION":
                decided = True
            if token.type == "TEXT" and decided and self._appendix_start(s):
                mode = "appendix"
                token = self._tok("APPENDIX", number, s)
            elif token.type == "ATTACH_HEAD":
                attach_list = True
            elif token.type == "TEXT" and attach_list:
                token = self._tok("ATTACHMENT", number, s, value=" ".join(s.split()))
            elif token.type != "ATTACHMENT":
                attach_list = False
            if token.type in ("TEXT", "APPENDIX"):
                prev_text = s
            else:
                prev_text = ""
                # After a heading the text starts a paragraph, unless the heading's line
                # already began it ("Päätös: Hyväksyttiin" or a list of speakers wrapped onto
                # the next line).
                para = not (
                    token.type in ("PROPOSAL", "DECISION", "SPEAKERS") and self.info[number].value
                )
            yield token

    def _tok(
        self,
        kind: str,
        number: int,
        text: str,
        *,
        para: bool = False,
        value: str = "",
        extra: str | None = None,
    ) -> Token:
        self.info[number] = _Info(text=text, para=para, value=value, extra=extra)
        return Token(kind, text, line=number)

    def _warn(self, number: int, text: str, reason: str) -> None:
        self.warnings.append(ParseWarning(number, text, reason))

    def _head(self, s: str) -> str | None:
        if MEETING_TIME_RE.match(s):
            return "TIME"
        if PLACE_RE.match(s):
            return "PLACE"
        if TOC_HEAD_RE.match(s):
            return "TOC_HEAD"
        if ATT_HEAD_RE.match(s):
            return "ATT_HEAD"
        if DOC_TYPE_RE.match(s):
            return "DOC_HEAD"
        body = self.layout.body
        if body and (s == body or (s.startswith(body) and DATE_RE.search(s))):
            return "DOC_HEAD"
        if self.layout.body is None and self.layout.has_sections:
            self.layout.body = s
            return "DOC_HEAD"
        return None

    def _attendance(self, number: int, s: str) -> Token:
        if ABSENT_RE.match(s):
            return self._tok("ABSENT_HEAD", number, s)
        role = ROLES.get(s.casefold().rstrip(":"))
        if role:
            # "Esittelijä" over names is a group heading; "esittelijä" after them, a PDF
            # table's role column come loose from its row.
            following = self._next_content(number)
            if following is None or not NAME_RE.match(COLUMNS_RE.split(following)[0]):
                return self._tok("ROLE", number, s, value=role)
            return self._tok("GROUP", number, s)
        columns = [c.strip() for c in COLUMNS_RE.split(s) if c.strip()]
        if NAME_RE.match(columns[0]) and len(columns) <= 2:
            extra = columns[1] if len(columns) == 2 else None
            return self._tok("ATTENDEE", number, s, value=columns[0], extra=extra)
        if len(s) <= 60 and len(columns) == 1 and not s.endswith((".", "!", "?")):
            return self._tok("GROUP", number, s)
        return self._tok("TEXT", number, s)

    def _next_content(self, number: int) -> str | None:
        """The next line that is not blank, a page header or noise (`number` is 1-based)."""
        for index in range(number, len(self.lines)):
            s = self.lines[index].strip()
            if s and index not in self.layout.header_lines and not _is_noise(s):
                return s
        return None

    def _item_line(self, number: int, s: str, starts: bool, body: str) -> Token:
        match = RECORD_RE.match(s)
        if match:
            return self._tok("RECORD", number, s, value=match["record"])
        if EARLIER_RE.match(s):
            return self._tok("EARLIER", number, s)
        # A date heading starts a paragraph: a date alone on a line inside one is a wrapped
        # line's end (hard line breaks of a PDF).
        lone = LONE_DATE_RE.match(s) if starts else None
        body_date = BODY_DATE_RE.match(s) if starts else None
        if lone or (body_date and body and body_date["body"].strip().casefold() == body):
            date = (
                _date(lone)
                if lone
                else _date(body_date.group(2, 3, 4) if body_date else ("0", "0", "0"))
            )
            kind = "HANDLING" if date == self.layout.meeting_date else "EARLIER"
            return self._tok(kind, number, s, value=s.rstrip(":"))
        match = PROPOSAL_RE.match(s)
        if match:
            return self._heading("PROPOSAL", number, s, match)
        match = DECISION_RE.match(s)
        if match:
            return self._heading("DECISION", number, s, match)
        if DISCUSSION_RE.match(s):
            return self._tok("DISCUSSION", number, s)
        match = SPEAKERS_RE.match(s)
        if match:
            return self._tok("SPEAKERS", number, s, value=match["names"])
        if VOTE_RE.match(s):
            return self._tok("VOTE", number, s)
        match = ATTACH_RE.match(s)
        if match:
            rest = match["rest"].strip()
            if match["num"]:
                rest = rest.rstrip(".") if rest in (".", "") else rest
                title = rest.strip(". ") or self.layout.toc_attachments.get(match["num"], "")
                sep = "" if rest.startswith((":", ",")) or not title else " "
                value = f"Liite {match['num']}{sep}{rest if sep == '' and rest else title}"
                return self._tok("ATTACHMENT", number, s, value=" ".join(value.split()))
            rest = rest.lstrip(":").strip()
            if rest:
                return self._tok("ATTACHMENT", number, s, value=" ".join(rest.split()))
            return self._tok("ATTACH_HEAD", number, s)
        return self._tok("TEXT", number, s, para=starts)

    def _heading(self, kind: str, number: int, s: str, match: re.Match[str]) -> Token:
        inline = (match["colon"] or match["inline"] or "").strip()
        by = match.groupdict().get("by")
        if inline and QUALIFIER_RE.match(inline) and match["colon"] is None:
            by, inline = inline, ""
        return self._tok(kind, number, s, value=inline, extra=by.strip() if by else None)

    def _appendix_start(self, s: str) -> bool:
        key = s.casefold().rstrip(".")
        for title in self.layout.toc_attachments.values():
            t = title.casefold()
            if key and (key == t or key == t.split(";")[0].strip()):
                return True
        return False


# -- stage 3: the grammar -----------------------------------------------------------------------

_GRAMMAR = r"""
start: head attendance? item* signatures?

head: (DOC_HEAD | TIME | PLACE | toc)*
toc: TOC_HEAD TOC_LINE*

attendance: ATT_HEAD (GROUP | ATTENDEE | ROLE | ABSENT_HEAD)*

item: (SECTION TITLE? | TITLE) RECORD? EARLIER* handling later* appendix?
later: HANDLING handling
handling: prep proposal* discussion? decision*
prep: (TEXT | attachments)*
proposal: PROPOSAL (TEXT | attachments)*
discussion: (DISCUSSION | SPEAKERS | VOTE) (TEXT | SPEAKERS | VOTE | DISCUSSION | attachments)*
decision: DECISION (TEXT | VOTE | attachments)*
attachments: ATTACH_HEAD ATTACHMENT* | ATTACHMENT
appendix: APPENDIX APPENDIX_TEXT*

signatures: SIGN_HEAD SIGN_LINE*

%declare DOC_HEAD TIME PLACE TOC_HEAD TOC_LINE ATT_HEAD GROUP ATTENDEE ROLE ABSENT_HEAD
%declare SECTION TITLE RECORD EARLIER HANDLING TEXT PROPOSAL DISCUSSION SPEAKERS VOTE DECISION
%declare ATTACH_HEAD ATTACHMENT APPENDIX APPENDIX_TEXT SIGN_HEAD SIGN_LINE
"""


class _LineLexer(Lexer):
    """Hands lark the tokens of a `_Tokenizer` (passed as the text to parse)."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        # One iterator for the whole parse: lark asks again after an error it recovers from.
        return data.stream  # type: ignore[no-any-return]


_PARSER = Lark(_GRAMMAR, parser="lalr", lexer=_LineLexer)


# -- stage 4: semantics -------------------------------------------------------------------------


class _Builder(Transformer[Token, Any]):
    """Turns the parse tree into items; the document-level parts are read by `parse_minutes`."""

    def __init__(self, info: dict[int, _Info]) -> None:
        super().__init__()
        self.info = info

    def _i(self, token: Token) -> _Info:
        return self.info[token.line or 0]

    def _text(self, tokens: list[Token], lead: str = "") -> str:
        """Lines joined: wrapped lines with a space, list lines with a newline, paragraphs
        with a blank line."""
        out = lead
        for token in tokens:
            info = self._i(token)
            line = " ".join(info.text.split())
            if not out:
                out = line
            elif info.para:
                out += "\n\n" + line
            elif LIST_RE.match(line):
                out += "\n" + line
            else:
                out += " " + line
        return out

    def _part(self, children: list[Any], lead: str = "") -> tuple[str, list[str]]:
        texts = [c for c in children if isinstance(c, Token) and c.type == "TEXT"]
        attachments = [a for c in children if isinstance(c, list) for a in c]
        return self._text(texts, lead), attachments

    def attachments(self, children: list[Token]) -> list[str]:
        return [self._i(c).value for c in children if c.type == "ATTACHMENT"]

    def prep(self, children: list[Any]) -> tuple[str, str, list[str]]:
        text, attachments = self._part(children)
        return ("prep", text, attachments)

    def proposal(self, children: list[Any]) -> tuple[str, Any, list[str]]:
        head = self._i(children[0])
        body, attachments = self._part(children[1:], lead=head.value)
        return ("proposal", (body, head.extra), attachments)

    def discussion(self, children: list[Any]) -> tuple[str, Any, list[str]]:
        speakers: list[str] = []
        votes: list[str] = []
        for c in children:
            if isinstance(c, Token) and c.type == "SPEAKERS":
                speakers += [n for n in _names(self._i(c).value) if n not in speakers]
            elif isinstance(c, Token) and c.type == "VOTE":
                votes.append(" ".join(c.split()))
        text, attachments = self._part(children)
        return ("discussion", (text, speakers, votes), attachments)

    def decision(self, children: list[Any]) -> tuple[str, Any, list[str]]:
        head = self._i(children[0])
        votes = [" ".join(c.split()) for c in children if isinstance(c, Token) and c.type == "VOTE"]
        body, attachments = self._part(children[1:], lead=head.value)
        return ("decision", (body, head.extra, votes), attachments)

    def handling(self, children: list[Any]) -> Handling:
        handling = Handling()
        for kind, value, attachments in children:
            handling.attachments += [a for a in attachments if a not in handling.attachments]
            if kind == "prep":
                handling.preparation = value
            elif kind == "proposal":
                text, by = value
                handling.proposal = text if handling.proposal is None else handling.proposal
                if handling.proposal != text:
                    handling.proposal += "\n\n" + text
                handling.proposal_by = by
            elif kind == "discussion":
                handling.discussion, handling.speakers, handling.votes = value
            elif kind == "decision":
                text, by, votes = value
                handling.decisions.append(text)
                if by:
                    handling.decision_by.append(by)
                handling.votes += votes
        return handling

    def later(self, children: list[Any]) -> Handling:
        handling: Handling = children[1]
        handling.heading = self._i(children[0]).value
        return handling

    def appendix(self, children: list[Token]) -> str:
        return self._text(children)

    def item(self, children: list[Any]) -> Item:
        head = children[0]
        info = self._i(head)
        if head.type == "SECTION":
            item = Item(number=int(info.extra or 0), title=info.value, line=head.line or 0)
        else:
            item = Item(number=None, title=info.value, line=head.line or 0)
        for child in children[1:]:
            if isinstance(child, Token):
                if child.type == "TITLE":
                    item.title = " ".join(self._i(child).value.split())
                elif child.type == "RECORD":
                    item.record_number = self._i(child).value
                elif child.type == "EARLIER":
                    info = self._i(child)
                    item.earlier.append(" ".join((info.value or info.text).split()))
            elif isinstance(child, Handling):
                if not item.handlings and item.earlier:
                    child.heading = item.earlier[-1]
                item.handlings.append(child)
            elif isinstance(child, str):
                item.appendix = child
        item.title = " ".join(item.title.split())
        last = item.handlings[-1]
        item.preparation = "\n\n".join(h.preparation for h in item.handlings if h.preparation)
        item.proposal = last.proposal
        item.decisions = [d for h in item.handlings for d in h.decisions]
        item.decision = last.decisions[-1] if last.decisions else None
        item.speakers = list(last.speakers)
        item.votes = list(last.votes)
        item.attachments = list(last.attachments)
        return item


def _time(date: datetime.date, match: re.Match[str] | None) -> datetime.datetime | None:
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=HELSINKI)


def parse_minutes(text: str, *, source: str = "") -> ParsedMeeting:
    """Parse the plain text of minutes, an agenda or a memo. Never raises on odd text: what
    was not understood is in `warnings`, with its line number (1-based)."""
    text = text.lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    layout = _layout_scan(lines)
    tokenizer = _Tokenizer(lines, layout)
    warnings = tokenizer.warnings

    def recover(error: UnexpectedInput) -> bool:
        if isinstance(error, UnexpectedToken) and error.token.type != "$END":
            token = error.token
            warnings.append(ParseWarning(token.line or 0, str(token), _("Unexpected here")))
            return True
        return False

    tree = _PARSER.parse(tokenizer, on_error=recover)  # type: ignore[arg-type]
    builder = _Builder(tokenizer.info)
    tree = builder.transform(tree)

    def parts(name: str) -> list[Any]:
        return [c for c in tree.children if isinstance(c, Tree) and c.data == name]

    def tokens(name: str) -> list[Token]:
        return [t for tr in parts(name) for t in tr.scan_values(lambda v: isinstance(v, Token))]

    items = [c for c in tree.children if isinstance(c, Item)]
    head = tokens("head")
    info = tokenizer.info

    # Date and times.
    date = layout.meeting_date
    start = end = None
    place: str | None = None
    for token in head:
        line = info[token.line or 0].text
        if token.type == "TIME":
            body = MEETING_TIME_RE.match(line)
            rest = body[1] if body else line
            dates = [d for d in (_date(m) for m in DATE_RE.finditer(rest)) if d is not None]
            if date is not None and any(d != date for d in dates):
                warnings.append(ParseWarning(token.line or 0, line, _("Inconsistent date")))
            if date is not None:
                clock = DATE_RE.sub(" ", rest)
                s = _time(date, TIME_RE.search(clock))
                e = _time(date, END_TIME_RE.search(clock))
                if s is not None and start is not None and s != start:
                    warnings.append(ParseWarning(token.line or 0, line, _("Inconsistent time")))
                start = start or s
                end = end or e
        elif token.type == "PLACE":
            match = PLACE_RE.match(line)
            value = (match[1] if match else line).strip() or None
            if place is None:
                place = value
            elif value and not value.casefold().startswith(place.casefold()):
                warnings.append(ParseWarning(token.line or 0, line, _("Inconsistent place")))
    if end is not None and start is not None and end < start:
        end += datetime.timedelta(days=1)

    # Signatures: "Name / role" pairs and the checkers after "tarkastajat".
    signed: dict[str, str] = {}
    signed_checkers: list[str] = []
    sign_lines = [info[t.line or 0].text for t in tokens("signatures") if t.type == "SIGN_LINE"]
    in_checkers = False
    for k, line in enumerate(sign_lines):
        if "tarkastaj" in line.casefold():
            in_checkers = True
        elif NAME_RE.match(line):
            role = (
                ROLES.get(sign_lines[k + 1].casefold().rstrip(":"))
                if k + 1 < len(sign_lines)
                else None
            )
            if role and not in_checkers:
                signed.setdefault(role, line)
            elif in_checkers:
                signed_checkers.append(line)

    attendees, chair, secretary = _attendance(tokens("attendance"), info, signed, warnings)

    # Checkers: the people named in the decision of the item that elects them.
    checkers: list[str] = []
    known = [a.name for a in attendees]
    for item in items:
        if "tarkastaj" in item.title.casefold() and item.decision:
            found = sorted((item.decision.find(n), n) for n in known if n in item.decision)
            checkers = [n for _pos, n in found]
            if not checkers:
                tail = re.split(r"tarkastaj\w*", item.decision, maxsplit=1)[-1]
                checkers = [n for n in _names(tail) if NAME_RE.match(n)]
    if not checkers:
        checkers = signed_checkers

    first_text = next(((n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()), None)
    if (
        first_text is not None
        and date is None
        and not attendees
        and chair is None
        and all(i.number is None for i in items)
    ):
        warnings.append(
            ParseWarning(
                first_text[0],
                first_text[1][:200],
                _("No meeting found in the document: no meeting date, attendance or § numbers"),
            )
        )
    warnings.sort(key=lambda w: w.line)
    return ParsedMeeting(
        source=source,
        body=layout.body,
        start=start,
        end=end,
        place=place,
        attendees=attendees,
        chair=chair,
        secretary=secretary,
        checkers=checkers,
        items=items,
        warnings=warnings,
        date=date,
    )


def _attendance(
    tokens: list[Token],
    info: dict[int, _Info],
    signed: dict[str, str],
    warnings: list[ParseWarning],
) -> tuple[list[Attendee], str | None, str | None]:
    """Attendees by group; role words tied to people; the absent."""
    attendees: list[Attendee] = []
    groups: dict[str, str] = {}  # heading -> capacity, for the absent list's second column
    municipalities: set[str] = set()
    base = capacity = "member"
    group: list[Attendee] = []
    roles: list[tuple[Token, str]] = []
    present = True
    chair = secretary = None

    def close_group() -> None:
        nonlocal chair, secretary
        for token, role in roles:
            if not group:
                warnings.append(ParseWarning(token.line or 0, str(token), _("Unexpected here")))
                continue
            names = [a.name for a in group]
            person = group[0]
            if signed.get(role) in names:
                person = group[names.index(signed[role])]
            elif role in ("chair", "secretary", "presenter"):
                warnings.append(
                    ParseWarning(
                        token.line or 0,
                        f"{token} → {person.name}",
                        _("Role assigned by position"),
                    )
                )
            if role == "chair":
                chair = person.name
            elif role == "secretary":
                secretary = person.name
                person.capacity = "secretary"
            elif role == "presenter":
                person.capacity = "presenter"
        group.clear()
        roles.clear()

    for token in tokens:
        line = info[token.line or 0]
        if token.type == "ATT_HEAD":
            close_group()
            base = capacity = _group_capacity(line.text) or "member"
        elif token.type == "GROUP":
            close_group()
            capacity = _group_capacity(line.text) or base
            groups[line.text.casefold()] = capacity
        elif token.type == "ABSENT_HEAD":
            close_group()
            present = False
        elif token.type == "ROLE":
            if line.value == "vice_chair":
                continue
            roles.append((token, line.value))
        elif token.type == "ATTENDEE":
            if roles:
                close_group()
            column = line.extra
            role = ROLES.get(column.casefold()) if column else None
            person = Attendee(
                name=line.value, capacity=capacity, present=present, line=token.line or 0
            )
            if role:
                column = None
            if not present:
                key = (column or "").casefold()
                if key in groups:
                    person.capacity = groups[key]
                    person.organisation = column
                elif column and (column in municipalities or column in MUNICIPALITIES):
                    person.capacity = "municipal_representative"
                    person.municipality = column
                else:
                    person.capacity = "member"
                    person.organisation = column
            elif column and capacity == "municipal_representative":
                person.municipality = column
                municipalities.add(column)
            else:
                person.organisation = column
            if role == "chair":
                chair = person.name
            elif role in ("secretary", "presenter"):
                person.capacity = role
                if role == "secretary":
                    secretary = person.name
            attendees.append(person)
            group.append(person)
    close_group()
    return attendees, chair, secretary


def _group_capacity(heading: str) -> str | None:
    for pattern, capacity in GROUP_CAPACITIES:
        if pattern.search(heading):
            return capacity
    return None
