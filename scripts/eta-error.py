#!/usr/bin/env python3
"""How honest a sweep's ETA was: reads the line log of a finished `quantgrid sweep` (stdout not a terminal) and
compares each heartbeat's sweep ETA with the time the sweep really took from then on.

Usage: scripts/eta-error.py run.log

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


def when(stamp):
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").timestamp()


def seconds(eta):
    value = 0
    for part in eta.split(":"):
        value = value * 60 + int(part)
    return value


def main(path):
    start = end = None
    beats = []
    for line in open(path, encoding="utf-8"):
        if start is None and (m := START.match(line)):
            start = when(m.group(1))
        elif m := DONE.match(line):
            if m.group(2) == m.group(3):
                end = when(m.group(1))
        elif (m := HEARTBEAT.match(line)) and m.group(4) != "?":
            beats.append((when(m.group(1)), seconds(m.group(4)), m.group(2), m.group(3)))
    if start is None or end is None:
        sys.exit(f"{path}: no complete sweep in the log (its start and its last result are needed)")
    makespan = end - start
    errors = []
    print(f"makespan {makespan / 60:.1f} min; heartbeats from 10 % to 90 % of it:")
    print("elapsed  done     predicted  actual  error")
    for at, eta, done, total in beats:
        elapsed = at - start
        if not 0.1 * makespan <= elapsed <= 0.9 * makespan:
            continue
        actual = end - at
        error = abs(eta - actual) / actual
        errors.append(error)
        print(f"{elapsed / 60:6.1f}m  {done:>3}/{total:<3}  {eta / 60:7.1f}m  {actual / 60:5.1f}m  {error:6.1%}")
    if not errors:
        sys.exit("no heartbeat with an ETA between 10 % and 90 % of the makespan")
    errors.sort()
    print(f"median error {errors[len(errors) // 2]:.1%}, worst {errors[-1]:.1%} over {len(errors)} heartbeats")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
