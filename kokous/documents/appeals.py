"""Appeal instructions (DOMAIN.md item 8): which kind each item's decision carries, and its text.

`item_appeal_kind` is the rule and is written nowhere else. The texts are templates: an
organisation's own `AppealText` for the kind and language, or else the default below, with
the registry, the court and the number of days filled in from `AppealSettings`. The dates of
the period (publication, notification, last day) come from `kokous.core.deadlines` and are
printed by the documents, not written into the texts.
"""

from dataclasses import dataclass

from kokous.core.deadlines import APPEAL_DAYS, RECTIFICATION_DAYS
from kokous.documents.models import APPEAL_PLACEHOLDERS, AppealSettings, AppealText
from kokous.meetings.models import AgendaItem, AppealKind
from kokous.organisations.models import Body, Organisation

# Decisions that only prepare, execute or take note: no appeal (kuntalaki 136 §).
_NO_APPEAL_DECISIONS = frozenset(
    {
        AgendaItem.DecisionType.NOTED,
        AgendaItem.DecisionType.TABLED,
        AgendaItem.DecisionType.RETURNED,
        AgendaItem.DecisionType.REMOVED,
        "",
    }
)
# Bodies whose decisions are open to a request for rectification. Steering, monitoring and
# working groups only prepare matters for other bodies: no appeal.
_RECTIFICATION_BODIES = frozenset(
    {
        Body.Kind.BOARD,
        Body.Kind.COMMITTEE,
        Body.Kind.SECTION,
        Body.Kind.PREPARATORY_BODY,
    }
)


def item_appeal_kind(*, item: AgendaItem, body: Body) -> str:
    """The appeal instructions that `item` of a meeting of `body` carries.

    The item's own choice wins. Otherwise: none for the standard opening and closing items
    and for decisions that only note, table, return or remove; an appeal to the
    administrative court for a council's decisions; a request for rectification for a
    board's, committee's, section's or temporary preparatory body's decisions; none for
    bodies that only prepare (steering and working groups).
    """
    if item.appeal_kind:
        return item.appeal_kind
    if item.standard_place or item.decision_type in _NO_APPEAL_DECISIONS:
        return AppealKind.NONE
    if body.kind == Body.Kind.COUNCIL:
        return AppealKind.MUNICIPAL_APPEAL
    if body.kind in _RECTIFICATION_BODIES:
        return AppealKind.RECTIFICATION
    return AppealKind.NONE


def appeal_days(kind: str) -> int | None:
    """Days after notification within which the appeal of `kind` is made (None: no appeal)."""
    return {
        AppealKind.RECTIFICATION: RECTIFICATION_DAYS,
        AppealKind.MUNICIPAL_APPEAL: APPEAL_DAYS,
    }.get(
        kind  # type: ignore[call-overload]
    )


