"""Importing parsed minutes into the database (`minutes_import`): seed 003 as the document states
it, a re-import that changes nothing, a corrected file that updates in place, people matched by
name within the organisation and never duplicated, a meeting recorded in Kokous never taken
over, a failed import that leaves nothing behind, read-only imported minutes, and the imported
meeting on the public pages, in search and in a case's history."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Max
from django.test import Client
from django.utils import translation

from kokous.cases.models import Case
from kokous.importer.models import ImportedMinutes
from kokous.importer.parse import parse_minutes
from kokous.importer.services import ImportRefused, minutes_import
from kokous.importer.tests.generate import minutes_generate, minutes_series
from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting, SpeakingTurn
from kokous.meetings.services import attendance_record, speaking_turns_set
from kokous.meetings.tests.factories import MeetingFactory
from kokous.organisations.models import Body, Person
from kokous.organisations.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_003 = SEEDS / "003_61f41e619476e675.txt"
SEED_001 = SEEDS / "001_a5e4be51cd02bd66.txt"
MODELS = (Body, Person, Meeting, AgendaItem, Attendance, SpeakingTurn, Attachment, Case)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def organisation():
    return OrganisationFactory(slug="kymenlaakso", name_fi="Kymenlaakson hyvinvointialue")


def import_bytes(content: bytes, name: str = "minutes.txt", **kwargs):
    parsed = parse_minutes(content.decode("utf-8"), source=name)
    return minutes_import(parsed=parsed, content=content, filename=name, **kwargs)


def import_seed(path: Path = SEED_003, **kwargs):
    return import_bytes(path.read_bytes(), path.name, **kwargs)


def snapshot() -> dict[str, tuple[int, object]]:
    """Row counts and the latest change of every model an import writes."""
    state: dict[str, tuple[int, object]] = {}
    for model in (*MODELS, ImportedMinutes):
        field = "modified_at"
        state[model.__name__] = (
            model.objects.count(),
            model.objects.aggregate(Max(field))[f"{field}__max"],
        )
    return state


def stored_files(folder: str = "") -> set[str]:
    """Every file in the default storage under `folder`."""
    if folder and not default_storage.exists(folder):
        return set()
    folders, files = default_storage.listdir(folder)
    found = {f"{folder}/{name}".lstrip("/") for name in files}
    for name in folders:
        found |= stored_files(f"{folder}/{name}".lstrip("/"))
    return found


# -- seed 003 as the document states it ----------------------------------------------------------


def test_seed003_becomes_a_published_locked_meeting_of_a_new_body(organisation):
    outcome = import_seed()
    meeting = outcome.meeting
    assert outcome.status == "created"
    body = meeting.body
    assert (body.name_fi, body.organisation, body.kind) == (
        "VATE:n poliittinen seurantaryhmä",
        organisation,
        Body.Kind.STEERING_GROUP,
    )
    assert meeting.start.isoformat() == "2022-01-27T10:00:00+00:00"
    assert meeting.end.isoformat() == "2022-01-27T11:08:00+00:00"
    assert meeting.time_known and meeting.place == "Teams"
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.minutes_locked_at == meeting.end
    # The old system's publication date is not in the document: none is invented.
    assert meeting.minutes_published_on is None
    assert meeting.chair.full_name == "Seppo Rintamo"
    assert meeting.secretary.full_name == "Ari Nevalainen"
    assert meeting.presenter.full_name == "Annikki Niiranen"
    assert sorted(p.full_name for p in meeting.minute_checkers.all()) == [
        "Sami Virtanen",
        "Vappu Kuokka",
    ]
    # The document's two warnings are kept with the meeting.
    assert [w.line for w in outcome.warnings] == [17, 52]


def test_seed003_attendance_by_capacity_and_municipality(organisation):
    meeting = import_seed().meeting
    rows = {
        a.person.full_name: (a.capacity, a.represents, a.present)
        for a in meeting.attendances.select_related("person")
    }
    assert len(rows) == 25
    assert rows["Seppo Rintamo"] == ("member", "", True)
    assert rows["Sami Virtanen"] == ("representative", "Kotka", True)
    assert rows["Tarja Alastalo"] == ("representative", "Miehikkälä", True)
    assert rows["Annikki Niiranen"] == ("presenter", "", True)
    assert rows["Ari Nevalainen"] == ("secretary", "Kymsote", True)
    assert rows["Lauri Lehto"] == ("other", "Kymsote", True)
    assert rows["Ismo Korhonen"] == ("invited", "Kymsote", True)
    assert rows["Jouko Leppänen"] == ("representative", "Kouvola", False)
    assert rows["Mikko Jaanu"][2] is False and rows["Paula Werning"][2] is False
    order = [a.person.full_name for a in meeting.attendances.order_by("position")]
    assert order[0] == "Seppo Rintamo" and order[-1] == "Paula Werning"


def test_seed003_items_texts_speakers_and_attachments(organisation):
    meeting = import_seed().meeting
    items = list(meeting.items.order_by("position"))
    assert [(i.section_number, i.title) for i in items] == [
        (1, "Kokouksen avaus ja osallistujien toteaminen"),
        (2, "Laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet"),
        (5, "Muut asiat"),
    ]
    third, fourth = items[2], items[3]
    assert third.proposal == "Valitaan pöytäkirjantarkastajiksi Vappu Kuokka ja Jouko Leppänen."
    assert third.decision == "Valittiin pöytäkirjan tarkastajiksi Vappu Kuokka ja Sami Virtanen"
    # § 4: the earlier handling in VATE 12.1.2022, with its proposal and decision, is kept in the
    # text; this meeting's proposal and decision are the item's own.
    text = fourth.preparation_text
    assert "12.1.2022 §5 Kymenlaakson väliaikainen valmistelutoimielin" in text
    assert "Esitys: Merkitään esittely tiedoksi" in text
    assert "Päätös: Hyväksyttiin." in text
    assert text.index("12.1.2022 §5") < text.index("VATE:n 12.1.2022 käsittelyn pohjalta")
    assert fourth.proposal == "Tuodaan tiedoksi valmistelutyön tämän hetken tilanne."
    assert fourth.decision == "Hyväksyttiin."
    assert [t.person.full_name for t in fourth.speaking_turns.order_by("position")] == [
        "Ismo Korhonen", "Miia Witting", "Markku Pakkanen", "Sanna-Riitta Junnonen",
        "Annikki Niiranen", "Riku Pirinen", "Juhani Carlson", "Elina Inkeroinen-Lalu",
        "Ari Nevalainen", "Matti Astola",
    ]  # fmt: skip
    (attachment,) = fourth.attachments.all()
    assert attachment.number == 1
    assert attachment.title == "Johtamisrakenteet ja johtamisen välineet; pohjaesitys 270122"
    # The attachment's text, reproduced after the decision in the document, is its file.
    with attachment.file.open("rb") as handle:
        assert "Pohjaesitys johtamis- ja ohjausrakenteesta" in handle.read().decode("utf-8")
    assert all(i.presenter == meeting.presenter for i in items)


def test_seed003_source_file_and_hash_are_kept(organisation):
    content = SEED_003.read_bytes()
    meeting = import_seed().meeting
    record = meeting.import_record
    assert record.source_name == SEED_003.name
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.size == len(content) and record.content_type == "text/plain"
    with record.file.open("rb") as handle:
        assert handle.read() == content
    assert [w["line"] for w in record.warnings] == [17, 52]


def test_seed001_without_a_section_number_is_numbered_and_says_so(organisation):
    outcome = import_seed(SEED_001)
    meeting = outcome.meeting
    assert meeting.body.name_fi == "VATE" and not meeting.time_known
    assert meeting.start.isoformat() == "2018-01-30T22:00:00+00:00"  # 31.1.2018 in Helsinki
    (item,) = meeting.items.all()
    assert item.section_number == 1
    assert any("no § number" in str(w.reason) for w in outcome.warnings)
    assert "VATE 18.12.2017" in item.preparation_text
    assert item.decision == (
        "Hyväksyttiin esitys sekä muistioon kirjatut linjaukset prosessin osalta."
    )


def test_a_news_page_is_not_imported(organisation):
    news = "Uutiset\n\nHyvinvointialue avaa uuden terveysaseman.\n\nLue lisää.".encode()
    before = snapshot()
    with pytest.raises(ImportRefused, match="no meeting date"):
        import_bytes(news, "uutinen.txt", body_name="Aluehallitus")
    assert snapshot() == before


# -- the same file again changes nothing; a corrected one updates in place ----------------------


def test_importing_the_same_file_twice_changes_nothing(organisation):
    first = import_seed()
    before = snapshot()
    again = import_seed()
    assert again.status == "unchanged" and again.meeting == first.meeting
    assert snapshot() == before
    assert [w.line for w in again.warnings] == [17, 52]


def test_the_same_minutes_in_other_bytes_update_only_the_record_of_the_source(organisation):
    meeting = import_seed().meeting
    items = list(meeting.items.values_list("pk", "modified_at"))
    before = snapshot()
    crlf = SEED_003.read_bytes().replace(b"\n", b"\r\n")
    outcome = import_bytes(crlf, "003.txt")
    assert outcome.status == "updated" and outcome.meeting == meeting
    after = snapshot()
    del before["ImportedMinutes"], after["ImportedMinutes"]
    assert after == before
    assert list(meeting.items.values_list("pk", "modified_at")) == items
    meeting.refresh_from_db()
    assert meeting.import_record.sha256 == hashlib.sha256(crlf).hexdigest()
    assert meeting.minutes_locked_at is not None


def test_a_corrected_file_updates_the_imported_meeting_in_place(organisation):
    meeting = import_seed().meeting
    pks = list(meeting.items.order_by("position").values_list("pk", flat=True))
    old_file = meeting.import_record.file.name
    corrected = SEED_003.read_bytes().replace(
        b"Todettiin kokous lailliseksi ja p\xc3\xa4\xc3\xa4t\xc3\xb6svaltaiseksi",
        b"Todettiin kokous lailliseksi",
    )
    assert corrected != SEED_003.read_bytes()
    outcome = import_bytes(corrected, SEED_003.name)
    assert outcome.status == "updated"
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == pks
    assert AgendaItem.objects.get(pk=pks[1]).decision == "Todettiin kokous lailliseksi"
    meeting.refresh_from_db()
    assert meeting.minutes_locked_at is not None  # locked again
    assert Person.objects.count() == 25
    new_file = meeting.import_record.file.name
    assert new_file != old_file and default_storage.exists(new_file)


# -- people ---------------------------------------------------------------------------------------


def test_people_of_the_organisation_are_found_by_name_not_duplicated(organisation):
    body = BodyFactory(organisation=organisation, name_fi="Aluehallitus", slug="aluehallitus")
    chair = PersonFactory(first_name="Seppo", last_name="Rintamo")
    MembershipFactory(body=body, person=chair)
    # A namesake known only in another organisation is another person.
    namesake = PersonFactory(first_name="Päivi", last_name="Sippula")
    MembershipFactory(body=BodyFactory(), person=namesake)
    # A person no organisation has yet is taken as is.
    loose = PersonFactory(first_name="Riku", last_name="Pirinen")
    meeting = import_seed(organisation=organisation).meeting
    assert meeting.chair == chair
    names = {a.person.full_name: a.person for a in meeting.attendances.select_related("person")}
    assert names["Päivi Sippula"] != namesake
    assert names["Riku Pirinen"] == loose
    assert Person.objects.filter(first_name="Seppo", last_name="Rintamo").count() == 1
    # Another meeting of the same people: nobody is created again.
    count = Person.objects.count()
    text = SEED_003.read_text(encoding="utf-8").replace("27.1.2022", "3.2.2022")
    text = text.replace("27.01.2022", "03.02.2022").replace("27.1.2021", "3.2.2022")
    text = re.sub(r"(?m)^(\d) §", lambda m: f"{int(m[1]) + 5} §", text)  # §§ 6–10
    second = import_bytes(text.encode("utf-8"), "second.txt", organisation=organisation)
    assert second.status == "created" and second.meeting != meeting
    assert Person.objects.count() == count


# -- what is refused, and leaves nothing behind ---------------------------------------------------


def test_a_meeting_recorded_in_kokous_is_never_overwritten(organisation):
    body = BodyFactory(
        organisation=organisation,
        name_fi="VATE:n poliittinen seurantaryhmä",
        slug="seurantaryhma",
    )
    native = MeetingFactory(body=body, start=parse_minutes(SEED_003.read_text()).start)
    before = snapshot()
    files = stored_files()
    with pytest.raises(ImportRefused, match="already recorded in Kokous"):
        import_seed()
    assert snapshot() == before
    assert stored_files() == files
    assert not ImportedMinutes.objects.filter(meeting=native).exists()


def test_a_failed_import_rolls_back_and_removes_its_files(organisation):
    import_seed()
    before = snapshot()
    stored = ImportedMinutes.objects.get().file.name
    files = stored_files()
    # Another meeting of the body in 2022 with § 4 again: the number is taken.
    text = SEED_003.read_text(encoding="utf-8").replace("27.1.2022", "3.2.2022")
    text = text.replace("27.01.2022", "03.02.2022").replace("27.1.2021", "3.2.2022")
    with pytest.raises(ImportRefused, match="§ 1 is already used in 2022"):
        import_bytes(text.encode("utf-8"), "clash.txt")
    assert snapshot() == before
    assert stored_files() == files and default_storage.exists(stored)


def test_several_bodies_of_the_name_need_the_organisation(organisation):
    for n in range(2):
        BodyFactory(name_fi="VATE:n poliittinen seurantaryhmä", slug=f"vate-{n}")
    with pytest.raises(ImportRefused, match="Several bodies"):
        import_seed()
    outcome = import_seed(organisation=organisation)
    assert outcome.meeting.body.organisation == organisation


def test_a_new_body_needs_an_organisation_when_there_are_several(organisation):
    OrganisationFactory()
    with pytest.raises(ImportRefused, match="name the organisation"):
        import_seed()
    assert import_seed(organisation=organisation).status == "created"


def test_body_given_by_name_overrides_the_document(organisation):
    body = BodyFactory(organisation=organisation, name_fi="Seurantaryhmä", slug="seuranta")
    assert import_seed(body_name="seurantaryhmä").meeting.body == body


# -- read-only --------------------------------------------------------------------------------


def test_imported_minutes_are_read_only(organisation):
    meeting = import_seed().meeting
    item = meeting.items.get(section_number=4)
    with pytest.raises(ValidationError, match="locked"):
        attendance_record(meeting=meeting, person=PersonFactory(), capacity="member")
    with pytest.raises(ValidationError, match="locked"):
        speaking_turns_set(item=item, speakers=[])


# -- public pages, search, case history ---------------------------------------------------------


def test_the_public_meeting_page_shows_the_minutes_and_names_the_original(
    organisation, client: Client
):
    meeting = import_seed().meeting
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Tuotu pöytäkirja" in html and meeting.import_record.sha256 in html
    assert SEED_003.name in html and "/original/" not in html
    assert "Elina Inkeroinen-Lalu" in html and "Hamina" in html
    assert "Kohti hyvinvointialuetta" in html


def test_the_original_is_for_staff_who_may_read_the_meeting(organisation, client: Client):
    meeting = import_seed().meeting
    url = f"/staff/meetings/{meeting.pk}/original/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == SEED_003.read_bytes()
    html = client.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert f'href="{url}"' in html and "Rivi 17" in html  # the warnings, for staff
    assert client.get("/staff/meetings/999999/original/").status_code == 404


def test_an_item_the_document_marks_secret_is_imported_confidential(organisation, client: Client):
    text = SEED_003.read_text(encoding="utf-8").replace(
        "5 §\n\nMuut asiat\n\n",
        "5 §\n\nMuut asiat\n\nSalassa pidettävä, JulkL 24 § 1 mom. 25 k\n\n",
    )
    outcome = import_bytes(text.encode("utf-8"), "salainen.txt")
    item = outcome.meeting.items.get(section_number=5)
    assert item.publicity == "confidential"
    assert item.legal_basis == "JulkL 24 § 1 mom. 25 k"
    assert any("confidential" in str(w.reason) for w in outcome.warnings)
    html = client.get(f"/items/{item.pk}/").content.decode()
    assert "Muut asiat" in html  # the title is public
    assert "helmikuun kokousten aikatauluja" not in html
    public = outcome.meeting.items.exclude(pk=item.pk)
    assert all(i.publicity == "public" and not i.legal_basis for i in public)


def test_imported_items_are_found_in_search(
    organisation, client: Client, settings, django_capture_on_commit_callbacks
):
    settings.KOKOUS_SEARCH_AUTO_INDEX = True  # as in production: the import's commit indexes
    with django_capture_on_commit_callbacks(execute=True):
        meeting = import_seed().meeting
    # An inflected form of a word of § 4's preparation text ("johtamisrakenteet").
    html = client.get("/search/?q=johtamisrakenteesta").content.decode()
    item = meeting.items.get(section_number=4)
    assert f'href="/items/{item.pk}/"' in html


def test_a_record_number_makes_a_case_with_its_history(organisation, client: Client):
    rng = random.Random(5)
    text, expected = minutes_generate(rng, items=6, body="Aluehallitus")
    numbered = [item for item in expected["items"] if item["record_number"]]
    assert numbered, "the generator gives some items a record number"
    meeting = import_bytes(text.encode("utf-8"), "generated.txt").meeting
    record = numbered[0]["record_number"]
    case = Case.objects.get(organisation=organisation, record_number=record)
    item = meeting.items.get(section_number=numbered[0]["number"])
    assert item.case == case
    html = client.get(case.get_absolute_url()).content.decode()
    assert numbered[0]["title"] in html


# -- generated minutes: what the generator wrote is what is stored --------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_generated_minutes_are_stored_as_generated(organisation, seed):
    text, expected = minutes_generate(random.Random(seed), items=5)
    meeting = import_bytes(text.encode("utf-8"), f"{seed}.txt").meeting
    assert meeting.body.name_fi == expected["body"]
    assert meeting.start == dt.datetime.fromisoformat(expected["start"])
    assert meeting.end == dt.datetime.fromisoformat(expected["end"])
    assert meeting.place == expected["place"]
    items = list(meeting.items.order_by("position"))
    assert [(i.section_number, i.title) for i in items] == [
        (e["number"], e["title"]) for e in expected["items"]
    ]
    assert [i.decision.split("\n\n")[-1] for i in items] == [
        e["decision"] or "" for e in expected["items"]
    ]
    present = {a.person.full_name for a in meeting.attendances.filter(present=True)}
    assert present == {a["name"] for a in expected["attendees"] if a["present"]}
    speakers = [[t.person.full_name for t in i.speaking_turns.order_by("position")] for i in items]
    assert speakers == [e["speakers"] for e in expected["items"]]


def test_a_series_of_generated_minutes_imports_and_reimports_unchanged(organisation):
    series = minutes_series(10, seed=3)
    for name, text, _expected in series:
        assert import_bytes(text.encode("utf-8"), name).status == "created"
    before = snapshot()
    for name, text, _expected in series:
        assert import_bytes(text.encode("utf-8"), name).status == "unchanged"
    assert snapshot() == before
    assert Meeting.objects.count() == 10
