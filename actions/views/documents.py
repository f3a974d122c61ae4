"""Downloads of documents attached to actions, checked on every request.

Uploaded files are never served directly: MEDIA_ROOT has no URL. A document of an action in a
public plan (current or archived) is public; documents of draft plans are only for accounts
that may view documents (officers, the Executive).
"""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from accounts.roles import VIEW_DOCUMENTS
from actions.models import LinkedDocument
from portal.uploads import content_type_of
from themes.models import Plan


def _documents_visible_to(user):
    documents = LinkedDocument.objects.exclude(file="").select_related("action__plan")
    if user.has_perm(VIEW_DOCUMENTS):
        return documents
    return documents.filter(action__plan__in=Plan.objects.public())


@login_not_required
def document_download(request, pk):
    document = get_object_or_404(_documents_visible_to(request.user), pk=pk)
    file_type = content_type_of(document.file.name)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = file_type.extension if file_type else ""
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(document.title)[:80] or 'document'}{extension}",
        content_type=file_type.content_type if file_type else "application/octet-stream",
    )
