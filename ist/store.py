"""Reading and writing YAML: fast loads, round-trip edits, atomic locked writes.

Two loaders serve two needs. The C-backed safe loader is fast and is what
commands use to read data. The round-trip loader keeps comments, key order
and quoting, and knows the line and column of every key: it is used to
rewrite files users have edited and to point errors at the offending line.
Neither loader builds Python objects from tags, so a claim file cannot run code.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import io
import os
import signal
import stat
import tempfile
from pathlib import Path
from typing import Any, Iterator

from ist.errors import IstError

# A claim file is a few hundred nodes; a "billion laughs" document expands to billions.
MAX_NODES = 2_000_000
# Claim files nest about five levels; the C parser recurses per level and crashes
# the process (not an exception) somewhere past 20,000.
MAX_DEPTH = 1000
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ARTICLE_BYTES = 10 * 1024 * 1024
_MB = 1024 * 1024
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/claim-file.schema.json"


def _yaml(typ: str):
    from ruamel.yaml import YAML  # deferred: keeps `ist --help` fast

    y = YAML(typ=typ, pure=False)
    if typ == "rt":
        y.Representer, y.Emitter = _writers()
        y.preserve_quotes = True
        y.width = 100
        y.indent(mapping=2, sequence=4, offset=2)
    return y


# Characters the emitter breaks lines at but the reader folds into a space: in a plain or
# single-quoted scalar "a\x85b" would come back as "a b". Double quotes escape them.
_FOLDED_BREAKS = ("\x85", "\u2028", "\u2029")
# Inside `{...}` the C reader ends a plain scalar at these ("Ready?" in a text value),
# where the emitter would leave it plain.
_FLOW_INDICATORS = frozenset(":?,[]{}#")


@functools.cache
def _writers():
    """The round-trip representer and emitter, made to write only what the loaders read back the same."""
    from ruamel.yaml.emitter import Emitter
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        def represent_str(self, data: str):
            if any(c in data for c in _FOLDED_BREAKS):
                return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
            return super().represent_str(data)

    Representer.add_representer(str, Representer.represent_str)

    class FlowSafeEmitter(Emitter):
        def choose_scalar_style(self):
            style = super().choose_scalar_style()
            if style == "" and self.flow_level and not _FLOW_INDICATORS.isdisjoint(self.event.value):
                return "'" if self.analysis.allow_single_quoted else '"'
            return style

    return Representer, FlowSafeEmitter


def read_text(path: Path) -> str:
    """Read a YAML file as text, refusing what cannot be a claim file."""
    return decode(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    return read_capped(path, MAX_FILE_BYTES, "claim files", regular_only=True)


def read_capped(path: Path, limit: int, what: str, regular_only: bool = False) -> bytes:
    """A file's bytes, refusing files over `limit` (named as `what` in the error) and unreadable ones.

    Pipes and devices report no size, so at most `limit` + 1 bytes are ever read.
    `regular_only` refuses them outright: a named pipe among claim files would
    block every command until something writes to it.
    """
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IstError("is a folder, not a file", path)
        if regular_only and not stat.S_ISREG(st.st_mode):
            raise IstError("is not a regular file (a pipe or a device?)", path)
        if st.st_size > limit:
            raise IstError(f"file is {st.st_size // _MB} MB; {what} are at most {limit // _MB} MB", path)
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise unreadable(path, exc) from None
    if len(raw) > limit:
        raise IstError(f"more than {limit // _MB} MB; {what} are at most {limit // _MB} MB", path)
    return raw


def unreadable(path: Path, exc: OSError) -> IstError:
    if isinstance(exc, IsADirectoryError):
        return IstError("is a folder, not a file", path)
    return IstError(f"cannot read file: {exc.strerror or exc}", path)


def decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw:
        raise IstError("binary file (contains NUL bytes), not YAML", path, 1, 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise IstError("not valid UTF-8; save the file as UTF-8", path, line, 1) from None


def _parse(text: str, path: Path, typ: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    if typ == "safe":
        guard_depth(text, path)
    try:
        data = _yaml(typ).load(text)
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, path) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise IstError(f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}", path, line) from None
    except YAMLError as exc:
        raise IstError(f"invalid YAML: {str(exc).splitlines()[0]}", path) from None
    except RecursionError:
        raise IstError("invalid YAML: nested too deeply", path) from None
    except _CONSTRUCT_ERRORS:
        # A scalar that looks like a date or number but is none (`2025-13-45`, a 5,000-digit integer, `!!int ""`).
        raise _locate_bad_scalar(text, path, typ) from None
    guard_expansion(data, path)
    return data


# What the constructors raise, as plain Python errors, on a malformed scalar.
_CONSTRUCT_ERRORS = (ValueError, OverflowError, LookupError, TypeError)


def _syntax_error(exc, path: Path) -> IstError:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "could not determine a constructor" in problem or "tag" in (exc.problem or ""):
        problem = f"{problem}; tags that build objects are not allowed"
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    return IstError(f"invalid YAML: {problem}", path, line, col)


def _locate_bad_scalar(text: str, path: Path, typ: str) -> IstError:
    """Parse again, recording which node failed to construct, to name its line.

    Only on this error path: the constructor that records nodes costs a call per node.
    """
    from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor

    base = SafeConstructor if typ == "safe" else RoundTripConstructor

    class Locating(base):  # type: ignore[misc, valid-type]
        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep)
            except _CONSTRUCT_ERRORS as exc:
                value = node.value if isinstance(node.value, str) else ""
                shown = value if len(value) <= 40 else value[:40] + "…"
                tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
                reason = str(exc).split(";")[0]
                raise ConstructorError(None, None, f"cannot read {shown!r} as {tag}: {reason}", node.start_mark) from None

    y = _yaml(typ)
    y.Constructor = Locating
    try:
        y.load(text)
    except ConstructorError as exc:
        return _syntax_error(exc, path)
    return IstError("invalid YAML: a value cannot be read", path)


def guard_depth(text: str, path: Path) -> None:
    """Refuse documents nested deeper than MAX_DEPTH before the C parser builds them.

    Each level needs a `[` or `{`, or in block style more indentation, so most
    files are cleared by counting; the others are measured on the parser's
    event stream, which uses no recursion.
    """
    bound = text.count("[") + text.count("{") + 2 * max(map(len, text.split("\n"))) + 2
    if bound <= MAX_DEPTH:
        return
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    try:
        for event in _yaml("safe").parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise IstError(f"invalid YAML: nested more than {MAX_DEPTH} levels deep", path, mark.line + 1, mark.column + 1)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return  # a syntax error: the load that follows reports it with its line


def guard_expansion(data: Any, path: Path) -> None:
    """Refuse documents whose aliases expand past MAX_NODES (the "billion laughs" attack).

    Sizes are memoised per object, so the count is linear in the distinct nodes.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not done):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if done:
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            if total > MAX_NODES:
                raise IstError(f"YAML aliases expand to more than {MAX_NODES:,} nodes; refusing to load", path)
            sizes[id(node)] = total
        else:
            sizes[id(node)] = -1  # in progress: a self-referencing alias counts once
            stack.append((node, True))
            stack.extend((c, False) for c in children if isinstance(c, (dict, list)) and id(c) not in sizes)


