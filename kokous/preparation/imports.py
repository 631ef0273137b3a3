"""Bulk import of a roadmap's tasks from a CSV file or a spreadsheet (.xlsx).

The first row names the columns, in Finnish, Swedish or English (see COLUMNS); only `code`
and `title` are required. Every row is checked first and every error is listed by row
number; then all rows are written in one transaction, through the same services as a task
edited on its page, or none is. A task whose code the roadmap already has is updated; the
others are created. Links name other tasks by code, in the file or already in the roadmap."""

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from kokous.organisations.models import Body, Person
from kokous.preparation import services
from kokous.preparation.codes import code_normalise
from kokous.preparation.models import Phase, Roadmap, Task, TaskLink

MAX_ROWS = 5_000

# Column: the headers it is recognised by (compared in lower case, spaces collapsed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "koodi", "tunnus", "kod"),
    "title": ("title", "otsikko", "tehtävä", "nimi", "rubrik", "uppgift"),
    "description": ("description", "kuvaus", "beskrivning"),
    "group": ("group", "ryhmä", "työryhmä", "grupp", "arbetsgrupp"),
    "responsible": ("responsible", "vastuuhenkilö", "vastuu", "ansvarig"),
    "participants": ("participants", "osallistujat", "muut osallistujat", "deltagare"),
    "participants_note": ("others", "muut", "övriga"),
    "phase": ("phase", "vaihe", "fas"),
    "start": ("start", "alkaa", "alku", "börjar"),
    "due": ("due", "määräaika", "valmis viimeistään", "deadline", "senast"),
    "status": ("status", "tila"),
    "progress": ("progress", "edistyminen", "valmiusaste", "%"),
    "weight": ("weight", "paino", "vikt"),
    "direct": ("affects directly", "suora vaikutus", "vaikuttaa suoraan", "direkt påverkan"),
    "indirect": (
        "affects indirectly",
        "välillinen vaikutus",
        "vaikuttaa välillisesti",
        "indirekt påverkan",
    ),
    "depends_on": ("depends on", "riippuu", "riippuu tehtävistä", "beror på"),
}
_LINK_COLUMNS = {
    "direct": TaskLink.Kind.DIRECT,
    "indirect": TaskLink.Kind.INDIRECT,
    "depends_on": TaskLink.Kind.DEPENDS_ON,
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class RoadmapImportError(Exception):
    """The file was not imported; `errors` says why, row by row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    links: int = 0
    codes: list[str] = field(default_factory=list)


def _header(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().lower()


def _read_rows(file: IO[bytes], filename: str) -> list[list[Any]]:
    """The file's rows as lists of cell values (str, numbers, dates)."""
    data = file.read()
    if filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise RoadmapImportError(
                [
                    RowError(
                        0, "", _("The spreadsheet could not be read (%(error)s).") % {"error": exc}
                    )
                ]
            ) from exc
        sheet = book.worksheets[0]
        rows = [
            list(row) for row in itertools.islice(sheet.iter_rows(values_only=True), MAX_ROWS + 2)
        ]
        book.close()
        return rows
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise RoadmapImportError(
            [RowError(0, "", _("The file is not a CSV file or a spreadsheet."))]
        )
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)][: MAX_ROWS + 2]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date: write it as 28.2.2022 or 2022-02-28.") % {"value": text}
        ) from None


# Statuses as people write them in Finnish and Swedish (besides their names in the catalogues).
STATUS_WORDS = {
    "ei aloitettu": Task.Status.NOT_STARTED,
    "aloittamatta": Task.Status.NOT_STARTED,
    "inte påbörjad": Task.Status.NOT_STARTED,
    "käynnissä": Task.Status.IN_PROGRESS,
    "kesken": Task.Status.IN_PROGRESS,
    "työn alla": Task.Status.IN_PROGRESS,
    "pågår": Task.Status.IN_PROGRESS,
    "valmis": Task.Status.DONE,
    "tehty": Task.Status.DONE,
    "klar": Task.Status.DONE,
    "peruttu": Task.Status.CANCELLED,
    "peruutettu": Task.Status.CANCELLED,
    "inställd": Task.Status.CANCELLED,
}


def _statuses() -> dict[str, str]:
    """Status by every way of writing it: its value and its name in each language."""
    names: dict[str, str] = {word: str(status) for word, status in STATUS_WORDS.items()}
    for status in Task.Status:
        names[status.value] = status.value
        names[status.value.replace("_", " ")] = status.value
        for language in ("fi", "sv", "en"):
            with translation.override(language):
                names[str(status.label).lower()] = status.value
    return names


