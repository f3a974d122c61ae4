"""Streamed downloads leave in blocks rather than a line at a time."""

# A streamed response writes each item of its content to the socket as it comes (one system
# call and, over HTTP/1.1, one chunk header each), so a CSV file of 1,500 lines would take
# 1,500 writes. The first chunk (a CSV file's header) leaves on its own, so that the download
# starts at once; blocks of this size after it keep the writes few.
BLOCK_BYTES = 64 * 1024


def in_blocks(chunks, size=BLOCK_BYTES):
    """The chunks (text or bytes) as bytes: the first on its own, so that the download starts
    before its rows are read, then the rest joined into blocks of at least `size` bytes, the
    last one excepted."""
    chunks = iter(chunks)
    for chunk in chunks:
        yield _bytes(chunk)
        break
    pending, length = [], 0
    for chunk in chunks:
        data = _bytes(chunk)
        pending.append(data)
        length += len(data)
        if length >= size:
            yield b"".join(pending)
            pending, length = [], 0
    if pending:
        yield b"".join(pending)


def _bytes(chunk):
    return chunk.encode() if isinstance(chunk, str) else bytes(chunk)
