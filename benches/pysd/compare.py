"""Buildout against PySD on the same model, timed in one run.

The model is the construction pipeline of one segment over 192 months:
`one-segment.ron` for Buildout, `pipeline.mdl` (the same stocks and flows in Vensim's
language) for PySD. This script times PySD's run of the model (median of repeated runs, after
a warm-up), then runs Buildout's criterion benchmark of the same scenario
(`simulate_into`, warm workspace, the sink Monte Carlo uses) and prints both, with their
capacity in service at the end as a check that the two models agree.

    python3 -m pip install pysd
    python3 benches/pysd/compare.py
"""

import csv
import json
import pathlib
import statistics
import subprocess
import time

import pysd

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def time_pysd(runs=200):
    model = pysd.read_vensim(str(HERE / "pipeline.mdl"))
    out = model.run(return_columns=["In service"])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        model.run(return_columns=["In service"])
        times.append(time.perf_counter() - start)
    return statistics.median(times), float(out["In service"].iloc[-1])


def time_buildout():
    bench = "simulate_into one segment 192 months"
    subprocess.run(
        ["cargo", "bench", "--bench", "simulate", "--", "--exact", bench],
        cwd=ROOT,
        check=True,
    )
    # Criterion names the directory after the benchmark (older versions with "_" for " ").
    runs = ROOT / "target" / "criterion"
    found = [
        d / "new" / "estimates.json"
        for d in (runs / bench, runs / bench.replace(" ", "_"))
        if (d / "new" / "estimates.json").exists()
    ]
    if not found:
        raise SystemExit(f"no criterion estimates for {bench!r} under {runs}")
    est = found[0]
    median_ns = json.loads(est.read_text())["median"]["point_estimate"]
    out = ROOT / "target" / "one-segment.csv"
    subprocess.run(
        ["cargo", "run", "--release", "--no-default-features", "-q", "--", "run",
         str(HERE / "one-segment.ron"), "--csv", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )
    with out.open() as f:
        rows = list(csv.DictReader(f))
    return median_ns * 1e-9, float(rows[-1]["Fabs in service [wafers/month]"])


if __name__ == "__main__":
    pysd_s, pysd_end = time_pysd()
    buildout_s, buildout_end = time_buildout()
    print(f"PySD {pysd.__version__}: {pysd_s * 1e3:.3f} ms per run (median), "
          f"in service at the end {pysd_end:.1f} units")
    print(f"Buildout: {buildout_s * 1e6:.3f} µs per run (criterion median), "
          f"in service at the end {buildout_end:.1f} units")
    print(f"Buildout is {pysd_s / buildout_s:.0f}× faster per run")
