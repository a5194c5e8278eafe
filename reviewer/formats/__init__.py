"""Format registry: finds the format module for a file by content and extension."""

from __future__ import annotations

from pathlib import Path

from reviewer.core.errors import CorpusError, FormatError
from reviewer.core.model import Corpus, SegmentStatus
from reviewer.formats.base import CorpusStream, Format, atomic_write
from reviewer.formats.bundle import MANIFEST_SUFFIX, BundleFormat
from reviewer.formats.linepair import LinePairFormat, read_line_pair, stream_line_pair
from reviewer.formats.po import PoFormat
from reviewer.formats.tmx import TmxFormat
from reviewer.formats.tsv import TsvFormat
from reviewer.formats.xliff2 import Xliff2Format
from reviewer.formats.xliff12 import Xliff12Format

#: Registered formats, most specific first.
FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format to the registry (later registrations are tried first)."""
    FORMATS[fmt.name] = fmt
    return fmt


for _fmt in (LinePairFormat(), TsvFormat(), BundleFormat(), PoFormat(), TmxFormat(), Xliff12Format(), Xliff2Format()):
    register(_fmt)


def bundled_corpus_path() -> Path:
    """The manifest of the bundled article (installed package data, or the source checkout)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_bundled" / "corpus", here.parent / "corpus"):
        manifests = sorted(candidate.glob(f"*{MANIFEST_SUFFIX}")) if candidate.is_dir() else []
        if manifests:
            return manifests[0]
    raise CorpusError("the bundled corpus is missing from this installation; reinstall reviewer")


def detect_format(path: Path) -> Format:
    """Pick the format for a file: content sniffing first, then the extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise CorpusError(f"cannot read: {exc.strerror}", path=path) from None
    for fmt in reversed(FORMATS.values()):
        if fmt.sniff(path, head):
            return fmt
    name = path.name.lower()
    for fmt in reversed(FORMATS.values()):
        if any(name.endswith(ext) for ext in fmt.extensions):
            return fmt
    known = ", ".join(sorted({ext for fmt in FORMATS.values() for ext in fmt.extensions}))
    raise FormatError(f"unrecognised corpus format (known: {known}; or use --source/--target)", path=path)


def load_corpus(
    path: str | Path | None = None,
    *,
    source: str | Path | None = None,
    target: str | Path | None = None,
) -> Corpus:
    """Load a corpus from one file (any registered format), a folder holding a manifest,
    a source/target pair of line-aligned files, or, with no arguments, the bundled article."""
    pair = _line_pair(path, source, target)
    if pair is not None:
        return read_line_pair(*pair)
    p = _corpus_file(path)
    return detect_format(p).read(p)


def open_stream(
    path: str | Path | None = None,
    *,
    source: str | Path | None = None,
    target: str | Path | None = None,
) -> CorpusStream:
    """`load_corpus`'s corpus as a stream: line pairs and TSV are read as they are checked,
    other formats are loaded whole (their structure needs it)."""
    pair = _line_pair(path, source, target)
    if pair is not None:
        return stream_line_pair(*pair)
    p = _corpus_file(path)
    return detect_format(p).open_stream(p)


def _line_pair(path: str | Path | None, source: str | Path | None,
               target: str | Path | None) -> tuple[str | Path, str | Path] | None:
    """The source and target files when the corpus is a line-aligned pair (None when it is not)."""
    if source is None and target is None:
        return None
    if path is not None:
        raise CorpusError("give either a corpus file or --source/--target, not both")
    if source is None or target is None:
        raise CorpusError("--source and --target must be given together")
    return source, target


def _corpus_file(path: str | Path | None) -> Path:
    """The file a corpus argument names: the bundled article by default, a folder's manifest."""
    if path is None:
        path = bundled_corpus_path()
    p = Path(path)
    if p.is_dir():
        manifests = sorted(p.glob(f"*{MANIFEST_SUFFIX}"))
        if len(manifests) != 1:
            raise CorpusError(
                f"folder holds {len(manifests)} corpus manifests (*{MANIFEST_SUFFIX}); name one", path=p
            )
        p = manifests[0]
    if not p.exists():
        raise CorpusError("corpus file not found", path=p)
    return p


def render_target(
    corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
) -> dict[str, bytes]:
    """Files holding the corpus with corrected targets, in the layout of the input.

    `statuses` (segment id to status) is written by formats that carry states (XLIFF, PO);
    the others ignore it."""
    try:
        fmt = FORMATS[corpus.format]
    except KeyError:
        raise FormatError(f"no writer for format {corpus.format!r}") from None
    return fmt.render_target(corpus, targets, statuses=statuses)


def write_target(
    corpus: Corpus, targets: dict[str, str], out: str | Path, statuses: dict[str, SegmentStatus] | None = None
) -> list[Path]:
    """Write the corrected target atomically: into `out` if it is a folder, else as `out`."""
    files = render_target(corpus, targets, statuses)
    out_path = Path(out)
    written: list[Path] = []
    if out_path.is_dir() or len(files) > 1:
        for name, data in files.items():
            atomic_write(out_path / name, data)
            written.append(out_path / name)
    else:
        (data,) = files.values()
        atomic_write(out_path, data)
        written.append(out_path)
    return written


__all__ = ["FORMATS", "CorpusStream", "Format", "bundled_corpus_path", "detect_format", "load_corpus", "open_stream", "render_target", "write_target"]
