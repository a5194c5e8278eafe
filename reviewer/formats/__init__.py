"""Format registry: finds the format module for a file by content and extension."""

from __future__ import annotations

from pathlib import Path

from reviewer.core.errors import CorpusError, FormatError
from reviewer.core.model import Corpus, SegmentStatus
from reviewer.core.paths import check_destinations, is_stdin_path, open_regular
from reviewer.formats.android import AndroidFormat, read_android_pair
from reviewer.formats.base import CorpusStream, Format, atomic_write
from reviewer.formats.bundle import MANIFEST_SUFFIX, BundleFormat
from reviewer.formats.jsonpair import JsonPairFormat, is_json_messages, read_json_pair
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


# TSV last, so it is tried first: a .tsv file is TSV whatever its first cell looks like.
for _fmt in (LinePairFormat(), BundleFormat(), PoFormat(), TmxFormat(), Xliff12Format(), Xliff2Format(), AndroidFormat(),
             JsonPairFormat(), TsvFormat()):
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
    with open_regular(path, "corpus file") as fh:
        try:
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
    """Load a corpus from one file (any registered format), a folder holding a manifest, a
    source/target pair (two Android resource files, two ARB/JSON message files, or two
    line-aligned text files), or, with no arguments, the bundled article."""
    pair = _line_pair(path, source, target)
    if pair is not None:
        return _read_pair(*pair)
    p = _corpus_file(path)
    return detect_format(p).read(p)


def open_stream(
    path: str | Path | None = None,
    *,
    source: str | Path | None = None,
    target: str | Path | None = None,
) -> CorpusStream:
    """`load_corpus`'s corpus as a stream: line pairs and TSV are read as they are checked,
    other formats (app string pairs too) are loaded whole (their structure needs it)."""
    pair = _line_pair(path, source, target)
    if pair is not None:
        if _pair_kind(*pair) == LinePairFormat.name:
            return stream_line_pair(*pair)
        return CorpusStream.of(_read_pair(*pair))
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


def _app_kind(path: Path, what: str) -> str | None:
    """`android` for an Android resource file (a `<resources>` root), `json` for a file named
    like a message file (.arb, .json), None for anything else (a line-aligned text file)."""
    if is_json_messages(path):
        return JsonPairFormat.name
    with open_regular(path, what) as fh:
        try:
            head = fh.read(4096)
        except OSError as exc:
            raise CorpusError(f"cannot read {what}: {exc.strerror}", path=path) from None
    return AndroidFormat.name if AndroidFormat.sniff(path, head) else None


def _pair_kind(source: str | Path, target: str | Path) -> str:
    """Which format reads a --source/--target pair: both files must be of one kind."""
    src, tgt = Path(source), Path(target)
    if is_stdin_path(src) or is_stdin_path(tgt):  # read once, as line pairs are: no sniffing
        return LinePairFormat.name
    kinds = _app_kind(src, "source file"), _app_kind(tgt, "target file")
    if kinds[0] != kinds[1]:
        names = {AndroidFormat.name: "an Android string resource file", JsonPairFormat.name: "an ARB/JSON message file",
                 None: "a plain-text file"}
        raise CorpusError(f"--source is {names[kinds[0]]} but --target is {names[kinds[1]]}; give two files of "
                          "the same kind", path=tgt)
    return kinds[0] or LinePairFormat.name


def _read_pair(source: str | Path, target: str | Path) -> Corpus:
    """A --source/--target pair read by the format its files are in."""
    kind = _pair_kind(source, target)
    if kind == AndroidFormat.name:
        return read_android_pair(source, target)
    if kind == JsonPairFormat.name:
        return read_json_pair(source, target)
    return read_line_pair(source, target)


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
    open_regular(p, "corpus file").close()  # missing, a FIFO, a device: refused before any reading
    if is_stdin_path(p):
        raise CorpusError("a corpus file is read more than once (its format is found from its first bytes), "
                          "so it cannot be standard input; give a file, or --source/--target", path=p)
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


def input_files(corpus: Corpus) -> list[Path]:
    """Every file the corpus was read from (for a bundle: the manifest and the files it names),
    and the glossaries it names: files that no output may overwrite."""
    fmt = FORMATS.get(corpus.format)
    files = fmt.input_files(corpus) if fmt is not None else ([corpus.path] if corpus.path else [])
    return [*files, *corpus.glossaries]


def target_names(corpus: Corpus) -> list[str]:
    """The names of the files `render_target` returns for this corpus."""
    try:
        fmt = FORMATS[corpus.format]
    except KeyError:
        raise FormatError(f"no writer for format {corpus.format!r}") from None
    return fmt.target_names(corpus)


def target_paths(corpus: Corpus, out: str | Path) -> list[Path]:
    """Where `write_target` writes: into `out` if it is a folder, else `out` itself."""
    names = target_names(corpus)
    out_path = Path(out)
    if out_path.is_dir() or len(names) > 1:
        return [out_path / name for name in names]
    return [out_path]


def write_target(
    corpus: Corpus, targets: dict[str, str], out: str | Path, statuses: dict[str, SegmentStatus] | None = None,
    *, inputs: list[Path] | None = None,
) -> list[Path]:
    """Write the corrected target atomically: into `out` if it is a folder, else as `out`.

    Writing onto one of the corpus's files or `inputs` (glossaries, a session store), onto
    something that is not a regular file, or where files cannot be created, is refused with a
    ReviewerError before anything is written (`check_destinations`)."""
    paths = target_paths(corpus, out)
    check_destinations(paths, [*input_files(corpus), *(inputs or [])])
    files = render_target(corpus, targets, statuses)
    for path, data in zip(paths, files.values(), strict=True):
        atomic_write(path, data)
    return paths


__all__ = ["FORMATS", "CorpusStream", "Format", "bundled_corpus_path", "detect_format", "input_files", "load_corpus",
           "open_stream", "render_target", "target_names", "target_paths", "write_target"]
