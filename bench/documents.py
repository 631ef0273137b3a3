"""How long minutes of a long meeting take to build, to render as HTML and to print as PDF.

Run it with `make bench-documents`, or `.venv/bin/python bench/documents.py` once the venv exists
(`--items`, `--attachments` and `--repeat` change the size and the number of runs).

What it does
------------
The process pins itself to one CPU (the first one it may run on), creates a temporary
directory with a fresh SQLite database (the developer's database is never opened), migrates
it and writes synthetic minutes with the ORM: one wellbeing services county, its board (13
seats, 2 personal deputies, presenter, secretary, an expert), and a published, locked meeting
of 100 items. Each item has a case with a record number, a preparation text of 1,500–6,000
characters of Finnish-looking prose (paragraphs, lists, subheadings), a proposal, a decision,
5 attachments (listed by title; no files), 2–6 speakers and a contact person; every tenth item
has a counter-proposal, a vote by name and a dissent; 3 items are confidential. A second
meeting of ONE item, written by the same generator, is the baseline. The directory is removed
at the end.

It then times, for the full Finnish minutes of both meetings, the three steps of
`kokous.documents.render` separately, `--repeat` times each (wall clock, `time.perf_counter`):

- build: `document_build(kind="minutes", ...)`, the database reads that assemble the document,
  with the number of SQL queries (it should not grow with the number of items);
- HTML: `document_html(document=...)`, the HTML fragment of the page;
- PDF: `document_pdf(document=...)`, its own template rendering, WeasyPrint's layout and the
  PDF/A file (settings.KOKOUS_PDF_VARIANT).

The public version of the long minutes is built, rendered and printed once. Before any timed
run one untimed pass over the baseline warms the process up (template compilation, WeasyPrint's
import, font loading); its PDF time is printed as the "cold" first PDF of a fresh process.

Reading the output
------------------
Each time is "median / min" over the runs. The ratio column divides the long minutes' figure by
the baseline's: builds and HTML should grow roughly with the amount of text, the query count
should stay at 1.0x, and the PDF "per page" ratio near 1.0x means that printing scales linearly
with pages (above it: something in the layout grows faster than the document). The last line
says whether the PDF of the long minutes took under 5 s on one core, the target of issue 5. It
is information, not a test: the exit code is 0 either way.
"""

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from kokous.documents.selectors import Document
    from kokous.organisations.models import Body, Person

T = TypeVar("T")

PDF_TARGET_SECONDS = 5.0
LEGAL_BASIS = "JulkL 24 § 1 mom. 25 k."

# Django is set up only after the environment points it at the temporary directory, so the
# project's modules are imported inside the functions below.


