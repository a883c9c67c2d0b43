"""Unattended use: a crontab line and a systemd service + timer for the incremental crawl."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

from .errors import UsageError

_EVERY_RE = re.compile(r"^(\d+)([mhd])$")


def parse_every(every: str) -> tuple[int, str]:
    match = _EVERY_RE.match(every.strip())
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"--every takes a period such as 30m, 6h or 1d, not {every!r}")
    n, unit = int(match.group(1)), match.group(2)
    limits = {"m": 59, "h": 23, "d": 31}
    if n > limits[unit] and not (unit == "m" and n % 60 == 0) and not (unit == "h" and n % 24 == 0):
        raise UsageError(f"--every {every}: use at most {limits[unit]}{unit}, or a larger unit")
    if unit == "m" and n % 60 == 0:
        return n // 60, "h"
    if unit == "h" and n % 24 == 0:
        return n // 24, "d"
    return n, unit


def cron_spec(n: int, unit: str) -> str:
    return {"m": f"*/{n} * * * *", "h": f"7 */{n} * * *", "d": f"7 3 */{n} * *"}[unit]


def schedule(every: str, db: str, site: str = "https://www.akorda.kz",
             workdir: str | None = None, extra: str = "") -> str:
    """The crontab line and the systemd unit pair, as one text to copy from."""
    n, unit = parse_every(every)
    workdir = str(Path(workdir or ".").resolve())
    exe = shutil.which("archiver") or f"{sys.executable} -m archiver.cli"
    db_path = str(Path(db).resolve())
    report = str(Path(db_path).parent / "last-run.json")
    command = (f"{exe} crawl --site {shlex.quote(site)} --db {shlex.quote(db_path)}"
               f" --report {shlex.quote(report)}{(' ' + extra) if extra else ''}")
    log = str(Path(db_path).parent / "crawl.log")
    span = {"m": "min", "h": "h", "d": "d"}[unit]
    return f"""# --- crontab (crontab -e): every {n}{unit}; a run still going makes the next exit 75 ---
{cron_spec(n, unit)} cd {shlex.quote(workdir)} && {command} >> {shlex.quote(log)} 2>&1

# --- /etc/systemd/system/akorda-archiver.service ---
[Unit]
Description=akorda.kz archiver: incremental crawl
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
WorkingDirectory={workdir}
ExecStart={command}
# 75 = another crawl holds the archive: not a failure of this run
SuccessExitStatus=75
Nice=10

# --- /etc/systemd/system/akorda-archiver.timer ---
[Unit]
Description=Run the akorda.kz archiver every {n}{unit}

[Timer]
OnBootSec=5min
OnUnitActiveSec={n}{span}
RandomizedDelaySec=5min
Persistent=true

[Install]
WantedBy=timers.target

# then: systemctl daemon-reload && systemctl enable --now akorda-archiver.timer
"""