# The default texts, by (kind, language): (heading, text). Written after the standard
# instructions Finnish municipalities and wellbeing services counties print; an organisation
# replaces them with its own `AppealText`.
DEFAULT_TEXTS: dict[tuple[str, str], tuple[str, str]] = {
    (AppealKind.NONE, "fi"): (
        "Muutoksenhakukielto",
        "Tähän päätökseen ei saa hakea muutosta oikaisuvaatimuksella eikä valittamalla, koska "
        "päätös koskee vain asian valmistelua tai täytäntöönpanoa tai asia on merkitty "
        "tiedoksi.",
    ),
    (AppealKind.RECTIFICATION, "fi"): (
        "Oikaisuvaatimusohje",
        "Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. Päätökseen ei "
        "saa hakea muutosta valittamalla tuomioistuimeen.\n\n"
        "Oikaisuvaatimusoikeus\n"
        "Oikaisuvaatimuksen saa tehdä se, johon päätös on kohdistettu tai jonka oikeuteen, "
        "velvollisuuteen tai etuun päätös välittömästi vaikuttaa (asianosainen), sekä "
        "alueen tai kunnan jäsen.\n\n"
        "Oikaisuvaatimusaika\n"
        "Oikaisuvaatimus on tehtävä {days} päivän kuluessa päätöksen tiedoksisaannista. "
        "Oikaisuvaatimuksen on saavuttava viranomaiselle viimeistään määräajan viimeisenä "
        "päivänä ennen kirjaamon aukioloajan päättymistä. Asianosaisen katsotaan saaneen "
        "päätöksestä tiedon, jollei muuta näytetä, seitsemän päivän kuluttua kirjeen "
        "lähettämisestä tai sähköisen viestin lähettämispäivää seuraavana kolmantena päivänä. "
        "Alueen tai kunnan jäsenen katsotaan saaneen päätöksestä tiedon seitsemän päivän "
        "kuluttua siitä, kun pöytäkirja on nähtävänä yleisessä tietoverkossa. "
        "Tiedoksisaantipäivää ei lueta oikaisuvaatimusaikaan. Jos oikaisuvaatimusajan "
        "viimeinen päivä on pyhäpäivä, itsenäisyyspäivä, vapunpäivä, joulu- tai "
        "juhannusaatto tai arkilauantai, saa oikaisuvaatimuksen tehdä ensimmäisenä arkipäivänä "
        "sen jälkeen.\n\n"
        "Oikaisuvaatimusviranomainen\n"
        "Viranomainen, jolle oikaisuvaatimus tehdään: {body}. Oikaisuvaatimus toimitetaan "
        "osoitteeseen: {registry}, {postal_address}, sähköposti {email}. "
        "Kirjaamon aukioloaika: {office_hours}.\n\n"
        "Oikaisuvaatimuksen sisältö\n"
        "Oikaisuvaatimuksessa on ilmoitettava päätös, johon oikaisuvaatimus kohdistuu, miten "
        "päätöstä halutaan oikaistavaksi ja millä perusteella oikaisua vaaditaan, sekä "
        "oikaisuvaatimuksen tekijän nimi ja yhteystiedot. Jos oikaisuvaatimuksen tekijän "
        "puhevaltaa käyttää hänen laillinen edustajansa tai asiamiehensä, myös tämän "
        "yhteystiedot on ilmoitettava.\n\n"
        "Pöytäkirja\n"
        "Pöytäkirjaa ja sen liitteitä koskevat tiedot ovat saatavissa kirjaamosta.",
    ),
    (AppealKind.MUNICIPAL_APPEAL, "fi"): (
        "Valitusosoitus",
        "Tähän päätökseen tyytymätön voi hakea siihen muutosta valittamalla hallinto-"
        "oikeuteen.\n\n"
        "Valitusoikeus\n"
        "Valituksen saa tehdä se, johon päätös on kohdistettu tai jonka oikeuteen, "
        "velvollisuuteen tai etuun päätös välittömästi vaikuttaa (asianosainen), sekä alueen "
        "tai kunnan jäsen.\n\n"
        "Valitusperusteet\n"
        "Valituksen saa tehdä sillä perusteella, että päätös on syntynyt virheellisessä "
        "järjestyksessä, päätöksen tehnyt viranomainen on ylittänyt toimivaltansa tai päätös "
        "on muuten lainvastainen.\n\n"
        "Valitusaika\n"
        "Valitus on tehtävä {days} päivän kuluessa päätöksen tiedoksisaannista. Alueen tai "
        "kunnan jäsenen katsotaan saaneen päätöksestä tiedon seitsemän päivän kuluttua siitä, "
        "kun pöytäkirja on nähtävänä yleisessä tietoverkossa. Tiedoksisaantipäivää ei lueta "
        "valitusaikaan. Jos valitusajan viimeinen päivä on pyhäpäivä, itsenäisyyspäivä, "
        "vapunpäivä, joulu- tai juhannusaatto tai arkilauantai, saa valituksen tehdä "
        "ensimmäisenä arkipäivänä sen jälkeen.\n\n"
        "Valitusviranomainen\n"
        "Valitusviranomainen on {court}, osoite {court_address}, sähköposti {court_email}. "
        "Valituksen voi "
        "tehdä myös hallinto- ja erityistuomioistuinten asiointipalvelussa "
        "osoitteessa www.oikeus.fi.\n\n"
        "Valituksen sisältö\n"
        "Valituksessa on ilmoitettava päätös, johon haetaan muutosta, miltä kohdin päätökseen "
        "haetaan muutosta ja mitä muutoksia siihen vaaditaan tehtäväksi, vaatimusten perustelut "
        "sekä valittajan nimi ja yhteystiedot. Valitukseen on liitettävä valituksenalainen "
        "päätös valitusosoituksineen ja selvitys valitusajan alkamisesta.\n\n"
        "Oikeudenkäyntimaksu\n"
        "Hallinto-oikeus perii valittajalta oikeudenkäyntimaksun tuomioistuinmaksulain "
        "mukaisesti.",
    ),
    (AppealKind.NONE, "sv"): (
        "Besvärsförbud",
        "Omprövning eller ändring får inte sökas i detta beslut genom besvär, eftersom "
        "beslutet gäller endast beredning eller verkställighet eller ärendet har antecknats "
        "för kännedom.",
    ),
    (AppealKind.RECTIFICATION, "sv"): (
        "Anvisning om begäran om omprövning",
        "Den som är missnöjd med detta beslut kan begära omprövning skriftligt. Ändring i "
        "beslutet får inte sökas genom besvär hos domstol.\n\n"
        "Rätt att begära omprövning\n"
        "Omprövning får begäras av den som beslutet avser eller vars rätt, skyldighet eller "
        "fördel direkt påverkas av beslutet (part) samt av medlemmar i området eller "
        "kommunen.\n\n"
        "Tid för begäran om omprövning\n"
        "Omprövning ska begäras inom {days} dagar från delfåendet av beslutet. Begäran ska "
        "lämnas in senast den sista dagen av tidsfristen innan registratorskontoret stänger. "
        "En medlem i området eller kommunen anses ha fått del av beslutet sju dagar efter "
        "att protokollet har publicerats i det allmänna datanätet. Dagen för delfåendet räknas "
        "inte in i tidsfristen. Om den sista dagen är en helgdag, självständighetsdagen, "
        "första maj, julafton, midsommarafton eller en helgfri lördag får begäran lämnas in "
        "den första vardagen därefter.\n\n"
        "Omprövningsmyndighet\n"
        "Myndighet hos vilken omprövning begärs: {body}. Begäran lämnas till: {registry}, "
        "{postal_address}, e-post {email}. Registratorskontoret är öppet {office_hours}.\n\n"
        "Begärans innehåll\n"
        "Av begäran ska framgå vilket beslut den gäller, hur beslutet ska ändras och på vilka "
        "grunder ändring begärs samt namn och kontaktuppgifter för den som begär omprövning.",
    ),
    (AppealKind.MUNICIPAL_APPEAL, "sv"): (
        "Besvärsanvisning",
        "Den som är missnöjd med detta beslut kan söka ändring i det genom besvär hos "
        "förvaltningsdomstolen.\n\n"
        "Besvärsrätt\n"
        "Besvär får anföras av den som beslutet avser eller vars rätt, skyldighet eller fördel "
        "direkt påverkas av beslutet (part) samt av medlemmar i området eller kommunen.\n\n"
        "Besvärsgrunder\n"
        "Besvär får anföras på den grunden att beslutet har tillkommit i felaktig ordning, att "
        "den myndighet som fattat beslutet har överskridit sin befogenhet eller att beslutet "
        "annars strider mot lag.\n\n"
        "Besvärstid\n"
        "Besvär ska anföras inom {days} dagar från delfåendet av beslutet. En medlem i området "
        "eller kommunen anses ha fått del av beslutet sju dagar efter att protokollet har "
        "publicerats i det allmänna datanätet. Dagen för delfåendet räknas inte in i "
        "besvärstiden.\n\n"
        "Besvärsmyndighet\n"
        "Besvärsmyndigheten är {court}, adress {court_address}, e-post {court_email}.\n\n"
        "Rättegångsavgift\n"
        "Förvaltningsdomstolen tar ut en rättegångsavgift enligt lagen om domstolsavgifter.",
    ),
}


