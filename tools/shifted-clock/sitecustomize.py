"""The harness of `make test-shifted-clock`: imported at start-up by every Python process of that run
(PYTHONPATH), and only under libfaketime (LD_PRELOAD). Not part of the archiver.

- libfaketime 0.9.10 answers clock_nanosleep(TIMER_ABSTIME) with EINVAL when
  FAKETIME_DONT_FAKE_MONOTONIC=1 (which the run needs: with a faked monotonic clock timed lock waits
  hang), and Python's time.sleep uses it: sleep goes through select() instead.
- Chromium does not start with libfaketime preloaded ("chrome not reachable"): the browser, which reads
  pages and not the clock, runs on the real clock; every Python process stays shifted.
"""

import os

if "faketime" in os.environ.get("LD_PRELOAD", ""):
    import select
    import subprocess
    import time

    def _sleep(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep

    _popen_init = subprocess.Popen.__init__

    def _init(self, args, *rest, **kwargs):
        first = args[0] if isinstance(args, (list, tuple)) else args
        if os.path.basename(str(first)).startswith("chromedriver"):
            env = dict(kwargs.get("env") or os.environ)
            env.pop("LD_PRELOAD", None)
            kwargs["env"] = env
        _popen_init(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = _init
