"""Bounds on what grows from an input file: pantau.toml [impor], with defaults well above a real export.

A kabupaten's export holds one row per submission: Kabupaten Bogor, the largest, has about 1.6 M households.
"""

import zipfile
from pathlib import Path

from sensus.core.config import Limits


class TooLarge(Exception):
    """A workbook over a bound: `code` keys the message, `detail` fills it."""

    def __init__(self, code: str, **detail):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


# a row element, with or without a namespace prefix; '<rowBreaks' is not one
ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")
CHUNK = 1 << 20


def check_xlsx(path: Path, limit: Limits) -> None:
    """Refuse a workbook whose unzipped size or row count is over the bounds, before any sheet is loaded.

    The sizes are the zip's own record of each part; the rows are counted in the sheets' XML as it streams (a
    sheet's `dimension` may be missing or lie), stopping as soon as the bound is passed: memory stays one chunk.
    A file that is not a zip is left to the reader, which refuses it as unreadable.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > limit.xlsx_mb_maks * 1_000_000:
            raise TooLarge("xlsx_terlalu_besar", mb=round(unzipped / 1_000_000), maks=limit.xlsx_mb_maks)
        rows = 0
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            tail = b""
            try:
                with archive.open(info) as sheet:
                    while chunk := sheet.read(CHUNK):
                        window = tail + chunk
                        rows += sum(window.count(tag) - tail.count(tag) for tag in ROW_TAGS)
                        if rows > limit.xlsx_baris_maks:
                            raise TooLarge("xlsx_terlalu_banyak_baris", maks=limit.xlsx_baris_maks)
                        # shorter than a tag: one cut by the chunk's end is counted once, in the next window
                        tail = window[-4:]
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError):
                return  # a damaged part: the reader refuses the file as unreadable
