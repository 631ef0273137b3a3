"""The demo region, as the five documents in shared/seeds describe it.

Texts, names and dates come from the documents. Where a value had to be inferred to link
them or to satisfy the model, the line says so in a comment starting with "Inferred:".
Long texts live in texts/ beside this file, cut verbatim from the seeds (page headers of the
exported minutes removed).

Seeds: 000 news of VATE's last meetings and the first regional council meeting (2022);
001 VATE memo of 18.12.2017 and 31.1.2018 (the organiser/market working group);
002 news of the political steering group meeting of 21.1.2019; 003 minutes of the VATE
political monitoring group of 27.1.2022; 004 Päijät-Häme's seven working groups (2021).
"""

import datetime as dt
from typing import Any

from django.utils.text import slugify

D = dt.date

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": "kymenlaakson-hyvinvointialue",
        "name_fi": "Kymenlaakson hyvinvointialue",
        # The official Swedish name, from the Act on wellbeing services counties (611/2021).
        "name_sv": "Kymmenedalens välfärdsområde",
        "kind": "wellbeing_services_county",
        "code": "KYMHVA",  # The record-number code the issue itself uses as its example.
    },
    {
        "slug": "kymenlaakson-liitto",
        "name_fi": "Kymenlaakson Liitto",
        "name_sv": "",
        "kind": "regional_council",
        "code": "KYMLIITTO",  # Inferred: configuration, the documents give no record numbers.
    },
    {
        "slug": "paijat-hameen-hyvinvointialue",
        "name_fi": "Päijät-Hämeen hyvinvointialue",
        # The official Swedish name, from the Act on wellbeing services counties (611/2021).
        "name_sv": "Päijänne-Tavastlands välfärdsområde",
        "kind": "wellbeing_services_county",
        "code": "PHHVA",  # Inferred: configuration, the documents give no record numbers.
    },
]

# Where requests for rectification go and which court hears appeals, by organisation (filled
# into the appeal instructions). Inferred: the seeds give none of this; these are the
# organisations' public registry addresses and the administrative court of their region as
# demo configuration, to be checked against each organisation's own instructions.
APPEAL_SETTINGS: dict[str, dict[str, str]] = {
    "kymenlaakson-hyvinvointialue": {
        "registry": "Kymenlaakson hyvinvointialue, kirjaamo",
        "postal_address": "Kotkantie 41, 48210 Kotka",
        "email": "kirjaamo@kymenhva.fi",
        "office_hours": "9.00–15.00",
        "court": "Hämeenlinnan hallinto-oikeus",
        "court_address": "Raatihuoneenkatu 1, 13100 Hämeenlinna",
        "court_email": "hameenlinna.hao@oikeus.fi",
    },
    "kymenlaakson-liitto": {
        "registry": "Kymenlaakson Liitto, kirjaamo",
        "postal_address": "Salpausselänkatu 34, 45100 Kouvola",
        "email": "kirjaamo@kymenlaakso.fi",
        "office_hours": "9.00–15.00",
        "court": "Hämeenlinnan hallinto-oikeus",
        "court_address": "Raatihuoneenkatu 1, 13100 Hämeenlinna",
        "court_email": "hameenlinna.hao@oikeus.fi",
    },
    "paijat-hameen-hyvinvointialue": {
        "registry": "Päijät-Hämeen hyvinvointialue, kirjaamo",
        "postal_address": "Keskussairaalankatu 7, 15850 Lahti",
        "email": "kirjaamo@paijatha.fi",
        "office_hours": "9.00–15.00",
        "court": "Hämeenlinnan hallinto-oikeus",
        "court_address": "Raatihuoneenkatu 1, 13100 Hämeenlinna",
        "court_email": "hameenlinna.hao@oikeus.fi",
    },
}

