#!/usr/bin/env python3
"""A fake powercap tree fed at a constant power, for exercising the counter path where there is no RAPL.

    fake-rapl.py DIR --watts 20 [--max-uj 262143328850] [--seconds 3600] [--reset-at S]

Writes DIR/intel-rapl:0/{name,max_energy_range_uj,energy_uj} and raises energy_uj from the monotonic clock
every 0.5 ms (wrapping at max_energy_range_uj, as the kernel's counter does) until --seconds pass or it is
stopped. --reset-at S resets the counter once, S seconds after the start: it drops to 0 and counts on from there. Point `joulebench --meter rapl --powercap-root DIR` at it. Put DIR on a tmpfs (/dev/shm): on a disk the
writer itself can stall under load.
"""
import argparse, os, signal, sys, time

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir")
    p.add_argument("--watts", type=float, default=20.0)
    p.add_argument("--max-uj", type=int, default=262143328850)
    p.add_argument("--seconds", type=float, default=3600)
    p.add_argument("--reset-at", type=float, default=None)
    a = p.parse_args()
    zone = os.path.join(a.dir, "intel-rapl:0")
    os.makedirs(zone, exist_ok=True)
    for name, value in (("name", "package-0"), ("max_energy_range_uj", str(a.max_uj)), ("energy_uj", "0")):
        with open(os.path.join(zone, name), "w") as f:
            f.write(value + "\n")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    origin = time.monotonic()
    end = origin + a.seconds
    target, tmp = os.path.join(zone, "energy_uj"), os.path.join(zone, "energy_uj.tmp")
    reset_at = None if a.reset_at is None else origin + a.reset_at
    while time.monotonic() < end:
        if reset_at is not None and time.monotonic() >= reset_at:
            origin, reset_at = time.monotonic(), None
        uj = round((time.monotonic() - origin) * 1e6 * a.watts) % (a.max_uj + 1)
        with open(tmp, "w") as f:
            f.write(f"{uj}\n")
        os.replace(tmp, target)
        time.sleep(0.0005)

if __name__ == "__main__":
    main()
