"""The demo's participation, from seed 002 (Kymenlaakson Liitto's reform pages, 2019):

- "Kymenlaakson osallisuuskysely", whose answering time was extended to 15.2.2019; the seed
  says what it asks ("miten maakunnan asukkaat haluavat osallistua ja vaikuttaa
  Kymenlaaksossa") but not its questions, so the questions are inferred;
- "Kymenlaakson skenaariot – Kerro mielipiteesi", a call for comments on the scenarios 2040.
  The seed holds the page's text, not the scenarios PDF it links to; the draft to comment is
  that text.

Both closed in 2019. So that a visitor can try them, the demo extends their closing time past
today, and that extension is recorded and shown like any other. The answers and comments are
synthetic, made up here and marked so in the data and on every page that shows them.
Everything marked "Inferred:" below is not in the seed."""

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from kokous.cases.models import Case
from kokous.core.timeutil import helsinki_datetime
from kokous.demo import data
from kokous.organisations.models import Organisation
from kokous.participation import services
from kokous.participation.defaults import participation_defaults_ensure
from kokous.participation.models import (
    Comment,
    CommentRound,
    Option,
    Question,
    Section,
    SignIn,
    Survey,
)

ORGANISATION = "kymenlaakson-liitto"
RESIDENT_USERNAME = "asukas"
DEMO_REASON = "Demo: avattu uudelleen kokeiltavaksi"

SURVEY: dict[str, Any] = {
    "slug": "kymenlaakson-osallisuuskysely",
    "title": "Kymenlaakson osallisuuskysely",
    "introduction": (
        "Käynnissä olevalla osallisuuskyselyllä selvitetään, miten maakunnan asukkaat haluavat "
        "osallistua ja vaikuttaa Kymenlaaksossa.\n\nNyt kaikki vaikuttamaan ja antamaan "
        "palautetta kansalaisten osallisuuden lisäämiseksi."
    ),
    "contact": "Muutosjohtaja Jussi Lehtinen, jussi.lehtinen(a)kymenlaakso.fi",
    # Inferred: the seed gives only the extended closing date.
    "opens_at": helsinki_datetime(2019, 1, 7, 9, 0),
    "privacy_notice": (
        # Inferred: the seed's survey ran in another product; this is what Kokous keeps.
        "Kyselyn vastaukset käsitellään nimettöminä. Vastauksista ei tallenneta nimeä, "
        "sähköpostiosoitetta eikä IP-osoitetta. Vastauksia käytetään maakuntauudistuksen "
        "osallisuuden suunnitteluun, ja niistä julkaistaan yhteenveto kyselyn sulkeuduttua. "
        "Avoimia vastauksia ei julkaista."
    ),
    "thanks": "Kiitos vastauksistasi! Ne otetaan huomioon osallisuuden suunnittelussa.",
}
ORIGINAL_CLOSING = helsinki_datetime(2019, 1, 31, 16, 0)  # Inferred: the date before extension
EXTENDED_CLOSING = helsinki_datetime(2019, 2, 15, 23, 59)  # "jatkaneet ... 15.2.2019 saakka"
EXTENDED_AT = helsinki_datetime(2019, 1, 30, 10, 0)  # Inferred
# Inferred: the case where the reporting of the pre-preparation covers "Viestintä ja
# Osallisuus" (seed 002's meeting of 21.1.2019).
SURVEY_CASE = "esivalmisteluvaiheen-raportointi"