class _Resolver:
    """Groups, people and phases named in the file, looked up once each."""

    def __init__(self, roadmap: Roadmap) -> None:
        self.roadmap = roadmap
        self.bodies = list(Body.objects.filter(organisation_id=roadmap.organisation_id))
        self.phases = list(Phase.objects.filter(roadmap=roadmap))
        self.people: dict[str, Person] = {}
        self.statuses = _statuses()

    def group(self, value: Any) -> Body | None:
        name = _text(value)
        if not name:
            return None
        key = name.lower()
        found = [
            body
            for body in self.bodies
            if key in {body.slug.lower(), body.abbreviation.lower(), body.name_fi.lower(),
                       body.name_sv.lower()} - {""}
        ]  # fmt: skip
        if len(found) != 1:
            raise ValidationError(
                _("No group of the organisation is called “%(name)s”.") % {"name": name}
                if not found
                else _("Several groups are called “%(name)s”: use its identifier.") % {"name": name}
            )
        return found[0]

    def person_or_none(self, value: Any) -> Person | None:
        name = _text(value)
        return self.person(name) if name else None

    def person(self, name: str) -> Person:
        if name in self.people:
            return self.people[name]
        if "@" in name:
            found = list(Person.objects.filter(email__iexact=name)[:2])
        else:
            parts = name.split()
            if len(parts) < 2:
                raise ValidationError(
                    _("Give “%(name)s” a first and a last name.") % {"name": name}
                )
            query = Q()
            for cut in range(1, len(parts)):
                query |= Q(
                    first_name__iexact=" ".join(parts[:cut]),
                    last_name__iexact=" ".join(parts[cut:]),
                )
            found = list(Person.objects.filter(query)[:2])
        if len(found) != 1:
            raise ValidationError(
                _("Nobody called “%(name)s” is in the register.") % {"name": name}
                if not found
                else _("Several people are called “%(name)s”: use their e-mail.") % {"name": name}
            )
        self.people[name] = found[0]
        return found[0]

    def phase(self, value: Any) -> Phase | None:
        name = _text(value)
        if not name:
            return None
        key = name.lower()
        found = [p for p in self.phases if key in {p.name_fi.lower(), p.name_sv.lower()} - {""}]
        if not found:
            raise ValidationError(_("The roadmap has no phase “%(name)s”.") % {"name": name})
        return found[0]

    def status(self, cell: Any) -> str:
        value = _text(cell)
        if not value:
            return Task.Status.NOT_STARTED
        status = self.statuses.get(value.lower())
        if status is None:
            raise ValidationError(
                _("“%(value)s” is not a status: not started, in progress, done or cancelled.")
                % {"value": value}
            )
        return status


def _number(value: Any, *, low: int, high: int, label: str) -> int:
    text = _text(value).rstrip("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": _text(value)}) from None
    if not number.is_integer() or not low <= number <= high:
        raise ValidationError(
            _("%(label)s is a whole number from %(low)s to %(high)s.")
            % {"label": label, "low": low, "high": high}
        )
    return int(number)


def _progress(value: Any) -> int:
    return _number(value, low=0, high=100, label=_("Progress"))


def _weight(value: Any) -> int:
    return _number(value, low=0, high=1000, label=_("Weight"))


def _codes(value: Any) -> list[str]:
    return [code_normalise(code) for code in re.split(r"[,;\s]+", _text(value)) if code]


