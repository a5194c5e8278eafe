"""Where reviewer may read and write: regular files only, and never onto its own inputs.

Reading a FIFO or a device would block or never end, and writing over one would replace it
with a regular file; writing onto an input (named directly, through a folder, a symbolic link
or a hard link) would destroy what is being reviewed. These checks run before any work.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reviewer.core.errors import CorpusError, ReviewerError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file of this `st_mode` is, in words ("a named pipe (FIFO)"); "a regular file" for one."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def is_stdin(st: os.stat_result) -> bool:
    """Whether a file (its `os.stat`) is this process's standard input (`/dev/stdin`)."""
    try:
        fd0 = os.fstat(0)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (fd0.st_dev, fd0.st_ino)


def is_stdin_path(path: str | Path) -> bool:
    """Whether a path names this process's standard input, which can be read only once."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and is_stdin(st)


def open_regular(path: str | Path, what: str = "file", error: type[ReviewerError] = CorpusError) -> BinaryIO:
    """Open a file for reading in binary. A missing file, a folder, a FIFO, a device or a socket
    (they would block or never end) raises `error` naming the path, unless it is stdin."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise error(f"{what} not found", path=p) from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", path=p) from None
    _require_regular(st, p, what, error)
    try:
        # Non-blocking, so that a FIFO swapped in since the stat cannot hang the open.
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", path=p) from None
    try:
        _require_regular(os.fstat(fd), p, what, error)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _require_regular(st: os.stat_result, path: Path, what: str, error: type[ReviewerError]) -> None:
    if stat.S_ISREG(st.st_mode):
        return
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{what} is a directory, expected a file", path=path)
    if not is_stdin(st):
        raise error(f"{what} is {file_kind(st.st_mode)}, not a regular file", path=path)


# ---------------------------------------------------------------------------------------------
# Writing

#: Marks the temporary files reviewer creates (`atomic_write`'s and the writability probe's),
#: so that cleaning up never touches a file of the user's.
TEMP_MARK = ".~reviewer-"


class _Refused(ReviewerError):
    """An output that must not be written (the message says why)."""


def _refuse(out: Path, why: str) -> _Refused:
    return _Refused(f"refusing to write {out}: {why}")


def check_destinations(outputs: Iterable[str | Path], inputs: Iterable[str | Path]) -> None:
    """Refuse, with a ReviewerError naming the path, to write any of `outputs` that is one of
    `inputs` (by resolved path, or by device and inode: symbolic and hard links are caught),
    that exists and is not a regular file (a folder, a FIFO, a device), that is listed twice,
    or whose folder is not a folder or cannot be written. Nothing is written but a probe
    file, created and removed at once, in each destination folder."""
    by_inode: dict[tuple[int, int], Path] = {}
    by_real: dict[str, Path] = {}
    for item in inputs:
        p = Path(item)
        try:
            found = os.stat(p)
        except OSError:
            continue  # an input that is not there cannot be overwritten
        by_inode.setdefault((found.st_dev, found.st_ino), p)
        by_real.setdefault(os.path.realpath(p), p)
    written: set[str] = set()
    probed: set[str] = set()
    for item in outputs:
        out = Path(item)
        real = os.path.realpath(out)
        if real in by_real:
            raise _refuse(out, f"it is the input file {by_real[real]}")
        if real in written:
            raise _refuse(out, "another output of this command is the same file")
        written.add(real)
        try:
            st: os.stat_result | None = os.stat(out)
        except FileNotFoundError:
            st = None
        except NotADirectoryError:
            raise _refuse(out, f"{_first_non_folder(Path(real).parent)} is not a folder") from None
        except OSError as exc:
            raise _refuse(out, exc.strerror or str(exc)) from None
        if st is not None:
            if (st.st_dev, st.st_ino) in by_inode:
                raise _refuse(out, f"it is the input file {by_inode[(st.st_dev, st.st_ino)]}")
            if not stat.S_ISREG(st.st_mode):
                raise _refuse(out, f"it is {file_kind(st.st_mode)}, not a regular file")
        folder = _existing_ancestor(Path(real).parent)
        if not folder.is_dir():
            raise _refuse(out, f"{folder} is not a folder")
        if str(folder) not in probed:
            problem = _cannot_create_in(folder)
            if problem is not None:
                raise _refuse(out, f"cannot create files in {folder} ({problem})")
            probed.add(str(folder))


def check_folder_destination(folder: str | Path, names: Iterable[str], inputs: Iterable[str | Path]) -> list[Path]:
    """`check_destinations` for files written into a folder; returns their paths. The folder
    may be missing (it is created), but not something other than a folder."""
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise _refuse(out, "it exists and is not a folder")
    paths = [out / name for name in names]
    check_destinations(paths, inputs)
    return paths


def _existing_ancestor(folder: Path) -> Path:
    """The folder itself if it exists, else its nearest ancestor that does (which may be a file)."""
    while not os.path.lexists(folder) and folder.parent != folder:
        folder = folder.parent
    return folder


def _first_non_folder(folder: Path) -> Path:
    """The first component of a path that exists and is not a folder (else the path itself)."""
    for part in reversed([folder, *folder.parents]):
        if os.path.lexists(part) and not part.is_dir():
            return part
    return folder


def _cannot_create_in(folder: Path) -> str | None:
    """Why a file cannot be created in a folder (None: it can). Tried for real: access(2)
    says yes to root in /proc, and to anyone on some network file systems."""
    probe = folder / f"{TEMP_MARK}probe-{os.getpid()}-{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        return exc.strerror or str(exc)
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass
    return None


#: reviewer's own package folder (the bundled article is installed inside it).
_PACKAGE = Path(__file__).resolve().parents[1]


def is_installed_file(path: str | Path) -> bool:
    """Whether a file is part of an installation (this package's folder, or any `site-packages`
    or `dist-packages`): nothing of the user's may be kept beside it, since a reinstall or
    removing the virtual environment deletes it."""
    resolved = Path(path).resolve()
    return resolved.is_relative_to(_PACKAGE) or any(part in ("site-packages", "dist-packages")
                                                     for part in resolved.parts)
