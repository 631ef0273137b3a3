"""Participation in a real browser (Debian's Chromium through Playwright), on the Kymenlaakso
demo: a resident answers the survey with the keyboard and the conditional question appears
when it should; a missing answer is reported beside its question; a resident comments a
paragraph of a draft and supports a comment; and a half-answered survey is kept as a draft
and restored on the next visit. Each page and state passes axe-core's WCAG 2.1 A and AA
rules.

The live server runs in a thread of the test process and needs committed data, hence
`transaction=True`: the demo region is loaded for each test and flushed after it.

The browser asks for Finnish (see kokous/conftest.py), so the texts expected are Finnish.
"""

import io
import re
import time

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from kokous.core.tests.browser import axe_check
from kokous.demo.data import DEMO_PASSWORD
from kokous.participation import services
from kokous.participation.models import (
    Answer,
    Comment,
    CommentSupport,
    DraftParagraph,
    Option,
    Question,
    Response,
    Survey,
)
from kokous.participation.views import PARTICIPANT_COOKIE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURVEY_SLUG = "kymenlaakson-osallisuuskysely"
SURVEY_PATH = f"/participation/surveys/{SURVEY_SLUG}/"
ROUND_SLUG = "kymenlaakson-skenaariot-2040"
ROUND_PATH = f"/participation/drafts/{ROUND_SLUG}/"

MUNICIPALITY = "Kotikuntasi"
WAYS = "Miten haluaisit osallistua ja vaikuttaa maakunnan asioihin?"
SCALE = "Kuinka hyvin koet voivasi vaikuttaa asioihin Kymenlaaksossa?"
TOOK_PART = "Oletko osallistunut maakuntauudistuksen valmisteluun?"
HOW = "Miten osallistuit?"
RANKING = "Mistä haluat saada tietoa maakunnan asioista? Aseta tärkeysjärjestykseen."


def open_page(page: Page, url: str) -> float:
    """Open `url`, check its status, and return when it was shown (for the spam check)."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    return time.monotonic()


def wait_until_sendable(page: Page, shown: float) -> None:
    """Wait out what is left of the seconds the server requires between showing a form and
    receiving it (a robot sends at once; `services.MIN_SECONDS_TO_SUBMIT`)."""
    left = services.MIN_SECONDS_TO_SUBMIT + 0.1 - (time.monotonic() - shown)
    if left > 0:
        page.wait_for_timeout(left * 1000)


def question(text: str) -> Question:
    return Question.objects.get(survey__slug=SURVEY_SLUG, text=text)


def option(question_text: str, text: str) -> Option:
    return Option.objects.get(
        question__survey__slug=SURVEY_SLUG, question__text=question_text, text=text
    )


def group(page: Page, text: str) -> Locator:
    """A question's fieldset, found by its legend as assistive technology names it."""
    return page.get_by_role("group", name=re.compile(re.escape(text)))


def test_a_resident_answers_the_survey_with_the_keyboard(live_server, demo, page: Page):
    """The survey page passes axe; radios answer to Space and the arrow keys; the conditional
    question is hidden until "Kyllä" is chosen in the question it depends on (survey.js) and
    hidden again when the answer changes; ranks are given with the selects. After the spam
    check's wait the answers are sent, the thanks page shows, and one real (not synthetic)
    response holds exactly what was chosen, the conditional text included."""
    shown = open_page(page, live_server.url + SURVEY_PATH)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("h1")).to_have_text("Kymenlaakson osallisuuskysely")
    axe_check(page)

    # Single choice with the keyboard: Space chooses the focused radio, an arrow moves on.
    municipality = group(page, MUNICIPALITY)
    municipality.get_by_role("radio", name="Hamina").focus()
    page.keyboard.press("Space")
    expect(municipality.get_by_role("radio", name="Hamina")).to_be_checked()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(municipality.get_by_role("radio", name="Kotka")).to_be_checked()
    expect(municipality.get_by_role("radio", name="Hamina")).not_to_be_checked()

    ways = group(page, WAYS)
    ways.get_by_role("checkbox", name="Asukastilaisuudet").focus()
    page.keyboard.press("Space")
    ways.get_by_role("checkbox", name="Luonnosten kommentointi verkossa").check()

    scale = group(page, SCALE)
    scale.get_by_role("radio", name="4", exact=True).focus()
    page.keyboard.press("Space")
    expect(scale.get_by_role("radio", name="4", exact=True)).to_be_checked()

    # The conditional question follows the answer it depends on.
    how = page.locator(f"#question-{question(HOW).pk}")
    expect(how).to_be_hidden()
    took_part = group(page, TOOK_PART)
    took_part.get_by_role("radio", name="Kyllä").focus()
    page.keyboard.press("Space")
    expect(how).to_be_visible()
    page.keyboard.press("ArrowDown")  # to "En"
    expect(took_part.get_by_role("radio", name="En")).to_be_checked()
    expect(how).to_be_hidden()
    page.keyboard.press("ArrowUp")  # back to "Kyllä"
    expect(how).to_be_visible()
    page.get_by_label(HOW).fill("Asukastilaisuudessa Haminassa")

    ranking = group(page, RANKING)
    ranking.get_by_label("Uutiskirje sähköpostiin").select_option("1")
    ranking.get_by_label("Verkkosivut").select_option("2")
    ranking.get_by_label("Sosiaalinen media").select_option("3")

    wait_until_sendable(page, shown)
    page.get_by_role("button", name="Lähetä vastaukset").click()
    expect(page).to_have_url(f"{live_server.url}{SURVEY_PATH}thanks/")
    expect(page.locator("h1")).to_have_text("Kiitos vastauksistasi")
    expect(page.locator("main")).to_contain_text("Ne otetaan huomioon osallisuuden suunnittelussa.")
    axe_check(page)

    survey = Survey.objects.get(slug=SURVEY_SLUG)
    response = Response.objects.get(survey=survey, submitted_at__isnull=False, synthetic=False)
    answers = {
        a.question.text: a.value
        for a in Answer.objects.filter(response=response).select_related("question")
    }
    assert answers == {
        MUNICIPALITY: [option(MUNICIPALITY, "Kotka").pk],
        WAYS: [
            option(WAYS, "Asukastilaisuudet").pk,
            option(WAYS, "Luonnosten kommentointi verkossa").pk,
        ],
        SCALE: 4,
        TOOK_PART: [option(TOOK_PART, "Kyllä").pk],
        HOW: "Asukastilaisuudessa Haminassa",
        RANKING: [
            option(RANKING, "Uutiskirje sähköpostiin").pk,
            option(RANKING, "Verkkosivut").pk,
            option(RANKING, "Sosiaalinen media").pk,
        ],
    }