def pin_to_one_core() -> int | None:
    """Run on the first CPU this process may use (None where the OS cannot pin)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def django_setup(var_dir: Path) -> None:
    """Point Kokous at `var_dir` (database, media, stored documents), set Django up, migrate."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "kokous.settings"
    os.environ["KOKOUS_DEBUG"] = "1"
    os.environ["KOKOUS_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    for name in ("MEDIA_ROOT", "STATIC_ROOT", "KOKOUS_DOCUMENT_ROOT"):
        os.environ.pop(name, None)  # they default to directories under KOKOUS_VAR_DIR
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


# --- Synthetic data ---------------------------------------------------------------------------

WORDS = (
    "hyvinvointialue", "hyvinvointialueen", "palvelut", "palveluiden", "palveluverkko",
    "asiakas", "asiakkaiden", "asukkaiden", "kunnan", "kuntien", "järjestäminen",
    "järjestämisvastuu", "talousarvio", "talousarvion", "toteutuminen", "investointi",
    "investointisuunnitelman", "henkilöstö", "henkilöstön", "saatavuus", "sosiaalihuolto",
    "terveydenhuolto", "perusterveydenhuollon", "erikoissairaanhoidon", "ikäihmisten",
    "kotihoidon", "lastensuojelun", "vammaispalveluiden", "pelastustoimen", "ensihoidon",
    "valmistelu", "valmistelussa", "esitys", "esityksen", "päätös", "päätöksen", "aluehallitus",
    "aluehallituksen", "aluevaltuusto", "aluevaltuustolle", "lautakunta", "lautakunnan",
    "hankinta", "hankinnan", "sopimus", "sopimuksen", "kustannukset", "kustannusten",
    "euroa", "miljoonaa", "vuonna", "vuoden", "aikana", "mukaisesti", "perusteella",
    "lisäksi", "kuitenkin", "edelleen", "erityisesti", "tällä", "hetkellä", "osalta",
    "tavoitteena", "tavoitteiden", "seuranta", "seurannan", "raportoidaan", "arvioidaan",
    "valmistellaan", "toteutetaan", "esitetään", "todetaan", "hyväksytään", "käsitellään",
    "edellyttää", "vaikuttaa", "vähentää", "lisää", "parantaa", "turvaa", "ohjaa", "kehittää",
    "yhteistyössä", "kanssa", "välillä", "alueella", "alueen", "asiakasmaksut",
    "asiakasmaksujen", "rahoitus", "rahoituksen", "valtionrahoitus", "lakisääteiset",
    "tehtävät", "tehtävien", "toimintaympäristö", "muutos", "muutokset", "muutoksen",
    "kehittämistyö", "strategia", "strategian", "palvelustrategia", "väestön", "ikääntyvän",
    "kasvava", "palvelutarve", "palvelutarpeen", "vastaanotto", "vastaanottotoiminta",
    "digitaaliset", "sähköisen", "asioinnin", "etäpalvelut", "terveysasema", "terveysasemien",
    "sairaala", "sairaalan", "päivystys", "päivystyksen", "henkilöstömitoitus", "rekrytointi",
    "vuokratyövoiman", "käyttö", "käytön", "merkittävästi", "vähäisempi", "suurempi",
    "tarkoituksenmukainen", "kestävä", "taloudellinen", "toiminnallinen", "riski", "riskit",
    "riskienhallinta", "sisäinen", "valvonta", "tarkastuslautakunta", "tilinpäätös",
    "alijäämä", "alijäämän", "kattaminen", "sopeuttamisohjelma", "sopeuttamistoimet",
    "säästö", "säästöt", "vaikutukset", "vaikutusten", "arviointi", "lausunto", "lausunnon",
    "ministeriö", "ministeriölle", "laki", "lain", "asetus", "säännös", "hallintosääntö",
    "hallintosäännön", "toimivalta", "viranhaltija", "viranhaltijan", "johtoryhmä",
    "yhteistoimintamenettely", "neuvottelut", "työterveyshuolto", "kiinteistöt",
    "tilat", "tilojen", "vuokrasopimus", "korjausvelka", "ylläpito", "palvelutuotanto",
    "ostopalvelut", "yksityiset", "palveluntuottajat", "palveluseteli", "palvelusetelin",
)  # fmt: skip
SUBHEADINGS = (
    "Taustaa", "Asian valmistelu", "Nykytila", "Vaikutusten arviointi", "Taloudelliset "
    "vaikutukset", "Henkilöstövaikutukset", "Jatkotoimenpiteet", "Lainsäädäntö",
)  # fmt: skip
TITLES = (
    "Talousarvion toteutuminen tammi–helmikuussa 2026",
    "Lausunto sosiaali- ja terveysministeriölle hyvinvointialueiden rahoituslain muutoksesta",
    "Ikäihmisten tehostetun palveluasumisen hankinta",
    "Palveluverkkoselvityksen jatkovalmistelu",
    "Henkilöstöohjelman 2026–2028 hyväksyminen",
    "Kotihoidon toiminnanohjausjärjestelmän hankinta",
    "Sopeuttamisohjelman toimenpiteiden seuranta",
    "Ensihoidon palvelutasopäätöksen päivittäminen",
    "Lastensuojelun sijaishuollon puitejärjestelyn optiokauden käyttöönotto",
    "Terveysaseman tilojen vuokrasopimuksen jatkaminen",
    "Sisäisen valvonnan ja riskienhallinnan raportti",
    "Asiakasmaksujen tarkistaminen 1.7.2026 alkaen",
    "Vammaispalveluiden palvelusetelin sääntökirjan hyväksyminen",
    "Viranhaltijapäätösten otto-oikeuden käyttämättä jättäminen",
    "Aluevaltuuston päätösten täytäntöönpano",
    "Investointisuunnitelman muutos vuodelle 2026",
    "Yhteistoimintaneuvottelujen päättäminen ja jatkotoimenpiteet",
    "Tarkastuslautakunnan arviointikertomukseen annettava selvitys",
    "Päivystyksen järjestämisen yhteistyösopimus yliopistollisen sairaalan kanssa",
    "Hyvinvointikertomus ja hyvinvointisuunnitelma vuosille 2026–2029",
    "Digitaalisten palveluiden tiekartta",
    "Pelastustoimen palvelutasopäätöksen valmistelu",
    "Hallintosäännön muutosten valmistelu",
    "Oikaisuvaatimus aluehallituksen päätökseen",
)
ATTACHMENT_KINDS = (
    "Selvitys", "Toteumaraportti", "Sopimusluonnos", "Lausuntoluonnos", "Vertailutaulukko",
    "Riskiarvio", "Palvelukuvaus", "Muistio", "Talousarviomuutos", "Esittelykalvot",
)  # fmt: skip
FIRST_NAMES = (
    "Aino", "Eero", "Helena", "Juha", "Kaisa", "Matti", "Minna", "Pekka", "Riikka", "Sami",
    "Tuula", "Ville", "Anne", "Jari", "Leena", "Markku", "Outi", "Petri", "Sari", "Timo",
)  # fmt: skip
LAST_NAMES = (
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Salminen", "Heinonen",
    "Kinnunen", "Turunen", "Laitinen", "Tuominen", "Karjalainen", "Savolainen",
)  # fmt: skip


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 16))
    if len(words) > 9 and rng.random() < 0.5:
        words[rng.randint(3, len(words) - 4)] += ","
    if rng.random() < 0.15:
        words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2, 950)},{rng.randint(0, 9)}")
    return " ".join(words).capitalize() + "."


