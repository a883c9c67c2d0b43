"""Where a snapshot goes: the overwrite rule, a temporary file or directory beside the target,
and the rename into place once everything (data and manifest) is written."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archiver.errors import SnapshotError

BUNDLE_MANIFEST = "manifest.json"
MANIFEST_SUFFIX = ".manifest.json"
CHUNK = 1 << 20


def manifest_path(out: Path, bundle: bool) -> Path:
    """`PATH.manifest.json` beside a file snapshot; `manifest.json` inside a bundle."""
    return out / BUNDLE_MANIFEST if bundle else out.with_name(out.name + MANIFEST_SUFFIX)


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def file_entry(digest: str, size: int) -> dict:
    return {"sha256": digest, "bytes": size}


@dataclass
class Target:
    """The snapshot's final path; `stage()` gives the temporary place to write it."""

    out: Path
    bundle: bool

    @property
    def manifest(self) -> Path:
        return manifest_path(self.out, self.bundle)

    def check(self, force: bool) -> None:
        """Refuse to replace a snapshot without force, and never replace what is not one."""
        out = self.out
        if self.bundle:
            if out.exists() and not out.is_dir():
                raise SnapshotError(f"{out} exists and is not a directory")
            if out.is_dir() and any(out.iterdir()):
                if not (out / BUNDLE_MANIFEST).is_file():
                    raise SnapshotError(f"{out} is a non-empty directory without a snapshot"
                                        " manifest; choose another --out")
                if not force:
                    raise SnapshotError(f"{out} exists; use --force to replace it")
            return
        if out.is_dir():
            raise SnapshotError(f"{out} is a directory; give a file path for this format")
        for path in (out, self.manifest):
            if path.exists() and not force:
                raise SnapshotError(f"{path} exists; use --force to replace it")

    def stage(self) -> Stage:
        parent = self.out.parent
        parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{self.out.name}."
        if self.bundle:
            tmp = Path(tempfile.mkdtemp(dir=parent, prefix=prefix, suffix=".tmp"))
            os.chmod(tmp, 0o755)
            return Stage(self, tmp, tmp / BUNDLE_MANIFEST)
        fd, name = tempfile.mkstemp(dir=parent, prefix=prefix, suffix=".tmp")
        os.close(fd)
        os.chmod(name, 0o644)
        return Stage(self, Path(name), Path(name + MANIFEST_SUFFIX))


@dataclass
class Stage:
    """Temporary data path (file or directory) and manifest path; `commit` renames them into
    place, `discard` removes them. Use as a context manager: discarded unless committed."""

    target: Target
    data: Path
    manifest: Path
    committed: bool = False

    def commit(self) -> None:
        out = self.target.out
        if self.target.bundle:
            old = None
            if out.exists():
                old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
                os.replace(out, old / "previous")
            os.replace(self.data, out)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.data, out)
            os.replace(self.manifest, self.target.manifest)
        self.committed = True

    def discard(self) -> None:
        if self.target.bundle:
            shutil.rmtree(self.data, ignore_errors=True)
            return
        for path in (self.data, self.manifest):
            path.unlink(missing_ok=True)

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.committed:
            self.discard()
