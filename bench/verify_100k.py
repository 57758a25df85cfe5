"""Time `luoshi verify` on a generated ledger: `python bench/verify_100k.py [TASKS | FILE.db]`.

The ledger comes from bench/generate.py's cache (TASKS tasks, ≈10 events each; default
10,000 tasks ≈ 100,000 events), or is the given .db file (only read). The verify checks run in-process three times (wall and CPU
seconds), then the real command once as a whole process. Not part of the test suite; a
test never asserts a time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import ensure  # noqa: E402

from luoshi.services.integrity import inspect  # noqa: E402
from luoshi.store.sqlite import SqliteLedger  # noqa: E402


def main() -> None:
    arg = sys.argv[1] if len(sys.argv) > 1 else "10000"
    if arg.endswith(".db"):
        path = Path(arg)
        print(f"ledger: {path}")
    else:
        path, stats, _fresh = ensure(int(arg))
        print(f"{stats['events']} events over {arg} tasks: {path}")
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        with SqliteLedger.reader(path) as ledger:
            outcome = inspect(ledger)
        print(f"checks: {outcome.events} events, problem={outcome.problem}, "
              f"{time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, LUOSHI_USER="bench", LUOSHI_CONFIG=f"{folder}/config.toml")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "luoshi", "--db", str(path), "verify"],
                       check=True, env=env)
        print(f"luoshi verify (whole process): {time.perf_counter() - started:.2f} s wall")


if __name__ == "__main__":
    main()
