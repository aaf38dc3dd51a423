"""A delimited text export as rows of cells: its encoding, its delimiter, the line of each row.

What spreadsheets and CRMs write: UTF-8 with or without a byte-order mark (Excel's
"CSV UTF-8"), UTF-16 with one (Excel's "Unicode text", tab-separated), GB18030/GBK
(Excel and most software in China) and Windows-1252 (Excel's plain "CSV" in Western
Europe); fields separated by ``,``, ``;`` (where the decimal mark is a comma), a tab
or ``|``, and Excel's ``sep=;`` first line. Each is found from the bytes unless
:class:`ReadOptions` names it; a file that is none of them is one clear error naming
the option to pass. Rows keep the file line they start on, quoted line breaks and all.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from simroi.errors import ConfigError

__all__ = ["DELIMITERS", "ReadOptions", "decode", "rows", "sniff"]

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_SAMPLE = 64 * 1024  # characters the delimiter is judged on
_SEP_LINE = re.compile(r"^sep=(.)\r?\n")
_MAX_LISTED = 20


@dataclass(frozen=True)
class ReadOptions:
    """How to read an export, where its bytes do not say (None: find it out).

    Attributes
    ----------
    encoding : str, optional
        A Python codec name (``gbk``, ``utf-16``, ``cp1252``, ...).
    delimiter : str, optional
        One of :data:`DELIMITERS`.
    decimal : str, optional
        ``","`` or ``"."``: the decimal mark of every number column.
    date_format : str, optional
        ``dayfirst``, ``monthfirst`` or a strptime format such as ``%d/%m/%Y``.
    """

    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    date_format: str | None = None


def _gb_plausible(text: str) -> bool:
    """GB18030 text is Chinese when most of its non-ASCII characters are GB2312's.

    Windows-1252 bytes (``é`` = 0xE9 before an ASCII letter) often decode as rare
    GBK characters; Chinese text is mostly common ones (a ``€`` or a rare name aside).
    """
    wide = len(text) - len(text.encode("ascii", errors="ignore"))
    rare = text.encode("gb2312", errors="replace").count(b"?") - text.count("?")
    return wide - rare >= 0.5 * wide


def _utf16_without_bom(raw: bytes) -> str | None:
    head = raw[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd > 0.4 * len(head[1::2]) and even == 0:
        return "utf-16-le"
    if even > 0.4 * len(head[0::2]) and odd == 0:
        return "utf-16-be"
    return None


def decode(raw: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``raw`` and the name of its encoding (``encoding``: given, not guessed)."""
    if encoding is not None:
        utf8 = codecs.lookup(encoding).name == "utf-8"
        try:  # (a byte-order mark is no part of the text)
            return raw.decode("utf-8-sig" if utf8 else encoding).lstrip("\ufeff"), encoding
        except UnicodeDecodeError as e:
            raise ConfigError(
                f"{source}: not {encoding} text (byte 0x{raw[e.start]:02x} at offset "
                f"{e.start:,}); pass the file's encoding with --encoding"
            ) from None
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec).lstrip("\ufeff"), name
            except UnicodeDecodeError:
                raise ConfigError(
                    f"{source}: starts like {name} text but is not; pass its encoding with "
                    "--encoding"
                ) from None
    if b"\x00" in raw[:4096]:
        codec = _utf16_without_bom(raw)
        if codec is None:
            raise ConfigError(f"{source}: binary data (NUL bytes), not a text table")
        try:
            return raw.decode(codec), codec.upper()
        except UnicodeDecodeError:
            raise ConfigError(f"{source}: binary data (NUL bytes), not a text table") from None
    for codec, name, check in (
        ("utf-8", "UTF-8", None),
        ("gb18030", "GB18030", _gb_plausible),
        ("cp1252", "Windows-1252", None),
        ("gb18030", "GB18030", None),
    ):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if check is None or check(text):
            return text, name
    raise ConfigError(
        f"{source}: not UTF-8, UTF-16, GB18030 or Windows-1252 text; pass its encoding "
        "with --encoding (e.g. --encoding big5) or save it as CSV UTF-8"
    )


def _counts(sample: str, delimiter: str) -> list[int]:
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        return [len(r) for r in reader if r]
    except csv.Error:
        return []


def sniff(text: str) -> str:
    """The delimiter of ``text``: the one giving the header most fields, the rows as many.

    A candidate is steady when 90 % of the first rows have as many fields as the
    header, which has at least 2; a ``;`` file with decimal commas fails the comma
    (its header has none), a ``,`` file with notes holding ``;`` fails the semicolon.
    A steady candidate wins over an unsteady one (whose long rows are then reported
    by :func:`rows`); a table of one column has none: ``,``.
    """
    sample = text[:_SAMPLE]
    if len(text) > _SAMPLE and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # no cut row
    best, most, consistent = ",", 1, False
    for d in DELIMITERS:
        counts = _counts(sample, d)
        if not counts or counts[0] < 2:
            continue
        steady = sum(c == counts[0] for c in counts) >= 0.9 * len(counts)
        if (steady, counts[0]) > (consistent, most):
            best, most, consistent = d, counts[0], steady
    return best


def rows(text: str, source: str, delimiter: str | None = None):
    """(header, rows, lines, delimiter): cells stripped, the file line each row starts on.

    A row with fewer fields than the header is padded with empty cells; more is an
    error unless the extra fields are empty (some tools end every row with a delimiter).
    """
    offset = 0
    m = _SEP_LINE.match(text)
    if m and delimiter is None:
        delimiter, text, offset = m[1], text[m.end() :], 1
    if delimiter is None:
        delimiter = sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out, lines, errors = [], [], []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            line, start = start + offset, reader.line_num + 1
            if header is None:
                if record:
                    header = [c.strip() for c in record]
                continue
            cells = [c.strip() for c in record]
            if len(cells) > len(header):
                if any(cells[len(header) :]):
                    errors.append(
                        f"line {line} has {len(cells)} fields, the header {len(header)} "
                        f"({DELIMITERS.get(delimiter, repr(delimiter))}-separated; "
                        "pass --delimiter if that is not the file's)"
                    )
                    continue
                cells = cells[: len(header)]
            out.append(cells + [""] * (len(header) - len(cells)))
            lines.append(line)
    except csv.Error as e:
        what = "a quoted field is never closed" if "end of data" in str(e) else f"not CSV ({e})"
        raise ConfigError(f"{source}: line {start + offset}: {what}") from None
    if errors:
        shown = errors[:_MAX_LISTED]
        if len(errors) > _MAX_LISTED:
            shown.append(f"... and {len(errors) - _MAX_LISTED} more lines")
        raise ConfigError(shown, source=source)
    return header, out, lines, delimiter
