"""Importing data.police.uk street-level files from the web page: upload, preview, confirm,
as `manage.py import_police_crimes` does. For CSP officers.

The files wait between the preview and the confirmation in the default storage under
"police-uploads/" with random names; the session holds their names and the options.
"""

import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.forms import PoliceUploadForm
from indicators.police import PoliceFileError, police_crimes_import, police_indicators

# Officers: they read internal pages and change indicators.
POLICE_PERMISSIONS = ["themes.view_internal_pages", "indicators.change_indicator"]
SESSION_KEY = "police-upload"
UPLOAD_PREFIX = "police-uploads/"


def _discard(request):
    stored = request.session.pop(SESSION_KEY, None)
    for path in (stored or {}).get("paths", []):
        if path.startswith(UPLOAD_PREFIX):
            default_storage.delete(path)


def _run(request, *, dry_run):
    """(the stored upload, the import's result or None, the problem or None)."""
    stored = request.session.get(SESSION_KEY)
    if not stored or not all(default_storage.exists(p) for p in stored["paths"]):
        return None, None, None
    streams = []
    for path, name in zip(stored["paths"], stored["names"], strict=True):
        with default_storage.open(path, "rb") as file:
            data = file.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return stored, None, _("%(file)s is not UTF-8 text.") % {"file": name}
        streams.append((name, io.StringIO(text, newline="")))
    try:
        result = police_crimes_import(files=streams, dry_run=dry_run)
    except PoliceFileError as error:
        return stored, None, str(error)
    return stored, result, None


@permission_required(POLICE_PERMISSIONS, raise_exception=True)
def police_upload(request):
    form = PoliceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _discard(request)
        files = form.cleaned_data["files"]
        paths = [
            default_storage.save(f"{UPLOAD_PREFIX}{uuid.uuid4().hex}.csv", ContentFile(f.read()))
            for f in files
        ]
        request.session[SESSION_KEY] = {
            "paths": paths,
            "names": [f.name[:200] for f in files],
        }
        return redirect("indicators:police_upload_check")
    context = {"form": form, "indicators": police_indicators()}
    return render(request, "indicators/police_upload.html", context)


@permission_required(POLICE_PERMISSIONS, raise_exception=True)
def police_upload_check(request):
    """What importing the uploaded files would change; nothing is written."""
    stored, result, problem = _run(request, dry_run=True)
    if stored is None:
        messages.info(request, _("Choose the files to upload."))
        return redirect("indicators:police_upload")
    context = {"stored": stored, "result": result, "problems": [problem] if problem else []}
    return render(request, "indicators/police_upload_check.html", context)


@require_POST
@permission_required(POLICE_PERMISSIONS, raise_exception=True)
def police_upload_confirm(request):
    if request.POST.get("discard"):
        _discard(request)
        messages.info(request, _("The files were discarded; nothing was imported."))
        return redirect("indicators:police_upload")
    stored, result, problem = _run(request, dry_run=False)
    if stored is None:
        messages.info(request, _("Choose the files to upload."))
        return redirect("indicators:police_upload")
    if problem:
        return redirect("indicators:police_upload_check")
    _discard(request)
    messages.success(request, result.summary())
    return redirect("indicators:indicator_list")
