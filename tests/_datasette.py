"""Test helper: Datasette serving an archive, as a real subprocess on a port the test bound and released."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archiver.serve.datasette import command

STARTUP_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str, **params: str) -> tuple[int, object]:
        url = self.base + urllib.parse.quote(path) + (
            "?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def json(self, path: str, **params: str):
        status, data = self.get(path, **params)
        assert status == 200, (path, params, data)
        return data


@contextlib.contextmanager
def running(archive: Path) -> Iterator[Server]:
    """Datasette as a subprocess on a free port, killed on the way out whatever happens."""
    port = free_port()
    proc = subprocess.Popen(command(str(archive), port=port), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"datasette exited {proc.returncode}: {proc.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("datasette did not answer in time")
                time.sleep(0.1)
        yield Server(base)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()
