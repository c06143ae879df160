"""Benchmark ``kg map network --geo`` on a build: wall time, peak memory, HTML size.

    python benchmarks/bench_maps.py --build-dir /tmp/big/build      # an existing build
    python benchmarks/bench_maps.py --count 10000                    # generate and build first

Targets (issue 12): at 100,000 generated records (seed 1) the national map takes at most
30 s and 2 GB and writes at most 10 MB of HTML; in Chromium it settles within 10 s. The
command runs in a child process so its peak memory is its own. ``--all`` also times a region,
a sector and a question map.

Measured (docs/performance.md, "Maps"), /usr/bin/time -v, load average 4.4-5.0 from other work
(region maps: 5.2-7.6, after the node budget: aggregated, 100,000 records Pontianak 5.6 s,
654 MB, 1.10 MB; Kota Banjarmasin, the most ties, 4.1 s, 655 MB, 1.11 MB).
10,000 records: ``kg map network --geo`` 2.6 s wall (1.9 s CPU), 264 MB, 1.37 MB of HTML; region
Pontianak 6.2 s; sector kerajinan 1.8 s (aggregated: over the node budget); question
delegations-visiting 5.0 s. 100,000 records: network 21.4 s (11.3 s CPU), 751 MB, 3.66 MB, ready
in Chromium in 1.0 s; region Pontianak 20.0 s (11.5 s CPU), 844 MB, 6.5 MB (was 3.8 GB); sector
batik 5.9 s, 592 MB, 1.09 MB (was 132 s, 5.9 GB, 32.6 MB); question delegations-visiting 6.0 s,
645 MB, 0.92 MB (was 53.5 s, 3.6 GB).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_map(build_dir: Path, out: Path, *command: str) -> tuple[float, float, float]:
    """Run ``kg map COMMAND…`` in a child process; return (seconds, CPU seconds, peak MB).

    The CPU time (user + system, threads included) says more than the wall time on a
    machine shared with other work.
    """
    code = ("import resource, sys; from kg.cli import main; sys.argv = ['kg'] + sys.argv[1:];\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
            "use = resource.getrusage(resource.RUSAGE_SELF)\n"
            "print('PEAK_MB', use.ru_maxrss / 1024, use.ru_utime + use.ru_stime, file=sys.stderr); sys.exit(code)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "map", *(command or ("network", "--geo")), "--build-dir", str(build_dir),
                           "-o", str(out)], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak, cpu = next(map(float, line.split()[1:3]) for line in done.stderr.splitlines() if line.startswith("PEAK_MB"))
    return seconds, cpu, peak


def settle_seconds(page: Path) -> float | None:
    """Open the page in Debian's Chromium (network blocked) and time it to ``data-state=ready``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort())
        started = time.perf_counter()
        tab.goto(page.as_uri())
        tab.wait_for_selector("body[data-state='ready']", state="attached", timeout=120_000)
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=None, help="an existing build (else one is made)")
    parser.add_argument("--count", type=int, default=10_000, help="records to generate when no build is given")
    parser.add_argument("--all", action="store_true", help="also time a region, a sector and a question map")
    parser.add_argument("--region", action="append", default=None,
                        help="the region(s) --all maps (default Pontianak; at 100,000 records Kota Banjarmasin has the most ties)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        build = args.build_dir
        if build is None:
            records, build = Path(scratch) / "records", Path(scratch) / "build"
            for step in (["generate", "-o", str(records), "-n", str(args.count), "--seed", "1"],
                         ["build", str(records), "-o", str(build), "--no-shacl"]):
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "kg", *step], check=True, capture_output=True)
                print(f"kg {step[0]:<46} {time.perf_counter() - started:8.1f} s")
        out = Path(scratch) / "network.html"
        seconds, cpu, peak = run_map(build, out)
        print(f"{'kg map network --geo':<49} {seconds:8.1f} s (CPU {cpu:6.1f} s)   peak {peak:7.0f} MB   "
              f"HTML {out.stat().st_size / 1e6:6.2f} MB   load {os.getloadavg()[0]:.1f}")
        settled = settle_seconds(out)
        if settled is not None:
            print(f"{'Chromium: open and settle':<49} {settled:8.1f} s")
        if args.all:
            regions = [("region", name, "--geo") for name in args.region or ["Pontianak"]]
            for index, command in enumerate((*regions, ("sector", "kerajinan", "--geo"), ("sector", "batik", "--geo"),
                                             ("question", "delegations-visiting", "--param", "region=Pontianak", "--geo"))):
                page = Path(scratch) / f"{command[0]}-{index}.html"
                seconds, cpu, peak = run_map(build, page, *command)
                print(f"{'kg map ' + ' '.join(command):<49} {seconds:8.1f} s (CPU {cpu:6.1f} s)   peak {peak:7.0f} MB   "
                      f"HTML {page.stat().st_size / 1e6:6.2f} MB   load {os.getloadavg()[0]:.1f}")
                settled = settle_seconds(page)
                if settled is not None:
                    print(f"{'  Chromium: open and settle':<49} {settled:8.1f} s")


if __name__ == "__main__":
    main()