def preparation_html(rng: random.Random, target: int, least: int = 1500) -> str:
    """Paragraphs, sometimes a list or a subheading: at least `least` characters, and no more
    than `target` unless `least` takes more."""
    blocks: list[str] = []
    length = 0
    while True:
        roll = rng.random()
        if blocks and roll < 0.1:
            block = f"<h3>{rng.choice(SUBHEADINGS)}</h3>"
        elif blocks and roll < 0.25:
            entries = "".join(f"<li>{_sentence(rng)}</li>" for _ in range(rng.randint(3, 5)))
            block = f"<ul>{entries}</ul>"
        else:
            block = "<p>" + " ".join(_sentence(rng) for _ in range(rng.randint(2, 6))) + "</p>"
        if length >= least and length + len(block) > target:
            break
        blocks.append(block)
        length += len(block)
    return "".join(blocks)


def _text(rng: random.Random, start: str, low: int, high: int) -> str:
    text, target = start, rng.randint(low, high)
    while len(text) < target:
        text += " " + _sentence(rng)
    return text


@dataclass(frozen=True)
class Cast:
    """The body and the people of the synthetic meetings."""

    body: "Body"
    members: list["Person"]  # the 13 seats; [0] chairs, [-2:] are absent and stood in for
    deputies: list["Person"]  # personal deputies of the two absent members
    presenter: "Person"
    secretary: "Person"
    expert: "Person"
    officials: list["Person"]  # contact persons of the items


def create_cast(rng: random.Random) -> Cast:
    from kokous.organisations.models import Body, Membership, Organisation, Person

    organisation = Organisation.objects.create(
        slug="bench",
        kind=Organisation.Kind.WELLBEING_SERVICES_COUNTY,
        code="BENCH",
        name_fi="Vertailulan hyvinvointialue",
    )
    body = Body.objects.create(
        organisation=organisation,
        slug="bench-aluehallitus",
        abbreviation="AHAL",
        kind=Body.Kind.BOARD,
        name_fi="Aluehallitus",
    )
    names = rng.sample([(f, last) for f in FIRST_NAMES for last in LAST_NAMES], 26)
    titles = ["hyvinvointialuejohtaja", "hallintojohtaja", "talousjohtaja", "kehittämisjohtaja"]
    people = []  # the first 15 are members and deputies, the others officials
    for index, (first, last) in enumerate(names):
        official = index >= 15
        people.append(
            Person(
                first_name=first,
                last_name=last,
                title=titles[index % len(titles)] if official else "",
                email=f"{first}.{last}@vertailula.example".lower(),
                phone=f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}" if official else "",
            )
        )
    people = Person.objects.bulk_create(people)
    members, deputies = people[:13], people[13:15]
    presenter, secretary, expert, officials = people[15], people[16], people[17], people[18:]
    start = dt.date(2025, 6, 1)
    roles = [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR] + [Membership.Role.MEMBER] * 11
    seats = Membership.objects.bulk_create(
        Membership(body=body, person=person, role=role, start=start)
        for person, role in zip(members, roles, strict=True)
    )
    Membership.objects.bulk_create(
        [
            Membership(
                body=body, person=deputy, role=Membership.Role.DEPUTY, deputy_for=seat, start=start
            )
            for deputy, seat in zip(deputies, seats[-2:], strict=True)
        ]
        + [
            Membership(body=body, person=presenter, role=Membership.Role.PRESENTER, start=start),
            Membership(body=body, person=secretary, role=Membership.Role.SECRETARY, start=start),
        ]
    )
    return Cast(body, members, deputies, presenter, secretary, expert, officials)


