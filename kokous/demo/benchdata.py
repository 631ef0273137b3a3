"""A synthetic organisation for load benchmarks (`kokous bench-data`).

"Vertailukunta" is a municipality with a council, a board, committees, sections, councils of
residents, steering and working groups, whose meetings run over the last `years` years: by
default 60 bodies, about 20,000 meetings and 300,000 agenda items. The past meetings are held,
their minutes checked, locked and published the way the importer and the demo loader leave
them (status published, `minutes_locked_at` at the end of the meeting, a publication date); the
next few weeks' meetings have a sent (public) agenda or are still being planned.

What the pages and the API read is there and consistent with the domain's rules:

- the § numbers run on consecutively over each body's calendar year, in meeting order and
  agenda order, as `kokous.meetings.services._section_numbers_renumber` numbers them, and each
  meeting is numbered in its body's year as `meeting_create` numbers it;
- each meeting opens and closes with its body's agenda template (`standard_items_ensure`);
- attendance comes from the seats in force on the meeting date (terms of four years, from June
  1), with personal deputies standing in for absent members, and always a quorum
  (`quorum_required`); the minute checkers are two members present;
- a vote's ballots are those of the members with a seat at the item (`voters_at`: present and
  not disqualified), the side with more votes wins (no ties are generated), the proposals'
  states and the decision text follow, and a dissent comes from someone who voted against;
- cases travel: an item decided in a committee, a section or a group may go on to the board,
  and the board's on to the council, under the same case; a tabled item returns to the body's
  next meeting;
- attachments are records only (`file` empty, as the model allows for attachments whose file
  did not survive): the pages list them without a download link.

The texts are Finnish: sentences of the demo's texts (cut from the seed documents), and
sentence patterns of ordinary minutes filled with numbers, dates and places; names come from
Faker's fi_FI locale. A `seed` makes the contents reproducible for the same day.

Apart from the organisation and the bodies' agenda templates (`standard_items_ensure`), rows
are written with `bulk_create` in batches, without `save()`, `full_clean()` or signals: no
audit history is recorded for them (the workspace's history pages show none, and the search
alerts, which read the meetings' history, never mail them as news), and the search index is
built afterwards with `search_index_update` for the new objects only. On PostgreSQL the
tables are analysed after the load.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import math
import multiprocessing
import random
import re
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import connection, connections, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from kokous.cases.models import Case
from kokous.cases.services import record_number_render
from kokous.core.deadlines import is_working_day
from kokous.core.timeutil import format_fi_date, helsinki_datetime, local_date
from kokous.documents.models import AppealSettings
from kokous.meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Disqualification,
    Meeting,
    Publicity,
    SpeakingTurn,
    StandardItem,
)
from kokous.meetings.services import (
    DEFAULT_CLOSING_ITEMS,
    DEFAULT_OPENING_ITEMS,
    quorum_required,
    standard_items_ensure,
)
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote
from kokous.search.backends import backend_for
from kokous.search.models import Kind, SearchDocument
from kokous.search.services import search_index_paused, search_index_update

TEXTS = Path(__file__).resolve().parent / "texts"

DEFAULT_SLUG = "bench"
DEFAULT_NAME = "Vertailukunta"
# Marks an organisation as made by this generator: only such an organisation is ever deleted
# (`--replace`); the code also shows in its record numbers (BENCH/12/00.01.00/2015).
BENCH_CODE = "BENCH"
DEFAULT_YEARS = 20
DEFAULT_BODIES = 60
# Meetings a body holds in a year on average: 20 years x 60 bodies x 17 = 20,400 meetings.
DEFAULT_MEETINGS_PER_YEAR = 17
# Items a meeting has on average, its template's opening and closing items included.
DEFAULT_ITEMS_PER_MEETING = 15
BATCH = 5_000
INDEX_BATCH = 2_000
# The agenda of a meeting this close ahead (and of each body's next meeting) has been sent;
# later ones are still planned.
AGENDA_SENT_DAYS = 14
# How far ahead meetings are planned.
FUTURE_DAYS = 28

Progress = Callable[[str, int, int], None]


class BenchDataRefused(Exception):
    """The generator will not write into this database as asked; the message says why."""


@dataclass
class BenchReport:
    """What a run wrote (rows by model name) and how long it took."""

    organisation: Organisation
    counts: Counter[str] = field(default_factory=Counter)
    deleted: int = 0
    seconds: float = 0.0
    index_seconds: float | None = None
    indexed: int = 0
    sample_meeting_id: int | None = None


# ---------------------------------------------------------------------------------------------
# The organisation's bodies: (name, kind, seats, meetings a year relative to the others,
# parent by name). Beyond the list, working groups are numbered.

_B = Body.Kind
BODY_CATALOGUE: tuple[tuple[str, str, int, int, str], ...] = (
    ("Kunnanvaltuusto", _B.COUNCIL, 43, 9, ""),
    ("Kunnanhallitus", _B.BOARD, 11, 24, "Kunnanvaltuusto"),
    ("Tarkastuslautakunta", _B.COMMITTEE, 7, 10, "Kunnanvaltuusto"),
    ("Sivistyslautakunta", _B.COMMITTEE, 11, 13, "Kunnanvaltuusto"),
    ("Perusturvalautakunta", _B.COMMITTEE, 11, 13, "Kunnanvaltuusto"),
    ("Tekninen lautakunta", _B.COMMITTEE, 9, 13, "Kunnanvaltuusto"),
    ("Ympäristölautakunta", _B.COMMITTEE, 9, 11, "Kunnanvaltuusto"),
    ("Rakennuslautakunta", _B.COMMITTEE, 7, 15, "Kunnanvaltuusto"),
    ("Vapaa-aikalautakunta", _B.COMMITTEE, 9, 9, "Kunnanvaltuusto"),
    ("Elinvoimalautakunta", _B.COMMITTEE, 9, 10, "Kunnanvaltuusto"),
    ("Maankäyttölautakunta", _B.COMMITTEE, 9, 12, "Kunnanvaltuusto"),
    ("Keskusvaalilautakunta", _B.COMMITTEE, 5, 5, "Kunnanvaltuusto"),
    ("Kulttuurilautakunta", _B.COMMITTEE, 9, 8, "Kunnanvaltuusto"),
    ("Kunnanhallituksen konsernijaosto", _B.SECTION, 5, 8, "Kunnanhallitus"),
    ("Kunnanhallituksen elinkeinojaosto", _B.SECTION, 5, 8, "Kunnanhallitus"),
    ("Kunnanhallituksen henkilöstöjaosto", _B.SECTION, 5, 10, "Kunnanhallitus"),
    ("Sivistyslautakunnan opetusjaosto", _B.SECTION, 5, 9, "Sivistyslautakunta"),
    ("Sivistyslautakunnan varhaiskasvatusjaosto", _B.SECTION, 5, 9, "Sivistyslautakunta"),
    ("Perusturvalautakunnan yksilöjaosto", _B.SECTION, 5, 14, "Perusturvalautakunta"),
    ("Teknisen lautakunnan lupajaosto", _B.SECTION, 5, 12, "Tekninen lautakunta"),
    ("Ympäristölautakunnan lupajaosto", _B.SECTION, 5, 10, "Ympäristölautakunta"),
    ("Vanhusneuvosto", _B.OTHER, 9, 6, "Kunnanhallitus"),
    ("Vammaisneuvosto", _B.OTHER, 9, 6, "Kunnanhallitus"),
    ("Nuorisovaltuusto", _B.OTHER, 13, 8, "Kunnanhallitus"),
    ("Kuntastrategian ohjausryhmä", _B.STEERING_GROUP, 9, 8, "Kunnanhallitus"),
    ("Sote-yhteistyön seurantaryhmä", _B.STEERING_GROUP, 9, 7, "Kunnanhallitus"),
    ("Ilmasto-ohjelman ohjausryhmä", _B.STEERING_GROUP, 7, 6, "Kunnanhallitus"),
    ("Kouluverkon ohjausryhmä", _B.STEERING_GROUP, 7, 7, "Kunnanhallitus"),
    ("Digitalisaation ohjausryhmä", _B.STEERING_GROUP, 7, 6, "Kunnanhallitus"),
    ("Hyvinvointikertomuksen työryhmä", _B.WORKING_GROUP, 7, 8, "Kunnanhallitus"),
    ("Liikenneturvallisuustyöryhmä", _B.WORKING_GROUP, 7, 6, "Kunnanhallitus"),
    ("Hankintatyöryhmä", _B.WORKING_GROUP, 6, 10, "Kunnanhallitus"),
    ("Palveluverkkotyöryhmä", _B.WORKING_GROUP, 7, 9, "Kunnanhallitus"),
    ("Kotouttamistyöryhmä", _B.WORKING_GROUP, 7, 7, "Kunnanhallitus"),
    ("Matkailun kehittämistyöryhmä", _B.WORKING_GROUP, 6, 6, "Elinvoimalautakunta"),
    ("Yrityspalvelujen työryhmä", _B.WORKING_GROUP, 6, 7, "Elinvoimalautakunta"),
    ("Kaavoitustyöryhmä", _B.WORKING_GROUP, 7, 10, "Maankäyttölautakunta"),
    ("Ympäristöohjelman työryhmä", _B.WORKING_GROUP, 6, 6, "Ympäristölautakunta"),
    ("Tietohallinnon työryhmä", _B.WORKING_GROUP, 6, 8, "Kunnanhallitus"),
    ("Asuntotyöryhmä", _B.WORKING_GROUP, 6, 6, "Kunnanhallitus"),
    ("Kylien kehittämistyöryhmä", _B.WORKING_GROUP, 7, 6, "Elinvoimalautakunta"),
    ("Kulttuuriympäristötyöryhmä", _B.WORKING_GROUP, 6, 5, "Kulttuurilautakunta"),
    ("Ikäohjelman työryhmä", _B.WORKING_GROUP, 7, 6, "Perusturvalautakunta"),
    ("Lasten ja nuorten hyvinvointityöryhmä", _B.WORKING_GROUP, 7, 7, "Sivistyslautakunta"),
    ("Työllisyystyöryhmä", _B.WORKING_GROUP, 7, 8, "Kunnanhallitus"),
    ("Energiatehokkuustyöryhmä", _B.WORKING_GROUP, 6, 6, "Tekninen lautakunta"),
    ("Tapahtumatyöryhmä", _B.WORKING_GROUP, 6, 6, "Vapaa-aikalautakunta"),
    ("Viestintätyöryhmä", _B.WORKING_GROUP, 6, 7, "Kunnanhallitus"),
    ("Turvallisuussuunnittelun työryhmä", _B.WORKING_GROUP, 7, 6, "Kunnanhallitus"),
    ("Liikuntapaikkatyöryhmä", _B.WORKING_GROUP, 6, 6, "Vapaa-aikalautakunta"),
    ("Oppilashuollon ohjausryhmä", _B.STEERING_GROUP, 7, 7, "Sivistyslautakunta"),
    ("Varhaiskasvatuksen kehittämistyöryhmä", _B.WORKING_GROUP, 6, 7, "Sivistyslautakunta"),
    ("Ruokapalvelujen työryhmä", _B.WORKING_GROUP, 6, 6, "Tekninen lautakunta"),
    ("Vesihuollon kehittämistyöryhmä", _B.WORKING_GROUP, 6, 6, "Tekninen lautakunta"),
    ("Maaseutuasioiden työryhmä", _B.WORKING_GROUP, 6, 5, "Elinvoimalautakunta"),
    ("Kirjastopalvelujen työryhmä", _B.WORKING_GROUP, 6, 5, "Kulttuurilautakunta"),
    ("Henkilöstöohjelman alatyöryhmä", _B.SUB_WORKING_GROUP, 5, 6, "Kunnanhallituksen henkilöstöjaosto"),  # noqa: E501
    ("Investointiohjelman alatyöryhmä", _B.SUB_WORKING_GROUP, 5, 6, "Kunnanhallituksen konsernijaosto"),  # noqa: E501
    ("Kouluverkon alatyöryhmä", _B.SUB_WORKING_GROUP, 5, 6, "Kouluverkon ohjausryhmä"),
    ("Ilmastoviestinnän alatyöryhmä", _B.SUB_WORKING_GROUP, 5, 5, "Ilmasto-ohjelman ohjausryhmä"),
)  # fmt: skip
# The hour a body of each kind meets at, and how long its meetings last (minutes).
MEETING_HOURS: dict[str, tuple[int, int, int]] = {
    _B.COUNCIL: (18, 150, 240),
    _B.BOARD: (14, 90, 180),
    _B.COMMITTEE: (17, 60, 150),
    _B.SECTION: (15, 45, 120),
}
OTHER_HOURS = (13, 60, 120)
# How often a case decided in a body of each kind goes on to the next body (a section to its
# committee, the board to the council, the others to the board); at most PENDING_MOST cases wait
# for a body at a time, and a body's meeting takes up at most half its items from them.
FORWARDED_SHARE: dict[str, float] = {
    _B.BOARD: 0.25,
    _B.COMMITTEE: 0.1,
    _B.SECTION: 0.2,
    _B.STEERING_GROUP: 0.1,
    _B.WORKING_GROUP: 0.1,
    _B.SUB_WORKING_GROUP: 0.2,
    _B.OTHER: 0.05,
}
PENDING_MOST = 25
PLACES = (
    "Kunnantalo, valtuustosali",
    "Kunnantalo, kokoushuone Kuusi",
    "Kunnantalo, kokoushuone Koivu",
    "Kirjasto, Ahjo-sali",
    "Teknisen toimen kokoushuone",
    "Sivistystoimen neuvotteluhuone",
)

# Officials by what they present: the presenter's title for bodies whose name contains the key.
PRESENTER_TITLES = (
    ("Sivistys", "sivistysjohtaja"),
    ("Perusturva", "perusturvajohtaja"),
    ("Tekni", "tekninen johtaja"),
    ("Ympäristö", "ympäristöpäällikkö"),
    ("Rakennus", "johtava rakennustarkastaja"),
    ("Vapaa-aika", "vapaa-aikapäällikkö"),
    ("Liikunta", "vapaa-aikapäällikkö"),
    ("Elinvoima", "elinvoimajohtaja"),
    ("Maankäyttö", "kaavoituspäällikkö"),
    ("Kaavoitus", "kaavoituspäällikkö"),
    ("Kulttuuri", "kulttuuripäällikkö"),
    ("Kirjasto", "kirjastonjohtaja"),
    ("Tarkastus", "hallintojohtaja"),
    ("Kunnanhallitus", "kunnanjohtaja"),
)
SECRETARY_TITLES = (
    "hallintosihteeri",
    "toimistosihteeri",
    "pöytäkirjanpitäjä",
    "johdon assistentti",
)
PREPARER_TITLES = (
    "talouspäällikkö", "controller", "suunnittelija", "erityisasiantuntija", "projektipäällikkö",
    "kaavoitusarkkitehti", "rehtori", "palvelupäällikkö", "henkilöstöpäällikkö",
    "hankinta-asiantuntija", "kehittämispäällikkö", "rakennusinsinööri", "ympäristötarkastaja",
    "varhaiskasvatuspäällikkö",
)  # fmt: skip
OCCUPATIONS = (
    "opettaja", "yrittäjä", "sairaanhoitaja", "maanviljelijä", "eläkeläinen", "insinööri",
    "lähihoitaja", "opiskelija", "toimitusjohtaja", "kirvesmies", "myyjä", "sosionomi",
    "merkonomi", "lehtori", "metsätalousinsinööri", "kuljetusyrittäjä", "diakoni", "ekonomi",
)  # fmt: skip
VILLAGES = (
    "Rantala", "Mäkelä", "Koivula", "Harjula", "Järvelä", "Niemelä", "Peltola", "Kuusela",
    "Saarela", "Haapala", "Kirkonkylä", "Vuorela", "Hakala", "Mustala", "Honkala", "Kallela",
)  # fmt: skip
MONTHS_GENITIVE = ("maaliskuun", "huhtikuun", "kesäkuun", "elokuun", "syyskuun", "lokakuun")
TASK_CLASSES = (
    "00.00.00", "00.01.00", "00.01.01", "00.02.00", "01.00.00", "02.02.00", "02.05.01",
    "03.00.00", "05.00.00", "07.00.00", "10.02.03", "10.03.00", "11.01.00", "12.00.00",
)  # fmt: skip
LEGAL_BASES = (
    "JulkL 24 § 1 mom. 25 k.",
    "JulkL 24 § 1 mom. 17 k.",
    "JulkL 24 § 1 mom. 32 k.",
    "JulkL 24 § 1 mom. 20 k.",
)
ATTACHMENT_TITLES = (
    "Talousarvioesitys", "Kartta", "Sopimusluonnos", "Lausuntoluonnos", "Tarjousvertailu",
    "Asemakaavaselostus", "Kustannusarvio", "Hankesuunnitelma", "Selvitys", "Toimintakertomus",
    "Tilinpäätös", "Arviointikertomus", "Kuntalaisten palaute", "Vaikutusten arviointi",
    "Pöytäkirjanote", "Hakemus", "Asemapiirros", "Ohjelmaluonnos", "Toteutumavertailu",
)  # fmt: skip
ATTACHMENT_TYPES = (
    ("application/pdf", 0.8),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 0.12),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 0.08),
)
DISQUALIFICATION_REASONS = (
    "Asianosainen (hallintolaki 28 § 1 mom. 1 k.).",
    "Läheinen asianosainen (hallintolaki 28 § 1 mom. 2 k.).",
    "Yhteisöjäävi (hallintolaki 28 § 1 mom. 5 k.).",
)
# The decisions on the agenda template's items (DEFAULT_OPENING_ITEMS and DEFAULT_CLOSING_ITEMS
# of kokous.meetings.services), as the seeds' minutes write them; {checkers} are the two elected.
STANDARD_DECISIONS = {
    "Kokouksen avaus ja osallistujien toteaminen": (
        "Puheenjohtaja avasi kokouksen ja totesi läsnäolijat.",
        AgendaItem.DecisionType.NOTED,
    ),
    "Laillisuus ja päätösvaltaisuus": (
        "Todettiin kokous lailliseksi ja päätösvaltaiseksi.",
        AgendaItem.DecisionType.NOTED,
    ),
    "Pöytäkirjantarkastajien valinta": (
        "Valittiin pöytäkirjantarkastajiksi {checkers}.",
        AgendaItem.DecisionType.ELECTION,
    ),
    "Työjärjestyksen hyväksyminen": (
        "Hyväksyttiin esityslista kokouksen työjärjestykseksi.",
        AgendaItem.DecisionType.ADOPTED_AS_PROPOSED,
    ),
}
CHECKERS_ITEM = "Pöytäkirjantarkastajien valinta"
DISSENT_REASONS = (
    "Jätän eriävän mielipiteen, koska päätös ei ole kuntalaisten edun mukainen.",
    "Päätöksen taloudellisia vaikutuksia ei ole selvitetty riittävästi.",
    "Katson, että asia olisi tullut valmistella uudelleen kuntalaisia kuullen.",
    "",
)

# Agenda items: (kind of decision, title, presenter's proposal). "decide" items are adopted
# (mostly as proposed), "note" items noted, "elect" items elections. {body} is the body's name.
ITEM_KINDS: tuple[tuple[str, str, str], ...] = (
    ("decide", "Tilinpäätös ja toimintakertomus vuodelta {prev}",
     "{body} päättää hyväksyä vuoden {prev} tilinpäätöksen ja toimintakertomuksen ja saattaa ne "
     "tilintarkastajan tarkastettaviksi."),
    ("decide", "Talousarvio vuodelle {next} ja taloussuunnitelma vuosille {next}–{next3}",
     "{body} päättää hyväksyä talousarvion vuodelle {next} ja taloussuunnitelman vuosille "
     "{next}–{next3} liitteen mukaisesti."),
    ("decide", "Hallintosäännön muuttaminen",
     "{body} päättää hyväksyä hallintosäännön muutokset liitteen mukaisesti. Muutokset tulevat "
     "voimaan {date}."),
    ("decide", "Lausunto maakunnan liikennejärjestelmäsuunnitelman luonnoksesta",
     "{body} päättää antaa liitteen mukaisen lausunnon."),
    ("decide", "Asemakaavan muutos, {village} (kaava nro {n})",
     "{body} päättää hyväksyä {village_gen} asemakaavan muutoksen kaavakartan ja -selostuksen "
     "mukaisena."),
    ("decide", "Rakennuslupahakemus, {street} {n}",
     "{body} päättää myöntää rakennusluvan hakemuksen ja pääpiirustusten mukaisesti."),
    ("decide", "Poikkeamislupahakemus, {village}",
     "{body} päättää myöntää poikkeamisluvan omakotitalon rakentamiseen ranta-alueelle."),
    ("decide", "Hankintapäätös: {procurement}",
     "{body} päättää valita hankinnan toimittajaksi kokonaistaloudellisesti edullisimman "
     "tarjouksen tehneen {company_gen}. Sopimus syntyy vasta erillisen sopimuksen "
     "allekirjoituksella."),
    ("decide", "Avustukset yhdistyksille vuonna {year}",
     "{body} päättää myöntää avustukset liitteen mukaisesti, yhteensä {eur} euroa."),
    ("decide", "Varhaiskasvatuksen asiakasmaksut {next}",
     "{body} päättää hyväksyä varhaiskasvatuksen asiakasmaksut 1.8.{next} alkaen liitteen "
     "mukaisesti."),
    ("decide", "Vesihuoltolaitoksen taksat {next}",
     "{body} päättää korottaa vesihuoltolaitoksen perusmaksuja ja käyttömaksuja {pct_small} "
     "prosenttia 1.1.{next} alkaen."),
    ("decide", "Maanvuokrasopimus, {village}",
     "{body} päättää vuokrata alueen kymmeneksi vuodeksi esitetyin ehdoin."),
    ("decide", "Kiinteistön myynti, {street} {n}",
     "{body} päättää myydä kiinteistön korkeimman tarjouksen tehneelle {eur} euron "
     "kauppahinnasta."),
    ("decide", "Viran täyttäminen: {post}",
     "{body} päättää valita virkaan {name}. Valinta on ehdollinen, kunnes valittu on esittänyt "
     "hyväksyttävän selvityksen terveydentilastaan."),
    ("decide", "Kouluverkkoselvityksen jatkotoimenpiteet",
     "{body} päättää jatkaa kouluverkon valmistelua vaihtoehdon 2 pohjalta ja kuulla huoltajia "
     "ennen lopullista päätöstä."),
    ("decide", "Investointiohjelman muutos vuodelle {year}",
     "{body} päättää hyväksyä investointiohjelman muutokset, joiden nettovaikutus on {eur} "
     "euroa."),
    ("decide", "Kuntastrategian päivittäminen",
     "{body} päättää hyväksyä päivitetyn kuntastrategian ja sen mittarit liitteen mukaisesti."),
    ("decide", "Ilmasto-ohjelma vuosille {year}–{next3}",
     "{body} päättää hyväksyä ilmasto-ohjelman ja sen toimenpiteet."),
    ("decide", "Liikenneturvallisuussuunnitelman hyväksyminen",
     "{body} päättää hyväksyä liikenneturvallisuussuunnitelman toteutettavaksi talousarvion "
     "rajoissa."),
    ("decide", "Katujen kunnossapitoluokitus",
     "{body} päättää hyväksyä katujen talvikunnossapidon luokituksen liitteen mukaisesti."),
    ("decide", "Ympäristönsuojelumääräysten uudistaminen",
     "{body} päättää hyväksyä ympäristönsuojelumääräykset, jotka tulevat voimaan {date}."),
    ("decide", "Oikaisuvaatimus rakennustarkastajan päätöksestä",
     "{body} päättää hylätä oikaisuvaatimuksen, koska päätös on tehty lain ja määräysten "
     "mukaisesti."),
    ("decide", "Vastaus valtuustoaloitteeseen kevyen liikenteen väylästä {village_gen} koululle",
     "{body} päättää hyväksyä aloitteeseen annetun vastauksen ja todeta aloitteen loppuun "
     "käsitellyksi."),
    ("decide", "Lainan ottaminen vuonna {year}",
     "{body} päättää ottaa enintään {eur} euron pitkäaikaisen lainan investointien "
     "rahoittamiseksi."),
    ("decide", "Henkilöstöpoliittinen ohjelma",
     "{body} päättää hyväksyä henkilöstöpoliittisen ohjelman vuosille {year}–{next3}."),
    ("decide", "Hyvinvointikertomus ja -suunnitelma vuosille {year}–{next3}",
     "{body} päättää hyväksyä laajan hyvinvointikertomuksen ja -suunnitelman."),
    ("decide", "Palvelusopimus: {procurement}",
     "{body} päättää jatkaa palvelusopimusta optiokaudelle {year}–{next}."),
    ("decide", "Kokousaikataulu vuodelle {next}",
     "{body} päättää kokoontua vuonna {next} pääsääntöisesti kuukauden toisena tiistaina."),
    ("note", "Talousarvion toteutuminen {month_gen} loppuun",
     "Merkitään tiedoksi talousarvion toteutuminen {month_gen} loppuun."),
    ("note", "Ilmoitusasiat", "Merkitään tiedoksi ilmoitusasiat."),
    ("note", "Viranhaltijapäätösten seuranta",
     "Merkitään tiedoksi viranhaltijapäätökset. Asioita ei oteta toimielimen käsiteltäväksi."),
    ("note", "Tarkastuslautakunnan arviointikertomus vuodelta {prev}",
     "Merkitään tiedoksi arviointikertomus ja pyydetään toimialoilta selvitykset "
     "havainnoista."),
    ("note", "Henkilöstöraportti {prev}", "Merkitään tiedoksi henkilöstöraportti."),
    ("note", "Sisäisen valvonnan ja riskienhallinnan selonteko",
     "Merkitään tiedoksi selonteko sisäisen valvonnan ja riskienhallinnan järjestämisestä."),
    ("note", "Katsaus valmistelutyön tilanteeseen",
     "Merkitään tiedoksi katsaus valmistelutyön tilanteeseen."),
    ("note", "Kuntakonsernin tytäryhteisöjen raportointi",
     "Merkitään tiedoksi tytäryhteisöjen raportit."),
    ("elect", "Eron myöntäminen luottamustoimesta ja täydennysvaali",
     "{body} päättää myöntää eron pyydetystä luottamustoimesta ja valita uuden jäsenen jäljellä "
     "olevaksi toimikaudeksi."),
    ("elect", "Edustajien nimeäminen yhtiökokouksiin",
     "{body} päättää nimetä edustajat yhtiökokouksiin ja antaa heille ohjeet."),
)  # fmt: skip
# Titles of items that are published only as a mention.
CONFIDENTIAL_TITLES = (
    "Toimeentulotukea koskeva oikaisuvaatimus",
    "Kiinteistökaupan neuvottelutilanne",
    "Henkilöstöasia",
    "Oppilaan erottamista koskeva asia",
    "Vahingonkorvausvaatimus",
)
PROCUREMENTS = (
    "koulukuljetukset", "ruokapalvelut", "siivouspalvelut", "katujen talvikunnossapito",
    "työterveyshuollon palvelut", "taloushallinnon tietojärjestelmä", "päiväkodin rakennusurakka",
    "katuvalaistuksen saneeraus", "kirjastoauto", "uimahallin peruskorjaus",
)  # fmt: skip
POSTS = (
    "rehtori", "talouspäällikkö", "rakennustarkastaja", "varhaiskasvatuksen johtaja",
    "ympäristötarkastaja", "kirjastonjohtaja", "hallintosihteeri", "kaavoitusarkkitehti",
)  # fmt: skip

# Sentences of ordinary minutes, filled in per use.
SENTENCE_PATTERNS = (
    "Asia on tullut vireille {date}, ja sitä on valmisteltu yhteistyössä eri toimialojen kanssa.",
    "Valmistelun aikana on kuultu asukkaita, yhdistyksiä ja muita sidosryhmiä.",
    "Hankkeen kokonaiskustannusarvio on {eur} euroa, ja siihen on varattu määräraha vuoden "
    "{year} talousarviossa.",
    "Talousarvion toteutuma oli tarkastelukauden lopussa {pct} prosenttia, kun tasaisen "
    "kertymän mukainen tavoite on {pct2} prosenttia.",
    "Toimintatuottoja kertyi {eur} euroa ja toimintakuluja {eur2} euroa.",
    "Esitys perustuu kuntalain 14 §:ään sekä kunnan hallintosääntöön.",
    "Muutoksella ei arvioida olevan merkittäviä vaikutuksia kunnan talouteen.",
    "Päätöksen vaikutuksia lapsiin ja nuoriin on arvioitu valmistelun yhteydessä.",
    "Asemakaavan muutoksen tavoitteena on mahdollistaa asuinrakentaminen {village_gen} alueella.",
    "Kaavaehdotus on ollut julkisesti nähtävillä {date}–{date2}, ja siitä saatiin {count} "
    "muistutusta.",
    "Rakennuspaikka sijaitsee osoitteessa {street} {n}.",
    "Hakija on toimittanut hakemuksen liitteineen {date}.",
    "Tarjouspyyntö julkaistiin Hilma-palvelussa {date}, ja määräaikaan mennessä saatiin {count} "
    "tarjousta.",
    "Valintaperusteena oli kokonaistaloudellinen edullisuus, jossa hinnan painoarvo oli {pct} "
    "prosenttia ja laadun {pct3} prosenttia.",
    "Sopimuskausi alkaa {date} ja kestää kaksi vuotta, minkä lisäksi tilaajalla on oikeus "
    "kahteen optiovuoteen.",
    "Virkaa haki määräaikaan mennessä {count} hakijaa, joista haastatteluun kutsuttiin neljä.",
    "Lausuntoa on pyydetty antamaan {date} mennessä.",
    "Kunnan näkemyksen mukaan luonnoksessa esitetyt tavoitteet ovat kannatettavia, mutta niiden "
    "toteuttamiseen tarvitaan riittävä rahoitus.",
    "Valtuustoaloitteessa esitetään, että kunta selvittäisi mahdollisuudet parantaa kevyen "
    "liikenteen turvallisuutta {village_gen} koulun ympäristössä.",
    "Asiasta on neuvoteltu henkilöstön edustajien kanssa yhteistoimintamenettelyssä {date}.",
    "Kunnan asukasluku oli vuoden {prev} lopussa {population}.",
    "Investointiohjelmaan esitetään muutoksia, jotka johtuvat rakennuskustannusten noususta ja "
    "hankkeiden aikataulujen tarkentumisesta.",
    "Tilintarkastaja on tarkastanut tilinpäätöksen ja antanut siitä tilintarkastuskertomuksen.",
    "Tarkastuslautakunta arvioi, ovatko valtuuston asettamat toiminnalliset ja taloudelliset "
    "tavoitteet toteutuneet.",
    "Hyvinvointikertomukseen on koottu tiedot kuntalaisten hyvinvoinnin ja terveyden tilasta "
    "sekä niihin vaikuttavista tekijöistä.",
    "Koulujen oppilasmäärät ovat laskeneet viime vuosina, ja ennusteen mukaan lasku jatkuu myös "
    "tulevina vuosina.",
    "Varhaiskasvatuksen asiakasmaksut määräytyvät asiakasmaksulain mukaan, ja niitä tarkistetaan "
    "kahden vuoden välein.",
    "Katujen talvikunnossapito on järjestetty kolmeen kunnossapitoluokkaan liikennemäärien ja "
    "katujen merkityksen perusteella.",
    "Ympäristönsuojelumääräysten tarkoituksena on ehkäistä ympäristön pilaantumista kunnan "
    "alueella.",
    "Avustuksia voidaan myöntää rekisteröidyille yhdistyksille, jotka toimivat kunnan alueella.",
    "Vuodelle {year} avustuksiin on varattu yhteensä {eur} euroa.",
    "Määräaikaan mennessä avustushakemuksia saapui {count}.",
    "Kiinteistön arvo on arvioitu ulkopuolisen arvioijan lausunnossa {eur} euroksi.",
    "Vuokra-aika on kymmenen vuotta, ja vuosivuokra sidotaan elinkustannusindeksiin.",
    "Henkilöstön määrä oli vuoden lopussa {staff} henkilöä, ja sairauspoissaolot vähenivät "
    "edellisestä vuodesta.",
    "Ilmasto-ohjelman tavoitteena on vähentää kunnan alueen kasvihuonekaasupäästöjä {pct} "
    "prosenttia vuoteen 2035 mennessä.",
    "Liikenneturvallisuussuunnitelma on laadittu yhteistyössä Liikenneturvan ja ELY-keskuksen "
    "kanssa.",
    "Selvityksessä on vertailtu kolmea vaihtoehtoa, joiden kustannukset ja vaikutukset "
    "palvelujen saatavuuteen on esitetty liitteessä.",
    "Valmistelussa on otettu huomioon kuntastrategian tavoitteet sekä valtuuston hyväksymä "
    "palveluverkkosuunnitelma.",
    "Esityksestä on pyydetty lausunnot vanhusneuvostolta, vammaisneuvostolta ja "
    "nuorisovaltuustolta.",
    "Sähköisten palvelujen käyttö on kasvanut, ja asiointi niissä on lisääntynyt {pct_small} "
    "prosenttia edellisestä vuodesta.",
    "Päätös tulee voimaan {date}.",
    "Muutos edellyttää hallintosäännön 25 §:n muuttamista.",
    "Kuntayhtymän perussopimuksen mukaan jäsenkunnat vastaavat kuntayhtymän menoista "
    "asukaslukujensa suhteessa.",
    "Kunnan lainakanta oli tilikauden lopussa {eur} euroa.",
    "Rakennuslupaa on haettu {area} kerrosneliömetrin liikerakennuksen rakentamiseen.",
    "Naapureita on kuultu maankäyttö- ja rakennuslain 133 §:n mukaisesti, eikä huomautuksia ole "
    "jätetty.",
    "Oikaisuvaatimuksessa vaaditaan päätöksen kumoamista, koska hakijan mukaan asiaa ei ole "
    "selvitetty riittävästi.",
    "Viranhaltijan päätös on tehty toimivallan puitteissa, eikä oikaisuvaatimuksessa ole esitetty "
    "perusteita päätöksen muuttamiselle.",
    "Lisätietoja asiasta on saatavilla kunnan verkkosivuilla ja kirjaamosta.",
    "Tavoitteena on turvata palvelujen saatavuus kaikissa kunnan osissa myös tulevaisuudessa.",
    "Toteutuksen aikataulu tarkentuu suunnittelun edetessä vuoden {next} aikana.",
)
BULLET_PATTERNS = (
    "talousarvion toteutumisen seuranta", "henkilöstön saatavuuden turvaaminen",
    "palveluverkon kehittäminen", "sähköisten palvelujen lisääminen",
    "asukkaiden osallisuuden vahvistaminen", "ilmastotavoitteiden edistäminen",
    "elinvoiman ja yritysten toimintaedellytysten parantaminen", "investointien priorisointi",
    "lasten ja nuorten hyvinvoinnin tukeminen", "ikääntyneiden kotona asumisen tukeminen",
    "kiinteistöjen korjausvelan vähentäminen", "yhteistyö naapurikuntien kanssa",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Text


@lru_cache(maxsize=1)
def _seed_sentences() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Whole sentences and list lines of the demo's texts (cut verbatim from the seeds)."""
    sentences: set[str] = set()
    bullets: set[str] = set()
    for path in sorted(TEXTS.glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            lines = [line.strip() for line in block.splitlines() if line.strip()]
            for line in lines:
                if re.match(r"^[-•]\s+\S", line) and 15 <= len(line) <= 160 and "**" not in line:
                    bullets.add(re.sub(r"^[-•]\s+", "", line))
            prose = " ".join(line for line in lines if not re.match(r"^[-•]", line))
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", prose):
                sentence = " ".join(sentence.split())
                letters = sum(c.isalpha() for c in sentence)
                if (
                    50 <= len(sentence) <= 400
                    and sentence[-1] in ".!?"
                    and sentence[0].isupper()
                    and "**" not in sentence
                    and letters > 0.75 * len(sentence)
                ):
                    sentences.add(sentence)
    return tuple(sorted(sentences)), tuple(sorted(bullets))


def _genitive(name: str) -> str:
    """The genitive of the names used here (all end in a vowel: Rantala → Rantalan)."""
    return name + "n"


class _Writer:
    """Finnish text of minutes, from the seeds' sentences and the patterns above."""

    def __init__(self, rng: random.Random, faker: Faker) -> None:
        self.rng = rng
        self.sentences, seed_bullets = _seed_sentences()
        self.bullets = seed_bullets + BULLET_PATTERNS
        self.streets = sorted({faker.street_name() for _ in range(300)})
        self.companies = sorted({faker.last_name() + " Oy" for _ in range(200)})
        # Private persons named in items (applicants, appointees): Faker is slow per call.
        self.names = sorted({faker.name() for _ in range(1_000)})

    def slots(self, day: dt.date) -> dict[str, Any]:
        rng = self.rng
        year = day.year
        later = day + dt.timedelta(days=rng.randint(20, 120))
        after = later + dt.timedelta(days=30)
        pct = rng.randint(35, 80)
        village = rng.choice(VILLAGES)
        company = rng.choice(self.companies)
        return {
            "year": year,
            "prev": year - 1,
            "next": year + 1,
            "next3": year + 3,
            "date": format_fi_date(later),
            "date2": format_fi_date(after),
            "eur": f"{rng.randint(12, 4_800) * 1_000:,}".replace(",", " "),
            "eur2": f"{rng.randint(12, 4_800) * 1_000:,}".replace(",", " "),
            "pct": pct,
            "pct2": min(pct + rng.randint(-5, 8), 99),
            "pct3": 100 - pct,
            "pct_small": rng.randint(2, 9),
            "count": rng.randint(2, 14),
            "staff": rng.randint(420, 980),
            "population": f"{rng.randint(14_000, 19_000):,}".replace(",", " "),
            "area": rng.randint(3, 40) * 50,
            "n": rng.randint(1, 120),
            "village": village,
            "village_gen": _genitive(village),
            "street": rng.choice(self.streets),
            "company": company,
            "company_gen": f"{company}:n",
            "procurement": rng.choice(PROCUREMENTS),
            "post": rng.choice(POSTS),
            "name": rng.choice(self.names),
            "month_gen": rng.choice(MONTHS_GENITIVE),
        }

    def sentence(self, slots: dict[str, Any]) -> str:
        if self.rng.random() < 0.55:
            return self.rng.choice(self.sentences)
        return self.rng.choice(SENTENCE_PATTERNS).format(**slots)

    def paragraph(self, slots: dict[str, Any]) -> str:
        return " ".join(self.sentence(slots) for _ in range(self.rng.randint(2, 4)))

    def preparation_html(self, slots: dict[str, Any]) -> str:
        """A preparation text as the editor writes it: paragraphs, sometimes a list; a few
        hundred to a few thousand characters (log-normal, median about 1,200)."""
        rng = self.rng
        target = min(max(int(rng.lognormvariate(math.log(1_200), 0.6)), 300), 6_000)
        blocks: list[str] = []
        length = 0
        while length < target:
            if blocks and rng.random() < 0.12:
                lines = rng.sample(self.bullets, rng.randint(2, 5))
                block = "<ul>" + "".join(
                    f"<li>{html.escape(line, quote=False)}</li>" for line in lines
                )
                block += "</ul>"
                length += sum(len(line) for line in lines)
            else:
                text = self.paragraph(slots)
                block = f"<p>{html.escape(text, quote=False)}</p>"
                length += len(text)
            blocks.append(block)
        return "\n".join(blocks)

    def reasons(self, slots: dict[str, Any], most: int) -> str:
        return " ".join(self.sentence(slots) for _ in range(self.rng.randint(0, most)))


# ---------------------------------------------------------------------------------------------
# Plans: who sits where, and when the bodies meet


@dataclass
class _Term:
    """A body's people for one term (June 1 to May 31 four years later)."""

    start: dt.date
    end: dt.date
    seats: list[int]  # person ids: chair first, then vice chair, then members
    deputies: dict[int, int]  # member's person id -> their personal deputy's
    presenter: int | None
    secretary: int
    preparers: list[int]


@dataclass
class _BodyPlan:
    body: Body
    kind: str
    seats: int
    weight: int
    parent_name: str
    standard: list[StandardItem] = field(default_factory=list)
    terms: list[_Term] = field(default_factory=list)
    forward_to: _BodyPlan | None = None

    def term_at(self, day: dt.date) -> _Term:
        for term in self.terms:
            if term.start <= day <= term.end:
                return term
        raise LookupError(day)


@dataclass
class _MeetingPlan:
    plan: _BodyPlan
    meeting: Meeting
    day: dt.date
    term: _Term
    items: int
    past: bool
    # (person id, seat holder's person id) of every seat filled at the meeting.
    voters: list[tuple[int, int]] = field(default_factory=list)
    checkers: list[int] = field(default_factory=list)


@dataclass
class _Pending:
    """A case waiting for a later body's (or the same body's later) meeting: its title and
    the kind of item it is (of ITEM_KINDS), and the tabled item it continues."""

    case: Case
    title: str
    pattern: tuple[str, str, str]
    not_before: dt.date
    tabled: AgendaItem | None = None


def _term_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The June 1 starts of the four-year terms (2017, 2021, 2025 ...) covering the period."""
    year = first.year - ((first.year - 2017) % 4)
    if dt.date(year, 6, 1) > first:
        year -= 4
    starts = []
    while dt.date(year, 6, 1) <= last:
        starts.append(dt.date(year, 6, 1))
        year += 4
    return starts


def _shares(total: int, weights: Sequence[int]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders): the parts sum to it."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    parts = [math.floor(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    for index in order[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _spread(total: int, count: int, low: int, high: int, rng: random.Random) -> list[int]:
    """`count` numbers between `low` and `high` that vary around their mean and sum to
    `total` exactly."""
    parts = _shares(total, [1] * count)
    for _ in range(count):
        i, j = rng.randrange(count), rng.randrange(count)
        step = rng.randint(0, max(high - low, 0) // 2)
        step = min(step, high - parts[i], parts[j] - low)
        if i != j and step > 0:
            parts[i] += step
            parts[j] -= step
    return parts


def _meeting_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The days bodies meet on: working days, not in July nor over Christmas and New Year."""
    days = []
    day = first
    while day <= last:
        holidays = (
            day.month == 7
            or (day.month == 12 and day.day >= 20)
            or (day.month == 1 and day.day <= 6)
        )
        if not holidays and is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


# ---------------------------------------------------------------------------------------------
# Writing in batches


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(model: type[models.Model], rows: list[Any], counts: Counter[str]) -> list[Any]:
    """`bulk_create` in batches of BATCH (the backend splits further where it must); the
    rows get their ids on both databases."""
    for chunk in _chunks(rows, BATCH):
        model._default_manager.bulk_create(chunk, batch_size=BATCH)
    counts[model.__name__] += len(rows)
    return rows


class _Generator:
    def __init__(
        self,
        *,
        organisation: Organisation,
        years: int,
        body_count: int,
        meetings_per_year: int,
        items_per_meeting: int,
        seed: int,
        today: dt.date,
        progress: Progress | None,
    ) -> None:
        self.organisation = organisation
        self.years = years
        self.body_count = body_count
        self.meetings_per_year = meetings_per_year
        self.items_per_meeting = items_per_meeting
        self.today = today
        self.progress = progress or (lambda stage, done, total: None)
        self.rng = random.Random(seed)
        self.faker = Faker("fi_FI")
        self.faker.seed_instance(seed)
        self.writer = _Writer(self.rng, self.faker)
        self.counts: Counter[str] = Counter()
        self.plans: list[_BodyPlan] = []
        self.people: dict[int, Person] = {}
        self.meetings: list[_MeetingPlan] = []
        self.sample: Meeting | None = None  # a published meeting for a load test
        # Running numbers: § per (body, year), cases per year.
        self.sections: dict[tuple[int, int], int] = defaultdict(int)
        self.case_numbers: dict[int, int] = defaultdict(int)
        self.pending: dict[int, deque[_Pending]] = defaultdict(deque)
        self.last = today + dt.timedelta(days=FUTURE_DAYS)
        self.first = self.last - dt.timedelta(days=round(years * 365.2425) - 1)

    # --- bodies and people ------------------------------------------------------------------

    def bodies_create(self) -> None:
        catalogue = list(BODY_CATALOGUE[: self.body_count])
        for number in range(len(catalogue) + 1, self.body_count + 1):
            catalogue.append((f"Projektityöryhmä {number}", _B.WORKING_GROUP, 6, 6, ""))
        names = {name for name, *_rest in catalogue}
        plans = []
        for name, kind, seats, weight, parent in catalogue:
            body = Body(
                organisation=self.organisation,
                name_fi=name,
                slug=slugify(f"{self.organisation.slug} {name}")[:100],
                kind=kind,
                mandate=(
                    "<p>Toimielimen tehtävät määräytyvät hallintosäännön ja asettamispäätöksen "
                    "mukaan.</p>"
                ),
            )
            parent_name = parent if parent in names else ""
            if not parent_name and kind != _B.COUNCIL:
                # Set up by a body not generated (a small run): the board's, or the first's.
                parent_name = next(
                    (n for n, k, *_r in catalogue if k == _B.BOARD and n != name),
                    catalogue[0][0] if catalogue[0][0] != name else "",
                )
            plans.append(_BodyPlan(body, kind, seats, weight, parent_name))
        # Parents come before their children in the catalogue: insert level by level.
        by_name = {plan.body.name_fi: plan for plan in plans}
        remaining = list(plans)
        while remaining:
            level = [p for p in remaining if not p.parent_name or by_name[p.parent_name].body.pk]
            for plan in level:
                if plan.parent_name:
                    plan.body.parent = by_name[plan.parent_name].body
            _insert(Body, [plan.body for plan in level], self.counts)
            remaining = [p for p in remaining if p not in level]
        council = next((p for p in plans if p.kind == _B.COUNCIL), None)
        board = next((p for p in plans if p.kind == _B.BOARD), None)
        for plan in plans:
            if plan.kind == _B.BOARD:
                plan.forward_to = council
            elif plan.kind == _B.SECTION and plan.parent_name:
                plan.forward_to = by_name[plan.parent_name]
            elif plan.kind != _B.COUNCIL:
                plan.forward_to = board
            if plan.forward_to is plan:
                plan.forward_to = None
            # The body's agenda template, as every new meeting of it starts with.
            plan.standard = standard_items_ensure(body=plan.body)
            self.counts["StandardItem"] += len(plan.standard)
        self.plans = plans

    def _person(self, *, title: str, affiliation: str) -> Person:
        first, last = self.faker.first_name(), self.faker.last_name()
        address = f"{slugify(first)}.{slugify(last)}@{self.organisation.slug}.example"
        person = Person(
            first_name=first,
            last_name=last,
            title=title,
            affiliation=affiliation,
            email=address,
            phone=f"040 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}",
        )
        return person

    def people_create(self) -> None:
        """Officials for each body (presenter, secretary, preparers) and elected members for
        each term: about two positions a person, two in three continuing from term to term."""
        rng = self.rng
        org_name = self.organisation.name_fi
        starts = _term_starts(self.first, self.last)
        officials: dict[str, Person] = {}
        body_officials: dict[int, tuple[Person | None, Person, list[Person]]] = {}
        new: list[Person] = []
        for plan in self.plans:
            title = next(
                (t for key, t in PRESENTER_TITLES if key in plan.body.name_fi), "hallintojohtaja"
            )
            presenter = None
            if plan.kind != _B.COUNCIL:  # a council decides on the board's proposals
                presenter = officials.get(title)
                if presenter is None or plan.kind in {_B.WORKING_GROUP, _B.SUB_WORKING_GROUP}:
                    presenter = self._person(title=title, affiliation=org_name)
                    new.append(presenter)
                    officials.setdefault(title, presenter)
            secretary = self._person(title=rng.choice(SECRETARY_TITLES), affiliation=org_name)
            preparers = [
                self._person(title=rng.choice(PREPARER_TITLES), affiliation=org_name)
                for _ in range(3)
            ]
            new += [secretary, *preparers]
            body_officials[id(plan)] = (presenter, secretary, preparers)
        positions = sum(2 * plan.seats for plan in self.plans)
        size = max(positions // 2, max(2 * plan.seats for plan in self.plans))
        pool: list[Person] = []
        terms: list[list[Person]] = []
        for _start in starts:
            kept = rng.sample(pool, k=min(len(pool), size * 2 // 3))
            fresh = [
                self._person(title=rng.choice(OCCUPATIONS), affiliation=org_name)
                for _ in range(size - len(kept))
            ]
            new += fresh
            pool = kept + fresh
            terms.append(pool)
        _insert(Person, new, self.counts)
        self.people = {person.pk: person for person in new}
        memberships: list[Membership] = []
        deputy_rows: list[tuple[Membership, Membership]] = []
        for plan in self.plans:
            presenter, secretary, preparers = body_officials[id(plan)]
            for start, pool in zip(starts, terms, strict=True):
                end = dt.date(start.year + 4, 5, 31)
                chosen = rng.sample(pool, k=2 * plan.seats)
                seats, deputies = chosen[: plan.seats], chosen[plan.seats :]
                term = _Term(
                    start=start,
                    end=end,
                    seats=[p.pk for p in seats],
                    deputies={s.pk: d.pk for s, d in zip(seats, deputies, strict=True)},
                    presenter=presenter.pk if presenter else None,
                    secretary=secretary.pk,
                    preparers=[p.pk for p in preparers],
                )
                plan.terms.append(term)
                for index, person in enumerate(seats):
                    role = (
                        Membership.Role.CHAIR,
                        Membership.Role.VICE_CHAIR,
                    )[index] if index < 2 else Membership.Role.MEMBER  # fmt: skip
                    seat = Membership(
                        body=plan.body, person=person, role=role, start=start, end=end
                    )
                    memberships.append(seat)
                    deputy = Membership(
                        body=plan.body,
                        person=deputies[index],
                        role=Membership.Role.DEPUTY,
                        start=start,
                        end=end,
                    )
                    deputy_rows.append((deputy, seat))
                for role, person_or_none in (
                    (Membership.Role.PRESENTER, presenter),
                    (Membership.Role.SECRETARY, secretary),
                ):
                    if person_or_none is not None:
                        memberships.append(
                            Membership(
                                body=plan.body,
                                person=person_or_none,
                                role=role,
                                start=start,
                                end=end,
                            )
                        )
        _insert(Membership, memberships, self.counts)
        for deputy, seat in deputy_rows:
            deputy.deputy_for = seat
        _insert(Membership, [deputy for deputy, _seat in deputy_rows], self.counts)

    # --- meetings --------------------------------------------------------------------------

    def meetings_create(self) -> None:
        rng = self.rng
        days = _meeting_days(self.first, self.last)
        total = self.years * len(self.plans) * self.meetings_per_year
        per_body = _shares(total, [plan.weight for plan in self.plans])
        if max(per_body) > len(days):
            raise BenchDataRefused(
                f"{max(per_body)} meetings of one body do not fit in {len(days)} meeting days."
            )
        plans: list[_MeetingPlan] = []
        for plan, count in zip(self.plans, per_body, strict=True):
            hour, shortest, longest = MEETING_HOURS.get(plan.kind, OTHER_HOURS)
            place = rng.choice(PLACES)
            step = len(days) / count
            chosen: list[dt.date] = []
            previous = -1
            for index in range(count):
                # Evenly spread, a little at random; one meeting a day at most.
                at = max(int((index + rng.random()) * step), previous + 1)
                previous = min(at, len(days) - (count - index))
                chosen.append(days[previous])
            next_meeting = next((day for day in chosen if day >= self.today), None)
            for day in chosen:
                online = day.year >= 2020 and rng.random() < 0.3
                start = helsinki_datetime(day.year, day.month, day.day, hour)
                end = start + dt.timedelta(minutes=rng.randint(shortest // 5, longest // 5) * 5)
                term = plan.term_at(day)
                past = day < self.today
                if past:
                    status = Meeting.Status.PUBLISHED
                elif day == next_meeting or day <= self.today + dt.timedelta(days=AGENDA_SENT_DAYS):
                    status = Meeting.Status.INVITATION_SENT
                else:
                    status = Meeting.Status.PLANNED
                meeting = Meeting(
                    body=plan.body,
                    year=local_date(start).year,
                    number=0,
                    start=start,
                    end=end if past else None,
                    place="Teams" if online else place,
                    status=status,
                    chair_id=term.seats[0],
                    secretary_id=term.secretary,
                    presenter_id=term.presenter,
                )
                if past:
                    # Checked minutes are locked; the end of the meeting stands for the time
                    # of the last signature, as the importer and the demo record it.
                    meeting.minutes_locked_at = end
                    meeting.minutes_published_on = min(
                        day + dt.timedelta(days=rng.randint(3, 8)), self.today
                    )
                plans.append(_MeetingPlan(plan, meeting, day, term, 0, past))
        # Numbered in each body's year in date order, as `meeting_create` numbers them, and
        # inserted in date order: the ids follow the dates, as the § numbering's order does.
        plans.sort(key=lambda m: (m.meeting.start, m.plan.body.pk))
        numbers: dict[tuple[int, int], int] = defaultdict(int)
        for meeting_plan in plans:
            key = (meeting_plan.plan.body.pk, meeting_plan.meeting.year)
            numbers[key] += 1
            meeting_plan.meeting.number = numbers[key]
        total_items = len(plans) * self.items_per_meeting
        low = len(self.plans[0].standard) + 1
        high = 2 * self.items_per_meeting - low
        for meeting_plan, count in zip(
            plans, _spread(total_items, len(plans), low, high, rng), strict=True
        ):
            meeting_plan.items = count
        meetings = [m.meeting for m in plans]
        for done, chunk in enumerate(_chunks(meetings, BATCH), start=1):
            Meeting.objects.bulk_create(chunk, batch_size=BATCH)
            self.progress("meetings", min(done * BATCH, len(meetings)), len(meetings))
        self.counts["Meeting"] += len(meetings)
        self.meetings = plans
        self.attendance_create()

    def attendance_create(self) -> None:
        """Who was there: every seat holder (present, or absent with their deputy standing
        in or not), always enough for a quorum; the presenter and the secretary."""
        rng = self.rng
        rows: list[Attendance] = []
        checkers: list[Any] = []
        through = Meeting.minute_checkers.through
        for meeting_plan in self.meetings:
            if not meeting_plan.past:
                continue
            term, meeting = meeting_plan.term, meeting_plan.meeting
            required = quorum_required(
                rule=meeting_plan.plan.body.quorum_rule, seats=len(term.seats)
            )
            present = {
                holder: index == 0 or rng.random() < 0.9 for index, holder in enumerate(term.seats)
            }
            standing_in = {
                holder: term.deputies[holder]
                for holder, here in present.items()
                if not here and rng.random() < 0.6
            }
            for holder in term.seats:
                if len([h for h in present if present[h]]) + len(standing_in) >= required:
                    break
                if not present[holder]:
                    present[holder] = True
                    standing_in.pop(holder, None)
            position = 0
            for holder in term.seats:
                position += 1
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person_id=holder,
                        capacity=Attendance.Capacity.MEMBER,
                        present=present[holder],
                        position=position,
                    )
                )
                if present[holder]:
                    meeting_plan.voters.append((holder, holder))
            for holder, deputy in standing_in.items():
                position += 1
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person_id=deputy,
                        capacity=Attendance.Capacity.DEPUTY,
                        deputy_for_id=holder,
                        position=position,
                    )
                )
                meeting_plan.voters.append((deputy, holder))
            for person_id, capacity in (
                (term.presenter, Attendance.Capacity.PRESENTER),
                (term.secretary, Attendance.Capacity.SECRETARY),
            ):
                if person_id is not None:
                    position += 1
                    rows.append(
                        Attendance(
                            meeting=meeting, person_id=person_id, capacity=capacity,
                            position=position,
                        )
                    )  # fmt: skip
            # Two members present check the minutes (the chair presides and does not).
            candidates = [person for person, _holder in meeting_plan.voters[1:]]
            meeting_plan.checkers = rng.sample(candidates, k=min(2, len(candidates)))
            checkers += [
                through(meeting_id=meeting.pk, person_id=person) for person in meeting_plan.checkers
            ]
        _insert(Attendance, rows, self.counts)
        _insert(through, checkers, self.counts)

    # --- items -----------------------------------------------------------------------------

    def items_create(self) -> None:
        total = sum(m.items for m in self.meetings)
        done = 0
        chunk: list[_MeetingPlan] = []
        for meeting_plan in self.meetings:
            chunk.append(meeting_plan)
            if sum(m.items for m in chunk) >= BATCH:
                done += self._items_chunk(chunk)
                self.progress("items", done, total)
                chunk = []
        if chunk:
            done += self._items_chunk(chunk)
            self.progress("items", done, total)

    def _case(self, title: str, day: dt.date, new_cases: list[Case]) -> Case:
        year = day.year
        self.case_numbers[year] += 1
        task_class = self.rng.choice(TASK_CLASSES)
        number = self.case_numbers[year]
        case = Case(
            organisation=self.organisation,
            year=year,
            running_number=number,
            task_class=task_class,
            title=title[:500],
            record_number=record_number_render(
                organisation=self.organisation, number=number, task_class=task_class, year=year
            ),
        )
        new_cases.append(case)
        return case

    def _items_chunk(self, chunk: list[_MeetingPlan]) -> int:
        """The items of these meetings (in date order) and all that hangs on them."""
        rng = self.rng
        new_cases: list[Case] = []
        items: list[AgendaItem] = []
        # Per item: the meeting, the item, and what to write once the item has an id.
        records: list[tuple[_MeetingPlan, AgendaItem, dict[str, Any]]] = []
        for meeting_plan in chunk:
            plan, meeting, day = meeting_plan.plan, meeting_plan.meeting, meeting_plan.day
            opening = [s for s in plan.standard if s.place == StandardItem.Place.OPENING]
            closing = [s for s in plan.standard if s.place == StandardItem.Place.CLOSING]
            queue = self.pending[plan.body.pk]
            agenda: list[tuple[AgendaItem, dict[str, Any]]] = [
                (self._standard_item(meeting_plan, s), {}) for s in opening
            ]
            for _ in range(meeting_plan.items - len(opening) - len(closing)):
                pending = None
                if queue and queue[0].not_before <= day and rng.random() < 0.5:
                    pending = queue.popleft()
                agenda.append(self._item(meeting_plan, pending, new_cases))
            agenda += [(self._standard_item(meeting_plan, s), {}) for s in closing]
            # § numbers run on over the body's calendar year, in meeting and agenda order.
            key = (plan.body.pk, meeting.year)
            for position, (item, extras) in enumerate(agenda, start=1):
                self.sections[key] += 1
                item.meeting = meeting
                item.position = position
                item.section_number = self.sections[key]
                item.presenter_id = meeting.presenter_id
                item.ready = True
                items.append(item)
                records.append((meeting_plan, item, extras))
        _insert(Case, new_cases, self.counts)
        _insert(AgendaItem, items, self.counts)
        self.counts["AgendaItem with a decision"] += sum(1 for item in items if item.decision)
        self._item_extras(records)
        return len(items)

    def _standard_item(self, meeting_plan: _MeetingPlan, standard: StandardItem) -> AgendaItem:
        item = AgendaItem(
            title=standard.title,
            preparation_text=standard.preparation_text,
            proposal=standard.proposal,
            standard_place=standard.place,
        )
        names = " ja ".join(self.people[pk].full_name for pk in meeting_plan.checkers)
        if standard.title == CHECKERS_ITEM and names:
            item.proposal = f"Valitaan pöytäkirjantarkastajiksi {names}."
        if meeting_plan.past:
            decision, item.decision_type = STANDARD_DECISIONS.get(
                standard.title, ("Merkittiin tiedoksi.", AgendaItem.DecisionType.NOTED)
            )
            item.decision = decision.format(checkers=names)
        return item

    def _item(
        self, meeting_plan: _MeetingPlan, pending: _Pending | None, new_cases: list[Case]
    ) -> tuple[AgendaItem, dict[str, Any]]:
        rng, writer = self.rng, self.writer
        plan, day = meeting_plan.plan, meeting_plan.day
        slots = writer.slots(day)
        slots["body"] = plan.body.name_fi
        pattern = pending.pattern if pending is not None else rng.choice(ITEM_KINDS)
        kind, title_pattern, proposal_pattern = pattern
        publicity, legal_basis = Publicity.PUBLIC, ""
        roll = rng.random()
        if roll < 0.01:
            publicity, legal_basis = Publicity.CONFIDENTIAL, rng.choice(LEGAL_BASES)
            title_pattern = rng.choice(CONFIDENTIAL_TITLES)
            kind = "decide"
        elif roll < 0.03:
            publicity = Publicity.PUBLIC_AFTER_DECISION
        title = title_pattern.format(**slots)
        extras: dict[str, Any] = {}
        case = None
        carried_from = None
        if pending is not None:
            case, title = pending.case, pending.title
            if pending.tabled is not None and pending.tabled.pk is not None:
                carried_from = pending.tabled  # written in an earlier batch: it has its id
        elif rng.random() < (0.4 if kind == "note" else 0.8):
            case = self._case(title, day, new_cases)
        proposal = proposal_pattern.format(**slots)
        reasons = writer.reasons(slots, 2)
        if reasons:
            proposal = f"{proposal} {reasons}"
        item = AgendaItem(
            title=title[:500],
            case=case,
            preparation_text=writer.preparation_html(slots),
            proposal=proposal,
            publicity=publicity,
            legal_basis=legal_basis,
            carried_from=carried_from,
        )
        term = meeting_plan.term
        extras["contacts"] = rng.sample(term.preparers, k=1 if rng.random() < 0.8 else 2)
        if rng.random() < 0.25:
            extras["attachments"] = rng.randint(1, 3)
        if not meeting_plan.past:
            return item, extras
        self._decide(meeting_plan, item, kind, slots, extras)
        forward = plan.forward_to
        adopted = item.decision_type not in {
            AgendaItem.DecisionType.TABLED,
            AgendaItem.DecisionType.RETURNED,
            AgendaItem.DecisionType.NOTED,
        }
        if case is not None and item.decision_type == AgendaItem.DecisionType.TABLED:
            # A tabled item comes back on the body's next agenda.
            self.pending[plan.body.pk].appendleft(
                _Pending(case, title, pattern, day + dt.timedelta(days=1), tabled=item)
            )
        elif (
            case is not None
            and adopted
            and forward is not None
            and len(self.pending[forward.body.pk]) < PENDING_MOST
            and rng.random() < FORWARDED_SHARE.get(plan.kind, 0.0)
        ):
            self.pending[forward.body.pk].append(
                _Pending(case, title, pattern, day + dt.timedelta(days=rng.randint(7, 40)))
            )
        return item, extras

    def _decide(
        self,
        meeting_plan: _MeetingPlan,
        item: AgendaItem,
        kind: str,
        slots: dict[str, Any],
        extras: dict[str, Any],
    ) -> None:
        """The decision, and the proposals, vote, dissent, speakers and disqualification
        that led to it."""
        rng = self.rng
        types = AgendaItem.DecisionType
        voters = list(meeting_plan.voters)
        if rng.random() < 0.005 and len(voters) > 4:
            disqualified = rng.choice(voters[1:])
            voters.remove(disqualified)
            extras["disqualified"] = (disqualified[0], rng.choice(DISQUALIFICATION_REASONS))
        if rng.random() < 0.2:
            speakers = [person for person, _holder in voters]
            if meeting_plan.term.presenter is not None:
                speakers.append(meeting_plan.term.presenter)
            extras["speakers"] = [rng.choice(speakers) for _ in range(rng.randint(1, 4))]
        base = (
            "Hyväksyttiin ehdotus."
            if meeting_plan.plan.kind == _B.COUNCIL
            else ("Hyväksyttiin esittelijän esitys.")
        )
        roll = rng.random()
        if kind == "note":
            item.decision, item.decision_type = "Merkittiin tiedoksi.", types.NOTED
        elif kind == "elect":
            item.decision = f"{base} Valituksi tuli {slots['name']}."
            item.decision_type = types.ELECTION
        elif roll < 0.04 and len(voters) >= 5:
            self._vote(item, voters, slots, extras)
        elif roll < 0.06:
            item.decision, item.decision_type = "Asia jätettiin pöydälle.", types.TABLED
        elif roll < 0.08:
            item.decision, item.decision_type = "Asia palautettiin valmisteluun.", types.RETURNED
        elif roll < 0.12:
            amended = f"{item.proposal} {self.writer.sentence(slots)}"
            item.decision = f"Hyväksyttiin esittelijän muutettu esitys: {amended}"
            item.decision_type = types.ADOPTED_AMENDED
        else:
            # Minutes often repeat the adopted proposal in the decision.
            item.decision = f"{base}\n\n{item.proposal}" if rng.random() < 0.4 else base
            item.decision_type = types.ADOPTED_AS_PROPOSED

    def _vote(
        self,
        item: AgendaItem,
        voters: list[tuple[int, int]],
        slots: dict[str, Any],
        extras: dict[str, Any],
    ) -> None:
        """A counter-proposal, seconded, voted against the presenter's proposal by name.
        Every seat filled at the item votes; the winning side has more votes (no tie)."""
        rng = self.rng
        counter_wins = rng.random() < 0.25
        blank = rng.randint(0, 1) if len(voters) >= 7 else 0
        voting = len(voters) - blank
        smaller = rng.randint(2, (voting - 1) // 2) if voting >= 5 else 1
        larger = voting - smaller
        order = list(voters)
        rng.shuffle(order)
        # The proposer and the seconder vote for the counter-proposal: put them on its side.
        counter_size = larger if counter_wins else smaller
        counter_side, rest = order[:counter_size], order[counter_size:]
        base_side, blanks = rest[: voting - counter_size], rest[voting - counter_size :]
        proposer, seconder = counter_side[0][0], counter_side[1][0]
        ballots = (
            [(v, Ballot.Choice.YES) for v in base_side]
            + [(v, Ballot.Choice.NO) for v in counter_side]
            + [(v, Ballot.Choice.BLANK) for v in blanks]
        )
        counter_text = (
            f"{slots['body']} päättää hyväksyä esityksen sillä muutoksella, että määrärahaa "
            f"korotetaan {slots['eur']} eurolla."
            if rng.random() < 0.6
            else f"{slots['body']} päättää hylätä esityksen."
        )
        winners = (
            (len(counter_side), len(base_side))
            if counter_wins
            else (len(base_side), len(counter_side))
        )
        if counter_wins:
            name = self.people[proposer].full_name
            item.decision = (
                f"Hyväksyttiin äänin {winners[0]}–{winners[1]} vastaehdotus, jonka teki {name}."
            )
        else:
            item.decision = f"Hyväksyttiin äänin {winners[0]}–{winners[1]} esittelijän esitys."
        item.decision_type = AgendaItem.DecisionType.ADOPTED_AFTER_VOTE
        losers = base_side if counter_wins else counter_side
        dissent = rng.choice(losers)[0] if rng.random() < 0.4 else None
        extras["vote"] = {
            "counter_text": counter_text,
            "proposer": proposer,
            "seconder": seconder,
            "counter_wins": counter_wins,
            "ballots": ballots,
            "counts": (len(base_side), len(counter_side), len(blanks)),
            "dissent": dissent,
        }

    def _item_extras(self, records: list[tuple[_MeetingPlan, AgendaItem, dict[str, Any]]]) -> None:
        """What hangs on the items just written: contacts, attachments, speakers, proposals,
        votes and ballots, dissents, disqualifications, and the item a tabled one continues."""
        rng = self.rng
        contacts_through = AgendaItem.contacts.through
        contacts: list[Any] = []
        attachments: list[Attachment] = []
        turns: list[SpeakingTurn] = []
        disqualifications: list[Disqualification] = []
        proposals: list[Proposal] = []
        votes: list[tuple[AgendaItem, dict[str, Any], Proposal, Proposal]] = []
        for _meeting_plan, item, extras in records:
            for person in extras.get("contacts", ()):
                contacts.append(contacts_through(agendaitem_id=item.pk, person_id=person))
            for number in range(1, extras.get("attachments", 0) + 1):
                content_type = rng.choices(
                    [t for t, _w in ATTACHMENT_TYPES], [w for _t, w in ATTACHMENT_TYPES]
                )[0]
                confidential = rng.random() < 0.05
                attachments.append(
                    Attachment(
                        agenda_item=item,
                        number=number,
                        title=rng.choice(ATTACHMENT_TITLES),
                        content_type=content_type,
                        size=int(rng.lognormvariate(math.log(250_000), 1.0)) + 2_000,
                        publicity=Publicity.CONFIDENTIAL if confidential else Publicity.PUBLIC,
                        legal_basis=rng.choice(LEGAL_BASES) if confidential else "",
                    )
                )
            for position, person in enumerate(extras.get("speakers", ()), start=1):
                turns.append(SpeakingTurn(agenda_item=item, person_id=person, position=position))
            if "disqualified" in extras:
                person, reason = extras["disqualified"]
                disqualifications.append(
                    Disqualification(agenda_item=item, person_id=person, reason=reason)
                )
            vote = extras.get("vote")
            if vote is not None:
                states = Proposal.State
                won, lost = states.ADOPTED, states.REJECTED
                base = Proposal(
                    agenda_item=item,
                    position=1,
                    kind=Proposal.Kind.BASE,
                    text=item.proposal,
                    proposer_id=item.presenter_id,
                    state=lost if vote["counter_wins"] else won,
                )
                counter = Proposal(
                    agenda_item=item,
                    position=2,
                    kind=Proposal.Kind.COUNTER,
                    text=vote["counter_text"],
                    proposer_id=vote["proposer"],
                    seconder_id=vote["seconder"],
                    state=won if vote["counter_wins"] else lost,
                )
                proposals += [base, counter]
                votes.append((item, vote, base, counter))
        _insert(contacts_through, contacts, self.counts)
        _insert(Attachment, attachments, self.counts)
        _insert(SpeakingTurn, turns, self.counts)
        _insert(Disqualification, disqualifications, self.counts)
        _insert(Proposal, proposals, self.counts)
        vote_rows: list[Vote] = []
        for item, vote, base, counter in votes:
            yes, no, blank = vote["counts"]
            vote_rows.append(
                Vote(
                    agenda_item=item,
                    position=1,
                    yes=base,
                    no=counter,
                    yes_count=yes,
                    no_count=no,
                    blank_count=blank,
                    yes_won=not vote["counter_wins"],
                )
            )
        _insert(Vote, vote_rows, self.counts)
        ballots: list[Ballot] = []
        dissents: list[Dissent] = []
        for (item, vote, _base, _counter), vote_row in zip(votes, vote_rows, strict=True):
            for (person, holder), choice in vote["ballots"]:
                ballots.append(
                    Ballot(vote=vote_row, person_id=person, seat_holder_id=holder, choice=choice)
                )
            if vote["dissent"] is not None:
                dissents.append(
                    Dissent(
                        agenda_item=item,
                        person_id=vote["dissent"],
                        reason=rng.choice(DISSENT_REASONS),
                    )
                )
        _insert(Ballot, ballots, self.counts)
        _insert(Dissent, dissents, self.counts)

    # --- the whole -------------------------------------------------------------------------

    def run(self) -> None:
        self.bodies_create()
        self.progress("people", 0, 1)
        self.people_create()
        self.progress("people", 1, 1)
        self.meetings_create()
        self.items_create()
        # For a load test: the board's last published meeting with a full agenda.
        past = [m for m in self.meetings if m.past]
        board = [m for m in past if m.plan.kind == _B.BOARD] or past
        full = [m for m in board if m.items >= self.items_per_meeting] or board
        self.sample = full[-1].meeting if full else None


def bench_data_generate(
    *,
    years: int = DEFAULT_YEARS,
    bodies: int = DEFAULT_BODIES,
    organisation_slug: str = DEFAULT_SLUG,
    meetings_per_year: int = DEFAULT_MEETINGS_PER_YEAR,
    items_per_meeting: int = DEFAULT_ITEMS_PER_MEETING,
    seed: int = 0,
    replace: bool = False,
    index: bool = True,
    index_workers: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> BenchReport:
    """Generate the synthetic organisation `organisation_slug` (see the module's docstring),
    in one transaction, then index it for search (in `index_workers` processes) unless `index`
    is off.

    Raises BenchDataRefused, writing nothing, when the organisation exists and was not made by
    this generator, or holds data and `replace` is off; with `replace`, its data (and the
    organisation) are deleted first, in the same transaction."""
    if min(years, bodies, meetings_per_year) < 1:
        raise BenchDataRefused("--years, --bodies and --meetings-per-year must be at least 1.")
    minimum = len(DEFAULT_OPENING_ITEMS) + len(DEFAULT_CLOSING_ITEMS) + 1
    if items_per_meeting < minimum:
        raise BenchDataRefused(
            f"--items-per-meeting must be at least {minimum}: the agenda template's opening "
            "and closing items and one matter."
        )
    started = time.monotonic()
    today = today or timezone.localdate()
    with search_index_paused(), transaction.atomic():
        existing = Organisation.objects.filter(slug=organisation_slug).first()
        deleted = 0
        if existing is not None:
            if existing.code != BENCH_CODE:
                raise BenchDataRefused(
                    f"The organisation {organisation_slug!r} was not made by bench-data "
                    f"(its code is not {BENCH_CODE}); it is never written into nor deleted."
                )
            if _organisation_has_data(existing) and not replace:
                raise BenchDataRefused(
                    f"The bench organisation {organisation_slug!r} already has data; use "
                    "--replace to delete it and generate again, or name another organisation."
                )
            deleted = bench_data_delete(organisation=existing, progress=progress)
        organisation = Organisation.objects.create(
            slug=organisation_slug,
            name_fi=DEFAULT_NAME
            if organisation_slug == DEFAULT_SLUG
            else f"{DEFAULT_NAME} {organisation_slug}",
            kind=Organisation.Kind.MUNICIPALITY,
            code=BENCH_CODE,
        )
        AppealSettings.objects.create(
            organisation=organisation,
            registry=f"{organisation.name_fi}, kirjaamo",
            postal_address="PL 1, 99999 Vertailukunta",
            email=f"kirjaamo@{organisation_slug}.example",
            office_hours="9.00–15.00",
            court="Hämeenlinnan hallinto-oikeus",
            court_address="Raatihuoneenkatu 1, 13100 Hämeenlinna",
        )
        generator = _Generator(
            organisation=organisation,
            years=years,
            body_count=bodies,
            meetings_per_year=meetings_per_year,
            items_per_meeting=items_per_meeting,
            seed=seed,
            today=today,
            progress=progress,
        )
        generator.run()
    _statistics_update(WRITTEN)
    report = BenchReport(organisation=organisation, counts=generator.counts, deleted=deleted)
    report.sample_meeting_id = generator.sample.pk if generator.sample else None
    if index:
        index_started = time.monotonic()
        report.indexed = bench_data_index(
            organisation=organisation, progress=progress, workers=index_workers
        )
        _statistics_update([SearchDocument])
        report.index_seconds = time.monotonic() - index_started
    report.seconds = time.monotonic() - started
    return report


# The tables a run fills.
WRITTEN: tuple[type[models.Model], ...] = (
    Person,
    Membership,
    Case,
    Meeting,
    Meeting.minute_checkers.through,
    Attendance,
    AgendaItem,
    AgendaItem.contacts.through,
    Attachment,
    SpeakingTurn,
    Proposal,
    Vote,
    Ballot,
    Dissent,
)


def _statistics_update(written: Sequence[type[models.Model]]) -> None:
    """PostgreSQL plans queries by its statistics of each table: bring them up to date after a
    bulk load, so that a benchmark does not measure plans made for empty tables (autovacuum
    would get there, at a time of its own)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in written:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _organisation_has_data(organisation: Organisation) -> bool:
    return (
        Body.objects.filter(organisation=organisation).exists()
        or Case.objects.filter(organisation=organisation).exists()
    )


def _index_batch(task: tuple[str, list[int]]) -> tuple[int, int]:
    """Index one batch (in a worker process, on a connection of its own): documents written,
    objects done."""
    kind, ids = task
    return search_index_update(kind=kind, object_ids=ids), len(ids)


def bench_data_index(
    *, organisation: Organisation, progress: Progress | None = None, workers: int = 1
) -> int:
    """Build the search documents of the organisation's bodies, meetings, items, attachments,
    cases and people (`search_index_update`, a batch a transaction), in `workers` processes:
    the analysis is Python and takes most of the time. Returns how many were written. Call
    outside a transaction when `workers` > 1."""
    sources: list[tuple[str, QuerySet[Any]]] = [
        (Kind.BODY, Body.objects.filter(organisation=organisation)),
        (Kind.MEETING, Meeting.objects.filter(body__organisation=organisation)),
        (Kind.ITEM, AgendaItem.objects.filter(meeting__body__organisation=organisation)),
        (
            Kind.ATTACHMENT,
            Attachment.objects.filter(agenda_item__meeting__body__organisation=organisation),
        ),
        (Kind.CASE, Case.objects.filter(organisation=organisation)),
        (Kind.PERSON, _people(organisation)),
    ]
    plan = [
        (kind, list(rows.order_by("pk").values_list("pk", flat=True))) for kind, rows in sources
    ]
    total = sum(len(ids) for _kind, ids in plan)
    tasks = [(kind, list(batch)) for kind, ids in plan for batch in _chunks(ids, INDEX_BATCH)]
    done = written = 0
    with contextlib.ExitStack() as stack:
        if workers > 1:
            if connection.in_atomic_block:
                raise BenchDataRefused("Indexing in several processes needs no open transaction.")
            # Each process opens its own connection: none may inherit this one.
            connections.close_all()
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
            results: Iterator[tuple[int, int]] = pool.imap_unordered(_index_batch, tasks)
        else:
            results = map(_index_batch, tasks)
        for documents, objects in results:
            written += documents
            done += objects
            if progress:
                progress("search index", done, total)
    return written


# ---------------------------------------------------------------------------------------------
# Deleting a bench organisation


def _people(organisation: Organisation) -> QuerySet[Person]:
    """The people of a bench organisation: its members and officials and its items' contacts,
    except anyone who also holds a role in another organisation."""
    elsewhere = Membership.objects.exclude(body__organisation=organisation).values("person_id")
    return (
        Person.objects.filter(
            Q(memberships__body__organisation=organisation)
            | Q(items_contact__meeting__body__organisation=organisation)
        )
        .exclude(pk__in=elsewhere)
        .distinct()
    )


def _rows_delete(queryset: QuerySet[Any]) -> int:
    """Delete the rows of `queryset` in one statement, without loading them: no signals, no
    audit history, no cascade (the caller deletes what depends on them first, or in the same
    transaction: the foreign keys are checked at commit on both databases)."""
    model = queryset.model
    sql, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    assert model._meta.pk is not None
    table, column = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({sql})", params)
        return max(cursor.rowcount, 0)


def _dependants_delete(known: dict[type[models.Model], QuerySet[Any]]) -> int:
    """Rows of other models that point at the bench rows (stored PDFs, signatures, changes to
    an agenda, invitations made by running the pages or the workspace over the bench data):
    deleted through the ORM, with their own cascades; nullable links are cleared."""
    deleted = 0
    for model, rows in known.items():
        for relation in model._meta.get_fields(include_hidden=True):
            if not relation.auto_created or relation.concrete:
                continue
            if not (relation.one_to_many or relation.one_to_one):
                continue
            related = relation.related_model
            on_delete = getattr(relation, "on_delete", None)
            if related in known or on_delete in {None, models.DO_NOTHING}:
                continue
            name = relation.field.name  # type: ignore[union-attr]
            dependants = related._base_manager.filter(**{f"{name}__in": rows})  # type: ignore[union-attr]
            if on_delete is models.SET_NULL:
                dependants.update(**{name: None})
            else:
                deleted += dependants.delete()[0]
    return deleted


@transaction.atomic
def bench_data_delete(*, organisation: Organisation, progress: Progress | None = None) -> int:
    """Delete a bench organisation (made by `bench_data_generate`, marked by its code) with
    everything in it: bodies, people, meetings, items and their records, cases and their
    search documents. Returns how many rows went. Rows are deleted by the table, not loaded:
    no audit history is written for them."""
    if organisation.code != BENCH_CODE:
        raise BenchDataRefused(f"{organisation} was not made by bench-data; it is not deleted.")
    org = organisation
    people_ids = list(_people(org).values_list("pk", flat=True))
    bodies = Body.objects.filter(organisation=org)
    meetings = Meeting.objects.filter(body__organisation=org)
    items = AgendaItem.objects.filter(meeting__body__organisation=org)
    votes = Vote.objects.filter(agenda_item__meeting__body__organisation=org)
    people = Person.objects.filter(pk__in=people_ids)
    known: dict[type[models.Model], QuerySet[Any]] = {
        Organisation: Organisation.objects.filter(pk=org.pk),
        Body: bodies,
        StandardItem: StandardItem.objects.filter(body__organisation=org),
        Membership: Membership.objects.filter(body__organisation=org),
        Person: people,
        Case: Case.objects.filter(organisation=org),
        Meeting: meetings,
        Meeting.minute_checkers.through: Meeting.minute_checkers.through.objects.filter(
            meeting__body__organisation=org
        ),
        Attendance: Attendance.objects.filter(meeting__body__organisation=org),
        AgendaItem: items,
        AgendaItem.contacts.through: AgendaItem.contacts.through.objects.filter(
            agendaitem__meeting__body__organisation=org
        ),
        Attachment: Attachment.objects.filter(agenda_item__meeting__body__organisation=org),
        SpeakingTurn: SpeakingTurn.objects.filter(agenda_item__meeting__body__organisation=org),
        Disqualification: Disqualification.objects.filter(
            agenda_item__meeting__body__organisation=org
        ),
        Proposal: Proposal.objects.filter(agenda_item__meeting__body__organisation=org),
        Vote: votes,
        Ballot: Ballot.objects.filter(vote__agenda_item__meeting__body__organisation=org),
        Dissent: Dissent.objects.filter(agenda_item__meeting__body__organisation=org),
        SearchDocument: SearchDocument.objects.filter(
            Q(organisation=org) | Q(kind=Kind.PERSON, object_id__in=people_ids)
        ),
    }
    steps = len(known) + 1
    report = progress or (lambda stage, done, total: None)
    documents = list(known[SearchDocument].values_list("pk", flat=True))
    for batch in _chunks(documents, BATCH):
        backend_for().documents_deleted(batch)  # SQLite's FTS5 rows; nothing on PostgreSQL
    deleted = _dependants_delete(known)
    report("deleting", 1, steps)
    # Children before parents (`known` lists parents first): each query finds its rows
    # through rows that are still there. The people go by id, once nothing points at them.
    for step, model in enumerate(reversed(list(known)), start=2):
        if model is not Person:
            deleted += _rows_delete(known[model])
        report("deleting", step, steps)
    for batch in _chunks(people_ids, 500):
        deleted += _rows_delete(Person.objects.filter(pk__in=list(batch)))
    return deleted
