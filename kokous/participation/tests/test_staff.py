"""The staff pages: who may use them, building a survey, the recorded closing time, results
with charts and filters, exports (CSV and XLSX), moderation, and attaching the results to an
agenda item of the case."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from kokous.cases.tests.factories import CaseFactory
from kokous.meetings.models import Attachment
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.organisations.tests.factories import BodyFactory, UserFactory
from kokous.participation import exports, services
from kokous.participation.models import ClosingChange, Comment, Question, Survey
from kokous.participation.tests.factories import question_add, round_make, survey_make

pytestmark = pytest.mark.django_db
STAFF = "/staff/participation/"


@pytest.fixture
def manager(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="manage_participation"))
    client.force_login(user)
    return user


@pytest.fixture
def answered():
    item = survey_make()
    home = question_add(item, "single", "Kotikunta", options=("Kotka", "Kouvola"), required=True)
    ways = question_add(item, "multiple", "Tavat", options=("Kysely", "Tilaisuus", "Raati"))
    opinion = question_add(item, "long_text", "Mielipide")
    kotka, kouvola = (o.pk for o in home.options.all())
    kysely, tilaisuus, _raati = (o.pk for o in ways.options.all())
    rows = [
        ([kotka], [kysely, tilaisuus], '=HYPERLINK("http://evil")'),
        ([kotka], [kysely], "Hyvä"),
        ([kouvola], [tilaisuus], ""),
    ]
    for place, chosen, text in rows:
        services.response_submit(
            survey=item, values={home.pk: place, ways.pk: chosen, opinion.pk: text}
        )
    return item, home, ways, opinion


def test_only_managers_reach_the_pages(client, answered):
    item = answered[0]
    urls = [STAFF, f"{STAFF}surveys/{item.pk}/", f"{STAFF}surveys/{item.pk}/results/",
            f"{STAFF}surveys/{item.pk}/export.csv"]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 403


def test_a_manager_builds_a_survey(client, manager):
    organisation = survey_make().organisation
    now = timezone.localtime()
    response = client.post(
        f"{STAFF}surveys/new/",
        {"organisation": organisation.pk, "title": "Uusi kysely", "sign_in": "none",
         "anonymity": "anonymous", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
         "closes_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
         "published": "on"},
    )  # fmt: skip
    item = Survey.objects.get(title="Uusi kysely")
    assert response.status_code == 302 and item.created_by == manager
    section = item.sections.get()
    response = client.post(
        f"{STAFF}surveys/{item.pk}/questions/new/",
        {"section": section.pk, "kind": "single", "text": "Kotikunta", "required": "on",
         "scale_points": 5, "options": "Kotka\r\nKouvola\r\n"},
    )  # fmt: skip
    assert response.status_code == 302
    question = item.questions.get()
    assert [o.text for o in question.options.all()] == ["Kotka", "Kouvola"]
    refused = client.post(
        f"{STAFF}surveys/{item.pk}/questions/new/",
        {"section": section.pk, "kind": "single", "text": "Yksi", "scale_points": 5,
         "options": "Vain yksi"},
    )  # fmt: skip
    assert refused.status_code == 200 and "vähintään kaksi" in refused.content.decode()


def test_closing_time_changes_are_recorded_from_the_page(client, manager, answered):
    item = answered[0]
    new = timezone.localtime(item.closes_at + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    client.post(
        f"{STAFF}survey/{item.pk}/closing/",
        {"closes_at": new.strftime("%Y-%m-%dT%H:%M"), "reason": "Lisää vastauksia"},
    )
    change = ClosingChange.objects.get()
    assert change.new == new and change.changed_by == manager
    page = client.get(f"{STAFF}surveys/{item.pk}/").content.decode()
    assert "Lisää vastauksia" in page
    public = client.get(item.get_absolute_url()).content.decode()
    assert "Lisää vastauksia" in public  # residents see the extension too


def test_questions_are_locked_on_the_pages_once_answered(client, manager, answered):
    item, home, _ways, _opinion = answered
    page = client.get(f"{STAFF}surveys/{item.pk}/").content.decode()
    assert "lukittu" in page.lower()
    client.post(f"{STAFF}questions/{home.pk}/delete/")
    assert Question.objects.filter(pk=home.pk).exists()


def test_results_with_charts_tables_and_a_filter(client, manager, answered):
    item, home, ways, opinion = answered
    page = client.get(f"{STAFF}surveys/{item.pk}/results/").content.decode()
    assert page.count('role="img"') == 2  # the two choice questions
    assert "Kotka</th><td>2</td><td>67 %</td>" in page
    assert "Hyvä" in page  # staff see written answers
    kotka = home.options.get(text="Kotka").pk
    filtered = client.get(f"{STAFF}surveys/{item.pk}/results/?option={kotka}").content.decode()
    assert (
        "Kouvola</th><td>0</td>" in filtered and "Kysely</th><td>2</td><td>100 %</td>" in filtered
    )
    one = client.get(f"{STAFF}surveys/{item.pk}/results/?question={ways.pk}").content.decode()
    assert "Tavat" in one and "Kotikunta</h2>" not in one


def test_exports_as_csv_and_xlsx_with_formulas_disarmed(client, manager, answered):
    item = answered[0]
    response = client.get(f"{STAFF}surveys/{item.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][4:] == ["Kotikunta", "Tavat", "Mielipide"]
    assert rows[1][4:] == ["Kotka", "Kysely; Tilaisuus", '\'=HYPERLINK("http://evil")']
    assert len(rows) == 4
    workbook = load_workbook(
        io.BytesIO(client.get(f"{STAFF}surveys/{item.pk}/export.xlsx").content)
    )
    sheet = workbook.active
    assert [c.value for c in sheet[2]][4:] == [
        "Kotka",
        "Kysely; Tilaisuus",
        '\'=HYPERLINK("http://evil")',
    ]
    assert sheet.max_row == 4
    assert client.get(f"{STAFF}surveys/{item.pk}/export.exe").status_code == 404


def test_moderation_and_the_comment_export(client, manager):
    item = round_make()
    second = item.paragraphs.get(position=2)
    first = services.comment_add(round=item, text="Hyvä", paragraph_id=second.pk)
    whole = services.comment_add(round=item, text="@SUM(1)", author_name="Nimi")
    services.comment_support(comment=first, supporter_key="a")
    client.post(f"{STAFF}comments/{whole.pk}/hide/", {"hidden_reason": ""})
    assert not Comment.objects.get(pk=whole.pk).hidden  # a reason is needed
    client.post(f"{STAFF}comments/{whole.pk}/hide/", {"hidden_reason": "Asiaton"})
    hidden = Comment.objects.get(pk=whole.pk)
    assert hidden.hidden and hidden.hidden_by == manager
    header, rows = exports.comments_table(round=item)
    assert [(r[0], r[2], r[5], r[6], r[7]) for r in rows] == [
        (3, "Hyvä", 1, "", ""),
        ("Koko luonnos", "'@SUM(1)", 0, "kyllä", "Asiaton"),
    ]
    client.post(f"{STAFF}comments/{whole.pk}/restore/")
    assert not Comment.objects.get(pk=whole.pk).hidden
    response = client.get(f"{STAFF}rounds/{item.pk}/export.xlsx")
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 3


def test_results_attached_to_an_agenda_item_of_the_case(
    client, manager, answered, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = answered[0]
    body = BodyFactory(organisation=item.organisation)
    case = CaseFactory(organisation=item.organisation)
    meeting = MeetingFactory(body=body, start=timezone.now() + dt.timedelta(days=10))
    agenda_item = AgendaItemFactory(meeting=meeting, case=case)
    Survey.objects.filter(pk=item.pk).update(case=case)
    page = client.get(f"{STAFF}surveys/{item.pk}/").content.decode()
    assert agenda_item.title in page
    client.post(f"{STAFF}survey/{item.pk}/attach/", {"item": agenda_item.pk})
    attachment = Attachment.objects.get(agenda_item=agenda_item)
    assert attachment.number == 1 and item.title in attachment.title
    assert attachment.content_type.endswith("spreadsheetml.sheet")
    # Another item is refused.
    other = AgendaItemFactory(meeting=meeting)
    client.post(f"{STAFF}survey/{item.pk}/attach/", {"item": other.pk})
    assert not Attachment.objects.filter(agenda_item=other).exists()


def test_the_case_page_lists_its_consultations(client, demo):
    survey = Survey.objects.get(slug="kymenlaakson-osallisuuskysely")
    page = client.get(f"/cases/{survey.case_id}/").content.decode()
    assert "Kymenlaakson osallisuuskysely" in page