MUNICIPALITIES = ["Hamina", "Iitti", "Kotka", "Kouvola", "Miehikkälä", "Pyhtää", "Virolahti"]
# Inferred: all questions. (section, [(kind, text, required, options, extra)])
QUESTIONS: list[tuple[str, list[tuple[str, str, bool, list[str], dict[str, Any]]]]] = [
    ("Taustatiedot", [
        ("single", "Kotikuntasi", True, MUNICIPALITIES + ["Muu"], {}),
        ("single", "Ikäryhmäsi", False,
         ["alle 18", "18–29", "30–44", "45–64", "65–74", "75 tai yli"], {}),
    ]),
    ("Osallistuminen ja vaikuttaminen", [
        ("multiple", "Miten haluaisit osallistua ja vaikuttaa maakunnan asioihin?", True,
         ["Verkkokyselyt", "Asukastilaisuudet", "Luonnosten kommentointi verkossa",
          "Asukasraadit", "Vaikuttamistoimielimet (nuorisovaltuusto, vanhus- ja vammaisneuvosto)",
          "Järjestöjen kautta", "Sosiaalinen media"], {"help_text": "Valitse kaikki sopivat."}),
        ("scale", "Kuinka hyvin koet voivasi vaikuttaa asioihin Kymenlaaksossa?", True, [],
         {"scale_points": 5, "scale_min_label": "erittäin huonosti",
          "scale_max_label": "erittäin hyvin"}),
        ("single", "Oletko osallistunut maakuntauudistuksen valmisteluun?", False,
         ["Kyllä", "En"], {}),
        ("short_text", "Miten osallistuit?", False, [], {"show_if": ("Kyllä",)}),
        ("matrix", "Kuinka tärkeinä pidät seuraavia?", False,
         ["Tieto valmisteltavista asioista ajoissa", "Mahdollisuus kommentoida luonnoksia",
          "Palaute siitä, miten mielipiteet otettiin huomioon"],
         {"scale_points": 5, "scale_min_label": "ei lainkaan tärkeä",
          "scale_max_label": "erittäin tärkeä"}),
        ("ranking", "Mistä haluat saada tietoa maakunnan asioista? Aseta tärkeysjärjestykseen.",
         False, ["Verkkosivut", "Sanomalehdet", "Sosiaalinen media", "Uutiskirje sähköpostiin"],
         {}),
    ]),
    ("Lopuksi", [
        ("long_text", "Mitä muuta haluat sanoa osallisuuden lisäämisestä Kymenlaaksossa?", False,
         [], {}),
        ("file", "Voit liittää kuvan tai asiakirjan (vapaaehtoinen)", False, [], {}),
    ]),
]  # fmt: skip
SYNTHETIC_ANSWERS = 14
SYNTHETIC_TEXTS = [
    "Tilaisuuksia myös iltaisin, jotta työssäkäyvät pääsevät paikalle.",
    "Kyselyjä on paljon, mutta harvoin kuulee, mitä vastauksille tapahtui.",
    "Pienissä kunnissa tarvitaan myös kasvokkaisia tilaisuuksia.",
    "",
]

