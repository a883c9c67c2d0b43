"""Unattended use: a crontab line and a systemd service + timer for the incremental crawl."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

from archiver.errors import UsageError

_EVERY_RE = re.compile(r"^(\d+)([mhd])$")


def parse_every(every: str) -> tuple[int, str]:
    """A period cron can keep exactly: minutes dividing an hour, hours dividing a day, 1d or 7d.

    (`*/7` in the hours field runs at 0, 7, 14, 21 and again at 0: a 3-hour gap at midnight;
    `*/45` in the minutes field alternates 45 and 15 minutes.)"""
    match = _EVERY_RE.match(every.strip())
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"--every takes a period such as 30m, 6h or 1d, not {every!r}")
    n, unit = int(match.group(1)), match.group(2)
    if unit == "m" and n % 60 == 0:
        n, unit = n // 60, "h"
    if unit == "h" and n % 24 == 0:
        n, unit = n // 24, "d"
    even = {"m": [d for d in range(1, 60) if 60 % d == 0],
            "h": [d for d in range(1, 24) if 24 % d == 0], "d": [1, 7]}
    if n not in even[unit]:
        choices = " ".join(f"{d}{unit}" for d in even[unit])
        raise UsageError(f"--every {every}: cron cannot keep that period evenly; use one of "
                         f"{choices}")
    return n, unit


def cron_spec(n: int, unit: str) -> str:
    if unit == "d":
        return "7 3 * * *" if n == 1 else "7 3 * * 0"
    return {"m": f"*/{n} * * * *", "h": f"7 */{n} * * *"}[unit]


def cron_escape(command: str) -> str:
    """cron turns an unescaped % in the command into a newline."""
    return command.replace("%", "\\%")


def systemd_escape(text: str) -> str:
    """systemd expands %h, %n ... in unit files; %% is a literal %."""
    return text.replace("%", "%%")


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
    if "\n" in command or "\n" in workdir:
        raise UsageError("a path with a line break cannot go in a crontab or a unit file")
    return f"""# --- crontab (crontab -e): every {n}{unit}; a run still going makes the next exit 75 ---
{cron_spec(n, unit)} {cron_escape(f"cd {shlex.quote(workdir)} && {command} >> {shlex.quote(log)} 2>&1")}

# --- /etc/systemd/system/akorda-archiver.service ---
[Unit]
Description=akorda.kz archiver: incremental crawl
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
WorkingDirectory={systemd_escape(workdir)}
ExecStart={systemd_escape(command)}
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
