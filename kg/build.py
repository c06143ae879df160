"""Build the knowledge graph from curated records into a build folder, all or nothing.

A build folder holds one generation of outputs, always written together:

- ``store/``: the Oxigraph store every read command opens read-only (named graphs, and their
  union as the default graph, so nothing is parsed at query time);
- ``jejaring.trig`` (named graphs), ``jejaring.ttl`` (merged), ``stats.json``;
- ``jejaring.lbug``: the embedded Cypher database (:func:`kg.embedded.write_embedded`);
- ``answers/``: the stored answers of the parameter-free questions, SPARQL and (with the
  embedded database) ``answers/cypher/`` for its Cypher texts (:mod:`kg.answers`);
- ``manifest.json``: the inputs (paths relative to the folder, sizes, times and SHA-256), the
  project version, the counts and the hashes of the outputs.

:func:`build_outputs` reads and validates every record and the SHACL shapes **before** it
writes anything; then it writes every output into a fresh sibling folder
(``.NAME.tmp-PID``), syncs it to disk and swaps it in with one atomic exchange of names, so
a failure or a ``kill -9`` at any moment leaves the previous build whole. The next build
removes what an interrupted one left behind.

:func:`open_build` opens a build read-only and never writes: a missing, incomplete or
out-of-date folder is a :class:`~kg.errors.BuildError` that says to run ``kg build``.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pyoxigraph as ox

from kg.answers import ANSWERS_DIR, write_answers, write_cypher_answers
from kg.dataset import KnowledgeGraph
from kg.errors import BuildError, ValidationFailed

if TYPE_CHECKING:
    from kg.loaders.records import ReadRecords, RecordInput

__all__ = [
    "Build", "BuildResult", "build_graph", "build_outputs", "write_build", "open_build", "open_graph",
    "default_record_paths", "graph_stats", "build_inputs", "manifest_inputs",
    "DATASET_FILE", "TURTLE_FILE", "STATS_FILE", "MANIFEST_FILE", "STORE_DIR", "EMBEDDED_FILE", "FORMAT_VERSION",
]

DATASET_FILE = "jejaring.trig"
TURTLE_FILE = "jejaring.ttl"
STATS_FILE = "stats.json"
MANIFEST_FILE = "manifest.json"
STORE_DIR = "store"
EMBEDDED_FILE = "jejaring.lbug"  # the same name as kg.embedded.EMBEDDED_FILE (not imported: it is heavy)
FORMAT_VERSION = 2
"""The build format written: 2 lists the manifest's inputs field by field (1: one object per input)."""
_READABLE_FORMATS = (1, 2)  # they differ only in the shape of the manifest's inputs
_OUTPUT_NAMES = (STORE_DIR, DATASET_FILE, TURTLE_FILE, STATS_FILE, EMBEDDED_FILE, MANIFEST_FILE, ANSWERS_DIR)
_RUN_BUILD = "run `kg build`"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and counted."""

    output_dir: Path
    files: list[Path]
    stats: dict[str, object]
    warnings: list[str] = field(default_factory=list)


def default_record_paths() -> list[Path]:
    """Return the shipped seed records folder."""
    from kg.resources import project_data_dir

    return [project_data_dir() / "records"]


def _project_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jejaring")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0+unknown"


# -- making the dataset ---------------------------------------------------------------------

def build_graph(paths: Iterable[Path] | None = None) -> KnowledgeGraph:
    """Load records (and the ontology, the gazetteer and the places they name) into a new dataset.

    Args:
        paths: Record files or folders; the shipped seed records by default.

    Raises:
        RecordError: Any record is invalid; nothing is built.
    """
    return _read_and_load(paths)[1]


def _read_and_load(paths: Iterable[Path] | None, *, keep_items: bool = False) -> tuple[ReadRecords, KnowledgeGraph]:
    """Read every record (all problems reported together) and load them, as ``kg validate`` does."""
    from kg.validation import read_graph

    return read_graph(list(paths) if paths is not None else default_record_paths(), keep_items=keep_items)


def graph_stats(graph: KnowledgeGraph) -> dict[str, object]:
    """Return counts of the dataset: quads, named graphs, news sources, instances per class."""
    from kg.loaders.gazetteer import GAZETTEER_GRAPH

    sources = list(graph.iter_sources())
    return {
        "quads": len(graph),
        "named_graphs": len(graph.graph_names()),
        "news_sources": len([s for s in sources if s != str(GAZETTEER_GRAPH)]),
        "classes": graph.class_counts(),
    }


# -- inputs -------------------------------------------------------------------------------------

def _shipped_inputs() -> list[Path]:
    """The shipped files a build depends on besides the records: ontology and gazetteer data."""
    from kg.resources import ontology_dir, project_data_dir

    data = project_data_dir()
    return (sorted(ontology_dir().glob("*.ttl")) + sorted(data.glob("*.csv"))
            + sorted(data.glob("vocabulary.yaml")))


def _is_record_name(name: str) -> bool:
    """A ``*.yaml`` or ``*.yml`` name (as ``Path.suffix`` sees it), not the project vocabulary."""
    return ((name.endswith(".yaml") and len(name) > 5) or (name.endswith(".yml") and len(name) > 4)) \
        and name != "vocabulary.yaml"


def _walk_records(folder: str, times: dict[str, int] | None = None) -> Iterator[str]:
    """Every record file below ``folder`` (a string path), as ``Path.rglob`` finds them: hidden
    files included, symbolic links to folders not followed; unsorted.

    Args:
        folder: Where to look.
        times: Receives the modification time of every folder walked, taken before it is listed.
    """
    stack = [folder]
    while stack:
        current = stack.pop()
        if times is not None:
            times[current] = os.stat(current).st_mtime_ns
        with os.scandir(current) as entries:
            for entry in entries:
                if _is_record_name(entry.name):
                    yield entry.path
                if entry.is_dir() and not entry.is_symlink():
                    stack.append(entry.path)


def _record_files(paths: Iterable[Path], times: dict[str, int] | None = None) -> list[Path]:
    """Expand folders into their record files (sorted as paths sort), keeping files as given.

    :func:`kg.loaders.records.record_files` is this function; it lives here so that opening a
    build does not import the record loader (pydantic, YAML, the gazetteer): ``kg ask`` stays fast.

    Args:
        paths: Record files and folders.
        times: Receives the modification time of every folder walked (see :func:`_walk_records`).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(Path(p) for p in _walk_records(str(path), times)))
        else:
            files.append(path)
    return files