ROUND: dict[str, Any] = {
    "slug": "kymenlaakson-skenaariot-2040",
    "title": "Kymenlaakson skenaariot 2040 – Kerro mielipiteesi",
    "introduction": (
        "Liitteenä sivun alalaidassa on työpajoissa työstetyt Kymenlaakson maakunnan "
        "skenaariot 2040."
    ),
    "contact": "Muutosjohtaja Jussi Lehtinen, jussi.lehtinen(a)kymenlaakso.fi",
    "opens_at": helsinki_datetime(2019, 1, 14, 9, 0),  # Inferred
    "privacy_notice": (
        "Kommentit julkaistaan heti antamasi nimen tai nimimerkin kanssa. Nimen voi jättää "
        "antamatta. Ylläpito voi piilottaa asiattoman kommentin; piilottamisen syy näytetään."
    ),
}
ROUND_CLOSING = helsinki_datetime(2019, 2, 15, 23, 59)  # Inferred: as the survey's
# The page's text in seed 002, as the draft to comment.
DRAFT = """# Kymenlaakson skenaariot 2040

Liitteenä sivun alalaidassa on työpajoissa työstetyt Kymenlaakson maakunnan skenaariot 2040.

## Tausta

Kymenlaakson Liitto on käynnistänyt maakuntastrategiatyön tulevaisuustarkastelulla ja \
skenaarioiden laadinnalla. Edellinen laajempi tulevaisuustarkastelu on tehty Kymenlaakson \
maakuntaohjelman 2014-2017 laadinnan yhteydessä. Strategian laadinnassa hyödynnetään \
Kymenlaaksosta jo olemassa olevia selvityksiä, ennakointitietoa, riskianalyysejä sekä \
huomioidaan kansallisia ja kansainvälisiä toimintaympäristön muuttujia, ajureita sekä \
globaaleja megatrendejä.

## Toimintaympäristöanalyysi

Toimintaympäristöanalyysi koostuu työpajoista ja Kymenlaaksolle tärkeiden alojen \
asiantuntijahaastatteluista. Työpajat sisältävät skenaarioiden kehitysvaiheiden työstämistä ja \
vaikutusten analysointia.

Erityisesti Kymenlaakson kannalta keskeisiä skenaarioiden vaikutuksia varten laaditaan \
varautumissuunnitelmat. Työhön osallistetaan Kymenlaakson eri toimijat mahdollisimman \
laajasti.

Projekti on aloitettu marraskuussa 2018 ja se valmistuu helmikuussa 2019. Työ tehdään yhdessä \
Capful Oy:n kanssa.
"""
# (paragraph number or None for the whole, text, name, supports, hidden reason); synthetic.
SYNTHETIC_COMMENTS = [
    (4, "Megatrendien lisäksi pitäisi katsoa, mitä rajan takana Venäjällä tapahtuu.",
     "Kotkalainen", 4, ""),
    (6, "Asukkaatkin kannattaa kutsua työpajoihin, ei vain asiantuntijoita.", "", 7, ""),
    (7, "Mitä varautumissuunnitelmat käytännössä tarkoittavat kunnille?", "Pyhtääläinen", 2, ""),
    (None, "Skenaariot ovat hyvä tapa keskustella tulevaisuudesta. Kiitos!", "Maija", 1, ""),
    (6, "Mainos: osta halpoja lippuja osoitteesta …", "", 0, "Mainos, ei kuulu aiheeseen."),
]  # fmt: skip


def _demo_extend(item: Survey | CommentRound) -> None:
    """The demo's own extension, so that a visitor can answer and comment today."""
    now = timezone.now()
    if item.closes_at < now + dt.timedelta(days=7):
        services.closing_time_change(
            consultation=item, closes_at=now + dt.timedelta(days=60), reason=DEMO_REASON
        )


def participation_demo_load(*, loader: Any) -> None:
    participation_defaults_ensure()
    organisation = Organisation.objects.get(slug=ORGANISATION)
    _resident(loader)
    survey = _survey(loader, organisation)
    _round(loader, organisation)
    _demo_extend(survey)


def _resident(loader: Any) -> None:
    """A resident's account (not a member of any body), to try sign-in surveys."""
    users = get_user_model()._default_manager
    if not users.filter(username=RESIDENT_USERNAME).exists():
        users.create_user(
            RESIDENT_USERNAME, password=data.DEMO_PASSWORD, first_name="Demo", last_name="Asukas"
        )
        loader.report.created["User"] += 1


def _survey(loader: Any, organisation: Organisation) -> Survey:
    case = Case.objects.filter(organisation=organisation, title=data.CASES[SURVEY_CASE][1]).first()
    survey = Survey.objects.filter(slug=SURVEY["slug"]).first()
    if survey is None:
        survey = Survey(
            organisation=organisation,
            case=case,
            closes_at=ORIGINAL_CLOSING,
            published=True,
            sign_in=SignIn.NONE,
            results_public=True,
            **SURVEY,
        )
        services.consultation_save(consultation=survey)
        loader.report.created["Survey"] += 1
        change = services.closing_time_change(
            consultation=survey,
            closes_at=EXTENDED_CLOSING,
            reason="Vastausaikaa jatkettiin 15.2.2019 saakka",
        )
        change.changed_at = EXTENDED_AT
        change.save(update_fields=["changed_at"])
    if not survey.questions.exists():
        _questions(survey)
        _synthetic_answers(survey)
    return survey