# Bodies in an order where a parent comes before its children.
BODIES: list[dict[str, Any]] = [
    # --- Kymenlaakson Liitto: the maakunta reform of 2017-2019 (seeds 001, 002) ---
    {
        "slug": "kymenlaakso-maakunta-vate",
        "organisation": "kymenlaakson-liitto",
        # Inferred: seed 001 calls it "VATE"; the full name is composed from seeds 001/002.
        "name_fi": "Kymenlaakson maakuntauudistuksen väliaikainen valmistelutoimielin",
        "abbreviation": "VATE",
        "kind": "preparatory_body",
    },
    {
        "slug": "jarjestaja-markkinatyoryhma",
        "organisation": "kymenlaakson-liitto",
        "name_fi": "Järjestäjä/markkinatyöryhmä",
        "kind": "working_group",
        "parent": "kymenlaakso-maakunta-vate",
        "active_from": D(2017, 12, 18),  # The VATE decision that named the group (seed 001).
        # "Työryhmän esiselvitys luovutetaan väliaikaishallinnolle 05/2018."
        # Inferred: the last day of May 2018.
        "report_deadline": D(2018, 5, 31),
        "mandate": (
            "Alustavasti järjestäjä / markkinatyöryhmän tehtävät voisivat olla:\n"
            "- Järjestäjän tehtävien määrittely\n"
            "- Järjestäjätoiminnan alustava organisointi\n"
            "- Asiakkuusymmärrys\n"
            "- Järjestäjätoiminnon alustava henkilöstömitoitus ja osaamisten määrittely\n"
            "- SOTE- ja kasvupalvelujen markkina-analyysit\n\n"
            "Työryhmän esiselvitys luovutetaan väliaikaishallinnolle 05/2018."
        ),
    },
    {
        "slug": "kymenlaakso-maakunta-poliittinen-ohjausryhma",
        "organisation": "kymenlaakson-liitto",
        "name_fi": "Kymenlaakson maakuntauudistuksen poliittinen ohjausryhmä",
        "kind": "steering_group",
    },
    # --- Kymenlaakson hyvinvointialue (seeds 000, 003) ---
    {
        "slug": "kymenlaakso-vate",
        "organisation": "kymenlaakson-hyvinvointialue",
        # The name as the minutes of 27.1.2022 write it in the earlier handling line.
        "name_fi": "Kymenlaakson väliaikainen valmistelutoimielin",
        "abbreviation": "VATE",
        "kind": "preparatory_body",
        # "VATE-VALMISTELUVAIHE 1.7.2021-28.2.2022" (seed 003, attachment 1).
        "active_from": D(2021, 7, 1),
        "active_until": D(2022, 2, 28),
    },
    {
        "slug": "vate-poliittinen-seurantaryhma",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "VATE:n poliittinen seurantaryhmä",
        "kind": "steering_group",
        "parent": "kymenlaakso-vate",
    },
    # The working groups that seed 003 names (VATE's preparation of the county: 18 groups in
    # all, seed 000). Inferred: each was set up by the VATE; their names are composed from the
    # seed's lists ("Järjestäminen ja yhdyspinnat valmistelutyöryhmät" are two groups).
    {
        "slug": "kymenlaakso-johtaminen-ja-osaaminen",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "Johtamisen ja osaamisen valmistelutyöryhmä",
        "abbreviation": "J&O",
        "kind": "working_group",
        "parent": "kymenlaakso-vate",
        "mandate": (
            "Kymenlaakson hyvinvointialueen johtamis- ja ohjausrakenteen valmistelu on "
            "organisoitu johtamisen ja osaamisen valmistelutyöryhmän alle. Sen valmistelutyöhön "
            "kuuluu johtamisrakenteet ja johtamisen välineet, strategia, johtamisjärjestelmä sekä "
            "palvelutuotannon organisointi ja johtaminen. Valmistelutyötä toteutetaan STM:n "
            "alueellisen toimeenpanon tiekartassa esitettyjen tehtävien (J&O; B.1.) mukaisesti."
        ),
    },
    {
        "slug": "kymenlaakso-jarjestaminen",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "Palveluiden järjestämisen valmistelutyöryhmä",
        "abbreviation": "Järjestäminen",
        "kind": "working_group",
        "parent": "kymenlaakso-vate",
    },
    {
        "slug": "kymenlaakso-yhdyspinnat",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "Yhdyspintojen valmistelutyöryhmä",
        "abbreviation": "Yhdyspinnat",
        "kind": "working_group",
        "parent": "kymenlaakso-vate",
    },
    {
        "slug": "kymenlaakso-hallinto-talous-tukipalvelut",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "Hallinto, talous ja tukipalvelut valmistelutyöryhmä",
        "abbreviation": "HTT",
        "kind": "working_group",
        "parent": "kymenlaakso-vate",
    },
    {
        "slug": "kymenlaakso-ict",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "ICT-valmistelutyöryhmä",
        "abbreviation": "ICT",
        "kind": "working_group",
        "parent": "kymenlaakso-vate",
    },
    {
        "slug": "kymenlaakso-pelastustoimen-alatyoryhma",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "Pelastustoimen alatyöryhmä",
        "kind": "sub_working_group",
        # Inferred: its task 1.3 (the rescue services' management) is in the J&O plan.
        "parent": "kymenlaakso-johtaminen-ja-osaaminen",
    },
    {
        "slug": "kymenlaakso-tukipalveluhenkiloston-siirto",
        "organisation": "kymenlaakson-hyvinvointialue",
        # Seed 000: "siirtoa valmisteleva työryhmä jatkaa toimintaansa laatimalla tarvittavat
        # selvitykset ja dokumentit eri osapuolien päätöksentekoa varten kevään 2022 aikana".
        "name_fi": "Tukipalveluhenkilöstön siirtoa valmisteleva työryhmä",
        "kind": "working_group",
        "parent": "kymenlaakso-vate",
        "report_deadline": D(2022, 5, 31),  # Inferred: "kevään 2022 aikana".
        "mandate": (
            "Tukipalveluhenkilöstö, jonka tehtävistä vähintään puolet kohdistuu sosiaali- ja "
            "terveyspalveluihin tai pelastustoimeen, siirtyy hyvinvointialueen palvelukseen. "
            "Työryhmä laatii tarvittavat selvitykset ja dokumentit eri osapuolien "
            "päätöksentekoa varten kevään 2022 aikana."
        ),
    },
    {
        "slug": "kymenlaakso-aluevaltuusto",
        "organisation": "kymenlaakson-hyvinvointialue",
        "name_fi": "Aluevaltuusto",
        "kind": "council",
    },
    # --- Päijät-Häme: seven groups preparing the county (seed 004, 13.4.2021) ---
    {
        "slug": "paijat-hame-poliittinen-seurantaryhma",
        "organisation": "paijat-hameen-hyvinvointialue",
        "name_fi": "Uudistuksen vapaaehtoinen poliittinen seurantaryhmä",
        "kind": "steering_group",
    },
    *[
        {
            "slug": slug,
            "organisation": "paijat-hameen-hyvinvointialue",
            "name_fi": name,
            "kind": "working_group",
            "mandate": (
                "Työryhmien tehtävänä on varmistaa uudistuksen onnistuminen. "
                "Valmistelutyöryhmien tavoitteena on luoda hyvä pohja väliaikaiselle "
                "valmistelutoimielimelle (VATE)."
            ),
        }
        for slug, name in [
            ("paijat-hame-yleishallinto-ja-johtaminen", "Yleishallinto ja johtaminen -työryhmä"),
            ("paijat-hame-palvelutuotanto", "Palvelutuotannon työryhmä"),
            ("paijat-hame-viestinta", "Viestintätyöryhmä"),
            ("paijat-hame-hyte", "Hyvinvoinnin ja terveyden edistämisen työryhmä"),
            ("paijat-hame-talous", "Talousasioiden työryhmä"),
            ("paijat-hame-ict-ja-digi", "ICT- ja digityöryhmä"),
        ]
    ],
]