def test_a_missing_answer_is_reported_at_its_question(live_server, demo, page: Page):
    """Sending without a required answer sends nothing: the error summary (an alert) links to
    the question, the question's legend carries the error so that it is part of the group's
    accessible name, what was answered is kept, and the error state passes axe."""
    shown = open_page(page, live_server.url + SURVEY_PATH)
    group(page, MUNICIPALITY).get_by_role("radio", name="Iitti").check()
    group(page, SCALE).get_by_role("radio", name="2", exact=True).check()
    wait_until_sendable(page, shown)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(SURVEY_PATH)
    ) as sent:
        page.get_by_role("button", name="Lähetä vastaukset").click()
    assert sent.value.status == 400

    ways = question(WAYS)
    required = "Tähän kysymykseen on vastattava."
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Mitään ei vielä lähetetty")
    link = summary.get_by_role("link", name=re.compile(re.escape(WAYS)))
    expect(link).to_have_attribute("href", f"#question-{ways.pk}")
    expect(summary.get_by_role("link")).to_have_count(1)  # only the one missing answer

    expect(page.locator(f"#question-{ways.pk} legend")).to_contain_text(required)
    expect(group(page, WAYS)).to_have_accessible_name(re.compile(re.escape(required)))
    expect(group(page, MUNICIPALITY).get_by_role("radio", name="Iitti")).to_be_checked()
    expect(group(page, SCALE).get_by_role("radio", name="2", exact=True)).to_be_checked()
    link.click()
    expect(page).to_have_url(re.compile(f"#question-{ways.pk}$"))
    axe_check(page)

    assert not Response.objects.filter(
        survey__slug=SURVEY_SLUG, submitted_at__isnull=False, synthetic=False
    ).exists()


