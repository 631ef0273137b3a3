"""The demo's preparation work: the plan of Kymenlaakso's management and steering structure in
seed 003 (tasks 1.1–1.10 in two phases, the group interviews of weeks 4 and 5 with their
responsible persons and dates), the ministry roadmap's tasks of other groups that affect it
directly or indirectly, the recurring decisions of the county's year, and the demo clock.

Called by the demo loader (`kokous.demo.services`) after the bodies, people and meetings
exist. Idempotent like the rest of the demo: a roadmap is found by its slug and a task by its
code, and only what differs from here is updated. Lines that had to be inferred say so.
"""

import datetime as dt
from typing import Any

from kokous.meetings.models import AgendaItem
from kokous.organisations.models import Body, Organisation, Person
from kokous.preparation import services
from kokous.preparation.models import (
    CycleEvent,
    DemoClock,
    Phase,
    Roadmap,
    Task,
    TaskLink,
    TaskReport,
)

D = dt.date
ORGANISATION = "kymenlaakson-hyvinvointialue"
# Inferred: the day the plan says the feedback goes to the VATE ("esitellään VATE:lle
# mahdollisesti 9.2.2022 kokouksessa"), so that the timeline shows the plan as it stood then.
DEMO_TODAY = D(2022, 2, 9)
OTHERS = "muut vastuuhenkilön tarpeelliseksi katsomat henkilöt"

PLAN: dict[str, Any] = {
    "slug": "kymenlaakso-johtamisen-rakenteet-ja-valineet",
    "name_fi": "Johtamisen rakenteet ja välineet: valmistelusuunnitelma",
    "source": "Johtamisen ja osaamisen valmistelutyöryhmä (STM:n alueellisen toimeenpanon "
    "tiekartta, J&O; B.1.)",
    "description": (
        "STM:n tiekartan tehtävissä johtamisen ja osaamisen valmistelutyöryhmän vastuulla "
        "olevan tehtävän ”johtamisrakenteet ja johtamisen välineet” osatehtävinä edellytetään "
        "valmisteltaviksi (kriittiset toimenpiteet). Valmistelua jatketaan tiekartan "
        "aikataulutuksien ja tehtävien mukaisesti jaettuna kahteen vaiheeseen; VATE:n aikana "
        "tehtävä valmistelu (tammi-helmikuu) ja hyvinvointialueen toimielinten aikana "
        "toteutettava valmistelu (maalis-joulukuu)."
    ),
}
PHASES = {
    "vate": ("VATE-valmisteluvaihe", D(2021, 7, 1), D(2022, 2, 28)),
    "decision": ("Päätöksentekovaihe", D(2022, 3, 1), D(2022, 12, 31)),
}
JO = "kymenlaakso-johtaminen-ja-osaaminen"