# People: (first name, last name, title, affiliation, e-mail, phone). E-mail addresses are
# written in the seeds as name(a)domain; phone numbers as the documents give them.
def demo_email(first: str, last: str) -> str:
    """An invented address for a person the seeds give none, so that the demo's invitations
    have somewhere to go. The .example domain is reserved (RFC 2606): nothing can reach it."""
    return f"{slugify(first)}.{slugify(last)}@demo.kokous.example"


PEOPLE = [
    ("Jaakko", "Mikkola", "maakuntajohtaja", "Kymenlaakson Liitto",
     "jaakko.mikkola@kymenlaakso.fi", "040 548 0311"),
    ("Jussi", "Lehtinen", "muutosjohtaja", "Kymenlaakson Liitto",
     "jussi.lehtinen@kymenlaakso.fi", "0400 644 206"),
    ("Annikki", "Niiranen", "toimitusjohtaja", "Kymsote", "", ""),
    ("Arja", "Kumpu", "", "", "", ""),
    ("Päivi", "Mattila", "", "", "", ""),
    ("Jorma", "Haapanen", "", "", "", ""),
    ("Vesa", "Parkko", "", "", "", ""),
    ("Juha", "Kouvo", "", "", "", ""),
    ("Leena", "Gunnar", "", "", "", ""),
    ("Eija", "Lantta", "henkilöstöjärjestöjen edustaja", "", "", ""),
    # Seed 003: the political monitoring group, 27.1.2022.
    ("Seppo", "Rintamo", "", "Kymsoten hallitus", "", ""),
    ("Päivi", "Sippula", "", "Kymsoten hallitus", "", ""),
    ("Riku", "Pirinen", "", "Kymsoten hallitus", "", ""),
    ("Aila", "Eerola", "", "Kymsoten hallitus", "", ""),
    ("Veli-Matti", "Hartikainen", "", "Kymsoten hallitus", "", ""),
    ("Miia", "Witting", "", "Kymsoten hallitus", "", ""),
    ("Tiina", "Mikkonen", "", "Kymsoten hallitus", "", ""),
    ("Markku", "Pakkanen", "", "Kymsoten hallitus", "", ""),
    ("Matti", "Astola", "", "Kymsoten hallitus", "", ""),
    ("Kari", "Huovila", "", "Kymsoten hallitus", "", ""),
    ("Vappu", "Kuokka", "", "Kymsoten hallitus", "", ""),
    ("Mikko", "Jaanu", "", "Kymsoten hallitus", "", ""),
    ("Sami", "Virtanen", "", "Kotka", "", ""),
    ("Elina", "Inkeroinen-Lalu", "", "Hamina", "", ""),
    ("Toni", "Vanhala", "", "Pyhtää", "", ""),
    ("Anja", "Kivelä", "", "Virolahti", "", ""),
    ("Tarja", "Alastalo", "", "Miehikkälä", "", ""),
    ("Jouko", "Leppänen", "", "Kouvola", "", ""),
    ("Paula", "Werning", "", "Kymenlaakson pelastuslaitos", "", ""),
    ("Juhani", "Carlson", "", "VATE", "", ""),
    ("Sanna-Riitta", "Junnonen", "", "VATE", "", ""),
    ("Lauri", "Lehto", "", "Kymsote", "", ""),
    ("Ari", "Nevalainen", "", "Kymsote", "", ""),
    ("Ismo", "Korhonen", "palveluketjun johtaja", "Kymsote",
     "ismo.korhonen@kymsote.fi", "0404875510"),
    # Seed 003: the responsible persons of the group interviews (weeks 4 and 5 of 2022).
    ("Maija", "Kaltakari", "", "", "", ""),
    ("Anu", "Salonen", "", "", "", ""),
    ("Mari", "Kuusisto", "", "", "", ""),
    ("Helena", "Perämäki", "", "", "", ""),
    ("Maisa", "Mäntymaa", "", "Kymsote", "", ""),
]  # fmt: skip

