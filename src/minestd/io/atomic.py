"""Atomic writes that never clobber an input file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import MinestdError


def guard_output(output: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse to write over any of ``inputs``; create the parent folder."""
    out = Path(output)
    for item in inputs:
        if item and out.exists() and Path(item).exists() and out.resolve() == Path(item).resolve():
            raise MinestdError(f"refusing to overwrite the input file {item}",
                               "choose another --output path; minestd never modifies its input")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: str | Path, data: bytes, inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, then rename)."""
    out = guard_output(path, inputs)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the user's usual permissions
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def write_text(path: str | Path, text: str, inputs: Iterable[str | Path] = (), encoding: str = "utf-8") -> Path:
    return write_bytes(path, text.encode(encoding), inputs)
