"""Where a command may write: checked before any work, so that a long export or crawl never
ends in "cannot write". One rule for --out, --plot and --report: an existing regular file, or a
new file in an existing directory we can write in; `-` (standard output) where the caller allows
it; a bundle's directory is an existing directory or a new one in an existing directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from archiver.errors import UsageError

STDOUT = "-"


def _writable_dir(directory: Path) -> None:
    if not directory.exists():
        raise UsageError(f"directory {directory} does not exist")
    if not directory.is_dir():
        raise UsageError(f"{directory} is not a directory")
    try:  # access() says yes to root on /proc and read-only mounts: try it for real
        handle, probe = tempfile.mkstemp(dir=directory, prefix=".archiver-probe-")
    except OSError as exc:
        raise UsageError(f"cannot write in {directory}: {exc.strerror or exc}") from None
    os.close(handle)
    os.unlink(probe)


def check_output(path: str, dash: bool = False, directory: bool = False,
                 suffixes: tuple[str, ...] = ()) -> str:
    """`path` unchanged when it can be written (see the module's rule); else UsageError."""
    if path == STDOUT:
        if dash:
            return path
        raise UsageError("standard output (-) is not possible here; give a file name")
    if not path.strip():
        raise UsageError("an empty path")
    target = Path(path)
    if suffixes and target.suffix.lower() not in suffixes:
        raise UsageError(f"{path} must end in {' or '.join(suffixes)}")
    if target.exists() or target.is_symlink():
        if directory:
            if not target.is_dir():
                raise UsageError(f"{path} exists and is not a directory")
        elif target.is_dir():
            raise UsageError(f"{path} is a directory; give a file name")
        elif not target.is_file():
            raise UsageError(f"{path} is not a regular file")
    _writable_dir(target.parent if str(target.parent) else Path("."))
    return path