MONITORING_GROUP_START = D(2021, 7, 1)  # Inferred: terms not stated; the VATE's first day.

# Memberships: (body slug, person full name, role, represents, start, end).
MEMBERSHIPS = [
    # Seed 001: VATE 18.12.2017 named the group; each member has an unnamed deputy.
    *[
        ("jarjestaja-markkinatyoryhma", name, "member", "", D(2017, 12, 18), None)
        for name in [
            "Jaakko Mikkola", "Annikki Niiranen", "Arja Kumpu", "Päivi Mattila",
            "Jorma Haapanen", "Vesa Parkko", "Juha Kouvo", "Leena Gunnar",
        ]
    ],  # fmt: skip
    ("jarjestaja-markkinatyoryhma", "Eija Lantta", "member", "henkilöstöjärjestöt",
     D(2017, 12, 18), None),
    # Seed 003 names who answers for each group's part of the work. Inferred: that person
    # leads (chairs) the group, from the VATE's first day; the second person named is a member.
    ("kymenlaakso-johtaminen-ja-osaaminen", "Maija Kaltakari", "chair", "", D(2021, 7, 1), None),
    ("kymenlaakso-johtaminen-ja-osaaminen", "Ismo Korhonen", "member", "", D(2021, 7, 1), None),
    ("kymenlaakso-jarjestaminen", "Anu Salonen", "chair", "", D(2021, 7, 1), None),
    ("kymenlaakso-yhdyspinnat", "Mari Kuusisto", "chair", "", D(2021, 7, 1), None),
    ("kymenlaakso-hallinto-talous-tukipalvelut", "Ari Nevalainen", "chair", "", D(2021, 7, 1),
     None),
    ("kymenlaakso-hallinto-talous-tukipalvelut", "Helena Perämäki", "member", "",
     D(2021, 7, 1), None),
    ("kymenlaakso-pelastustoimen-alatyoryhma", "Juhani Carlson", "chair", "", D(2021, 7, 1),
     None),
    # Seed 003: "Vaten puheenjohtaja Annikki Niiranen"; Juhani Carlson and Sanna-Riitta
    # Junnonen attend under "VATE". Inferred: they are VATE members for its whole term.
    ("kymenlaakso-vate", "Annikki Niiranen", "chair", "", D(2021, 7, 1), D(2022, 2, 28)),
    ("kymenlaakso-vate", "Juhani Carlson", "member", "", D(2021, 7, 1), D(2022, 2, 28)),
    ("kymenlaakso-vate", "Sanna-Riitta Junnonen", "member", "", D(2021, 7, 1), D(2022, 2, 28)),
    # Seed 003: the monitoring group as its attendance list shows it, absentees included.
    ("vate-poliittinen-seurantaryhma", "Seppo Rintamo", "chair", "Kymsoten hallitus",
     MONITORING_GROUP_START, None),
    *[
        ("vate-poliittinen-seurantaryhma", name, "member", "Kymsoten hallitus",
         MONITORING_GROUP_START, None)
        for name in [
            "Päivi Sippula", "Riku Pirinen", "Aila Eerola", "Veli-Matti Hartikainen",
            "Miia Witting", "Tiina Mikkonen", "Markku Pakkanen", "Matti Astola",
            "Kari Huovila", "Vappu Kuokka", "Mikko Jaanu",
        ]
    ],
    *[
        ("vate-poliittinen-seurantaryhma", name, "representative", municipality,
         MONITORING_GROUP_START, None)
        for name, municipality in [
            ("Sami Virtanen", "Kotka"), ("Elina Inkeroinen-Lalu", "Hamina"),
            ("Toni Vanhala", "Pyhtää"), ("Anja Kivelä", "Virolahti"),
            ("Tarja Alastalo", "Miehikkälä"), ("Jouko Leppänen", "Kouvola"),
            # Listed among the absent with "Kymenlaakson pelastuslaitos".
            ("Paula Werning", "Kymenlaakson pelastuslaitos"),
        ]
    ],
    ("vate-poliittinen-seurantaryhma", "Annikki Niiranen", "presenter", "VATE",
     MONITORING_GROUP_START, None),
    # Inferred: listed under "VATE" and "Muut osallistujat" without a role; recorded as experts.
    ("vate-poliittinen-seurantaryhma", "Juhani Carlson", "expert", "VATE",
     MONITORING_GROUP_START, None),
    ("vate-poliittinen-seurantaryhma", "Sanna-Riitta Junnonen", "expert", "VATE",
     MONITORING_GROUP_START, None),
    ("vate-poliittinen-seurantaryhma", "Lauri Lehto", "expert", "Kymsote",
     MONITORING_GROUP_START, None),
    ("vate-poliittinen-seurantaryhma", "Ari Nevalainen", "secretary", "Kymsote",
     MONITORING_GROUP_START, None),
]  # fmt: skip