# (code, title, group slug, responsible, participants, phase, start, due, status, progress).
# Titles are the seed's own words. Inferred: the seed gives the phases and the plan's weeks
# ("Valmistelu 17.1. – 4.2.2022"), not each task's dates; a task starts with its phase's work
# and is due at its end. Statuses are as the demo clock's day might have seen them (the seeds
# give none).
PLAN_TASKS: list[tuple[Any, ...]] = [
    ("1", "Johtamisrakenteet ja johtamisen välineet", JO, "Ismo Korhonen", [], None,
     D(2022, 1, 17), D(2022, 12, 31), "in_progress", 0),
    ("1.1", "Hyvinvointialueen organisaatorakenteen määrittely", JO, "Maija Kaltakari", [],
     "vate", D(2022, 1, 17), D(2022, 2, 28), "in_progress", 50),
    ("1.2", "Johtamis- ja ohjausrakenteen valmistelu sekä verkostojohtamisen rakenteiden "
     "määrittely (ml. vuosittaisen STM:n ja HVAn neuvotteluprosessin nivominen osaksi "
     "johtamisjärjestelmää)", JO, "Maija Kaltakari", [], "vate", D(2022, 1, 17),
     D(2022, 2, 28), "in_progress", 30),
    ("1.3", "Pelastuslaitosten johtamisrakenteen valmistelu osana tulevan hyvinvointialueen "
     "rakennetta (sotesta erillisenä rinnakkaisena toimialana)",
     "kymenlaakso-pelastustoimen-alatyoryhma", "Juhani Carlson", [], "vate", D(2022, 1, 17),
     D(2022, 2, 28), "in_progress", 40),
    # 1.4 and 1.5 are in both phases' lists.
    ("1.4", "Vuosikellon rakentaminen toiminnan tueksi", JO, "Maija Kaltakari", [], None,
     D(2022, 1, 17), D(2022, 12, 31), "in_progress", 10),
    ("1.5", "Palvelurakenteen ja johtamisrakenteen kohtaamisen varmistaminen", JO,
     "Maija Kaltakari", [], None, D(2022, 1, 17), D(2022, 12, 31), "not_started", 0),
    ("1.6", "Hyvinvointialueen organisaattiorakenteen hyväksyminen aluevaltuustossa", JO,
     "Ismo Korhonen", [], "decision", D(2022, 3, 1), D(2022, 5, 31), "not_started", 0),
    # Inferred codes: the seed shows 1.6 twice, as the first and the second reading. "Ensimmäinen
    # käsittely hyvinvointialueen valtuustossa maaliskuussa"; "asian lopullinen käsittely on
    # huhti-toukokuun vaihteessa".
    ("1.6.1", "Hyvinvointialueen organisaattiorakenteen hyväksyminen aluevaltuustossa "
     "(1. käsittely)", JO, "Ismo Korhonen", [], "decision", D(2022, 3, 1), D(2022, 3, 31),
     "not_started", 0),
    ("1.6.2", "Hyvinvointialueen organisaattiorakenteen hyväksyminen aluevaltuustossa "
     "(2. käsittely ja päätös)", JO, "Ismo Korhonen", [], "decision", D(2022, 4, 1),
     D(2022, 5, 31), "not_started", 0),
    ("1.7", "Organisoituminen organisaatio- ja johtamisrakenteen mukaisesti sekä "
     "työskentelymallien luominen", JO, "", [], "decision", D(2022, 3, 1), D(2022, 12, 31),
     "not_started", 0),
    ("1.8", "Hyvinvoinnin ja terveyden edistämisen strategisen johtamisen rakenne ja sen "
     "toteuttaminen", JO, "", [], "decision", D(2022, 3, 1), D(2022, 12, 31), "not_started", 0),
    ("1.9", "Kuraattori- ja psykologityön johtamismallin nivominen osaksi hyvinvointialueen "
     "toimintaa", JO, "", [], "decision", D(2022, 3, 1), D(2022, 12, 31), "not_started", 0),
    ("1.10", "Toimintakulttuurin yhteensovittaminen ja uudistaminen", JO, "", [], "decision",
     D(2022, 3, 1), D(2022, 12, 31), "not_started", 0),
    # "Tapaamiset järjestetään viikkojen 4 ja 5 aikana": the group interviews, with the
    # responsible persons and dates of seed 003. Inferred: the code 2 and its parts; a part the
    # seed gives no date is due at the end of week 5 (4.2.2022).
    ("2", "Ryhmäkeskustelut johtamis- ja ohjausrakenteen pohjatiedoiksi", JO, "Ismo Korhonen",
     [], "vate", D(2022, 1, 24), D(2022, 2, 28), "in_progress", 0),
    ("2.1", "Järjestäminen ja yhdyspinnat valmistelutyöryhmät", "kymenlaakso-jarjestaminen",
     "Anu Salonen", ["Mari Kuusisto"], "vate", D(2022, 1, 24), D(2022, 2, 28), "in_progress",
     60),
    ("2.2", "Hallinto, talous ja tukipalvelut valmistelutyöryhmä",
     "kymenlaakso-hallinto-talous-tukipalvelut", "Ari Nevalainen", ["Helena Perämäki"], "vate",
     D(2022, 1, 24), D(2022, 2, 4), "in_progress", 80),
    ("2.3", "Pelastustoimen alatyöryhmä", "kymenlaakso-pelastustoimen-alatyoryhma",
     "Juhani Carlson", [], "vate", D(2022, 1, 24), D(2022, 2, 27), "in_progress", 50),
    ("2.4", "Johtamisen ja osaamisen valmistelutyöryhmä", JO, "Maija Kaltakari", [], "vate",
     D(2022, 1, 24), D(2022, 2, 2), "done", 100),
    ("2.5", "Tespa", None, "Maisa Mäntymaa", [], "vate", D(2022, 1, 24), D(2022, 2, 4), "done",
     100),
    ("2.6", "KAH", None, "Anu Salonen", [], "vate", D(2022, 1, 24), D(2022, 2, 28),
     "in_progress", 50),
    ("2.7", "Tukipalvelut/strategiapalvelut", None, "Lauri Lehto", [], "vate", D(2022, 1, 24),
     D(2022, 2, 4), "done", 100),
    ("2.8", "Tukipalvelut/hallintopalvelut", None, "Ari Nevalainen", [], "vate",
     D(2022, 1, 24), D(2022, 2, 4), "in_progress", 70),
    ("2.9", "PSYKE", None, "", [], "vate", D(2022, 1, 24), D(2022, 1, 31), "done", 100),
]  # fmt: skip
PLAN_NOTES = {  # participants' notes and descriptions, from the seed
    "2.4": "Hoidetaan ”in-house” osana valmistelutyöryhmän keskiviikkoisia kokoontumisia.",
    "2.9": "Hoidetaan ”in-house” psyke-joryn kokouksessa 31.1.2022.",
}
WITH_OTHERS = {"2.1", "2.2", "2.3", "2.5", "2.6", "2.7", "2.8"}

