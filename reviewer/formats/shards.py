"""Shards of a large corpus, each read whole by one task: `id<TAB>source<TAB>target` TSV files
(optionally gzip-compressed) and Parquet files with `id`, `source` and `target` columns.

A shard is read into (id, source, target) tuples, which is what the corpus passes read and what
pickles fastest. Errors name the shard's file (and the line, for TSV). Parquet needs `pyarrow`,
imported only when a Parquet shard is read: the base install has none.
"""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.errors import CorpusError, ReviewerError
from reviewer.formats.base import BOM, iter_text_lines
from reviewer.formats.tsv import parse_rows

Pair = tuple[str, str, str]
"""A segment of a shard: (id, source, target)."""

#: Name endings of the shard kinds, longest first (the one that matches is cut off the shard's name).
TSV_SUFFIXES = (".tsv.gz", ".tab.gz", ".tsv", ".tab")
PARQUET_SUFFIXES = (".parquet", ".pq")
COLUMNS = ("id", "source", "target")

DASK_HINT = 'pip install "reviewer[dask]"'


def expand_shards(pattern: str) -> list[Path]:
    """The files a glob names, sorted (`**` reaches into subfolders); folders are left out.
    Nothing matching, or a file that is not a shard, is an error naming it."""
    found = sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not found:
        raise CorpusError(f"no shard matches {pattern!r} (quote the pattern, so that the shell leaves it to reviewer)")
    for path in found:
        shard_name(path)  # (a file of another kind fails here, before any work)
    return found


def shard_name(path: Path) -> str:
    """A shard's name: its file name without the shard suffix (`part-07.tsv.gz` → `part-07`)."""
    lower = path.name.lower()
    for suffix in TSV_SUFFIXES + PARQUET_SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return path.name[: -len(suffix)]
    raise CorpusError("not a shard: expected a .tsv, .tsv.gz or .parquet file", path=path)


def read_shard(path: str | Path) -> list[Pair]:
    """Every segment of a shard, in file order."""
    p = Path(path)
    lower = p.name.lower()
    if lower.endswith(PARQUET_SUFFIXES):
        return _read_parquet(p)
    shard_name(p)
    lines = _gzip_lines(p) if lower.endswith(".gz") else iter_text_lines(p, what="shard")
    out: list[Pair] = []
    for row in parse_rows(lines, p):
        if not isinstance(row, tuple):  # the header row
            continue
        index, seg_id, source, target, columns = row
        if columns != 3:
            raise CorpusError(f"expected 3 tab-separated columns (id, source, target), found {columns}",
                              path=p, line=index + 1)
        out.append((seg_id, source, target))
    return out


def _gzip_lines(path: Path) -> Iterator[str]:
    """The lines of a gzip-compressed UTF-8 file, by the rules of `iter_text_lines` (only LF
    ends a line, CR LF accepted, a BOM stripped); errors name the file and the line."""
    number = 0
    try:
        with gzip.open(path, "rb") as fh:
            for raw in fh:
                number += 1
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise CorpusError(f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                                      path=path, line=number) from None
                if number == 1:
                    line = line.removeprefix(BOM)
                if line.endswith("\n"):
                    line = line[:-2] if line.endswith("\r\n") else line[:-1]
                yield line
    except FileNotFoundError:
        raise CorpusError("shard not found", path=path) from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise CorpusError(f"not a readable gzip file ({exc})", path=path, line=number + 1) from None
    except OSError as exc:
        raise CorpusError(f"cannot read shard: {exc.strerror or exc}", path=path) from None


def _read_parquet(path: Path) -> list[Pair]:
    """The `id`, `source` and `target` columns of a Parquet file (other columns are not read)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ReviewerError(f"{path}: reading Parquet shards needs pyarrow: {DASK_HINT}") from None
    try:
        names = set(pq.read_schema(path).names)
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise CorpusError(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                              f"(a shard needs {', '.join(COLUMNS)})", path=path)
        table = pq.read_table(path, columns=list(COLUMNS))
    except FileNotFoundError:
        raise CorpusError("shard not found", path=path) from None
    except CorpusError:
        raise
    except Exception as exc:  # (pyarrow's errors have no common base but Exception)
        raise CorpusError(f"not a readable Parquet file ({type(exc).__name__}: {exc})", path=path) from None
    ids, sources, targets = (table.column(c).to_pylist() for c in COLUMNS)
    out: list[Pair] = []
    seen: set[str] = set()
    for row, (seg_id, source, target) in enumerate(zip(ids, sources, targets), start=1):
        if seg_id is None or source is None or target is None:
            empty = COLUMNS[[seg_id, source, target].index(None)]
            raise CorpusError(f"row {row}: no {empty} (null)", path=path)
        seg_id = str(seg_id).strip()
        if not seg_id:
            raise CorpusError(f"row {row}: empty segment id", path=path)
        if seg_id in seen:
            raise CorpusError(f"row {row}: duplicate segment id {seg_id!r}", path=path)
        seen.add(seg_id)
        if not isinstance(source, str) or not isinstance(target, str):
            raise CorpusError(f"row {row}: source and target must be text", path=path)
        out.append((seg_id, source, target))
    return out


__all__ = ["COLUMNS", "DASK_HINT", "Pair", "expand_shards", "read_shard", "shard_name"]