def load_fast(path: Path, text: str | None = None) -> Any:
    return _parse(read_text(path) if text is None else text, path, "safe")


def load_roundtrip(path: Path, text: str | None = None) -> Any:
    """Load keeping comments and positions.

    The safe loader parses first: it refuses tags that would build objects (the
    round-trip loader would quietly keep them) and guards against alias bombs.
    """
    text = read_text(path) if text is None else text
    _parse(text, path, "safe")
    return _parse(text, path, "rt")


def dump_roundtrip(data: Any) -> str:
    buf = io.StringIO()
    _yaml("rt").dump(data, buf)
    return buf.getvalue()


def flow_map(data: dict) -> Any:
    """A mapping written on one line, as claim values are: `{kind: quantity, amount: 1200, unit: troops}`."""
    from ruamel.yaml.comments import CommentedMap

    m = CommentedMap((k, int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in data.items() if v is not None)
    m.fa.set_flow_style()
    return m


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over the target.

    A crash at any point leaves either the old file or the new one, never a torn one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); the result should have the mode the old
        # file had, or what a plain open() would give under the user's umask.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            _reached("temp-written")
            os.fsync(fh.fileno())
        _reached("fsynced")
        os.replace(tmp, path)
        _reached("renamed")
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# The steps of atomic_write a crash test can stop a writer at (see _reached).
WRITE_STEPS = ("temp-written", "fsynced", "renamed")


def _reached(step: str) -> None:
    """Stop here for good when IST_TEST_PAUSE_AT names this step: a fault-injection hook for crash tests.

    A test that kills a writer after a sleep hits a random point, or none at all on a
    slow or loaded machine, and then proves nothing. With the variable set, the writer
    announces the step on stderr and waits for a signal, so the test waits for that line
    and kills it exactly there. Unset, as always outside tests, it costs one dict lookup.
    """
    if os.environ.get("IST_TEST_PAUSE_AT") != step:
        return
    os.write(2, f"ist: paused at {step}\n".encode())
    while True:
        signal.pause()


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Serialize writers across processes with an advisory lock on one file per tracker."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def position(node: Any, loc: tuple[Any, ...]) -> tuple[int, int] | None:
    """The 1-based (line, column) of the key or item at `loc` in a round-trip document.

    Walks as deep as the document goes: a missing key points at its parent mapping.
    """
    best: tuple[int, int] | None = None
    for part in loc:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        try:
            if isinstance(node, dict) and part in node:
                line, col = lc.key(part)
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                line, col = lc.item(part)
                node = node[part]
            else:
                break
        except (KeyError, TypeError, IndexError):
            break
        best = (line + 1, col + 1)
    lc = getattr(node, "lc", None)
    if best is None and lc is not None and lc.line is not None:  # a tagged scalar has an lc without a line
        best = (lc.line + 1, (lc.col or 0) + 1)
    return best


@contextlib.contextmanager
def editing(path: Path, lock_path: Path, default: Any = None) -> Iterator[Any]:
    """Edit a YAML file in place, keeping its comments, key order and quoting.

    Yields the round-trip document (or `default` when the file does not exist);
    on leaving the block it is written back atomically. The lock is held for
    the whole read-modify-write, so concurrent edits never lose each other's changes.
    """
    with locked(lock_path):
        data = load_roundtrip(path) if path.exists() else default
        yield data
        atomic_write(path, dump_roundtrip(data))
