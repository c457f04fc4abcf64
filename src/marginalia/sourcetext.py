"""Reading a contributor's text file: UTF-8, or an error at the line of the first bad byte."""

from __future__ import annotations

from pathlib import Path


def read_utf8(path: Path | str, shown: str, error: type[Exception] = ValueError) -> str:
    """The text of ``path``; ``error`` (``shown`` at the line of the first byte that is not
    UTF-8, with how to fix it) if it is not UTF-8."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as fault:
        line = data.count(b"\n", 0, fault.start) + 1
        raise error(
            f"{shown}:{line}: not UTF-8 text (byte 0x{data[fault.start]:02x}); "
            "re-save the file as UTF-8 (in most editors: 'Save with encoding', UTF-8)"
        ) from None
