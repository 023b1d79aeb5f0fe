#!/usr/bin/env python3
"""How honest a sweep's ETA was: reads the line log of a finished `quantgrid sweep` (stdout not a terminal) and
compares each heartbeat's sweep ETA with the time the sweep really took from then on.

Usage: scripts/eta-error.py run.log [run-2.log ...]

A sweep that was interrupted and resumed (the same command run again) leaves one log per run: give them in
order. Only the time a process ran counts: the pauses between runs are taken out of the makespan and of the
remaining time, so the figures read as if the sweep had run without a break. So is any silence of more than
SILENCE seconds inside a log (a running sweep writes a heartbeat at least once a minute, so a longer silence means
its process was stopped, for example by `kill -STOP` while a benchmark needed the machine).

For every heartbeat from 10 % to 90 % of the makespan it prints the predicted and the actual remaining time and
their relative error (|predicted - actual| / actual); then the median and the worst error. After 90 % the
remaining time is minutes and a relative error says little; before 10 % the estimate rests on the cost model
alone."""
import re
import sys
from datetime import datetime

STAMP = r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) "
HEARTBEAT = re.compile(STAMP + r"heartbeat: (\d+)/(\d+) done.*?sweep ETA ([0-9:]+|\?)")
START = re.compile(STAMP + r"sweep sweep-\S+: (\d+) experiments")
DONE = re.compile(STAMP + r"done \[(\d+)/(\d+)\]")
ANY = re.compile(STAMP)
SILENCE = 150


def when(stamp):
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").timestamp()


def seconds(eta):
    value = 0
    for part in eta.split(":"):
        value = value * 60 + int(part)
    return value


def read(paths):
    """The runs (first and last timestamp of each log), the heartbeats and the time of the last result."""
    runs, beats, end = [], [], None
    for path in paths:
        first = last = None
        for line in open(path, encoding="utf-8"):
            if not (stamp := ANY.match(line)):
                continue
            at = when(stamp.group(1))
            if first is not None and at - last > SILENCE:
                runs.append((first, last))
                first = at
            first = at if first is None and START.match(line) else first
            last = at if first is not None else last
            if (m := DONE.match(line)) and m.group(2) == m.group(3):
                end = at
            elif (m := HEARTBEAT.match(line)) and m.group(4) != "?" and first is not None:
                beats.append((at, seconds(m.group(4)), m.group(2), m.group(3)))
        if first is not None:
            runs.append((first, last))
    return runs, beats, end


def main(paths):
    runs, beats, end = read(paths)
    if not runs or end is None:
        sys.exit(f"{', '.join(paths)}: no complete sweep in the log(s) (its start and its last result are needed)")
    runs[-1] = (runs[-1][0], end)

    def active(a, b):
        """Seconds between a and b during which a process ran."""
        return sum(max(0, min(b, last) - max(a, first)) for first, last in runs)

    start = runs[0][0]
    makespan = active(start, end)
    pauses = (end - start) - makespan
    errors = []
    print(f"makespan {makespan / 60:.1f} min" + (f" over {len(runs)} stretches of running ({pauses / 60:.1f} min of pauses taken out)" if len(runs) > 1 else "")
          + "; heartbeats from 10 % to 90 % of it:")
    print("elapsed  done     predicted  actual  error")
    for at, eta, done, total in beats:
        elapsed = active(start, at)
        if not 0.1 * makespan <= elapsed <= 0.9 * makespan:
            continue
        actual = active(at, end)
        error = abs(eta - actual) / actual
        errors.append(error)
        print(f"{elapsed / 60:6.1f}m  {done:>3}/{total:<3}  {eta / 60:7.1f}m  {actual / 60:5.1f}m  {error:6.1%}")
    if not errors:
        sys.exit("no heartbeat with an ETA between 10 % and 90 % of the makespan")
    errors.sort()
    print(f"median error {errors[len(errors) // 2]:.1%}, worst {errors[-1]:.1%} over {len(errors)} heartbeats")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