def _questions(survey: Survey) -> None:
    for title, questions in QUESTIONS:
        section = services.section_save(section=Section(survey=survey, title=title))
        for kind, text, required, options, extra in questions:
            extra = dict(extra)
            condition = extra.pop("show_if", ())
            show_if = list(
                Option.objects.filter(question__survey=survey, text__in=condition).order_by("-pk")
            )[:1]
            services.question_save(
                question=Question(
                    survey=survey, section=section, kind=kind, text=text, required=required, **extra
                ),
                options=options,
                show_if=show_if,
            )


def _synthetic_answers(survey: Survey) -> None:
    """Answers made up for the demonstration, given through the same rules as a resident's
    (at times inside the survey's original answering time), each marked synthetic."""
    rng = random.Random(2019)
    sq = services.survey_questions(survey=survey)
    for n in range(SYNTHETIC_ANSWERS):
        values: dict[int, Any] = {}
        for question in sq.questions:
            ids = [o.pk for o in sq.options[question.pk]]
            kind = question.kind
            if kind == Question.Kind.SINGLE:
                values[question.pk] = [rng.choice(ids)]
            elif kind == Question.Kind.MULTIPLE:
                values[question.pk] = rng.sample(ids, rng.randint(1, 3))
            elif kind == Question.Kind.SCALE:
                values[question.pk] = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5])
            elif kind == Question.Kind.MATRIX:
                values[question.pk] = {str(pk): rng.randint(3, 5) for pk in ids}
            elif kind == Question.Kind.RANKING:
                values[question.pk] = rng.sample(ids, len(ids))
            elif kind == Question.Kind.SHORT_TEXT:
                values[question.pk] = "Asukastilaisuudessa Kouvolassa"
            elif kind == Question.Kind.LONG_TEXT:
                values[question.pk] = SYNTHETIC_TEXTS[n % len(SYNTHETIC_TEXTS)]
        services.response_submit(
            survey=survey,
            values=values,
            language="fi",
            now=helsinki_datetime(2019, 1, 8, 12, 0) + dt.timedelta(days=2 * n),
            synthetic=True,
        )


def _round(loader: Any, organisation: Organisation) -> CommentRound:
    round_ = CommentRound.objects.filter(slug=ROUND["slug"]).first()
    if round_ is None:
        round_ = CommentRound(
            organisation=organisation,
            closes_at=ROUND_CLOSING,
            published=True,
            sign_in=SignIn.NONE,
            **ROUND,
        )
        services.consultation_save(consultation=round_)
        loader.report.created["CommentRound"] += 1
        services.round_document_set(
            round=round_, data=DRAFT.encode(), filename="kymenlaakson-skenaariot-2040.md"
        )
        _demo_extend(round_)
        _synthetic_comments(round_)
    else:
        _demo_extend(round_)
    return round_


def _synthetic_comments(round_: CommentRound) -> None:
    paragraphs = {p.number: p for p in round_.paragraphs.all()}
    for n, (number, text, name, supports, hidden) in enumerate(SYNTHETIC_COMMENTS):
        comment = services.comment_add(
            round=round_,
            text=text,
            paragraph_id=paragraphs[number].pk if number else None,
            author_name=name,
            now=helsinki_datetime(2019, 1, 15, 10, 0) + dt.timedelta(days=n),
            synthetic=True,
        )
        for k in range(supports):
            services.comment_support(
                comment=comment, supporter_key=f"synthetic-{k}", now=timezone.now()
            )
        if hidden:
            services.comment_hide(comment=comment, reason=hidden, hidden_by=None)  # type: ignore[arg-type]
    assert Comment.objects.filter(round=round_).count() == len(SYNTHETIC_COMMENTS)
