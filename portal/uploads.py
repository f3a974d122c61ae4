"""Uploaded files: checked by what they contain (not by their name) and by size.

Files are stored by `default_storage` under MEDIA_ROOT, which nothing serves directly (neither
whitenoise nor a URL pattern): each download goes through a view that checks permission.
Stored names are random, so a file's name cannot carry a person's name or a path.
"""

import re
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    name: str
    content_type: str
    extension: str


PDF = FileType("PDF", "application/pdf", ".pdf")
PNG = FileType("PNG image", "image/png", ".png")
JPEG = FileType("JPEG image", "image/jpeg", ".jpg")
CSV = FileType("CSV", "text/csv", ".csv")
_OOXML = {
    "word/document.xml": FileType(
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/workbook.xml": FileType(
        "Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "ppt/presentation.xml": FileType(
        "PowerPoint presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": FileType(
        "OpenDocument text", "application/vnd.oasis.opendocument.text", ".odt"
    ),
    b"application/vnd.oasis.opendocument.spreadsheet": FileType(
        "OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", ".ods"
    ),
    b"application/vnd.oasis.opendocument.presentation": FileType(
        "OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", ".odp"
    ),
}
DOCUMENT_TYPES = [PDF, *_OOXML.values(), *_OPENDOCUMENT.values(), CSV, PNG, JPEG]
BY_EXTENSION = {file_type.extension: file_type for file_type in DOCUMENT_TYPES}


# What a real Office or OpenDocument file stays under once unzipped: a workbook of the largest
# plan is a few megabytes of XML. A zip bomb claims gigabytes from a few kilobytes.
ZIP_MAX_MEMBERS = 2_000
ZIP_MAX_TOTAL_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200  # uncompressed bytes per compressed byte, for a member over ZIP_RATIO_FROM
ZIP_RATIO_FROM = 2 * 1024 * 1024


def zip_too_large(archive):
    """Why an open ZipFile would unzip to an absurd size, or None; reads only its central
    directory (the sizes every member claims), never a member's content."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        return _("it holds %(count)s files.") % {"count": f"{len(members):,}"}
    total = sum(member.file_size for member in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        return _("it would unzip to %(size)s.") % {"size": filesizeformat(total)}
    for member in members:
        if member.file_size > ZIP_RATIO_FROM and (
            member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1)
        ):
            return _("its part “%(name)s” would unzip to %(size)s from %(packed)s.") % {
                "name": member.filename[:80],
                "size": filesizeformat(member.file_size),
                "packed": filesizeformat(member.compress_size),
            }
    return None


def _zip_type(file):
    try:
        with zipfile.ZipFile(file) as archive:
            if why := zip_too_large(archive):
                raise ValidationError(
                    _(
                        "The selected file is a compressed document too large to open: "
                        "%(why)s Save it again without embedded files, or as a PDF."
                    )
                    % {"why": why},
                    code="zip_bomb",
                )
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # documents with macros are refused
            for part, file_type in _OOXML.items():
                if part in names and "[Content_Types].xml" in names:
                    return file_type
            if "mimetype" in names:
                # The sizes above are claims: read no more than a mimetype can be.
                with archive.open("mimetype") as member:
                    return _OPENDOCUMENT.get(member.read(200).strip())
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


# Markup a browser would run if the file were ever opened as a page: refused inside any
# accepted type, so that no file is both a valid document and a web page or script.
_ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|svg|html|body|iframe|object|embed|!doctype)\b|"
    rb"javascript:",
    re.IGNORECASE,
)
# A PDF that runs JavaScript when opened; Office and OpenDocument files are zips whose macros
# are refused in _zip_type.
_PDF_SCRIPT = re.compile(rb"/(?:JavaScript|JS|Launch)\b")


def _is_csv(head):
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the end of the sample is still UTF-8.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    # A byte-order mark is no whitespace to str.lstrip(): "\ufeff<svg" is still markup.
    return not text.lstrip("\ufeff \t\r\n").startswith("<")


def _contains(file, pattern):
    """Whether `pattern` occurs anywhere in the file, read in blocks that overlap so that a
    match across two blocks is still found."""
    file.seek(0)
    tail = b""
    try:
        while block := file.read(1024 * 1024):
            if pattern.search(tail + block):
                return True
            tail = block[-64:]
        return False
    finally:
        file.seek(0)


def detect_type(file):
    """The FileType the content shows (read from its first bytes), or None."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if head.startswith((b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")) and _contains(
        file, _ACTIVE_MARKUP
    ):
        return None  # a polyglot: an image or PDF that is also a web page
    if head.startswith(b"%PDF-"):
        return None if _contains(file, _PDF_SCRIPT) else PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        file_type = _zip_type(file)
        file.seek(0)
        return file_type
    if head and _is_csv(head) and not _contains(file, _ACTIVE_MARKUP):
        return CSV
    return None


def max_upload_bytes():
    return getattr(settings, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


@deconstructible
class DocumentFileValidator:
    """Refuses empty and oversized files and any content that is not an accepted document."""

    def __init__(self, max_bytes=None):
        self.max_bytes = max_bytes

    def __call__(self, file):
        check_upload(file, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return isinstance(other, DocumentFileValidator) and self.max_bytes == other.max_bytes


def check_upload(file, *, max_bytes=None):
    """Return the file's FileType, or raise ValidationError saying what is wrong."""
    max_bytes = max_bytes or max_upload_bytes()
    if not file.size:
        raise ValidationError(_("The selected file is empty."), code="empty")
    if file.size > max_bytes:
        raise ValidationError(
            _("The selected file must be smaller than %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="too_big",
        )
    file_type = detect_type(file)
    if file_type is None:
        raise ValidationError(
            _(
                "The selected file must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, "
                "PNG or JPEG file."
            ),
            code="type",
        )
    return file_type


def checked_upload(file, *, max_bytes=None):
    """For a form's clean_<field>(): check a newly uploaded file and give it a random name
    with the extension its content shows. Files already stored pass through unchanged."""
    if not isinstance(file, UploadedFile):
        return file
    file_type = check_upload(file, max_bytes=max_bytes)
    file.name = f"{uuid.uuid4().hex}{file_type.extension}"
    file.content_type = file_type.content_type
    return file


def upload_store(file, *, folder="documents", max_bytes=None):
    """Check an uploaded file and save it through default_storage; return its stored name."""
    from django.core.files.storage import default_storage

    checked_upload(file, max_bytes=max_bytes)
    return default_storage.save(f"{folder}/{timezone.now():%Y}/{file.name}", file)


def content_type_of(name):
    """The content type to serve a stored file with, from the extension given when it was
    checked; anything else is served as an opaque download."""
    for extension, file_type in BY_EXTENSION.items():
        if name.lower().endswith(extension):
            return file_type
    return None
