"""Atomic writes that never clobber an input file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import MinestdError


#: The output name that means standard output (as in most command-line tools).
STDOUT = "-"


def is_stdout(output: str | Path | None) -> bool:
    return output is not None and str(output) == STDOUT


def guard_output(output: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse to write over any of ``inputs``; create the parent folder. ``-`` (standard output) passes."""
    if is_stdout(output):
        return Path(STDOUT)
    out = Path(output)
    for item in inputs:
        if item and out.exists() and Path(item).exists() and out.resolve() == Path(item).resolve():
            raise MinestdError(f"拒绝覆盖输入文件 {item} / refusing to overwrite the input file {item}",
                               "另选 --output 路径；minestd 从不修改输入文件 / choose another --output path; minestd "
                               "never modifies its input")
    if out.is_dir():
        raise MinestdError(f"{out}: 是文件夹，不是文件 / {out}: is a folder, not a file",
                           "给出文件名，如 --output gaps.json / give a file name, e.g. --output gaps.json")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MinestdError(f"{out}: 无法创建所在文件夹 / {out}: cannot create its folder ({exc.strerror or exc})",
                           "把 --output 设在有写入权限的文件夹中 / choose an --output in a folder you can write "
                           "to") from None
    return out


#: A temporary file of ours this old was left by a killed run (a live write takes seconds): the next write removes it.
STALE_AFTER_S = 600


def _remove_stale_temporaries(out: Path) -> None:
    """Remove ``.NAME.*.tmp`` files that a killed run left beside ``out`` (named by :func:`write_bytes`)."""
    import time

    now = time.time()
    for stale in out.parent.glob(f".{out.name}.*.tmp"):
        try:
            if now - stale.stat().st_mtime > STALE_AFTER_S:
                stale.unlink()
        except OSError:
            continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: str | Path, data: bytes, inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, then rename); ``-``: standard output."""
    if is_stdout(path):
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return Path(STDOUT)
    out = guard_output(path, inputs)
    _remove_stale_temporaries(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise MinestdError(f"{out}: 无法在此写入 / {out}: cannot write here ({exc.strerror or exc})",
                           "把 --output 设在有写入权限的文件夹中 / choose an --output in a folder you can write "
                           "to") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the user's usual permissions
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise MinestdError(f"{out}: 写入失败，未写入任何内容 / {out}: cannot write ({exc.strerror or exc}); "
                           "nothing was written", "腾出磁盘空间，或另选 --output / free some space or choose another "
                           "--output") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def write_text(path: str | Path, text: str, inputs: Iterable[str | Path] = (), encoding: str = "utf-8") -> Path:
    return write_bytes(path, text.encode(encoding), inputs)