def roadmap_import(*, roadmap: Roadmap, file: IO[bytes], filename: str) -> ImportResult:
    """Import the file's tasks into the roadmap: all of them, or none when any row is wrong
    (RoadmapImportError lists every error by row)."""
    rows = _read_rows(file, filename)
    if not rows:
        raise RoadmapImportError([RowError(1, "", _("The file is empty."))])
    if len(rows) > MAX_ROWS + 1:
        raise RoadmapImportError(
            [
                RowError(
                    MAX_ROWS + 2, "", _("A file can hold at most %(n)s tasks.") % {"n": MAX_ROWS}
                )
            ]
        )
    headers = [_header(value) for value in rows[0]]
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        name = next((key for key, names in COLUMNS.items() if header in names), None)
        if name is None:
            errors.append(RowError(1, header, _("Unknown column.")))
        elif name in columns:
            errors.append(RowError(1, header, _("The column appears twice.")))
        else:
            columns[name] = index
    for required in ("code", "title"):
        if required not in columns:
            errors.append(RowError(1, COLUMNS[required][0], _("The file must have this column.")))
    if errors:
        raise RoadmapImportError(errors)

    resolver = _Resolver(roadmap)
    existing = set(Task.objects.filter(roadmap=roadmap).values_list("code", flat=True))
    parsed: list[tuple[int, dict[str, Any], list[Person], dict[str, list[str]]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: row[index] if index < len(row) else None for name, index in columns.items()}
        if not any(_text(value) for value in cells.values()):
            continue  # an empty line
        values: dict[str, Any] = {}
        participants: list[Person] = []
        links: dict[str, list[str]] = {}

        def check(column: str, read: Any, value: Any, number: int = number) -> Any:
            """read(value), or None with its errors listed under the column."""
            try:
                return read(value)
            except ValidationError as exc:
                header = headers[columns[column]] if column in columns else column
                errors.extend(RowError(number, header, message) for message in exc.messages)
                return None

        code = check("code", code_normalise, _text(cells["code"]))
        title = _text(cells["title"])
        if not title:
            errors.append(RowError(number, headers[columns["title"]], _("Give the task a title.")))
        if code:
            if code in seen:
                errors.append(
                    RowError(
                        number,
                        headers[columns["code"]],
                        _("The code %(code)s is already on row %(row)s.")
                        % {"code": code, "row": seen[code]},
                    )
                )
            seen[code] = number
        values["code"] = code
        values["title"] = title
        for column in ("description", "participants_note"):
            if column in cells:
                values[column] = _text(cells[column])
        readers = {
            "group": resolver.group,
            "responsible": resolver.person_or_none,
            "phase": resolver.phase,
            "status": resolver.status,
            "start": _date,
            "due": _date,
            "progress": _progress,
            "weight": _weight,
        }
        for column, read in readers.items():
            if column in cells and (_text(cells[column]) or column not in ("progress", "weight")):
                values[column] = check(column, read, cells[column])
        if "participants" in cells:
            for name in re.split(r"[;\n]", _text(cells["participants"])):
                if name.strip():
                    person = check("participants", resolver.person, name.strip())
                    if person is not None:
                        participants.append(person)
        for column in _LINK_COLUMNS:
            if column in cells:
                links[column] = check(column, _codes, cells[column]) or []
        parsed.append((number, values, participants, links))

    known = existing | set(seen)
    for number, values, _participants, links in parsed:
        for column, codes in links.items():
            for code in codes:
                if code not in known:
                    errors.append(
                        RowError(
                            number,
                            headers[columns[column]],
                            _("No task has the code %(code)s.") % {"code": code},
                        )
                    )
                elif code == values["code"]:
                    errors.append(
                        RowError(
                            number,
                            headers[columns[column]],
                            _("A task cannot be linked to itself."),
                        )
                    )
    if errors:
        raise RoadmapImportError(sorted(errors, key=lambda e: e.row))
    return _write(roadmap=roadmap, parsed=parsed, headers=headers, columns=columns)


def _write(
    *,
    roadmap: Roadmap,
    parsed: list[tuple[int, dict[str, Any], list[Person], dict[str, list[str]]]],
    headers: list[str],
    columns: dict[str, int],
) -> ImportResult:
    result = ImportResult()
    errors: list[RowError] = []
    with transaction.atomic():
        for number, values, participants, _links in parsed:
            task = Task.objects.filter(roadmap=roadmap, code=values["code"]).first()
            given = "participants" in columns
            try:
                with transaction.atomic():
                    if task is None:
                        services.task_create(
                            roadmap=roadmap,
                            participants=participants if given else None,
                            **values,
                        )
                        result.created += 1
                    else:
                        services.task_update(
                            task=task, participants=participants if given else None, **values
                        )
                        result.updated += 1
                result.codes.append(values["code"])
            except ValidationError as exc:
                errors.extend(RowError(number, "", message) for message in exc.messages)
        if not errors:
            tasks = {task.code: task for task in Task.objects.filter(roadmap=roadmap)}
            for number, values, _participants, links in parsed:
                for column, codes in links.items():
                    for code in codes:
                        try:
                            with transaction.atomic():
                                services.task_link_set(
                                    source=tasks[values["code"]],
                                    target=tasks[code],
                                    kind=_LINK_COLUMNS[column],
                                )
                            result.links += 1
                        except ValidationError as exc:
                            errors.extend(
                                RowError(number, headers[columns[column]], message)
                                for message in exc.messages
                            )
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise RoadmapImportError(sorted(errors, key=lambda e: e.row))
    return result