def build_inputs(paths: Iterable[Path] | None) -> tuple[list[Path], list[Path]]:
    """Return the record sources as given (files or folders) and every input file of a build."""
    sources = list(paths) if paths is not None else default_record_paths()
    return sources, [*_record_files(sources), *_shipped_inputs()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _relative(path: Path, base: Path) -> str:
    return os.path.relpath(path.resolve(), base.resolve())


class _RelativePaths:
    """Paths relative to a build folder, resolving each parent folder once (not every file).

    A file's own symbolic link is kept (``stat`` follows it); its folder is resolved, so the
    path still leads to it from the build folder whatever links lie on the way.
    """

    def __init__(self, base: Path) -> None:
        self.base = os.path.realpath(base)
        self.folders: dict[str, str] = {}

    def __call__(self, path: str | Path) -> str:
        folder, name = os.path.split(os.fspath(path))
        relative = self.folders.get(folder)
        if relative is None:
            relative = self.folders[folder] = os.path.relpath(os.path.realpath(folder or "."), self.base)
        return name if relative == "." else f"{relative}/{name}"


def _input_entries(inputs: Iterable[Path], records: Iterable[RecordInput], base: Path) -> dict[str, list[Any]]:
    """The manifest's inputs, records as they were read and the other files hashed now.

    One list per field (``path``, ``size``, ``mtime_ns``, ``sha256``), not one object per
    file: a 100,000-record manifest parses in a quarter of the time, and every read command
    parses it.
    """
    relative = _RelativePaths(base)
    read = {r.path: r for r in records}
    columns: dict[str, list[Any]] = {"path": [], "size": [], "mtime_ns": [], "sha256": []}
    for path in inputs:
        found = read.get(path)
        if found is not None:
            size, mtime_ns, sha256 = found.size, found.mtime_ns, found.sha256
        else:
            stat = path.stat()
            size, mtime_ns, sha256 = stat.st_size, stat.st_mtime_ns, _sha256(path)
        for field, value in (("path", relative(path)), ("size", size), ("mtime_ns", mtime_ns), ("sha256", sha256)):
            columns[field].append(value)
    return columns


def manifest_inputs(manifest: dict[str, Any]) -> Iterator[tuple[str, int, int, str]]:
    """The inputs a build's manifest lists: (path relative to the build folder, size,
    modification time in ns, SHA-256), in the order they were listed.

    Raises:
        KeyError, TypeError: The manifest has no well-formed inputs.
    """
    inputs = manifest["inputs"]
    if isinstance(inputs, list):  # format 1: one object per input
        return ((e["path"], e["size"], e["mtime_ns"], e["sha256"]) for e in inputs)
    paths, sizes, times, hashes = inputs["path"], inputs["size"], inputs["mtime_ns"], inputs["sha256"]
    if not len(paths) == len(sizes) == len(times) == len(hashes):
        raise TypeError("the inputs' lists differ in length")
    return zip(paths, sizes, times, hashes)


# -- writing, all or nothing -----------------------------------------------------------------

def _fsync_tree(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap the names ``a`` and ``b`` (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(output_dir: Path) -> list[Path]:
    """Folders an interrupted build of ``output_dir`` left behind (their process is gone)."""
    found = []
    for kind in ("tmp", "old"):
        for path in output_dir.parent.glob(f".{output_dir.name}.{kind}-*"):
            pid = path.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or int(pid) == os.getpid() or not _pid_alive(int(pid)):
                found.append(path)
    return found


def _check_replaceable(output_dir: Path) -> None:
    if not output_dir.exists():
        return
    if not output_dir.is_dir():
        raise BuildError(f"{output_dir} exists and is not a folder; choose another output")
    names = {p.name for p in output_dir.iterdir()}
    foreign = sorted(n for n in names if n not in _OUTPUT_NAMES and not n.startswith("."))
    if foreign:
        raise BuildError(f"{output_dir} holds files a build did not write ({', '.join(foreign[:5])}); "
                         "a build replaces the whole folder: choose another output or move them")


def _swap_in(tmp: Path, output_dir: Path) -> None:
    parent = output_dir.parent
    if not output_dir.exists():
        os.rename(tmp, output_dir)
    else:
        old = parent / f".{output_dir.name}.old-{os.getpid()}"
        if _exchange(tmp, output_dir):
            os.rename(tmp, old)  # tmp now holds the previous build
        else:
            os.rename(output_dir, old)
            os.rename(tmp, output_dir)
        _fsync_dir(parent)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(parent)


def _transaction(output_dir: Path, write: Callable[[Path], None]) -> None:
    """Run ``write(folder)`` on a fresh sibling folder of ``output_dir`` and swap it in."""
    output_dir = output_dir.absolute()
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create {output_dir.parent}: {exc.strerror}") from None
    _check_replaceable(output_dir)
    for leftover in _leftovers(output_dir):
        shutil.rmtree(leftover, ignore_errors=True)
    tmp = output_dir.parent / f".{output_dir.name}.tmp-{os.getpid()}"
    try:
        tmp.mkdir()
    except OSError as exc:
        raise BuildError(f"cannot write into {output_dir.parent}: {exc.strerror}") from None
    try:
        write(tmp)
        _fsync_tree(tmp)
        _swap_in(tmp, output_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_T = TypeVar("_T")


class _Background(Generic[_T]):
    """Run ``action`` in a thread; :meth:`result` waits for it and returns (or raises) what it did."""

    def __init__(self, action: Callable[[], _T], name: str = "jejaring-store") -> None:
        self._value: _T | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = action()
            except BaseException as exc:  # handed to the waiting thread
                self._error = exc

        self._thread = threading.Thread(target=run, name=name, daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Wait for the thread to end, whatever it did."""
        self._thread.join()

    def result(self) -> _T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set by the thread when it did not raise


def _write_store(graph: KnowledgeGraph, path: Path) -> int:
    """Write the on-disk store at ``path``: the dataset dumped as N-Quads beside it, bulk-loaded."""
    dump = path.parent / f".{path.name}.nq"
    try:
        graph.store.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
        disk = ox.Store(str(path))
        disk.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    finally:
        dump.unlink(missing_ok=True)
    disk.flush()
    disk.optimize()
    count = len(disk)
    del disk  # closes the store: nothing may hold it when the folder is renamed
    return count


def write_build(graph: KnowledgeGraph, output_dir: Path, *, embedded: bool = True,
                paths: Iterable[Path] | None = None, records: ReadRecords | None = None) -> BuildResult:
    """Write every output of ``graph`` into ``output_dir``, all or nothing.

    Args:
        graph: The (already validated) dataset.
        output_dir: The build folder; it is replaced as a whole.
        embedded: Also write the embedded Cypher database (``jejaring.lbug``).
        paths: The record files or folders the graph came from (the seed records by default),
            listed in the manifest.
        records: The records as they were read (:func:`kg.loaders.records.read_for_build`):
            their files, hashes and folders go into the manifest; when omitted, the files of
            ``paths`` are listed and hashed now.

    Raises:
        BuildError: The folder cannot be written, or holds files a build did not write.
        MirrorError: The embedded database could not be written; nothing changed.
    """
    record_inputs: list[RecordInput] = []
    folders: dict[str, int] = {}
    listed_ns = time.time_ns()
    if records is None:
        sources = list(paths) if paths is not None else default_record_paths()
        inputs = [*_record_files(sources, folders), *_shipped_inputs()]
    else:
        sources = list(paths) if paths is not None else default_record_paths()
        record_inputs, folders, listed_ns = records.inputs, records.folders, records.listed_ns
        inputs = [*(r.path for r in record_inputs), *_shipped_inputs()]
    stats = graph_stats(graph)
    target = output_dir.absolute()

    relative = _RelativePaths(target)

    def write(folder: Path) -> None:
        # Oxigraph loads the on-disk store without holding the GIL: it runs beside the rest
        store = _Background(lambda: _write_store(graph, folder / STORE_DIR))
        try:
            for name, fmt in ((DATASET_FILE, "trig"), (TURTLE_FILE, "ttl")):
                graph.serialize(fmt, folder / name)  # type: ignore[arg-type]
            (folder / STATS_FILE).write_bytes((json.dumps(stats, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
            if embedded:
                from kg.embedded import write_embedded

                write_embedded(graph, folder / EMBEDDED_FILE)
        except BaseException:
            store.wait()  # before the folder is removed
            raise
        store_quads = store.result()
        # the Cypher texts answered on the database just written (kg.answers), beside the SPARQL
        # ones: LadybugDB runs a query without holding the GIL (a 500-record build: 12.2 s to
        # 8.4 s). The answers folder and the modules both threads use are made here first, so
        # that neither thread creates or imports them halfway through the other.
        (folder / ANSWERS_DIR).mkdir()
        import kg.cypher_questions  # noqa: F401
        import kg.questions  # noqa: F401

        cypher = _Background(lambda: write_cypher_answers(folder / EMBEDDED_FILE, folder),
                             "jejaring-cypher-answers") if embedded else None
        try:
            answers = write_answers(graph, folder)
        except BaseException:
            if cypher is not None:
                cypher.wait()  # before the folder is removed
            raise
        if cypher is not None:
            answers += cypher.result()
        outputs = {name: {"size": (folder / name).stat().st_size, "sha256": _sha256(folder / name)}
                   for name in (DATASET_FILE, TURTLE_FILE, STATS_FILE, *((EMBEDDED_FILE,) if embedded else ()),
                                *answers)}
        manifest = {
            "format_version": FORMAT_VERSION,
            "project_version": _project_version(),
            "sources": [_relative(p, target) for p in sources],
            "inputs": _input_entries(inputs, record_inputs, target),
            # every record folder's time before it was listed: unchanged, no file came or went
            "folders": {relative(os.path.join(folder, "x"))[:-2] or ".": mtime for folder, mtime in folders.items()},
            "listed_ns": listed_ns,
            "counts": {**{k: v for k, v in stats.items() if k != "classes"}, "store_quads": store_quads},
            "outputs": outputs,
        }
        (folder / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n",
                                            encoding="utf-8")

    _transaction(target, write)
    files = [output_dir / name for name in (DATASET_FILE, TURTLE_FILE, STATS_FILE)]
    if embedded:
        files.append(output_dir / EMBEDDED_FILE)
    files += [output_dir / STORE_DIR, output_dir / MANIFEST_FILE]
    return BuildResult(output_dir=output_dir, files=files, stats=stats)


def build_outputs(paths: list[Path] | None, output_dir: Path, *, embedded: bool = True,
                  shacl: bool = True) -> BuildResult:
    """Read and validate the records, check the SHACL shapes, then write the build folder.

    Nothing is written unless every record is valid and the shapes hold.

    Args:
        paths: Record files or folders; the seed records by default.
        output_dir: The build folder (replaced as a whole).
        embedded: Also write the embedded Cypher database (``jejaring.lbug``).
        shacl: Check the SHACL shapes (turn off only for generated data that is known valid).

    Raises:
        RecordError: A record is invalid (every problem listed).
        ValidationFailed: The dataset violates the SHACL shapes (every violation listed).
    """
    read, graph = _read_and_load(paths, keep_items=shacl)
    warnings: list[str] = []
    if shacl:
        from kg.loaders.identity import identity_warnings
        from kg.validation import validate_graph

        items = read.items
        warnings = [str(w) for w in identity_warnings(items)]
        found = validate_graph(graph, items)
        warnings += [str(v) for v in found if v.severity != "Violation"]
        violations = [v for v in found if v.severity == "Violation"]
        if violations:
            listed = "\n".join(str(v) for v in violations[:50])
            more = f"\n… and {len(violations) - 50} more" if len(violations) > 50 else ""
            raise ValidationFailed(f"{len(violations)} SHACL violation(s); nothing was written:\n{listed}{more}")
    result = write_build(graph, output_dir, embedded=embedded, paths=paths, records=read)
    return BuildResult(output_dir=result.output_dir, files=result.files, stats=result.stats, warnings=warnings)


# -- reading ------------------------------------------------------------------------------------

class Build(KnowledgeGraph):
    """A build folder opened read-only: its store, manifest and embedded database.

    Use :func:`open_build`. Everything a :class:`~kg.dataset.KnowledgeGraph` answers works on
    the persistent store (``query``, ``serialize``, ``graph_names`` …); it must not be changed.
    """

    def __init__(self, build_dir: Path, store: ox.Store, manifest: dict[str, Any]) -> None:
        super().__init__(store)
        self.dir = build_dir
        self.manifest = manifest

    @property
    def embedded_path(self) -> Path:
        """The embedded Cypher database (``jejaring.lbug``) of this build."""
        return self.dir / EMBEDDED_FILE

    def __len__(self) -> int:
        return int(self.manifest["counts"]["quads"])

    def __repr__(self) -> str:
        return f"Build({str(self.dir)!r}, quads={len(self)})"


def _stale_input(path: str, size: int, mtime_ns: int, sha256: str, name: str, folder: int | None) -> str | None:
    """Why the input at ``path`` (``name`` in the open ``folder``), listed with ``size``,
    ``mtime_ns`` and ``sha256``, is stale, or None."""
    try:
        stat = os.stat(path) if folder is None else os.stat(name, dir_fd=folder)
    except OSError:
        return f"input {path} is gone"
    if stat.st_size == size and stat.st_mtime_ns == mtime_ns:
        return None
    if stat.st_size != size or _sha256(Path(path)) != sha256:
        return f"input {path} changed"
    return None


_RACY_NS = 2 * 10**9  # a folder changed this shortly before it was listed may change again unseen


def _folders_unchanged(prefix: str, manifest: dict[str, Any]) -> bool:
    """True when every record folder still has the time it had before the build listed it
    (so no file came or went), and none had changed just before."""
    folders = manifest.get("folders")
    listed_ns = manifest.get("listed_ns")
    if not isinstance(folders, dict) or not isinstance(listed_ns, int):
        return False
    for folder, mtime_ns in folders.items():
        try:
            if os.stat(prefix + folder).st_mtime_ns != mtime_ns or mtime_ns > listed_ns - _RACY_NS:
                return False
        except OSError:
            return False
    return True


def _check_manifest(build_dir: Path, manifest: dict[str, Any]) -> None:
    if manifest.get("format_version") not in _READABLE_FORMATS:
        raise BuildError(f"{build_dir} was written in build format {manifest.get('format_version')}, "
                         f"this version reads formats {', '.join(map(str, _READABLE_FORMATS))}; {_RUN_BUILD}")
    if manifest.get("project_version") != _project_version():
        raise BuildError(f"{build_dir} was built by jejaring {manifest.get('project_version')}, "
                         f"this is {_project_version()}; {_RUN_BUILD}")
    for name, entry in manifest["outputs"].items():
        path = build_dir / name
        if not path.is_file() or path.stat().st_size != entry["size"]:
            raise BuildError(f"{build_dir} is incomplete or damaged ({name}); {_RUN_BUILD}")
    prefix = os.path.join(str(build_dir), "")
    folders: dict[str, int | None] = {}  # each input folder opened once: a stat names the file only
    listed: set[str] = set()
    try:
        for path, size, mtime_ns, sha256 in manifest_inputs(manifest):
            listed.add(path)
            folder, _, name = path.rpartition("/")
            if folder not in folders:
                try:
                    folders[folder] = os.open(prefix + folder if folder else prefix, os.O_RDONLY | os.O_DIRECTORY)
                except OSError:
                    folders[folder] = None
            reason = _stale_input(prefix + path, size, mtime_ns, sha256, name, folders[folder])
            if reason is not None:
                raise BuildError(f"{build_dir} is out of date: {reason}; {_RUN_BUILD}")
    finally:
        for fd in folders.values():
            if fd is not None:
                os.close(fd)
    relative = _RelativePaths(build_dir)
    if not _folders_unchanged(prefix, manifest):
        for source in manifest["sources"]:
            path = prefix + source
            found = _walk_records(path) if os.path.isdir(path) else ()
            added = next((p for p in found if relative(p) not in listed), None)
            if added is not None:
                raise BuildError(f"{build_dir} is out of date: new input {added}; {_RUN_BUILD}")
    shipped = next((p for p in _shipped_inputs() if relative(p) not in listed), None)
    if shipped is not None:
        raise BuildError(f"{build_dir} is out of date: new input {shipped}; {_RUN_BUILD}")


def open_build(build_dir: Path) -> Build:
    """Open the build folder ``build_dir`` read-only; nothing in it (or anywhere) is written.

    The check is cheap: sizes and modification times of the inputs first, content hashes
    only for files whose size or time changed.

    Raises:
        BuildError: The folder is missing, incomplete or damaged, or its inputs changed since
            it was built; the message says to run ``kg build``.
    """
    manifest_path = build_dir / MANIFEST_FILE
    if not build_dir.is_dir():
        raise BuildError(f"no build folder at {build_dir}; {_RUN_BUILD} (or give --build-dir)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{build_dir} holds no finished build (no {MANIFEST_FILE}); {_RUN_BUILD}") from None
    except (OSError, ValueError) as exc:
        raise BuildError(f"{manifest_path} cannot be read ({exc}); {_RUN_BUILD}") from None
    try:
        _check_manifest(build_dir, manifest)
    except (KeyError, TypeError) as exc:
        raise BuildError(f"{manifest_path} is damaged (missing {exc}); {_RUN_BUILD}") from None
    try:
        store = ox.Store.read_only(str(build_dir / STORE_DIR))
    except (OSError, RuntimeError, ValueError) as exc:
        raise BuildError(f"the store in {build_dir} cannot be opened ({exc}); {_RUN_BUILD}") from None
    return Build(build_dir, store, manifest)


def open_graph(build_dir: Path, paths: list[Path] | None = None) -> Build:
    """Deprecated name of :func:`open_build` (``paths`` is ignored); it never builds.

    Raises:
        BuildError: As :func:`open_build`.
    """
    return open_build(build_dir)
