"""Benchmark the gazetteer and the place index: run by hand, prints figures.

    python benchmarks/bench_places.py

Each figure is measured in a fresh interpreter, so "first load" really is the first. Targets
(on the 2-core development machine): the place index loads in under 1.5 s, a place search or
resolve takes under 5 ms with a hit, and under 0.5 s for nationwide fuzzy suggestions;
``import kg`` and ``kg --help`` stay as fast as without places (the index is never built there).
"""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = r"""
import json, time
t0 = time.perf_counter()
import kg.cli
t_import = time.perf_counter() - t0
from kg.gazetteer import gazetteer
t0 = time.perf_counter(); regions = gazetteer(); t_regions = time.perf_counter() - t0
from kg.places import places
t0 = time.perf_counter(); index = places(); t_places = time.perf_counter() - t0

def timed(call, repeat=20):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter(); call(); best = min(best, time.perf_counter() - t0)
    return best

print(json.dumps({
    "import kg.cli (s)": round(t_import, 3),
    "gazetteer() first load (s)": round(t_regions, 3),
    "places() first load (s)": round(t_places, 3),
    "places: count": len(index),
    "places: by kind": index.counts(),
    "resolve region 'Plt Bupati Bogor' (ms)": round(timed(lambda: regions.resolve("Plt Bupati Bogor")) * 1000, 3),
    "resolve region 'Dinas Perindustrian dan Perdagangan Prov. Jawa Timur' (ms)": round(
        timed(lambda: regions.resolve("Dinas Perindustrian dan Perdagangan Prov. Jawa Timur")) * 1000, 3),
    "region suggestions 'Pontianakk' (ms)": round(timed(lambda: regions.search("Pontianakk"), 5) * 1000, 3),
    "place search 'Bantargebang' nationwide, hits only (ms)": round(
        timed(lambda: index.search("Bantargebang", limit=3)) * 1000, 3),
    "place resolve 'Paniis' within 32.08 (ms)": round(timed(lambda: index.resolve("Paniis", within="32.08")) * 1000, 3),
    "place search 'Paniz' within Kuningan, suggestions (ms)": round(
        timed(lambda: index.search("Paniz", within="32.08"), 5) * 1000, 3),
    "place search 'Bantargebng' nationwide, suggestions (ms)": round(
        timed(lambda: index.search("Bantargebng"), 3) * 1000, 3),
}, indent=2))
"""


def main() -> None:
    """Run the probe in a fresh interpreter and print its figures."""
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    print(json.dumps(json.loads(done.stdout), indent=2))
    help_run = subprocess.run([sys.executable, "-X", "importtime", "-m", "kg", "--help"],
                              capture_output=True, text=True, check=True)
    loaded = [line for line in help_run.stderr.splitlines() if "kg.places" in line or "lokal" in line]
    print("kg --help loads kg.places or lokal:", bool(loaded))


if __name__ == "__main__":
    main()
