"""Streamed downloads leave in blocks rather than a line at a time."""

# A streamed response writes each item of its content to the socket as it comes (one system
# call and, over HTTP/1.1, one chunk header each), so a CSV file of 1,500 lines would take
# 1,500 writes. Blocks of this size keep the first byte early and the writes few.
BLOCK_BYTES = 64 * 1024


def in_blocks(chunks, size=BLOCK_BYTES):
    """The chunks (text or bytes) as bytes, joined into blocks of at least `size` bytes, the last
    one excepted."""
    pending, length = [], 0
    for chunk in chunks:
        data = chunk.encode() if isinstance(chunk, str) else bytes(chunk)
        pending.append(data)
        length += len(data)
        if length >= size:
            yield b"".join(pending)
            pending, length = [], 0
    if pending:
        yield b"".join(pending)