ROADMAP: dict[str, Any] = {
    "slug": "stm-alueellisen-toimeenpanon-tiekartta",
    "name_fi": "STM:n alueellisen toimeenpanon tiekartta",
    "source": "Sosiaali- ja terveysministeriö",
    "description": (
        "Kymenlaakson hyvinvointialueen valmistelua on ohjannut sosiaali- ja terveysministeriön "
        "laatima alueellisen toimeenpanon tiekartta."
    ),
}
# Seed 003: "Muiden ryhmien työskentelyn vaikutus johtamisen rakenteisiin ja välineisiin
# ()=välillinen vaikutus, tummennus=suora vaikutus". Each group's tasks by code: True where
# the effect is direct. The seed gives the codes only; the titles name the code (Inferred).
IMPACTS: dict[str, list[tuple[str, bool]]] = {
    "kymenlaakso-jarjestaminen": [
        ("A5.1", True), ("D3.1", True), ("F", True), ("G2.3", False), ("G4.1", False),
        ("G5", False),
    ],
    # A2.1 is also in the list of Palveluiden järjestäminen, as an indirect effect; a code is
    # one task, held here where its effect is direct.
    "kymenlaakso-hallinto-talous-tukipalvelut": [
        ("A1.8", False), ("A2.1", True), ("A2.2", False), ("A2.4", True), ("A3", True),
        ("C2.5", False), ("C2.6", False), ("F5.3", False),
    ],
    "kymenlaakso-yhdyspinnat": [
        ("B1.3", True), ("C1.1", False), ("C1.2", False), ("C1.4", False), ("C1.5", True),
        ("C2.1", True), ("C2.2", True), ("C3.3", True), ("D1.1", False), ("D1.2", False),
        ("D2", True), ("E1.2", False), ("E1.6", False), ("E2.1", False), ("E2.3", False),
        ("E4.2", False),
    ],
    "kymenlaakso-ict": [
        ("A3.4", False), ("B5.3", False), ("B5.4", False), ("B6.1", False), ("B6.2", False),
    ],
}  # fmt: skip

# The recurring decisions of the county's year (vuosikello). Inferred: the seeds name the
# task of building one (1.4), not its contents; these are the deadlines that the Act on
# wellbeing services counties (611/2021) sets, as in the Local Government Act.
CYCLE: list[tuple[str, str, str, int, int | None, str]] = [
    ("kymenlaakso-aluevaltuusto", "Talousarvio ja taloussuunnitelma seuraaville vuosille",
     "decision", 12, None, "Laki hyvinvointialueesta 611/2021: vuoden loppuun mennessä"),
    ("", "Tilinpäätös laadittu ja annettu tilintarkastajille", "deadline", 3, 31,
     "Laki hyvinvointialueesta 611/2021: maaliskuun loppuun mennessä"),
    ("kymenlaakso-aluevaltuusto", "Tilinpäätöksen hyväksyminen ja vastuuvapaus", "decision", 6,
     30, "Laki hyvinvointialueesta 611/2021: kesäkuun loppuun mennessä"),
    ("kymenlaakso-aluevaltuusto", "Tarkastuslautakunnan arviointikertomus", "decision", 6, None,
     "Laki hyvinvointialueesta 611/2021: käsitellään tilinpäätöksen yhteydessä"),
]  # fmt: skip


