"""Raw input bytes -> what the store keeps (zlib format), as cheaply as the machine allows.

Compressing each raw page was the ingest writer's largest single cost (zlib
level 6: 2.8 ms for an average page of the extraction set, more than a third
of the main process's time per record; docs/scale.md).  ISA-L (``isal``, in
the ``scale`` extra) writes the same zlib format about ten times faster
(level 3: 0.48 ms, output 12% larger than zlib level 6 on the same pages), so
any zlib reader (``zlib.decompress``, the store's ``raw``, other tools) reads
it unchanged.  Without ``isal`` the standard library's zlib is used, as before.
Workers pack the bytes they extracted, so the writer only stores them.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import cache
from typing import Any

_ISAL_LEVEL = 3  # isal's best ratio; its levels 0-2 gain little speed for a larger output
_ZLIB_LEVEL = 6


@cache
def _compressor() -> Callable[[bytes], bytes]:
    try:
        from isal import isal_zlib
    except ImportError:
        return lambda data: zlib.compress(data, _ZLIB_LEVEL)
    return lambda data: isal_zlib.compress(data, _ISAL_LEVEL)


@cache
def _inflater_module() -> Any:
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib
    return isal_zlib


def pack(data: bytes) -> bytes:
    """``data`` compressed in the zlib format (``zlib.decompress`` gives it back)."""
    return _compressor()(data)


def decompressobj_gzip() -> Any:
    """A gzip-member inflater (``decompress``, ``eof``, ``unused_data``): ISA-L's where installed,
    about 2.5x zlib's speed on the pages here, else the standard library's."""
    return _inflater_module().decompressobj(wbits=31)


def inflate_error() -> tuple[type[BaseException], ...]:
    """What the inflater raises on corrupt input."""
    mod = _inflater_module()
    return (zlib.error, mod.error) if mod is not zlib else (zlib.error,)
