"""Synthetic Finnish minutes, generated from the layout rules the parser knows, with the JSON
the parser must recover from them (`kokous.importer.parse.meeting_json`).

`minutes_generate(rng, items=N)` varies what real exports vary: heading variants of proposals
and decisions, dates as 27.1.2022 or 27.01.2022, times 12:00 / 12.00, page headers (three
lines or one) inserted between paragraphs every few blocks, an optional table of contents,
tabs or runs of spaces between an attendee's name and municipality, paragraphs hard-wrapped
at a random width, items with the title on the section line or the next. It is deterministic
for a seeded `random.Random` and fast (the benchmark generates 1,000).
"""

from __future__ import annotations

import datetime
import random
from typing import Any
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")

FIRST = (
    "Aino Eero Helena Ilkka Johanna Kalle Leena Markku Niina Olli Päivi Riku Sanna Tapio "
    "Ulla Veikko Aila Jouni Kirsi Lauri Minna Pekka Satu Timo Anneli Heikki Marjatta Jussi"
).split()
LAST = (
    "Aaltonen Berg Eskola Friman Grönlund Haapala Ikonen Jokela Kettunen Lahtinen Mustonen "
    "Nurmi Ojala Peltonen Rantala Salminen Toivonen Uotila Vainio Wikström Ylönen Äijälä "
    "Hiltunen Koivisto Laaksonen Manninen Niskanen Pesonen Rautio Suominen"
).split()
TOWNS = "Kotka Kouvola Hamina Pyhtää Virolahti Miehikkälä Lahti Porvoo Loviisa Iitti".split()
ORGS = ("Kymsote", "Hyvinvointialue", "Pelastuslaitos")
BODIES = (
    "Kymenlaakson aluehallitus",
    "Tarkastuslautakunta",
    "VATE:n poliittinen seurantaryhmä",
    "Sivistyslautakunta",
    "Yhteistyötoimikunta",
)
PLACES = ("Teams", "Kaupungintalo, valtuustosali", "Hallintokeskus, kokoushuone 2")
SYLLABLES = (
    "ka ta la va mi ne su ko hal lin tus val mis te lu ar vi oin ti ra ke pal ve ho "
    "to mi nen sa ja lo ke hy vin voin ti a lu e tii vis"
).split()
# Words a line may not start with, or the parser would read a heading there.
RESERVED = {
    "esitys", "ehdotus", "pohjaesitys", "päätös", "liite", "liitteet", "käsittely",
    "keskustelu", "jaa", "ei", "poissa", "aika", "paikka", "sivu", "dnro", "dno", "ja",
}  # fmt: skip
PROPOSAL_HEADINGS = (
    "Esittelijän esitys",
    "Esittelijän esitys:",
    "Esitys:",
    "Ehdotus",
    "Pohjaesitys",
    "Esittelijän ehdotus",
    "Päätösehdotus",
)
DECISION_HEADINGS = ("Päätös", "Päätös:", "PÄÄTÖS")
WEEKDAYS = ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai")


def _word(rng: random.Random) -> str:
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in RESERVED:
            return word


def _sentence(rng: random.Random, words: tuple[int, int] = (4, 12)) -> str:
    text = " ".join(_word(rng) for _ in range(rng.randint(*words)))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def _date(rng: random.Random, date: datetime.date) -> str:
    if rng.random() < 0.5:
        return f"{date.day}.{date.month}.{date.year}"
    return f"{date.day:02d}.{date.month:02d}.{date.year}"


def _clock(rng: random.Random, hour: int, minute: int, sep: str) -> str:
    return f"{hour}{sep}{minute:02d}"


def _people(rng: random.Random, count: int) -> list[str]:
    names = [f"{f} {s}" for f in FIRST for s in LAST]
    return rng.sample(names, count)