def preparation_demo_load(*, loader: Any) -> None:
    """Load the demo's roadmaps, tasks, annual cycle and demo clock through `loader.ensure`."""
    organisation = Organisation.objects.get(slug=ORGANISATION)
    bodies = {body.slug: body for body in Body.objects.filter(organisation=organisation)}
    people = {person.full_name: person for person in Person.objects.all()}
    plan = loader.ensure(
        Roadmap,
        {"slug": PLAN["slug"]},
        organisation=organisation,
        **{key: value for key, value in PLAN.items() if key != "slug"},
    )
    phases = {
        key: loader.ensure(Phase, {"roadmap": plan, "name_fi": name}, start=start, end=end)
        for key, (name, start, end) in PHASES.items()
    }
    tasks: dict[str, Task] = {}
    for (
        code,
        title,
        group,
        responsible,
        participants,
        phase,
        start,
        due,
        status,
        progress,
    ) in PLAN_TASKS:
        values = {
            "title": title,
            "group": bodies[group] if group else None,
            "responsible": people[responsible] if responsible else None,
            "phase": phases[phase] if phase else None,
            "start": start,
            "due": due,
            "status": status,
            "progress": progress,
            "description": PLAN_NOTES.get(code, ""),
            "participants_note": f"+ {OTHERS}" if code in WITH_OTHERS else "",
        }
        tasks[code] = _task(loader, plan, code, values, [people[name] for name in participants])
    roadmap = loader.ensure(
        Roadmap,
        {"slug": ROADMAP["slug"]},
        organisation=organisation,
        **{key: value for key, value in ROADMAP.items() if key != "slug"},
    )
    for group, codes in IMPACTS.items():
        for code, direct in codes:
            task = _task(
                loader,
                roadmap,
                code,
                {"title": f"Tiekartan tehtävä {code}.", "group": bodies[group]},
                [],
            )
            kind = TaskLink.Kind.DIRECT if direct else TaskLink.Kind.INDIRECT
            link = TaskLink.objects.filter(source=task, target=tasks["1"]).first()
            if link is None or link.kind != kind:
                services.task_link_set(source=task, target=tasks["1"], kind=kind)
                loader.report.created["TaskLink"] += 1
    _reports(loader, tasks["1"])
    for body, title, event_kind, month, day, basis in CYCLE:
        loader.ensure(
            CycleEvent,
            {"organisation": organisation, "title_fi": title},
            body=bodies[body] if body else None,
            kind=event_kind,
            month=month,
            day=day,
            basis=basis,
        )
    clock = DemoClock.objects.first()
    if clock is None:
        DemoClock.objects.create(today=DEMO_TODAY)
        loader.report.created["DemoClock"] += 1


def _task(
    loader: Any, roadmap: Roadmap, code: str, values: dict[str, Any], participants: list[Person]
) -> Task:
    task = Task.objects.filter(roadmap=roadmap, code=code).first()
    if task is None:
        task = services.task_create(
            roadmap=roadmap, code=code, participants=participants, today=DEMO_TODAY, **values
        )
        loader.report.created["Task"] += 1
        return task
    changed = {name: value for name, value in values.items() if getattr(task, name) != value}
    if changed or set(task.participants.all()) != set(participants):
        task = services.task_update(
            task=task, participants=participants, today=DEMO_TODAY, **changed
        )
        loader.report.updated["Task"] += 1
    return task


def _reports(loader: Any, task: Task) -> None:
    """Where the plan was handled: the VATE on 12.1.2022 (§5), the monitoring group on
    27.1.2022 (§4 of seed 003) and the interim review at the VATE on 9.2.2022."""
    item = AgendaItem.objects.filter(
        meeting__body__slug="vate-poliittinen-seurantaryhma",
        title="Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet",
    ).first()
    notes = [
        ("12.1.2022 §5 Kymenlaakson väliaikainen valmistelutoimielin", D(2022, 1, 12), None),
        ("", D(2022, 1, 27), item),
        ("Väliarviointi VATE 9.2.2022", D(2022, 2, 9), None),
    ]
    for note, date, agenda_item in notes:
        if agenda_item is None and not note:
            continue
        exists = TaskReport.objects.filter(task=task, note=note, agenda_item=agenda_item)
        if not exists.exists():
            services.task_report_add(task=task, note=note, date=date, agenda_item=agenda_item)
            loader.report.created["TaskReport"] += 1