def test_a_resident_comments_a_paragraph_and_supports_a_comment(live_server, demo, page: Page):
    """The draft passes axe. The disclosure under a paragraph opens with the keyboard; the
    comment sent from it is published under that paragraph with its nickname, and the page
    lands on it. Supporting another comment with the keyboard (HTMX) replaces its button with
    the count that includes you and moves the focus there, is stored for this browser, and
    still shows after a reload. A comment the moderator hid shows the reason, never its
    text."""
    round_url = live_server.url + ROUND_PATH
    shown = open_page(page, round_url)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    axe_check(page)

    hidden = Comment.objects.get(round__slug=ROUND_SLUG, hidden_at__isnull=False)
    hidden_item = page.locator(f"#comment-{hidden.pk}")
    expect(hidden_item).to_contain_text("Mainos, ei kuulu aiheeseen.")
    expect(hidden_item).not_to_contain_text("halpoja lippuja")
    expect(page.get_by_text("halpoja lippuja")).to_have_count(0)

    last = DraftParagraph.objects.filter(round__slug=ROUND_SLUG).last()
    block = page.locator(f"#p{last.number}")
    assert block.locator("li.comment").count() == 0  # no comments on it yet
    summary = block.get_by_text(f"Kommentoi kappaletta {last.number}")
    summary.focus()
    page.keyboard.press("Enter")
    expect(block.locator("details")).to_have_attribute("open", "")
    block.get_by_label("Kommenttisi").fill("Aikataulu on tiukka: kerätäänkö palaute ajoissa?")
    block.get_by_label("Nimi tai nimimerkki (vapaaehtoinen)").fill("Haminalainen")
    wait_until_sendable(page, shown)
    block.get_by_role("button", name="Lähetä kommentti").click()

    comment = Comment.objects.get(round__slug=ROUND_SLUG, author_name="Haminalainen")
    assert comment.paragraph_id == last.pk and not comment.synthetic
    expect(page).to_have_url(f"{round_url}#comment-{comment.pk}")
    expect(page.locator(".messages")).to_contain_text("Kiitos, kommenttisi on julkaistu.")
    mine = page.locator(f"#p{last.number} #comment-{comment.pk}")
    expect(mine).to_contain_text("Aikataulu on tiukka: kerätäänkö palaute ajoissa?")
    expect(mine).to_contain_text("Haminalainen")

    other = Comment.objects.get(
        round__slug=ROUND_SLUG, text__startswith="Mitä varautumissuunnitelmat"
    )
    before = other.supports.count()
    item = page.locator(f"#comment-{other.pk}")
    item.get_by_role("button", name="Kannata tätä kommenttia").focus()
    with page.expect_response(
        lambda r: r.url.endswith(f"/comments/{other.pk}/support/")
    ) as supported:
        page.keyboard.press("Enter")
    assert supported.value.status == 200
    after = f"{before + 1} kannattaa tätä kommenttia, sinä mukaan lukien."
    expect(item.get_by_role("status")).to_have_text(after)
    expect(item.get_by_role("button")).to_have_count(0)
    # The button that had the focus is gone: the focus is on what replaced it, not lost.
    expect(item.get_by_role("status")).to_be_focused()
    axe_check(page)

    token = next(c["value"] for c in page.context.cookies() if c["name"] == PARTICIPANT_COOKIE)
    supporter = services.person_key(user=None, browser_token=token)
    assert CommentSupport.objects.filter(comment=other, supporter_key=supporter).exists()
    assert other.supports.count() == before + 1

    page.reload()
    expect(page.locator(f"#comment-{other.pk}").get_by_role("status")).to_have_text(after)


def test_a_half_answered_survey_is_kept_as_a_draft(live_server, demo, page: Page):
    """Choosing an answer saves the form as a draft in the background (HTMX, after a pause)
    and the status region announces it; on reloading, the draft of this browser (its
    participant cookie) is restored into the form, and the page says so; without that cookie
    nothing is restored."""
    open_page(page, live_server.url + SURVEY_PATH)
    iitti = option(MUNICIPALITY, "Iitti")
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/draft/")
    ) as saved:
        group(page, MUNICIPALITY).get_by_role("radio", name="Iitti").check()
    assert saved.value.status == 200
    status = page.locator("#draft-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(
        re.compile(
            r"^Luonnos tallennettu klo \d{2}\.\d{2}\. Voit jatkaa myöhemmin tällä selaimella\.$"
        )
    )

    draft = Response.objects.get(survey__slug=SURVEY_SLUG, submitted_at__isnull=True)
    assert draft.draft[f"q{question(MUNICIPALITY).pk}"] == [str(iitti.pk)]

    page.reload()
    expect(group(page, MUNICIPALITY).get_by_role("radio", name="Iitti")).to_be_checked()
    restored = re.compile(
        r"^Luonnoksesi \(tallennettu \d{1,2}\.\d{1,2}\.\d{4} \d{2}\.\d{2}\) on palautettu\."
    )
    expect(page.locator("main p.notice[role=status]")).to_have_text(restored)
    axe_check(page)

    # Without the participant cookie the browser is a stranger's: nothing is restored.
    page.context.clear_cookies(name=PARTICIPANT_COOKIE)
    page.reload()
    expect(group(page, MUNICIPALITY).get_by_role("radio", name="Iitti")).not_to_be_checked()
    expect(page.locator("main p.notice[role=status]")).to_have_count(0)


def test_staff_see_the_results_as_charts_and_export_them(live_server, demo, page: Page):
    """The communications user signs in and opens the survey's results: a chart (an SVG image
    named by its title) and a table for each choice question, filtered by an answer, all
    passing axe; the XLSX export downloads a workbook of every response."""
    survey = Survey.objects.get(slug=SURVEY_SLUG)
    open_page(page, f"{live_server.url}/accounts/login/?next=/staff/participation/")
    page.fill("input[name=username]", "viestinta")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_role("link", name="Kymenlaakson osallisuuskysely").click()
    page.get_by_role("link", name="Tulokset").first.click()
    expect(page.get_by_role("img", name=re.compile(MUNICIPALITY))).to_be_visible()
    axe_check(page)
    page.select_option("#filter-option", label=f"{MUNICIPALITY}: Kotka")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_text("Vain ne, jotka valitsivat")).to_be_visible()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Vie XLSX-tiedostona").first.click()
    assert download.value.suggested_filename == "kymenlaakson-osallisuuskysely.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.max_row == 1 + survey.responses.filter(submitted_at__isnull=False).count()
