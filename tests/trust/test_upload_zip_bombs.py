"""Compressed documents that would unzip to gigabytes are refused from their zip directory."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import check_upload


def zip_bomb(first_part, *, size=300 * 1024 * 1024):
    """An OpenDocument or Office file whose part `first_part` is `size` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(first_part, "w", force_zip64=True) as member:
            block = bytes(1024 * 1024)
            for _ in range(size // len(block)):
                member.write(block)
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bombs():
    return {part: zip_bomb(part) for part in ("mimetype", "word/media/image1.png")}


@pytest.mark.parametrize("part", ["mimetype", "word/media/image1.png"])
def test_a_zip_bomb_is_refused_quickly_with_a_clear_message(bombs, part):
    data = bombs[part]
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("report.odt", data, "application/octet-stream"))
    assert time.perf_counter() - started < 1
    assert "too large to open" in refused.value.messages[0]
    assert "would unzip to 300.0" in refused.value.messages[0]
