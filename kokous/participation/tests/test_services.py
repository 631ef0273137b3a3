"""The rules of answering and commenting: required and conditional questions, the closing
time and its recorded extensions, one answer per person, locking, spam checks, drafts, files,
comments, support and moderation."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kokous.organisations.tests.factories import UserFactory
from kokous.participation import services
from kokous.participation.models import (
    Answer,
    ClosingChange,
    Comment,
    CommentSupport,
    Option,
    Response,
    SignIn,
    SubmissionAttempt,
    Survey,
)
from kokous.participation.tests.factories import question_add, round_make, survey_make

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


@pytest.fixture
def survey():
    survey = survey_make()
    home = question_add(survey, "single", "Kotikunta", options=("Kotka", "Kouvola"), required=True)
    took_part = question_add(survey, "single", "Osallistuitko?", options=("Kyllä", "En"))
    yes = took_part.options.get(text="Kyllä")
    how = question_add(survey, "short_text", "Miten?", required=True, show_if=(yes,))
    return survey, home, took_part, how


def _option(question, text: str) -> int:
    return question.options.get(text=text).pk


def test_a_required_question_must_be_answered(survey):
    item, home, _took_part, _how = survey
    with pytest.raises(ValidationError) as exc:
        services.response_submit(survey=item, values={})
    assert list(_errors(exc)) == [f"q{home.pk}"]
    assert not Response.objects.exists()


def test_a_conditional_question_is_required_only_when_shown(survey):
    item, home, took_part, how = survey
    no = {home.pk: [_option(home, "Kotka")], took_part.pk: [_option(took_part, "En")]}
    services.response_submit(survey=item, values={**no, how.pk: "kirjoitin silti"})
    # The answer to the question not shown is dropped, not stored.
    assert not Answer.objects.filter(question=how).exists()
    yes = {home.pk: [_option(home, "Kotka")], took_part.pk: [_option(took_part, "Kyllä")]}
    with pytest.raises(ValidationError) as exc:
        services.response_submit(survey=item, values=yes)
    assert list(_errors(exc)) == [f"q{how.pk}"]
    services.response_submit(survey=item, values={**yes, how.pk: "työpajassa"})
    assert Answer.objects.get(question=how).value == "työpajassa"


def test_values_are_checked_against_the_question(survey):
    item, home, took_part, _how = survey
    cases = [
        [_option(took_part, "Kyllä")],  # another question's option
        [_option(home, "Kotka"), _option(home, "Kouvola")],  # two in a single choice
        ["not a number"],
    ]
    for value in cases:
        with pytest.raises(ValidationError) as exc:
            services.response_submit(survey=item, values={home.pk: value})
        assert f"q{home.pk}" in _errors(exc)
    assert not Response.objects.exists()


def test_scale_matrix_ranking_and_text_limits():
    item = survey_make()
    scale = question_add(item, "scale", "Kuinka hyvin?", scale_points=5)
    matrix = question_add(item, "matrix", "Tärkeys", options=("A", "B"), required=True)
    ranking = question_add(item, "ranking", "Järjestys", options=("X", "Y", "Z"))
    text = question_add(item, "short_text", "Lyhyesti")
    a, b = (o.pk for o in matrix.options.all())
    x, y, z = (o.pk for o in ranking.options.all())
    bad = [
        {scale.pk: 6, matrix.pk: {str(a): 1, str(b): 2}},
        {matrix.pk: {str(a): 1}},  # a required matrix needs every statement
        {matrix.pk: {str(a): 1, str(b): 9}},
        {matrix.pk: {str(a): 1, str(b): 2}, ranking.pk: [x, x]},
        {matrix.pk: {str(a): 1, str(b): 2}, text.pk: "a" * (services.SHORT_TEXT_MAX + 1)},
    ]
    for values in bad:
        with pytest.raises(ValidationError):
            services.response_submit(survey=item, values=values)
    response = services.response_submit(
        survey=item,
        values={scale.pk: 5, matrix.pk: {str(b): 2, str(a): 1}, ranking.pk: [z, x, y]},
    )
    stored = {answer.question_id: answer.value for answer in response.answers.all()}
    assert stored == {scale.pk: 5, matrix.pk: {str(a): 1, str(b): 2}, ranking.pk: [z, x, y]}


def test_a_condition_must_be_an_earlier_choice_question():
    item = survey_make()
    scale = question_add(item, "scale", "Asteikko")
    later = question_add(item, "single", "Myöhempi", options=("A", "B"))
    first = item.questions.get(pk=scale.pk)
    with pytest.raises(ValidationError) as exc:
        services.question_save(question=first, options=(), show_if=[later.options.first()])
    assert "show_if" in _errors(exc)
    other = question_add(survey_make(), "single", "Muu kysely", options=("A", "B"))
    with pytest.raises(ValidationError):
        question_add(item, "short_text", "Ehto", show_if=(other.options.first(),))


def test_options_are_needed_where_the_kind_has_them():
    item = survey_make()
    with pytest.raises(ValidationError):
        question_add(item, "single", "Yksi vaihtoehto", options=("A",))
    with pytest.raises(ValidationError):
        question_add(item, "short_text", "Teksti", options=("A", "B"))
    with pytest.raises(ValidationError):
        question_add(item, "multiple", "Sama kahdesti", options=("A", "A"))


def test_the_closing_time_is_kept_and_an_extension_is_recorded(survey):
    item, home, _took_part, _how = survey
    values = {home.pk: [_option(home, "Kotka")]}
    after = item.closes_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError) as exc:
        services.response_submit(survey=item, values=values, now=after)
    assert exc.value.code == "closed"
    user = UserFactory()
    new = item.closes_at + dt.timedelta(days=14)
    previous = item.closes_at
    change = services.closing_time_change(
        consultation=item, closes_at=new, reason="Lisää aikaa", changed_by=user
    )
    assert (change.previous, change.new, change.reason, change.changed_by) == (
        previous,
        new,
        "Lisää aikaa",
        user,
    )
    assert Survey.objects.get(pk=item.pk).closes_at == new
    services.response_submit(survey=item, values=values, now=after)
    with pytest.raises(ValidationError):
        services.closing_time_change(consultation=item, closes_at=new)
    with pytest.raises(ValidationError):
        services.closing_time_change(consultation=item, closes_at=item.opens_at)
    assert ClosingChange.objects.filter(survey=item).count() == 1


def test_the_closing_time_changes_only_through_its_own_service(survey):
    item = survey[0]
    item.closes_at += dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.consultation_save(consultation=item)
    assert "closes_at" in _errors(exc)


def test_not_yet_open_and_unpublished_surveys_take_no_answers(survey):
    item, home, _took_part, _how = survey
    values = {home.pk: [_option(home, "Kotka")]}
    with pytest.raises(ValidationError) as exc:
        services.response_submit(
            survey=item, values=values, now=item.opens_at - dt.timedelta(seconds=1)
        )
    assert exc.value.code == "not_open"
    Survey.objects.filter(pk=item.pk).update(published=False)
    with pytest.raises(ValidationError):
        services.response_submit(survey=item, values=values)


def test_questions_are_locked_once_answers_exist(survey):
    item, home, _took_part, how = survey
    question_add(item, "long_text", "Vielä ennen vastauksia")
    services.response_submit(survey=item, values={home.pk: [_option(home, "Kotka")]})
    for change in (
        lambda: question_add(item, "long_text", "Uusi"),
        lambda: services.question_save(question=how, options=()),
        lambda: services.question_delete(question=how),
        lambda: services.question_move(question=how, step=-1),
        lambda: services.section_delete(section=how.section),
    ):
        with pytest.raises(ValidationError) as exc:
            change()
        assert exc.value.code == "locked"
    assert item.questions.count() == 4


def test_one_answer_per_person_when_sign_in_is_used():
    item = survey_make(sign_in=SignIn.REQUIRED)
    question = question_add(item, "short_text", "Mielipide")
    user = UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.response_submit(survey=item, values={question.pk: "a"})
    assert exc.value.code == "sign_in"
    first = services.response_submit(survey=item, values={question.pk: "a"}, user=user)
    # Anonymous: the answer keeps a keyed hash, never the user.
    assert first.user is None and len(first.respondent_key) == 64
    with pytest.raises(ValidationError) as exc:
        services.response_submit(survey=item, values={question.pk: "b"}, user=user)
    assert exc.value.code == "answered"
    services.response_submit(survey=item, values={question.pk: "c"}, user=UserFactory())
    assert Response.objects.filter(survey=item).count() == 2


def test_named_surveys_keep_the_user_and_need_sign_in():
    item = survey_make(anonymity=Survey.Anonymity.NAMED)
    question = question_add(item, "short_text", "Mielipide")
    with pytest.raises(ValidationError):
        services.response_submit(survey=item, values={question.pk: "a"})
    user = UserFactory()
    response = services.response_submit(survey=item, values={question.pk: "a"}, user=user)
    assert response.user == user


def test_open_surveys_take_many_answers_without_sign_in():
    item = survey_make()
    question = question_add(item, "short_text", "Mielipide")
    user = UserFactory()
    for _n in range(3):
        services.response_submit(survey=item, values={question.pk: "a"}, user=user)
    assert Response.objects.filter(survey=item).count() == 3
    assert not Response.objects.filter(survey=item).exclude(respondent_key="").exists()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def test_a_file_answer_is_checked_like_an_attachment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = survey_make()
    question = question_add(item, "file", "Liite")
    with pytest.raises(ValidationError):  # a file question takes only an uploaded file
        services.response_submit(survey=item, values={question.pk: "/etc/passwd"})
    fake = SimpleUploadedFile("kuva.png", b"MZ\x90\x00 not an image", "image/png")
    with pytest.raises(ValidationError) as exc:
        services.response_submit(survey=item, values={question.pk: fake})
    assert f"q{question.pk}" in _errors(exc)
    assert not Response.objects.exists()
    upload = SimpleUploadedFile("../../etc/kuva.png", _png(), "image/png")
    response = services.response_submit(survey=item, values={question.pk: upload})
    answer = response.answers.get()
    assert answer.content_type == "image/png" and answer.file_name == "kuva.png"
    assert answer.file.name.startswith("participation/") and ".." not in answer.file.name
    assert (tmp_path / answer.file.name).read_bytes() == _png()


def test_drafts_are_kept_by_key_and_removed_when_sent(survey):
    item, home, _took_part, _how = survey
    key = services.person_key(user=None, browser_token="selain")
    services.draft_save(survey=item, draft_key=key, data={"q1": ["a"], "other": ["x"]})
    services.draft_save(survey=item, draft_key=key, data={f"q{home.pk}": ["7"]})
    draft = services.draft_get(survey=item, draft_key=key)
    assert draft is not None and draft.draft == {f"q{home.pk}": ["7"]}
    assert Response.objects.filter(submitted_at__isnull=True).count() == 1
    response = services.response_submit(
        survey=item, values={home.pk: [_option(home, "Kotka")]}, draft_key=key
    )
    assert response.started_at == draft.started_at
    assert services.draft_get(survey=item, draft_key=key) is None


def test_stale_drafts_are_purged(survey):
    item = survey[0]
    services.draft_save(survey=item, draft_key="a", data={"q1": ["x"]})
    services.draft_save(
        survey=item, draft_key="b", data={"q1": ["x"]}, now=timezone.now() - dt.timedelta(days=1)
    )
    Response.objects.filter(draft_key="b").update(saved_at=timezone.now() - dt.timedelta(days=40))
    assert services.drafts_purge() == 1
    assert list(Response.objects.values_list("draft_key", flat=True)) == ["a"]


# Spam checks ------------------------------------------------------------------------------------


def _token(seconds_ago: float) -> str:
    return services.form_token_make(now=timezone.now() - dt.timedelta(seconds=seconds_ago))


def test_spam_checks_refuse_robots_and_explain():
    check = services.spam_check
    codes = []
    for token, honeypot in [
        (_token(10), "http://spam.example"),
        (_token(0.5), ""),
        ("forged:token", ""),
        (_token(services.FORM_MAX_AGE + 10), ""),
    ]:
        with pytest.raises(ValidationError) as exc:
            check(token=token, honeypot=honeypot, kind="answer", client="c")
        codes.append(exc.value.code)
    assert codes == ["honeypot", "too_fast", "token", "expired"]
    assert not SubmissionAttempt.objects.exists()
    check(token=_token(10), honeypot="", kind="answer", client="c")
    assert SubmissionAttempt.objects.count() == 1


def test_rate_limit_per_address_and_kind():
    limit = services.RATE_LIMITS["comment"]
    for _n in range(limit):
        services.rate_check(kind="comment", client="osoite")
    with pytest.raises(ValidationError) as exc:
        services.rate_check(kind="comment", client="osoite")
    assert exc.value.code == "rate"
    services.rate_check(kind="comment", client="toinen")
    services.rate_check(kind="answer", client="osoite")
    later = timezone.now() + services.RATE_WINDOW + dt.timedelta(seconds=1)
    services.rate_check(kind="comment", client="osoite", now=later)


def test_any_text_is_stored_safely_or_refused():
    item = round_make()

    @settings(max_examples=40, deadline=None)
    @given(st.text(max_size=200), st.text(max_size=120))
    def check(text: str, name: str) -> None:
        try:
            comment = services.comment_add(round=item, text=text, author_name=name)
        except ValidationError:
            assert not text.replace("\x00", "").strip()
            return
        stored = Comment.objects.get(pk=comment.pk)
        assert stored.text == text.replace("\x00", "").strip()
        assert "\x00" not in stored.author_name and len(stored.author_name) <= 100

    check()


# Comments ---------------------------------------------------------------------------------------


def test_comments_on_paragraphs_and_on_the_whole():
    item = round_make()
    paragraphs = list(item.paragraphs.all())
    assert [p.text for p in paragraphs] == [
        "Luonnos",
        "Ensimmainen kappale luonnoksesta.",
        "Toinen kappale, jota kommentoidaan.",
    ]
    on_paragraph = services.comment_add(
        round=item, text="Hyvä kohta", paragraph_id=paragraphs[2].pk
    )
    whole = services.comment_add(round=item, text="Kokonaisuutena hyvä", author_name="Maija")
    assert on_paragraph.paragraph == paragraphs[2] and whole.paragraph is None
    other = round_make()
    with pytest.raises(ValidationError):
        services.comment_add(round=item, text="x", paragraph_id=other.paragraphs.first().pk)
    with pytest.raises(ValidationError):
        services.comment_add(round=item, text="   ")
    with pytest.raises(ValidationError):
        services.comment_add(round=item, text="x" * (services.COMMENT_MAX + 1))


def test_comments_close_at_the_deadline_and_the_draft_locks():
    item = round_make()
    with pytest.raises(ValidationError) as exc:
        services.comment_add(round=item, text="x", now=item.closes_at)
    assert exc.value.code == "closed"
    services.comment_add(round=item, text="x")
    with pytest.raises(ValidationError) as exc:
        services.round_document_set(round=item, data=b"# Uusi\n\nteksti", filename="uusi.md")
    assert exc.value.code == "locked"
    assert item.paragraphs.count() == 3


def test_sign_in_required_for_comments():
    item = round_make(sign_in=SignIn.REQUIRED)
    with pytest.raises(ValidationError):
        services.comment_add(round=item, text="x")
    user = UserFactory()
    assert services.comment_add(round=item, text="x", user=user).user == user


def test_support_once_per_person_and_never_for_hidden_comments():
    item = round_make()
    comment = services.comment_add(round=item, text="Kannatettava")
    assert services.comment_support(comment=comment, supporter_key="a") is True
    assert services.comment_support(comment=comment, supporter_key="a") is False
    assert services.comment_support(comment=comment, supporter_key="b") is True
    assert CommentSupport.objects.filter(comment=comment).count() == 2
    with pytest.raises(ValidationError):
        services.comment_support(comment=comment, supporter_key="")
    moderator = UserFactory()
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, reason=" ", hidden_by=moderator)
    hidden = services.comment_hide(comment=comment, reason="Asiaton", hidden_by=moderator)
    assert hidden.hidden and hidden.hidden_reason == "Asiaton" and hidden.hidden_by == moderator
    with pytest.raises(ValidationError):
        services.comment_support(comment=hidden, supporter_key="c")
    restored = services.comment_restore(comment=hidden)
    assert not restored.hidden and restored.hidden_reason == ""
    # The text was never touched by hiding.
    assert Comment.objects.get(pk=comment.pk).text == "Kannatettava"


def test_person_keys_are_keyed_hashes():
    user = UserFactory()
    key = services.person_key(user=user)
    assert len(key) == 64 and key != services.person_key(user=UserFactory())
    assert key == services.person_key(user=user, browser_token="anything")
    assert services.person_key(user=None) == ""
    assert services.person_key(user=None, browser_token="a") != services.person_key(
        user=None, browser_token="b"
    )


def test_options_keep_their_ids_when_reordered():
    item = survey_make()
    question = question_add(item, "single", "Valinta", options=("A", "B", "C"))
    ids = {o.text: o.pk for o in question.options.all()}
    services.question_save(question=question, options=("C", "A", "B"))
    assert [(o.text, o.pk) for o in Option.objects.filter(question=question)] == [
        ("C", ids["C"]),
        ("A", ids["A"]),
        ("B", ids["B"]),
    ]


def test_anonymity_and_sign_in_are_locked_once_answered(survey):
    item, home, _took_part, _how = survey
    services.response_submit(survey=item, values={home.pk: [_option(home, "Kotka")]})
    item.anonymity = Survey.Anonymity.NAMED
    with pytest.raises(ValidationError) as exc:
        services.consultation_save(consultation=item)
    assert "anonymity" in _errors(exc)
    item.refresh_from_db()
    item.title = "Uusi otsikko"
    services.consultation_save(consultation=item)


def test_the_daily_purge_command(survey):
    from django.core.management import call_command

    item = survey[0]
    services.draft_save(survey=item, draft_key="vanha", data={"q1": ["x"]})
    Response.objects.update(saved_at=timezone.now() - dt.timedelta(days=31))
    SubmissionAttempt.objects.create(
        kind="answer", client="c", created_at=timezone.now() - dt.timedelta(days=2)
    )
    out = io.StringIO()
    call_command("participation_purge", stdout=out)
    assert "1 draft(s) and 1 submission record(s)" in out.getvalue()
    assert not Response.objects.exists() and not SubmissionAttempt.objects.exists()