# Cases: key -> (organisation slug, title, year). The documents give no record numbers, so
# the demo cases carry none rather than invented ones.
CASES = {
    "jarjestaja-markkinatyoryhma": (
        "kymenlaakson-liitto",
        "Järjestäjä/markkinatyöryhmän tehtävät ja kevään työsuunnitelma",
        2017,
    ),
    "esivalmisteluvaiheen-raportointi": (
        "kymenlaakson-liitto",
        "Esivalmisteluvaiheen raportointi ajalta 8/2016-12/2018 voimaanpanolain 7 §:n mukaisissa "
        "asioissa sekä maakuntapalveluissa",
        2018,
    ),
    "johtamisen-rakenteet": (
        "kymenlaakson-hyvinvointialue",
        "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet",
        2022,
    ),
}

STEERING_CONTACTS = ["Jaakko Mikkola", "Jussi Lehtinen"]  # "Lisätietoja ... antaa" (seed 002)

# Meetings. "start"/"end" are Helsinki wall-clock times; "time_known": False where the
# documents give only the date (the time stored is then midnight and is never shown).
# Items: "section" is the § number; "text" names a file in texts/ or gives the text itself.
MEETINGS: list[dict[str, Any]] = [
    {
        "body": "kymenlaakso-maakunta-vate",
        "start": (2017, 12, 18, 0, 0),
        "time_known": False,
        "number": 1,  # Inferred: the memo gives no meeting numbers.
        "status": "published",
        "items": [
            {
                "section": 1,  # Inferred: the memo gives no § numbers.
                "title": "Järjestäjä/markkinatyöryhmän tehtävät",  # Inferred from the heading.
                "case": "jarjestaja-markkinatyoryhma",
                "text": "file:vate-2017-12-18-preparation.txt",
                "proposal": "VATE keskustelee työryhmän tehtävistä ja nimeää 5 - 7 jäsenisen "
                "työryhmän SOTE:n ja MAKU:n edustajista.",
                "decision": "file:vate-2017-12-18-decision.txt",
                "decision_type": "election",
                # "Taustoitusta varten liitteinä ovat:" – no files survive with the memo.
                "attachments": [
                    {
                        "number": 1,
                        "title": "Esivalmistelusuunnitelmassa esivalmisteluvaiheen "
                        "organisointikaavio",
                    },
                    {"number": 2, "title": "Alustava konsernirakenne"},
                    {
                        "number": 3,
                        "title": "Yhteenveto konsernityöpajojen 9.6. ja 21.11.2017 "
                        "ryhmätyötuloksista",
                    },
                ],
            }
        ],
    },
    {
        "body": "kymenlaakso-maakunta-vate",
        "start": (2018, 1, 31, 0, 0),
        "time_known": False,
        "number": 1,  # Inferred.
        "status": "published",
        # "Esitys, Muutosjohtaja". Inferred: the change director is Jussi Lehtinen (seed 002).
        "presenter": "Jussi Lehtinen",
        "items": [
            {
                "section": 1,  # Inferred.
                "title": "Järjestäjä/markkinatyöryhmän tehtävät / kevään työsuunnitelma",
                "case": "jarjestaja-markkinatyoryhma",
                "text": "file:vate-2018-01-31-preparation.txt",
                "proposal": "Järjestäjä/markkinat-työryhmä käynnistää työskentelyn suoritetun "
                "valmistelun pohjalta.",
                "decision": "Hyväksyttiin esitys sekä muistioon kirjatut linjaukset prosessin "
                "osalta.",
                "decision_type": "adopted_as_proposed",
                "attachments": [
                    # "Jarjestajan tyosuunnitelma.pdf (82kt)": the file itself is not in the
                    # seeds; the record keeps its reported size (82 kt read as 82 x 1024).
                    {
                        "number": 1,
                        "title": "Alustava työsuunnitelmaluonnos",
                        "size": 82 * 1024,
                        "content_type": "application/pdf",
                    },
                ],
            }
        ],
    },
    {
        "body": "kymenlaakso-maakunta-vate",
        "start": (2018, 6, 21, 0, 0),
        "time_known": False,
        "number": 2,  # Inferred.
        # "Vate on ehdotukset käsitellyt 21.6.2018 § 9" (seed 002). Its decision is not
        # reported, so the meeting is held but its minutes are not in the demo.
        "status": "held",
        "items": [
            {
                "section": 9,
                # Inferred: the title is composed from seed 002's description.
                "title": "Maakuntapalvelujen esivalmisteluvaiheen raportointi ja ehdotukset "
                "jatkotoimenpiteistä",
                "case": "esivalmisteluvaiheen-raportointi",
            }
        ],
    },
    {
        "body": "kymenlaakso-maakunta-poliittinen-ohjausryhma",
        "start": (2019, 1, 21, 0, 0),
        "time_known": False,
        "number": 1,  # Inferred.
        "status": "published",
        "items": [
            {
                "section": 1,  # Inferred: items numbered in the order the news lists them.
                "title": "ICT-rahoitusraportti II",
                "text": "file:ohjausryhma-2019-01-21-ict-rahoitus-preparation.txt",
                "decision": "Valtiovarainministeriölle toimitettu ICT II -rahoituksen "
                "hallinnollinen loppuraportti hyväksyttiin.",
                "contacts": STEERING_CONTACTS,
            },
            {
                "section": 2,
                "title": "Linjaus Kymenlaakson perustietotekniikkapalvelujen tuottajasta",
                "text": "file:ohjausryhma-2019-01-21-ict-tuottaja-preparation.txt",
                "proposal": "file:ohjausryhma-2019-01-21-ict-tuottaja-proposal.txt",
                "decision": "Päätettiin, että Kymenlaakson perustietotekniikkapalvelujen "
                "tuottajaksi valitaan Kaakkois-Suomen Tieto Oy edellä mainituin perustein.",
                "decision_type": "adopted_as_proposed",
                "contacts": STEERING_CONTACTS,
            },
            {
                "section": 3,
                "title": "Esivalmisteluvaiheen raportointi ajalta 8/2016-12/2018 "
                "voimaanpanolain 7 §:n mukaisissa asioissa sekä maakuntapalveluissa",
                "case": "esivalmisteluvaiheen-raportointi",
                "text": "file:ohjausryhma-2019-01-21-esivalmistelu-preparation.txt",
                "decision": "Merkittiin maakuntapalvelujen raportointi tiedoksi.",
                "decision_type": "noted",
                "contacts": STEERING_CONTACTS,
            },
            {
                "section": 4,
                "title": "Kymsoten tilannekatsaus 21.1.2019",
                "text": "Toimitusjohtaja Annikki Niiranen esitteli Kymsoten tilannekatsauksen, "
                "joka merkittiin tiedoksi.",
                # Inferred: the decision sentence is taken from "joka merkittiin tiedoksi".
                "decision": "Merkittiin tiedoksi.",
                "decision_type": "noted",
                "contacts": STEERING_CONTACTS,
            },
            {
                "section": 5,
                "title": "Seuraava maakuntauudistuksen poliittisen ohjausryhmän kokous",
                "decision": "Seuraava maakuntauudistuksen poliittisen ohjausryhmän kokous "
                "pidetään 18.2.2019.",
                "decision_type": "noted",
                "contacts": STEERING_CONTACTS,
            },
        ],
    },
    {
        "body": "kymenlaakso-vate",
        "start": (2022, 1, 12, 0, 0),
        "time_known": False,
        "number": 1,  # Inferred.
        "status": "published",
        "items": [
            {
                "section": 5,  # "12.1.2022 §5 Kymenlaakson väliaikainen valmistelutoimielin"
                # Inferred: the title of the case as the minutes of 27.1.2022 give it.
                "title": "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet",
                "case": "johtamisen-rakenteet",
                "text": "file:vate-2022-01-12-s5-preparation.txt",
                "contacts": ["Ismo Korhonen"],
                "proposal": "Merkitään esittely tiedoksi johtamis- ja ohjausrakenteen "
                "jatkovalmistelun toteuttamissuunnitelma.",
                "speakers": ["Ismo Korhonen", "Lauri Lehto"],
                "decision": "Hyväksyttiin.",
                "decision_type": "adopted_as_proposed",
                "attachments": [
                    {
                        "number": 3,
                        "title": "Tiivistelmä työryhmän valmistelusta sisältäen "
                        "valmistelutyön jatkoehdotuksen",
                    },
                ],
            }
        ],
    },
    {
        "body": "vate-poliittinen-seurantaryhma",
        # "Kokouksen aika 27.1.2021 klo 12.00 - 13:08": the year 2021 in the header is a typo of
        # the document; the cover page and every page header say 27.01.2022.
        "start": (2022, 1, 27, 12, 0),
        "end": (2022, 1, 27, 13, 8),
        "number": 1,  # Inferred: the minutes give no meeting number.
        "place": "Teams",
        "status": "published",
        # Inferred: the seed does not say when the minutes went on the web; a week after the
        # meeting, as is usual, so that the document carries its notice of publication.
        "published_on": (2022, 2, 3),
        "chair": "Seppo Rintamo",
        "secretary": "Ari Nevalainen",
        "presenter": "Annikki Niiranen",
        "checkers": ["Vappu Kuokka", "Sami Virtanen"],
        # (name, capacity, represents, present), in the order of the minutes.
        "attendance": [
            ("Seppo Rintamo", "member", "Kymsoten hallitus", True),
            ("Päivi Sippula", "member", "Kymsoten hallitus", True),
            ("Riku Pirinen", "member", "Kymsoten hallitus", True),
            ("Aila Eerola", "member", "Kymsoten hallitus", True),
            ("Veli-Matti Hartikainen", "member", "Kymsoten hallitus", True),
            ("Miia Witting", "member", "Kymsoten hallitus", True),
            ("Tiina Mikkonen", "member", "Kymsoten hallitus", True),
            ("Markku Pakkanen", "member", "Kymsoten hallitus", True),
            ("Matti Astola", "member", "Kymsoten hallitus", True),
            ("Kari Huovila", "member", "Kymsoten hallitus", True),
            ("Vappu Kuokka", "member", "Kymsoten hallitus", True),
            ("Sami Virtanen", "representative", "Kotka", True),
            ("Elina Inkeroinen-Lalu", "representative", "Hamina", True),
            ("Toni Vanhala", "representative", "Pyhtää", True),
            ("Anja Kivelä", "representative", "Virolahti", True),
            ("Tarja Alastalo", "representative", "Miehikkälä", True),
            ("Annikki Niiranen", "presenter", "VATE", True),
            ("Juhani Carlson", "other", "VATE", True),
            ("Sanna-Riitta Junnonen", "other", "VATE", True),
            ("Lauri Lehto", "other", "Kymsote", True),
            ("Ari Nevalainen", "secretary", "Kymsote", True),
            ("Ismo Korhonen", "invited", "Kymsote", True),
            ("Mikko Jaanu", "member", "Kymsoten hallitus", False),
            ("Jouko Leppänen", "representative", "Kouvola", False),
            ("Paula Werning", "representative", "Kymenlaakson pelastuslaitos", False),
        ],
        "items": [
            {
                "section": 1,
                "title": "Kokouksen avaus ja osallistujien toteaminen",
                "standard_place": "opening",
                "text": "Puheenjohtaja avaa kokouksen ja toteaa läsnä olevat.",
                "proposal": "Todetaan kokouksen läsnäolijat.",
                "decision": "Puheenjohtaja avasi kokouksen ja totesi läsnäolijat",
                "decision_type": "noted",
            },
            {
                "section": 2,
                "title": "Laillisuus ja päätösvaltaisuus",
                "standard_place": "opening",
                "proposal": "Todetaan kokouksen laillisuus ja päätösvaltaisuus.",
                "decision": "Todettiin kokous lailliseksi ja päätösvaltaiseksi",
                "decision_type": "noted",
            },
            {
                "section": 3,
                "title": "Pöytäkirjantarkastajien valinta",
                "standard_place": "opening",
                "text": "Valitaan kaksi pöytäkirjantarkastajaa.",
                "proposal": "Valitaan pöytäkirjantarkastajiksi Vappu Kuokka ja Jouko Leppänen.",
                "decision": "Valittiin pöytäkirjan tarkastajiksi Vappu Kuokka ja Sami Virtanen",
                "decision_type": "election",
            },
            {
                "section": 4,
                "title": "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet",
                "case": "johtamisen-rakenteet",
                "text": "file:seurantaryhma-2022-01-27-s4-preparation.txt",
                # The contact line printed within § 4 (in its earlier-handling part).
                "contacts": ["Ismo Korhonen"],
                "proposal": "Tuodaan tiedoksi valmistelutyön tämän hetken tilanne.",
                "speakers": [
                    "Ismo Korhonen",
                    "Miia Witting",
                    "Markku Pakkanen",
                    "Sanna-Riitta Junnonen",
                    "Annikki Niiranen",
                    "Riku Pirinen",
                    "Juhani Carlson",
                    "Elina Inkeroinen-Lalu",
                    "Ari Nevalainen",
                    "Annikki Niiranen",
                    "Matti Astola",
                ],
                "decision": "Hyväksyttiin.",
                "decision_type": "adopted_as_proposed",
                "attachments": [
                    {
                        "number": 1,
                        "title": "Johtamisrakenteet ja johtamisen välineet; pohjaesitys 270122",
                        # The attachment's text as exported with the minutes (pages 8-17).
                        "file": "seurantaryhma-2022-01-27-liite-1.txt",
                    }
                ],
            },
            {
                "section": 5,
                "title": "Muut asiat",
                "standard_place": "closing",
                "text": "file:seurantaryhma-2022-01-27-s5-preparation.txt",
            },
        ],
    },
    {
        # Seed 000: VATE "kutsuu valtuutetut koolle kokoukseen tiistaina 8. maaliskuuta klo 16
        # alkaen"; the agenda lists "muun muassa" the three items below. The opening and
        # closing items come from the council's agenda template.
        "body": "kymenlaakso-aluevaltuusto",
        "start": (2022, 3, 8, 16, 0),
        "status": "invitation_sent",
        "template": True,
        "items": [
            {"title": "Hallintosäännön hyväksyminen"},
            {"title": "Aluevaltuuston puheenjohtajiston vaali"},
            {"title": "Aluehallituksen ja muiden toimielinten vaalit"},
        ],
    },
]

# Sign-in users bound to people of seed 003 (password for all: DEMO_PASSWORD).
DEMO_PASSWORD = "kokous-demo"
DEMO_USERS = [
    # (username, person, description, staff)
    ("sihteeri", "Ari Nevalainen", "secretary", True),
    ("puheenjohtaja", "Seppo Rintamo", "chair", False),
    ("esittelija", "Annikki Niiranen", "presenter", False),
    ("jasen", "Vappu Kuokka", "member and minute checker", False),
    ("tarkastaja", "Sami Virtanen", "minute checker", False),
    ("viestinta", "Demo Viestintä", "communications: news and newsletter", False),
    ("tyoryhma", "Maija Kaltakari", "working-group lead", False),
]

# The meeting that `kokous demo --replay` empties so that it can be run again in the workspace:
# seed 003, whose minutes say what the result must be.
REPLAY_MEETING_BODY = "vate-poliittinen-seurantaryhma"
REPLAY_MEETING_START = (2022, 1, 27, 12, 0)
