"""Pagefind's bundle made the same for the same site: its filter indexes put in one order.

Pagefind keeps a filter's values (``tag: power``, ``tag: coercion``...) in a Rust hash map,
whose order changes from run to run, so two builds of the same site write different filter
files; their names are hashes of their contents, so the language's metadata file, which
lists them, and ``pagefind-entry.json``, which names that, change too (Pagefind issue #638:
since 1.3 the fragments are stable, "other files will still change, such as the
filter/metadata indexes"). The values are only looked up by name, so sorting them changes
nothing for a reader: each filter file is written again with its values in order, and the
names that point at it follow.

The files are gzip-compressed CBOR behind a ``pagefind_dcd`` signature. Only the part of
CBOR that these two kinds of file use is read and written here: integers, text, byte
strings and arrays. Anything else leaves the bundle as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class _Unexpected(ValueError):
    """A file is not shaped as this module knows Pagefind's to be."""


def stabilise_bundle(bundle: Path) -> bool:
    """Rewrite the filter indexes of ``bundle`` (``site/pagefind``) in a fixed order.

    Returns False, leaving every file as it was, if the bundle is not as expected (another
    Pagefind version may have changed its format).
    """
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        writes: dict[Path, bytes] = {}
        removals: set[Path] = set()
        for language in entry["languages"].values():
            meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
            meta = _read(meta_file)
            filters = meta[3]
            if not isinstance(filters, list):
                raise _Unexpected("the metadata holds no list of filters")
            for pair in filters:
                old = bundle / "filter" / f"{pair[1]}.pf_filter"
                name, values = _read(old)
                ordered = sorted(values, key=lambda value: value[0])
                data = _pack([name, ordered])
                pair[1] = _name(pair[1], data, 7)
                removals.add(old)
                writes[bundle / "filter" / f"{pair[1]}.pf_filter"] = data
            filters.sort(key=lambda pair: pair[0])
            data = _pack(meta)
            language["hash"] = _name(language["hash"], data, 10)
            removals.add(meta_file)
            writes[bundle / f"pagefind.{language['hash']}.pf_meta"] = data
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    for path in removals - set(writes):
        path.unlink()
    for path, data in writes.items():
        path.write_bytes(data)
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (bundle / ENTRY).write_text(text, encoding="utf-8")
    return True


def _name(old: str, data: bytes, digits: int) -> str:
    """``en_<hash>``: the language prefix Pagefind gave it, a hash of the new contents."""
    prefix = old.rsplit("_", 1)[0]
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unexpected(f"{path.name} has no Pagefind signature")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise _Unexpected(f"{path.name} has bytes after its value")
    return value


def _pack(value: Any) -> bytes:
    # mtime=0: the same bytes whenever they are written.
    return gzip.compress(SIGNATURE + _encode(value), compresslevel=9, mtime=0)


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise _Unexpected(f"CBOR item {head:#x} (indefinite length) is not supported")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major == 2:
        return bytes(data[at : at + number]), at + number
    if major == 3:
        return data[at : at + number].decode("utf-8"), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise _Unexpected(f"CBOR major type {major} is not supported")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise _Unexpected("CBOR simple values are not supported")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise _Unexpected(f"cannot write {type(value).__name__} as CBOR")


def _head(major: int, number: int) -> bytes:
    """The shortest head for ``number``, as CBOR's preferred serialisation asks."""
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise _Unexpected(f"{number} is too large for CBOR")
