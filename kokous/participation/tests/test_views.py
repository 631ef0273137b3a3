"""The public pages: answering (errors tied to fields, spam checks, the expired session that
keeps the answers, drafts), the public summary, commenting and support."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from kokous.participation import services
from kokous.participation.models import Comment, CommentSupport, Response, Survey
from kokous.participation.tests.factories import question_add, round_make, survey_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    item = survey_make(results_public=True, privacy_notice="Vastaukset ovat nimettömiä.")
    home = question_add(item, "single", "Kotikunta", options=("Kotka", "Kouvola"), required=True)
    opinion = question_add(item, "long_text", "Mielipiteesi")
    return item, home, opinion


def _token() -> str:
    return services.form_token_make(now=timezone.now() - dt.timedelta(seconds=10))


def _answers(item, home, **extra):
    return {
        "form_token": _token(),
        "website": "",
        f"q{home.pk}": str(home.options.get(text="Kotka").pk),
        **extra,
    }


def test_the_form_shows_every_question_with_its_notice(client, survey):
    item, home, opinion = survey
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Kotikunta" in page and "Mielipiteesi" in page and "Vastaukset ovat nimettömiä." in page
    assert 'name="website"' in page and 'name="form_token"' in page
    assert f'id="question-{home.pk}"' in page


def test_answering_and_the_thanks_page(client, survey):
    item, home, opinion = survey
    response = client.post(
        item.get_absolute_url(), _answers(item, home, **{f"q{opinion.pk}": "Hyvä"})
    )
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    stored = Response.objects.get()
    assert stored.submitted_at and stored.language == "fi"
    assert {a.question_id: a.value for a in stored.answers.all()} == {
        home.pk: [home.options.get(text="Kotka").pk],
        opinion.pk: "Hyvä",
    }
    assert "Kiitos vastauksistasi" in client.get(response["Location"]).content.decode()


def test_a_missing_answer_is_an_error_on_its_question(client, survey):
    item, home, opinion = survey
    data = _answers(item, home, **{f"q{opinion.pk}": "Säilyy"})
    del data[f"q{home.pk}"]
    response = client.post(item.get_absolute_url(), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert f'href="#question-{home.pk}"' in page and "Tähän kysymykseen on vastattava" in page
    assert "Säilyy" in page  # what was written is kept
    assert not Response.objects.filter(submitted_at__isnull=False).exists()


def test_spam_is_refused_with_an_explanation(client, survey):
    item, home, _opinion = survey
    too_fast = _answers(item, home, form_token=services.form_token_make())
    page = client.post(item.get_absolute_url(), too_fast).content.decode()
    assert "lähetettiin liian nopeasti" in page
    robot = _answers(item, home, website="http://spam.example")
    assert client.post(item.get_absolute_url(), robot).status_code == 400
    assert not Response.objects.exists()


def test_an_expired_session_keeps_the_answers(survey):
    item, home, opinion = survey
    browser = Client(enforce_csrf_checks=True)
    data = _answers(item, home, **{f"q{opinion.pk}": "Pitkä vastaus, joka ei saa kadota"})
    data["csrfmiddlewaretoken"] = "x" * 64
    response = browser.post(item.get_absolute_url(), data)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Pitkä vastaus, joka ei saa kadota" in page and "istunto" in page.lower()
    assert not Response.objects.filter(submitted_at__isnull=False).exists()
    draft = Response.objects.get(submitted_at__isnull=True)
    assert draft.draft[f"q{opinion.pk}"] == ["Pitkä vastaus, joka ei saa kadota"]
    # The same browser finds its draft again later.
    assert (
        "Pitkä vastaus, joka ei saa kadota" in browser.get(item.get_absolute_url()).content.decode()
    )


def test_a_draft_is_saved_and_restored_for_the_browser(client, survey):
    item, home, opinion = survey
    draft_url = item.get_absolute_url() + "draft/"
    saved = client.post(draft_url, {f"q{opinion.pk}": "Kesken"}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "Luonnos tallennettu" in saved.content.decode()
    assert "Kesken" in client.get(item.get_absolute_url()).content.decode()
    assert "Kesken" not in Client().get(item.get_absolute_url()).content.decode()


def test_closed_and_unpublished_surveys(client, survey):
    item, home, _opinion = survey
    Survey.objects.filter(pk=item.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Kysely on sulkeutunut" in page and "Lähetä vastaukset" not in page
    assert client.post(item.get_absolute_url(), _answers(item, home)).status_code == 400
    Survey.objects.filter(pk=item.pk).update(published=False)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_the_public_summary_after_closing_shows_counts_but_no_texts(client, survey):
    item, home, opinion = survey
    kotka = home.options.get(text="Kotka").pk
    for n in range(3):
        services.response_submit(
            survey=item, values={home.pk: [kotka], opinion.pk: f"Salainen mielipide {n}"}
        )
    results_url = item.get_absolute_url() + "results/"
    assert client.get(results_url).status_code == 404  # still open
    Survey.objects.filter(pk=item.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(results_url).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert re.search(r"Kotka</th><td>3</td><td>100 %</td>", page)
    assert "Salainen mielipide" not in page
    Survey.objects.filter(pk=item.pk).update(results_public=False)
    assert client.get(results_url).status_code == 404


def test_commenting_a_paragraph_and_supporting(client):
    item = round_make()
    paragraph = item.paragraphs.get(position=2)
    response = client.post(
        item.get_absolute_url() + "comments/",
        {"text": "Tämä kohta on tärkeä", "author_name": "Maija", "paragraph": paragraph.pk,
         "form_token": _token(), "website": ""},
    )  # fmt: skip
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.paragraph == paragraph and comment.author_name == "Maija"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Tämä kohta on tärkeä" in page
    support_url = item.get_absolute_url() + f"comments/{comment.pk}/support/"
    swapped = client.post(support_url, HTTP_HX_REQUEST="true").content.decode()
    assert "sinä mukaan lukien" in swapped
    client.post(support_url, HTTP_HX_REQUEST="true")
    assert CommentSupport.objects.filter(comment=comment).count() == 1
    Client().post(support_url)
    assert CommentSupport.objects.filter(comment=comment).count() == 2


def test_a_refused_comment_keeps_its_text(client):
    item = round_make()
    response = client.post(
        item.get_absolute_url() + "comments/",
        {"text": "Robotin teksti", "form_token": services.form_token_make(), "website": ""},
    )
    assert response.status_code == 400
    assert "Robotin teksti" in response.content.decode()
    assert not Comment.objects.exists()


def test_hidden_comments_show_the_reason_not_the_text(client):
    from kokous.organisations.tests.factories import UserFactory

    item = round_make()
    comment = services.comment_add(round=item, text="Asiaton mainos")
    services.comment_hide(comment=comment, reason="Mainos", hidden_by=UserFactory())
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Asiaton mainos" not in page and "Mainos" in page


def test_the_index_lists_open_and_closed(client, survey):
    item = survey[0]
    round_ = round_make()
    page = client.get("/participation/").content.decode()
    assert item.title in page and round_.title in page


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_questions_or_comments(client):
    item = survey_make(results_public=True)
    first = question_add(item, "single", "Yksi", options=("A", "B"))
    question_add(item, "matrix", "Matriisi", options=("R1", "R2"))
    question_add(item, "short_text", "Ehto", show_if=(first.options.first(),))
    round_ = round_make()
    paragraph = round_.paragraphs.first()
    services.comment_add(round=round_, text="eka", paragraph_id=paragraph.pk)
    before = [
        _queries(client, item.get_absolute_url()),
        _queries(client, round_.get_absolute_url()),
    ]
    for n in range(5):
        extra = question_add(item, "multiple", f"Lisä {n}", options=("A", "B", "C"))
        question_add(item, "ranking", f"Järjestys {n}", options=("X", "Y"))
        question_add(item, "long_text", f"Ehdollinen {n}", show_if=(extra.options.first(),))
        comment = services.comment_add(
            round=round_, text=f"kommentti {n}", paragraph_id=paragraph.pk
        )
        services.comment_support(comment=comment, supporter_key=f"k{n}")
        services.comment_add(round=round_, text=f"koko {n}")
    after = [_queries(client, item.get_absolute_url()), _queries(client, round_.get_absolute_url())]
    assert after == before