@dataclass(frozen=True)
class Synthetic:
    """What `create_minutes` wrote, for the report."""

    meeting_pk: int
    items: int
    attachments: int
    speaking_turns: int
    votes: int
    ballots: int
    confidential: int
    text_lengths: list[int]


def create_minutes(
    cast: Cast, *, number: int, items: int, attachments: int, seed: int
) -> Synthetic:
    """A published, locked meeting of `cast.body` with `items` items of `attachments` each."""
    from kokous.cases.models import Case
    from kokous.core.timeutil import helsinki_datetime
    from kokous.meetings.models import (
        AgendaItem,
        Attachment,
        Attendance,
        Meeting,
        Publicity,
        SpeakingTurn,
    )
    from kokous.minutes.models import Signature
    from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote

    rng = random.Random(seed)
    day = dt.date(2026, 3, 3) + dt.timedelta(days=14 * (number - 1))
    locked = day + dt.timedelta(days=3)
    members, deputies = cast.members, cast.deputies
    meeting = Meeting.objects.create(
        body=cast.body,
        number=number,
        start=helsinki_datetime(day.year, day.month, day.day, 14, 0),
        end=helsinki_datetime(day.year, day.month, day.day, 18, 40),
        place="Hyvinvointialueen virastotalo, kokoushuone Kuusi",
        status=Meeting.Status.PUBLISHED,
        chair=members[0],
        secretary=cast.secretary,
        presenter=cast.presenter,
        minutes_locked_at=helsinki_datetime(locked.year, locked.month, locked.day, 12, 0),
        minutes_published_on=day + dt.timedelta(days=7),
    )
    checkers = members[1:3]
    meeting.minute_checkers.set(checkers)
    Signature.objects.bulk_create(
        Signature(meeting=meeting, person=person, role=role, verdict=Signature.Verdict.APPROVED)
        for person, role in [(p, Signature.Role.CHECKER) for p in checkers]
        + [(members[0], Signature.Role.CHAIR), (cast.secretary, Signature.Role.SECRETARY)]
    )

    # Every tenth item is voted on; three are confidential; every twelfth is only noted.
    voted = set(range(5, items + 1, 10))
    confidential = {position for position in (17, 48, 83) if position <= items}
    cases = Case.objects.bulk_create(
        Case(
            organisation=cast.body.organisation,
            year=day.year,
            running_number=number * 1000 + position,
            record_number=f"BENCH/{number * 1000 + position}/00.01.00/{day.year}",
            task_class="00.01.00",
            title=title,
        )
        for position, title in enumerate(rng.choices(TITLES, k=items), start=1)
    )
    agenda_items = []
    for position, case in enumerate(cases, start=1):
        secret = position in confidential
        if position in voted:
            decision_type = AgendaItem.DecisionType.ADOPTED_AFTER_VOTE
        elif position % 12 == 0:
            decision_type = AgendaItem.DecisionType.NOTED
        else:
            decision_type = AgendaItem.DecisionType.ADOPTED_AS_PROPOSED
        noted = decision_type == AgendaItem.DecisionType.NOTED
        agenda_items.append(
            AgendaItem(
                meeting=meeting,
                position=position,
                section_number=position,
                title=case.title,
                case=case,
                preparation_text=preparation_html(rng, rng.randint(1500, 6000)),
                presenter=cast.presenter,
                proposal=_text(
                    rng,
                    "Aluehallitus merkitsee tiedoksi" if noted else "Aluehallitus päättää",
                    100,
                    350,
                ),
                decision=(
                    "Aluehallitus merkitsi asian tiedoksi."
                    if noted
                    else "Aluehallitus hyväksyi päätösehdotuksen."
                ),
                decision_type=decision_type,
                publicity=Publicity.CONFIDENTIAL if secret else Publicity.PUBLIC,
                legal_basis=LEGAL_BASIS if secret else "",
                ready=True,
            )
        )
    agenda_items = AgendaItem.objects.bulk_create(agenda_items)
    AgendaItem.contacts.through.objects.bulk_create(
        AgendaItem.contacts.through(agendaitem=item, person=rng.choice(cast.officials))
        for item in agenda_items
    )
    Attachment.objects.bulk_create(
        Attachment(
            agenda_item=item,
            number=attachment_number,
            title=f"{rng.choice(ATTACHMENT_KINDS)}: {item.title}",
            content_type="application/pdf",
            size=rng.randint(40_000, 2_500_000),
            publicity=Publicity.CONFIDENTIAL if item.position in confidential else Publicity.PUBLIC,
            legal_basis=LEGAL_BASIS if item.position in confidential else "",
        )
        for item in agenda_items
        for attachment_number in range(1, attachments + 1)
    )

    # Attendance: two members absent, their deputies present; one member leaves after 60 %.
    leaves = members[5]
    left_after = agenda_items[int(items * 0.6) - 1] if items >= 10 else None
    rows = [
        Attendance(
            meeting=meeting,
            person=person,
            capacity=Attendance.Capacity.MEMBER,
            present=person not in members[-2:],
            present_until=left_after if person == leaves else None,
            position=1,
        )
        for person in members
    ]
    rows += [
        Attendance(
            meeting=meeting,
            person=deputy,
            capacity=Attendance.Capacity.DEPUTY,
            deputy_for=member,
            position=2,
        )
        for deputy, member in zip(deputies, members[-2:], strict=True)
    ]
    rows += [
        Attendance(meeting=meeting, person=person, capacity=capacity, position=position)
        for position, (person, capacity) in enumerate(
            [
                (cast.presenter, Attendance.Capacity.PRESENTER),
                (cast.secretary, Attendance.Capacity.SECRETARY),
                (cast.expert, Attendance.Capacity.EXPERT),
            ],
            start=3,
        )
    ]
    Attendance.objects.bulk_create(rows)

    def seats(item: AgendaItem) -> list[tuple["Person", "Person"]]:
        """(voter, seat holder) of each seat at `item`."""
        present = [
            (m, m)
            for m in members[:-2]
            if not (m == leaves and left_after and item.position > left_after.position)
        ]
        return present + list(zip(deputies, members[-2:], strict=True))

    turns = []
    for item in agenda_items:
        speakers = rng.sample([voter for voter, _ in seats(item)] + [cast.presenter], 6)
        turns += [
            SpeakingTurn(agenda_item=item, person=person, position=position)
            for position, person in enumerate(speakers[: rng.randint(2, 6)], start=1)
        ]
    SpeakingTurn.objects.bulk_create(turns)

    votes = ballots = 0
    for item in agenda_items:
        if item.position not in voted:
            continue
        voters = seats(item)
        rng.shuffle(voters)
        proposer, seconder = voters[0][0], voters[1][0]  # they vote no, see `choices`
        base, counter = Proposal.objects.bulk_create(
            [
                Proposal(
                    agenda_item=item,
                    position=1,
                    kind=Proposal.Kind.BASE,
                    text=item.proposal,
                    state=Proposal.State.ADOPTED,
                ),
                Proposal(
                    agenda_item=item,
                    position=2,
                    kind=Proposal.Kind.COUNTER,
                    text=_text(rng, "Ehdotan, että asia", 120, 300),
                    proposer=proposer,
                    seconder=seconder,
                    state=Proposal.State.REJECTED,
                ),
            ]
        )
        no, blank = rng.randint(3, 5), rng.randint(0, 1)
        choices = [Ballot.Choice.NO] * no + [Ballot.Choice.BLANK] * blank
        choices += [Ballot.Choice.YES] * (len(voters) - len(choices))
        vote = Vote.objects.create(
            agenda_item=item,
            position=1,
            yes=base,
            no=counter,
            yes_count=choices.count(Ballot.Choice.YES),
            no_count=no,
            blank_count=blank,
            yes_won=True,
        )
        Ballot.objects.bulk_create(
            Ballot(vote=vote, person=voter, seat_holder=holder, choice=choice)
            for (voter, holder), choice in zip(voters, choices, strict=True)
        )
        Dissent.objects.create(
            agenda_item=item,
            person=proposer,
            reason=_text(rng, "Jätän eriävän mielipiteen.", 80, 250),
        )
        AgendaItem.objects.filter(pk=item.pk).update(
            decision=f"Aluehallitus hyväksyi päätösehdotuksen äänin "
            f"{vote.yes_count}–{vote.no_count} ({vote.blank_count} tyhjä)."
        )
        votes, ballots = votes + 1, ballots + len(voters)

    return Synthetic(
        meeting_pk=meeting.pk,
        items=items,
        attachments=items * attachments,
        speaking_turns=len(turns),
        votes=votes,
        ballots=ballots,
        confidential=len(confidential),
        text_lengths=[len(item.preparation_text) for item in agenda_items],
    )


