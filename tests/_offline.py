"""Run `archiver` with every network destination checked: nothing may leave the machine.

    python tests/_offline.py LOG crawl --site https://www.akorda.kz ...

Python's audit hooks see each socket connect, datagram send and name lookup of this process
(Twisted's included). Each is appended to LOG as a line "EVENT DESTINATION"; one that names
anything but a loopback address, `localhost` or a local (Unix) socket is refused with OSError and
its line starts with "REFUSED". `run_offline()` is the pytest-side wrapper.
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
EVENTS = {"socket.connect": 1, "socket.sendto": 1, "socket.getaddrinfo": 0,
          "socket.gethostbyname": 0, "socket.gethostbyname_ex": 0, "socket.gethostbyaddr": 0}


def is_loopback(destination: object) -> bool:
    if isinstance(destination, tuple):
        destination = destination[0]
    if destination is None or isinstance(destination, (bytes, bytearray)):
        return True  # getaddrinfo(None, ...) is a local address; bytes: a Unix socket path
    text = str(destination)
    if text == "localhost" or text.startswith("/") or text.startswith("\0"):
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def install(log: Path) -> None:
    def hook(event: str, args: tuple) -> None:
        if event not in EVENTS:
            return
        destination = args[EVENTS[event]]
        allowed = is_loopback(destination)
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{'' if allowed else 'REFUSED '}{event} {destination!r}\n")
        if not allowed:
            raise OSError(f"tests/_offline.py: {event} to {destination!r} refused: nothing may "
                          "leave the machine")

    sys.addaudithook(hook)


def run_offline(log: Path, *args: str, proxy: str | None, timeout: float = 120
                ) -> subprocess.CompletedProcess:
    """`archiver ARGS` in a fresh process, guarded, with http(s)_proxy set to `proxy` (and no
    no_proxy: every request, loopback included, goes to the proxy); None: no proxy at all."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in
           ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update(PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
               **({"http_proxy": proxy, "https_proxy": proxy} if proxy else {}))
    return subprocess.run([sys.executable, str(HERE), str(log), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env)


if __name__ == "__main__":
    install(Path(sys.argv[1]))
    from archiver.cli import main

    main(sys.argv[2:])