@dataclass(frozen=True)
class AppealInstruction:
    kind: str
    title: str
    paragraphs: list[str]
    days: int | None


class _Blank(dict[str, str]):
    """Placeholders without a configured value print as a blank line to fill in by hand."""

    def __missing__(self, key: str) -> str:
        return "________"


def appeal_instruction(
    *,
    kind: str,
    language: str,
    body: Body,
    organisation: Organisation,
    texts: dict[tuple[str, str], AppealText] | None = None,
    settings: AppealSettings | None = None,
) -> AppealInstruction:
    """The instructions of `kind` in `language` for decisions of `body`, filled in.

    A caller printing several kinds reads the organisation's `texts` and `settings` once and
    passes both (`settings` None when the organisation has none); without `texts`, both are
    read here.
    """
    if texts is None:
        texts = {
            (text.kind, text.language): text
            for text in AppealText.objects.filter(organisation=organisation)
        }
        settings = AppealSettings.objects.filter(organisation=organisation).first()
    own = texts.get((kind, language))
    if own is not None:
        title, text = own.title, own.text
    else:
        title, text = DEFAULT_TEXTS.get((kind, language)) or DEFAULT_TEXTS[(kind, "fi")]
    days = appeal_days(kind)
    values = _Blank(body=body.name, organisation=organisation.name)
    if days is not None:
        values["days"] = str(days)
    if settings is not None:
        # Every other placeholder is a field of the settings.
        for field in set(APPEAL_PLACEHOLDERS) - {"body", "organisation", "days"}:
            value = getattr(settings, field)
            if value:
                values[field] = value
    filled = text.format_map(values)
    return AppealInstruction(
        kind=kind,
        title=title.format_map(values),
        paragraphs=[part.strip() for part in filled.split("\n\n") if part.strip()],
        days=days,
    )