def minutes_generate(
    rng: random.Random,
    *,
    items: int,
    body: str | None = None,
    date: datetime.date | None = None,
    first: int | None = None,
) -> tuple[str, dict[str, Any]]:
    """A synthetic set of minutes with `items` items (at least 1), and the expected JSON. The
    body, the date and the first § number are random unless given."""
    items = max(1, items)
    chosen_body = body or rng.choice(BODIES)
    chosen_date = date or datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(1095))
    chosen_first = rng.randint(1, 150)
    body, date, first = chosen_body, chosen_date, first or chosen_first
    start_h, start_m = rng.randint(8, 17), rng.choice((0, 15, 30))
    end_h, end_m = start_h + rng.randint(1, 4), rng.randint(0, 59)
    place = rng.choice(PLACES)
    width = rng.randint(40, 100)
    tab = rng.choice(("\t", "   ", "\t\t"))

    blocks: list[list[str]] = [[body]]
    if rng.random() < 0.5:
        blocks[0].append(f"PÖYTÄKIRJA {rng.randint(1, 20)}/{date.year}")
    sep = rng.choice((":", "."))
    dash = rng.choice((" - ", "-", " – "))
    when = _date(rng, date)
    if rng.random() < 0.3:
        when = f"{WEEKDAYS[date.weekday()]} {when}"
    time_prefix = rng.choice(("Kokouksen aika", "Aika", "Kokousaika"))
    blocks.append(
        [
            f"{time_prefix} {when} klo {_clock(rng, start_h, start_m, sep)}"
            f"{dash}{_clock(rng, end_h, end_m, sep)}"
        ]
    )
    blocks.append([f"{rng.choice(('Kokouksen paikka', 'Paikka', 'Kokouspaikka'))} {place}"])

    titles = [
        " ".join([_word(rng).capitalize()] + [_word(rng) for _ in range(rng.randint(1, 5))])
        for _ in range(items)
    ]
    titles[0] = "Pöytäkirjantarkastajien valinta"
    if rng.random() < 0.5:
        toc = ["Asialuettelo"]
        page = 2
        for k, title in enumerate(titles):
            gap = rng.choice(("\t", "  "))
            toc.append(f"{first + k} § {title}{gap}{page}")
            page += rng.randint(0, 2)
        blocks.append(toc)

    # Attendance.
    counts = {
        "member": rng.randint(3, 9),
        "deputy": rng.randint(0, 3),
        "municipal_representative": rng.randint(0, 4),
        "presenter": 1,
        "other": rng.randint(1, 3),
        "invited": rng.randint(0, 2),
        "absent": rng.randint(0, 3),
    }
    people = iter(_people(rng, sum(counts.values())))
    attendees: list[dict[str, Any]] = []

    def add(name: str, capacity: str, municipality: str | None = None, present: bool = True):
        attendees.append(
            {"name": name, "capacity": capacity, "municipality": municipality, "present": present}
        )

    blocks.append([rng.choice(("Osallistujat", "Osallistujat/jäsenet", "Läsnä olleet jäsenet"))])
    members = [next(people) for _ in range(counts["member"])]
    chair = rng.choice(members)
    blocks.append(members)
    blocks.append(["puheenjohtaja"])
    for name in members:
        add(name, "member")
    if counts["deputy"]:
        deputies = [next(people) for _ in range(counts["deputy"])]
        blocks += [["Varajäsenet"], deputies]
        for name in deputies:
            add(name, "deputy")
    if counts["municipal_representative"]:
        reps = [
            (next(people), rng.choice(TOWNS)) for _ in range(counts["municipal_representative"])
        ]
        blocks += [["Jäsenkuntien nimeämät edustajat"], [f"{n}{tab}{t}" for n, t in reps]]
        for name, town in reps:
            add(name, "municipal_representative", town)
    presenter = next(people)
    blocks += [["Esittelijä"], [presenter]]
    add(presenter, "presenter")
    others = [next(people) for _ in range(counts["other"])]
    secretary = rng.choice(others)
    blocks += [["Muut osallistujat"], [f"{n}{tab}{rng.choice(ORGS)}" for n in others]]
    blocks.append([rng.choice(("Pöytäkirjan pitäjä", "pöytäkirjanpitäjä", "sihteeri"))])
    for name in others:
        add(name, "secretary" if name == secretary else "other")
    if counts["invited"]:
        invited = [next(people) for _ in range(counts["invited"])]
        blocks += [["Kutsutut"], [f"{n}{tab}{rng.choice(ORGS)}" for n in invited]]
        for name in invited:
            add(name, "invited")
    if counts["absent"]:
        lines = []
        for _ in range(counts["absent"]):
            name = next(people)
            if rng.random() < 0.5:
                town = rng.choice(TOWNS)
                lines.append(f"{name}{tab}{town}")
                add(name, "municipal_representative", town, present=False)
            else:
                lines.append(name)
                add(name, "member", None, present=False)
        blocks += [["Poissa"], lines]

    present = [a["name"] for a in attendees if a["present"]]
    checkers = rng.sample([m for m in members if m != chair], 2)

    # Items.
    expected_items: list[dict[str, Any]] = []
    attachment = 0
    for k, title in enumerate(titles):
        number = first + k
        if rng.random() < 0.5:
            blocks.append([f"{number} § {title}"])
        else:
            blocks += [[f"{number} §"], [title]]
        record = None
        if rng.random() < 0.5:
            record = f"KYMHVA/{rng.randint(1, 999)}/00.01.0{rng.randint(0, 9)}/{date.year}"
            blocks.append([record if rng.random() < 0.5 else f"Dnro {record}"])
        if rng.random() < 0.3:
            earlier = date - datetime.timedelta(days=rng.randint(7, 60))
            blocks.append([f"{_date(rng, earlier)} §{rng.randint(1, 99)} {rng.choice(BODIES)}"])
        for _ in range(rng.randint(1, 3)):
            blocks.append(_wrap(_paragraph(rng), width))
        if rng.random() < 0.5:
            contact = rng.choice(present)
            email = contact.lower().replace(" ", ".")
            blocks.append(_wrap(f"Lisätietoja antaa {contact}, {email}(a)kymsote.fi.", width))
        if k == 0:
            proposal = f"Valitaan pöytäkirjantarkastajiksi {checkers[0]} ja {checkers[1]}."
        else:
            proposal = _paragraph(rng)
        heading = rng.choice(PROPOSAL_HEADINGS)
        blocks += [[heading], _wrap(proposal, width)]
        attachments: list[str] = []
        for _ in range(rng.choice((0, 0, 1, 2))):
            attachment += 1
            attachments.append(f"Liite {attachment} {_word(rng).capitalize()} {_word(rng)}")
        if attachments:
            blocks.append(attachments)
        speakers: list[str] = []
        if rng.random() < 0.5:
            speakers = rng.sample(present, rng.randint(1, min(4, len(present))))
            said = speakers[0] if len(speakers) == 1 else ", ".join(speakers[:-1])
            if len(speakers) > 1:
                said += f" ja {speakers[-1]}"
            blocks += [["Asian käsittely"], [f"Puheenvuoroja käyttivät: {said}"]]
        if k == 0:
            decision = f"Valittiin pöytäkirjantarkastajiksi {checkers[0]} ja {checkers[1]}."
        else:
            decision = _sentence(rng)
        style = rng.random()
        if style < 0.3:
            blocks.append(_wrap(f"{rng.choice(('Päätös', 'Päätös:'))} {decision}", width))
        else:
            blocks += [[rng.choice(DECISION_HEADINGS)], _wrap(decision, width)]
        expected_items.append(
            {
                "number": number,
                "title": title,
                "record_number": record,
                "proposal": proposal,
                "decision": decision,
                "speakers": speakers,
                "attachments": attachments,
            }
        )

    blocks += [
        ["Kokouksen puolesta"],
        [chair, "puheenjohtaja"],
        [secretary, rng.choice(("pöytäkirjanpitäjä", "Pöytäkirjan pitäjä", "sihteeri"))],
        ["Pöytäkirjan tarkastajat:"],
        [checkers[0]],
        [checkers[1]],
    ]

    # Page headers between blocks, every few blocks, at least twice or not at all.
    every = rng.randint(4, 12)
    points = list(range(every, len(blocks), every))
    style = rng.choice(("three", "one", None))
    out: list[str] = []
    page = 1
    for index, block in enumerate(blocks):
        if style and len(points) >= 2 and index in points:
            page += 1
            header_date = _date(rng, date)
            if style == "three":
                out += [body, "", header_date, "", str(page), ""]
            else:
                out += [f"{body}\t{header_date}\t{page}", ""]
        out += block
        out.append("")
    text = "\n".join(out)

    start = datetime.datetime(date.year, date.month, date.day, start_h, start_m, tzinfo=HELSINKI)
    end = datetime.datetime(date.year, date.month, date.day, end_h, end_m, tzinfo=HELSINKI)
    expected = {
        "source": "",
        "body": body,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "place": place,
        "attendees": attendees,
        "chair": chair,
        "secretary": secretary,
        "checkers": checkers,
        "items": expected_items,
        "warnings": [],
    }
    return text, expected


def minutes_series(count: int, *, seed: int = 0) -> list[tuple[str, str, dict[str, Any]]]:
    """`count` generated minutes that an organisation could really have: the `BODIES` meet in
    turn, a week apart, and each body numbers its items on from its last meeting, starting
    again at § 1 each year. Returns (file name, text, expected JSON) for each."""
    rng = random.Random(seed)
    numbers: dict[tuple[str, int], int] = {}
    series = []
    for index in range(count):
        body = BODIES[index % len(BODIES)]
        date = datetime.date(2010, 1, 4) + datetime.timedelta(days=7 * (index // len(BODIES)))
        first = numbers.get((body, date.year), 1)
        items = rng.randint(5, 15)
        text, expected = minutes_generate(rng, items=items, body=body, date=date, first=first)
        numbers[(body, date.year)] = first + items
        series.append((f"{date:%Y-%m-%d}-{index % len(BODIES)}.txt", text, expected))
    return series
