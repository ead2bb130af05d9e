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
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Callable, Iterator

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
        # Never re-wrap: a rewrite must change only the lines it edits, and users keep
        # long quotes on one line so a diff shows which quote changed.
        y.width = 1_000_000
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

        def represent_none(self, data):
            # The round-trip default writes an empty value (`outlet:`); files say `null`.
            return self.represent_scalar("tag:yaml.org,2002:null", "null")

    Representer.add_representer(str, Representer.represent_str)
    Representer.add_representer(type(None), Representer.represent_none)

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


def flow_seq(items: list) -> Any:
    """A list written on one line: `aliases: [US, USA]`."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over the target.

    A crash at any point leaves either the old file or the new one, never a torn one.
    Inside `all_or_nothing()` the old file is kept aside, to be put back if the command fails.
    """
    refuse_folder(path)
    try:
        make_dirs(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise unwritable(path, exc) from None
    try:
        # mkstemp makes the file private (0600); the result should have the mode the old
        # file had, or what a plain open() would give under the user's umask.
        os.fchmod(fd, _mode_for(path))
        binary = isinstance(text, bytes)
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            _reached("temp-written")
            os.fsync(fh.fileno())
        _reached("fsynced")
        _keep_aside(path)
        os.replace(tmp, path)
        _reached("renamed")
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise unwritable(path, exc) from None
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise IstError("is a folder; give the name of a file to write", path)


def unwritable(path: Path, exc: OSError) -> IstError:
    return IstError(f"cannot write file: {exc.strerror or exc}", path)


def make_dirs(folder: Path) -> None:
    """mkdir -p, remembering (inside `all_or_nothing()`) the folders it made, to remove them if the command fails."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    undo = _UNDO.get()
    if undo is not None:
        undo.extend(("folder", f, None) for f in reversed(missing))


# What the current `all_or_nothing()` block has done, to undo: ("file", path, kept-aside copy or None) and ("folder", path, None).
_UNDO: ContextVar[list[tuple[str, Path, Path | None]] | None] = ContextVar("ist_undo", default=None)


def _keep_aside(path: Path) -> None:
    """Inside `all_or_nothing()`: hard-link the file about to be replaced, so putting it back is a rename.

    A rename needs no free space: the old file comes back even on a full disk.
    """
    undo = _UNDO.get()
    if undo is None:
        return
    if not path.exists():
        undo.append(("file", path, None))
        return
    kept = path.with_name(f".{path.name}.{os.getpid()}.{len(undo)}.old")
    os.link(path, kept)
    undo.append(("file", path, kept))


@contextlib.contextmanager
def all_or_nothing() -> Iterator[None]:
    """Files written in the block are all kept, or, if it fails, all put back as they were.

    A command that writes several files (a seed text and its claim file; new
    actors too) must not leave half of them behind: the retry would find them.
    """
    undo: list[tuple[str, Path, Path | None]] = []
    token = _UNDO.set(undo)
    try:
        yield
    except BaseException:
        for kind, path, kept in reversed(undo):
            with contextlib.suppress(OSError):
                if kind == "folder":
                    path.rmdir()  # only if still empty
                elif kept is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(kept, path)
        raise
    else:
        for _, _, kept in undo:
            if kept is not None:
                with contextlib.suppress(OSError):
                    kept.unlink()
    finally:
        _UNDO.reset(token)


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
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(lock_path, "a")
    except OSError as exc:
        raise IstError(f"cannot take the tracker's write lock: {exc.strerror or exc}", lock_path) from None
    with fh:
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
def editing(path: Path, lock_path: Path | None, default: Any = None, fresh: Callable[[], Any] | None = None) -> Iterator[Any]:
    """Edit a YAML file in place, changing only the lines the edit changes.

    Yields the round-trip document (or `default` when the file does not exist;
    `fresh()` when it does not exist or holds no document); on leaving the
    block the file is written back atomically, and not at all when nothing
    changed. The lock is held for the whole read-modify-write, so concurrent
    edits never lose each other's changes; `lock_path` None says the caller holds it already.
    """
    with locked(lock_path) if lock_path is not None else contextlib.nullcontext():
        original = read_text(path) if path.exists() else None
        data = load_roundtrip(path, original) if original is not None else default
        if data is None and fresh is not None:
            data = fresh()
        before = dump_roundtrip(data)
        yield data
        after = dump_roundtrip(data)
        if original is None or after != before:
            atomic_write(path, after if original is None else keep_untouched_lines(original, before, after))


def keep_untouched_lines(original: str, before: str, after: str) -> str:
    """`after`, with every line the edit left alone taken from `original` as written.

    `before` and `after` are the document dumped before and after the edit. A
    hand-written file need not dump back byte for byte (`key:` for `key: null`,
    other indentation), and a rewrite must not show such lines as changed: each
    hunk of the edit is applied to `original` instead, where the lines it
    replaces are written exactly as dumped. When a hunk falls on lines written
    otherwise, or the result would not read back as `after`, it is `after` itself.
    """
    if original == before:
        return after
    from difflib import SequenceMatcher

    orig, was, now = (t.splitlines(keepends=True) for t in (original, before, after))
    at: dict[int, int] = {}  # line of `before` -> the same line in `original`
    for tag, i1, i2, j1, _ in SequenceMatcher(None, was, orig, autojunk=False).get_opcodes():
        if tag == "equal":
            at.update((i1 + k, j1 + k) for k in range(i2 - i1))
    out: list[str] = []
    done = 0  # lines of `original` already copied or replaced
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, was, now, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            if any(k not in at for k in range(i1, i2)) or at[i2 - 1] - at[i1] != i2 - 1 - i1:
                return after
            start, end = at[i1], at[i2 - 1] + 1
        elif i1 - 1 in at or i1 == 0:
            start = end = at[i1 - 1] + 1 if i1 else 0
        else:
            return after
        if start < done:
            return after
        out += orig[done:start] + now[j1:j2]
        done = end
    merged = "".join(out + orig[done:])
    try:
        same = _yaml("safe").load(merged) == _yaml("safe").load(after)
    except Exception:  # noqa: BLE001 - any doubt about the merge means writing the plain dump
        same = False
    return merged if same else after