# --- Measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    wall: list[float]  # time.perf_counter, seconds
    cpu: list[float]  # time.process_time: this process only, steadier on a shared machine

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def min(self) -> float:
        return min(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def timed(function: Callable[[], T], repeat: int) -> tuple[Timing, T]:
    """Run `function` `repeat` times; its wall-clock and CPU times and its last result."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return Timing(wall, cpu), result


@dataclass(frozen=True)
class Measured:
    build: Timing
    queries: int
    html: Timing
    html_chars: int
    pdf: Timing
    pages: int
    pdf_bytes: int

    @property
    def total(self) -> float:
        return self.build.median + self.html.median + self.pdf.median

    @property
    def per_page(self) -> float:
        return self.pdf.median / self.pages


def measure(meeting_pk: int, *, variant: str, repeat: int) -> Measured:
    """Time building, HTML and PDF of the Finnish minutes of `meeting_pk`, each `repeat` times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kokous.documents import render

    queries: list[int] = []

    def build() -> "Document":
        with CaptureQueriesContext(connection) as captured:
            document = render.document_build(
                kind="minutes", variant=variant, language="fi", meeting_pk=meeting_pk
            )
        queries.append(len(captured.captured_queries))
        return document

    build_timing, document = timed(build, repeat)
    html_timing, html = timed(lambda: render.document_html(document=document), repeat)
    pdf_timing, pdf = timed(lambda: render.document_pdf(document=document), repeat)
    return Measured(
        build=build_timing,
        queries=max(queries),
        html=html_timing,
        html_chars=len(html),
        pdf=pdf_timing,
        pages=pdf.pages,
        pdf_bytes=len(pdf.data),
    )


# --- Report -----------------------------------------------------------------------------------


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def size(value: int) -> str:
    return f"{value / 1024:.0f} kB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.1f} MB"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline else "-"


def row(label: str, baseline: str, long: str, factor: str = "") -> str:
    return f"  {label:<24}{baseline:>22}{long:>24}{factor:>10}"


Row = tuple[str, str, str, float, float]  # label, baseline, long minutes, and as numbers


def timing_rows(label: str, base: Timing, long: Timing) -> list[Row]:
    def both(value: Timing) -> str:
        return f"{seconds(value.median)} / {seconds(value.min)}"

    return [
        (label, both(base), both(long), base.median, long.median),
        ("  CPU (median)", seconds(base.cpu_median), seconds(long.cpu_median),
         base.cpu_median, long.cpu_median),
    ]  # fmt: skip


def figure_row(label: str, base: float, long: float, show: Callable[[Any], str]) -> Row:
    return (label, show(base), show(long), base, long)


def report(base: Measured, long: Measured, items: int) -> None:
    rows = [
        *timing_rows("build (DB reads)", base.build, long.build),
        figure_row("  SQL queries", base.queries, long.queries, str),
        *timing_rows("HTML", base.html, long.html),
        figure_row("  characters", base.html_chars, long.html_chars, "{:,}".format),
        *timing_rows("PDF", base.pdf, long.pdf),
        figure_row("  pages", base.pages, long.pages, str),
        figure_row("  size", base.pdf_bytes, long.pdf_bytes, size),
        figure_row("  time per page", base.per_page, long.per_page, seconds),
        figure_row("  time per item", base.pdf.median, long.pdf.median / items, seconds),
        figure_row("total (medians)", base.total, long.total, seconds),
    ]
    print(row("", "1 item (baseline)", f"{items} items", "ratio"))
    for label, base_text, long_text, base_value, long_value in rows:
        print(row(label, base_text, long_text, ratio(long_value, base_value)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100, help="items of the long minutes")
    parser.add_argument("--attachments", type=int, default=5, help="attachments per item")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each step")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    cpu = pin_to_one_core()
    var_dir = Path(tempfile.mkdtemp(prefix="kokous-bench-"))
    try:
        django_setup(var_dir)
        return run(args.items, args.attachments, args.repeat, cpu, var_dir, started)
    finally:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()  # SQLite's WAL files go with the directory
        shutil.rmtree(var_dir, ignore_errors=True)
        print(f"Removed {var_dir}; the whole run took {time.perf_counter() - started:.1f} s.")


def run(
    items: int, attachments: int, repeat: int, cpu: int | None, var_dir: Path, started: float
) -> int:
    import django
    import weasyprint
    from django.conf import settings
    from django.db import transaction

    from kokous.documents import render

    print(
        f"Kokous documents benchmark: Finnish minutes, {items} items x {attachments} "
        f"attachments (synthetic), against a baseline of 1 item"
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, WeasyPrint "
        f"{weasyprint.__version__}, PDF variant {settings.KOKOUS_PDF_VARIANT or 'plain'}, "
        f"{platform.machine()}"
    )
    pinned = f"pinned to CPU {cpu} (os.sched_setaffinity)" if cpu is not None else "NOT pinned"
    print(f"One core: {pinned}. Temporary SQLite database in {var_dir}.")

    migrated = time.perf_counter()
    rng = random.Random(2026)
    with transaction.atomic():
        cast = create_cast(rng)
        baseline = create_minutes(cast, number=1, items=1, attachments=attachments, seed=1)
        long = create_minutes(cast, number=2, items=items, attachments=attachments, seed=2)
    lengths = long.text_lengths
    print(
        f"Setup: Django and migrate {migrated - started:.1f} s, synthetic data "
        f"{time.perf_counter() - migrated:.1f} s."
    )
    print(
        f"Data: {long.items} items, {long.attachments} attachments, {long.speaking_turns} "
        f"speaking turns, {long.votes} votes by name ({long.ballots} ballots), "
        f"{long.confidential} confidential items; preparation texts {min(lengths):,}–"
        f"{max(lengths):,} characters of HTML (mean {statistics.mean(lengths):,.0f}, "
        f"baseline item {baseline.text_lengths[0]:,})."
    )
    print()

    # Untimed: compiles the templates, imports WeasyPrint and loads the fonts.
    document = render.document_build(
        kind="minutes", variant="full", language="fi", meeting_pk=baseline.meeting_pk
    )
    render.document_html(document=document)
    cold, _ = timed(lambda: render.document_pdf(document=document), 1)

    print(
        f"Full version of the minutes, each step timed {repeat} times: wall clock median / min,"
        " and this process's CPU time.\nbuild = document_build (database reads), HTML = "
        "document_html, PDF = document_pdf (its template, WeasyPrint layout, PDF/A file)."
    )
    base = measure(baseline.meeting_pk, variant="full", repeat=repeat)
    full = measure(long.meeting_pk, variant="full", repeat=repeat)
    report(base, full, items)
    print()

    public = measure(long.meeting_pk, variant="public", repeat=1)
    print(
        f"Public version, {items} items, 1 run ({long.confidential} confidential items as "
        f"mentions): build {seconds(public.build.median)} ({public.queries} queries), HTML "
        f"{seconds(public.html.median)}, PDF {seconds(public.pdf.median)} (CPU "
        f"{seconds(public.pdf.cpu_median)}), {public.pages} pages, {size(public.pdf_bytes)}."
    )
    print(
        f"First PDF of the process (1-item baseline, cold: WeasyPrint import, fonts): "
        f"{seconds(cold.median)}."
    )
    print()

    if full.pdf.median > 1.1 * full.pdf.cpu_median:
        print(
            f"Note: the PDF's wall clock exceeded its CPU time by "
            f"{full.pdf.median / full.pdf.cpu_median - 1:.0%}: the core was shared with other "
            "processes, and the CPU times are the steadier figure."
        )
    met = "met" if full.pdf.median < PDF_TARGET_SECONDS else "NOT met"
    print(
        f"Target: PDF of {items} items under {PDF_TARGET_SECONDS:.0f} s on one core: {met} "
        f"(median {seconds(full.pdf.median)}, {full.pages} pages, "
        f"{seconds(full.per_page)} per page)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
