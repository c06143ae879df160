"""Benchmark ``kg build`` and a whole-process ``kg ask`` at scale: run by hand, prints figures.

    python benchmarks/bench_scale.py --records /work/bench/records-10000 --out /tmp/b10k
    python benchmarks/bench_scale.py --count 2000          # generates the records first (seed 1)

Each build runs as its own process (``python -m kg build RECORDS -o OUT --no-shacl``), as a user
runs it; the figures are its wall time, the CPU time of it and its worker processes, and the
peak resident memory of the largest of them. Then ``kg ask agreements-of --param region=71.10
--build-dir OUT`` runs ``--asks`` times as a whole process (median and maximum wall time). The
load average is printed with every line: on a shared machine wall times follow it.

Targets (issue 8 and the build brief), on this 2-CPU machine: 10,000 records built in ≤ 60 s,
100,000 in ≤ 10 min and ≤ 8 GB; the whole-process ``kg ask`` on 100,000 records ≤ 1.5 s.
Speed targets belong here, not in unit tests (timings vary with the machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def load() -> str:
    """The load average now, as ``uptime`` prints it."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def measured(command: list[str]) -> tuple[float, float, float, int]:
    """Run ``command`` in a child process; return (wall s, CPU s incl. its workers, peak MB, exit code).

    The script starts no other child while one runs, so the change in this process's
    children's usage is that command's (and its workers').
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
    return wall, cpu, after.ru_maxrss / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=Path, help="records folder (default: generate --count records)")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="build folder (default: a temporary folder)")
    parser.add_argument("--asks", type=int, default=5, help="whole-process kg ask runs")
    parser.add_argument("--skip-build", action="store_true", help="only time kg ask on an existing --out")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="jejaring-bench-") as tmp:
        records = args.records
        if records is None and not args.skip_build:
            records = Path(tmp) / "records"
            subprocess.run([python, "-m", "kg", "generate", "-o", str(records), "-n", str(args.count),
                            "--seed", str(args.seed)], check=True, capture_output=True)
        out = args.out or Path(tmp) / "build"
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
              f"Python {sys.version.split()[0]}")
        if not args.skip_build:
            assert records is not None
            files = sum(1 for _ in records.glob("*.yaml"))
            load_before = load()
            wall, cpu, peak, code = measured([python, "-m", "kg", "build", str(records), "-o", str(out), "--no-shacl"])
            print(f"kg build {files} records: wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {peak:.0f} MB, "
                  f"exit {code} (load average before {load_before}, after {load()})")
            if code != 0:
                raise SystemExit(code)
        ask = [python, "-m", "kg", "ask", "agreements-of", "--param", "region=71.10", "--build-dir", str(out)]
        walls = []
        for _ in range(args.asks):
            wall, _cpu, _peak, code = measured(ask)
            if code != 0:
                raise SystemExit(code)
            walls.append(wall)
        print(f"whole-process kg ask agreements-of: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s "
              f"over {len(walls)} runs (load average {load()})")


if __name__ == "__main__":
    main()
