"""The manifest beside every snapshot, and `verify`: does a snapshot still match it?

A manifest is JSON: what was asked (format, filters, fields), what came out (row count, SHA-256
and size of every file), where from (archive path, schema version, crawl runs) and by what tool,
plus `created`, the only timestamp of a snapshot (data files carry none, so that the same archive
and arguments give byte-identical files).
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

from archiver.crawl import write_json_atomic
from archiver.errors import SnapshotError
from archiver.export.files import BUNDLE_MANIFEST, MANIFEST_SUFFIX, sha256_file

MANIFEST_VERSION = 1
ORDER = "published date ascending (undated articles last), then URL"


def write_manifest(path: Path, manifest: dict) -> None:
    write_json_atomic(path, manifest)
    os.chmod(path, 0o644)


def locate(path: str | Path) -> tuple[Path, Path]:
    """(manifest file, directory its file names are relative to) for a snapshot path.

    Accepts a bundle directory, a file snapshot, or the manifest itself.
    """
    path = Path(path)
    if path.is_dir():
        return path / BUNDLE_MANIFEST, path
    if path.name == BUNDLE_MANIFEST or path.name.endswith(MANIFEST_SUFFIX):
        return path, path.parent
    return path.with_name(path.name + MANIFEST_SUFFIX), path.parent


def load(manifest_file: Path) -> dict:
    if not manifest_file.is_file():
        raise SnapshotError(f"no manifest at {manifest_file}: not a snapshot, or the manifest"
                            " was removed")
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"cannot read manifest {manifest_file}: {exc}") from exc
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(
            isinstance(e, dict) and isinstance(e.get("sha256"), str) for e in files.values()):
        raise SnapshotError(f"manifest {manifest_file} has no valid \"files\" table")
    return manifest


def _inside(name: str) -> bool:
    """A manifest's file name must be relative and stay inside the snapshot."""
    pure = PurePosixPath(name)
    return bool(name) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in name


def verify(path: str | Path) -> list[str]:
    """Check a snapshot against its manifest: [] when every file matches, else one line per
    file that is missing, differs, or (in a bundle) is not listed.

    Raises SnapshotError when there is no readable manifest to check against.
    """
    manifest_file, base = locate(path)
    manifest = load(manifest_file)
    problems = []
    for name, entry in sorted(manifest["files"].items()):
        shown = base / name
        if not _inside(name):
            problems.append(f"{name}: the manifest names a file outside the snapshot")
            continue
        if not shown.is_file():
            problems.append(f"{shown}: missing")
            continue
        digest, size = sha256_file(shown)
        if digest != entry["sha256"]:
            expected = entry.get("bytes")
            sizes = (f"{size} bytes, manifest says {expected}" if expected != size
                     else f"same size, {size} bytes")
            problems.append(f"{shown}: content differs from the manifest (SHA-256 {digest[:16]}…,"
                            f" manifest says {entry['sha256'][:16]}…; {sizes})")
    if manifest_file.name == BUNDLE_MANIFEST and manifest_file.parent == base:
        listed = set(manifest["files"]) | {BUNDLE_MANIFEST}
        for root, _dirs, names in os.walk(base):
            for file_name in names:
                relative = Path(root, file_name).relative_to(base).as_posix()
                if relative not in listed:
                    problems.append(f"{base / relative}: not listed in the manifest")
    return sorted(problems)
