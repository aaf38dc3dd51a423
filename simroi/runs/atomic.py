"""Writing one file atomically: under a hidden name first, renamed into place when whole.

Every file simroi writes goes through :func:`replace_atomically`, so a failed
write (a full disk, a read-only folder, a directory where the file should be)
never leaves half a file under the real name, never replaces an earlier file,
and says which file it could not write and why (:class:`WriteError`, shown as
``Error: <path>: <reason>``). The hidden file is removed on failure; a failure
to remove it never hides the error that caused it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from simroi.errors import SimroiError

__all__ = ["WriteError", "os_error", "partial_path", "replace_atomically"]


class WriteError(SimroiError):
    """A file could not be written: ``<path>: <reason>`` (the OSError is the cause)."""

    def __init__(self, path: str | os.PathLike[str], error: OSError) -> None:
        self.path, self.error = Path(path), error
        super().__init__(f"{path}: {error.strerror or error}")


def partial_path(path: Path) -> Path:
    """The hidden name ``path`` is written under: ``.<name>.partial-<8 hex><suffix>``.

    The suffix is kept, for writers that choose the format by it.
    """
    return path.with_name(f".{path.name}.partial-{secrets.token_hex(4)}{path.suffix}")


def replace_atomically(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a hidden sibling of ``path``, then rename it to ``path``.

    On any failure the hidden file is removed and ``path`` is left as it was; an
    ``OSError`` anywhere behind the failure (a writer may wrap it in its own
    exception) is raised as :class:`WriteError` naming ``path``.
    """
    path = Path(path)
    tmp = partial_path(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the original error matters, not this one
            tmp.unlink(missing_ok=True)
        cause = os_error(exc) if isinstance(exc, Exception) else None
        if cause is not None:
            raise WriteError(path, cause) from exc
        raise
    return path


def os_error(exc: BaseException | None) -> OSError | None:
    """The OSError behind ``exc`` (itself, its cause or context, or a write's), if any.

    A :class:`SimroiError` other than a :class:`WriteError` ends the search: it
    already says what went wrong.
    """
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, WriteError):
            return exc.error
        if isinstance(exc, SimroiError):
            return None
        if isinstance(exc, OSError):
            return exc
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        seen += 1
    return None
