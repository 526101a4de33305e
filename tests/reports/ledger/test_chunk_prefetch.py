"""The zip member read a chunk ahead (app/reports/excel/ledger/chunk_prefetch.py): the same bytes
in the same order, the last chunk marked, a reading error raised where it happened, and no thread
left behind when the caller stops early."""
import io
import threading
import zlib

import pytest

from app.reports.excel.ledger.chunk_prefetch import chunks_ahead


@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 95])
def test_the_same_bytes_with_the_last_chunk_marked(size):
    data = bytes(range(256)) * 3
    data = data[:size]
    got = list(chunks_ahead(io.BytesIO(data), 10))
    assert b"".join(c for c, _ in got) == data
    assert [last for _, last in got] == [False] * (len(got) - 1) + [True]
    if size == 0:
        assert got == [(b"", True)]


class Damaged(io.BytesIO):
    def __init__(self, good: bytes):
        super().__init__(good)
        self.reads = 0

    def read(self, size=-1):
        self.reads += 1
        if self.reads == 3:
            raise zlib.error("Error -3 while decompressing data: invalid stored block lengths")
        return super().read(size)


def test_an_error_of_the_reading_is_raised_after_the_chunks_before_it():
    seen = []
    with pytest.raises(zlib.error, match="invalid stored block"):
        for chunk, _last in chunks_ahead(Damaged(b"x" * 100), 10):
            seen.append(chunk)
    assert seen == [b"x" * 10, b"x" * 10]


def test_stopping_early_stops_the_reader():
    before = {t.name for t in threading.enumerate()}
    chunks = chunks_ahead(io.BytesIO(b"y" * 10_000), 10)
    assert next(chunks) == (b"y" * 10, False)
    chunks.close()                       # as a caller's return from its loop does
    assert "zip-chunk-reader" not in {t.name for t in threading.enumerate()} - before
