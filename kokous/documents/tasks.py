"""Background work of the documents, run by the task worker (`kokous db_worker`)."""

from django_tasks import task

from kokous.documents import render
from kokous.documents.models import StoredDocument
from kokous.documents.selectors import document_languages
from kokous.documents.services import document_is_final, document_store
from kokous.meetings.models import Meeting


@task()
def minutes_store(*, meeting_id: int) -> list[str]:
    """Print and store the PDFs of newly published minutes (public and full, in each of the
    organisation's languages), so that the public page shows the SHA-256 at once and nobody
    waits for the printing. Returns the hashes; a document already stored is left as it is."""
    meeting = Meeting.objects.select_related("body__organisation").get(pk=meeting_id)
    if not document_is_final(meeting=meeting, kind=StoredDocument.Kind.MINUTES):
        return []
    hashes = []
    for language in document_languages(organisation=meeting.body.organisation):
        for variant in StoredDocument.Variant.values:
            document = render.document_build(
                kind=StoredDocument.Kind.MINUTES,
                variant=variant,
                language=language,
                meeting_pk=meeting.pk,
            )
            hashes.append(document_store(document=document).sha256)
    return hashes
