import datetime as dt
import io

import openpyxl
import pytest
from django.utils import translation

from kokous.organisations.tests.factories import BodyFactory, PersonFactory
from kokous.preparation.imports import RoadmapImportError, roadmap_import
from kokous.preparation.models import Task, TaskLink
from kokous.preparation.tests.factories import PhaseFactory, RoadmapFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap():
    roadmap = RoadmapFactory()
    BodyFactory(organisation=roadmap.organisation, name_fi="Johtamisen ja osaamisen työryhmä",
                slug="jo", abbreviation="J&O")  # fmt: skip
    PhaseFactory(roadmap=roadmap, name_fi="VATE-valmisteluvaihe")
    PersonFactory(first_name="Maija", last_name="Kaltakari", email="maija@example.fi")
    PersonFactory(first_name="Anu", last_name="Salonen", email="anu@example.fi")
    return roadmap


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8-sig"))


GOOD = (
    "Koodi;Otsikko;Ryhmä;Vastuuhenkilö;Osallistujat;Vaihe;Alkaa;Määräaika;Tila;Edistyminen;"
    "Paino;Vaikuttaa suoraan\n"
    "1.;Johtamisrakenteet ja johtamisen välineet;J&O;Maija Kaltakari;;VATE-valmisteluvaihe;"
    "1.1.2022;28.2.2022;käynnissä;;;\n"
    "1.1.;Hyvinvointialueen organisaatiorakenteen määrittely;jo;Maija Kaltakari;Anu Salonen;"
    ";17.1.2022;2022-02-04;ei aloitettu;40 %;2;\n"
    "A5.1.;Tiekartan tehtävä A5.1.;;anu@example.fi;;;;;valmis;;;1\n"
)


def test_a_roadmap_is_imported_from_csv(roadmap):
    result = roadmap_import(roadmap=roadmap, file=_csv(GOOD), filename="tiekartta.csv")
    assert (result.created, result.updated, result.links) == (3, 0, 1)
    tasks = {task.code: task for task in Task.objects.filter(roadmap=roadmap)}
    assert list(tasks) == ["1", "1.1", "A5.1"]
    first = tasks["1.1"]
    assert first.parent == tasks["1"]
    assert (first.start, first.due) == (dt.date(2022, 1, 17), dt.date(2022, 2, 4))
    assert (first.status, first.progress, first.weight) == (Task.Status.IN_PROGRESS, 40, 2)
    assert first.group.slug == "jo" and first.responsible.last_name == "Kaltakari"
    assert [p.first_name for p in first.participants.all()] == ["Anu"]
    assert tasks["1"].phase.name_fi == "VATE-valmisteluvaihe"
    assert (tasks["A5.1"].status, tasks["A5.1"].progress) == (Task.Status.DONE, 100)
    link = TaskLink.objects.get()
    assert (link.source, link.target, link.kind) == (tasks["A5.1"], tasks["1"], "direct")
    # The same file again updates, and changes nothing else.
    again = roadmap_import(roadmap=roadmap, file=_csv(GOOD), filename="tiekartta.csv")
    assert (again.created, again.updated) == (0, 3)
    assert Task.objects.filter(roadmap=roadmap).count() == 3


def test_every_error_is_listed_by_row_and_nothing_is_imported(roadmap):
    TaskFactory(roadmap=roadmap, code="9", title="Ennestään")
    bad = (
        "code,title,group,responsible,due,status,progress,depends on\n"
        "1,Hyvä rivi,J&O,Maija Kaltakari,28.2.2022,,,\n"
        "1.1,,Tuntematon ryhmä,Ei Ketään,31.2.2022,ehkä,140,X9\n"
        "1,Kahdesti,,,,,,\n"
        "2-a,Outo koodi,,,,,,\n"
        "3,Valmis muttei,,,,,100,\n"
    )
    with translation.override("en"), pytest.raises(RoadmapImportError) as failed:
        roadmap_import(roadmap=roadmap, file=_csv(bad), filename="tiekartta.csv")
    errors = [(error.row, error.column) for error in failed.value.errors]
    assert (3, "title") in errors
    assert (3, "group") in errors
    assert (3, "responsible") in errors
    assert (3, "due") in errors  # 31.2. is no date
    assert (3, "status") in errors
    assert (3, "progress") in errors
    assert (3, "depends on") in errors  # no task X9
    assert (4, "code") in errors  # 1 is on row 2 already
    assert (5, "code") in errors
    with translation.override("en"):
        assert [str(e) for e in failed.value.errors if e.row == 4] == [
            "Row 4, code: The code 1 is already on row 2."
        ]
    with translation.override("fi"):
        assert str(failed.value.errors[-1]).startswith("Rivi 5, code")
    assert list(Task.objects.filter(roadmap=roadmap).values_list("code", flat=True)) == ["9"]


def test_an_error_found_while_writing_rolls_back_every_row(roadmap):
    # Row 3 passes the row checks but breaks a service rule (an open task at 100).
    text = "code;title;progress\n1;Ensimmäinen;10\n2;Toinen;100\n"
    with pytest.raises(RoadmapImportError) as failed:
        roadmap_import(roadmap=roadmap, file=_csv(text), filename="t.csv")
    assert [error.row for error in failed.value.errors] == [3]
    assert not Task.objects.filter(roadmap=roadmap).exists()


def test_a_dependence_cycle_in_the_file_is_refused(roadmap):
    text = "code;title;depends on\n1;Yksi;2\n2;Kaksi;1\n"
    with pytest.raises(RoadmapImportError):
        roadmap_import(roadmap=roadmap, file=_csv(text), filename="t.csv")
    assert not Task.objects.filter(roadmap=roadmap).exists()


def test_unknown_and_missing_columns_are_named(roadmap):
    with pytest.raises(RoadmapImportError) as failed:
        roadmap_import(roadmap=roadmap, file=_csv("koodi;väri\n1;sininen\n"), filename="t.csv")
    assert {(e.row, e.column) for e in failed.value.errors} == {(1, "väri"), (1, "title")}


def test_a_spreadsheet_is_imported(roadmap):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Koodi", "Otsikko", "Määräaika", "Edistyminen"])
    sheet.append(["1.4.", "Vuosikellon rakentaminen toiminnan tueksi", dt.date(2022, 12, 31), 25])
    sheet.append([None, None, None, None])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    result = roadmap_import(roadmap=roadmap, file=data, filename="tiekartta.xlsx")
    assert result.created == 1
    task = Task.objects.get(roadmap=roadmap)
    assert (task.code, task.due, task.progress) == ("1.4", dt.date(2022, 12, 31), 25)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02garbage", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_table_is_refused(roadmap, content):
    with pytest.raises(RoadmapImportError):
        roadmap_import(roadmap=roadmap, file=io.BytesIO(content), filename="t.csv")
