"""The seed system's side of the comparison: Python 3.11 subinterpreters (_xxsubinterpreters).

Prints one JSON object: interpreter create + destroy (median microseconds), small items per second through a
channel from the main interpreter to a subinterpreter receiving in another thread, and microseconds per
16 MiB bytes item through a channel. When the module is missing it prints {"skipped": "..."} and exits 0.
"""
import json
import statistics
import sys
import threading
import time

try:
    import _xxsubinterpreters as interpreters
except ImportError as error:  # not CPython 3.11/3.12, or built without it
    print(json.dumps({"skipped": f"no _xxsubinterpreters in {sys.version.split()[0]}: {error}"}))
    sys.exit(0)


def create_destroy(rounds=30):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        interp = interpreters.create()
        interpreters.destroy(interp)
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def channel_items(items, payload):
    """Main sends `items` copies of `payload`; a subinterpreter in another thread receives them all."""
    interp = interpreters.create()
    cid = interpreters.channel_create()
    script = f"""
import _xxsubinterpreters as interpreters
import time
cid = {int(cid)}
left = {items}
while left:
    try:
        interpreters.channel_recv(cid)
        left -= 1
    except interpreters.ChannelEmptyError:
        time.sleep(0)
"""
    receiver = threading.Thread(target=interpreters.run_string, args=(interp, script))
    start = time.perf_counter()
    receiver.start()
    for _ in range(items):
        interpreters.channel_send(cid, payload)
    receiver.join()
    elapsed = time.perf_counter() - start
    interpreters.channel_destroy(cid)
    interpreters.destroy(interp)
    return elapsed


def main():
    quick = "--quick" in sys.argv
    small = 100_000 if quick else 1_000_000
    result = {"python": sys.version.split()[0]}
    result["interp_create_destroy_us"] = create_destroy()
    result["channel_items_per_s"] = statistics.median(small / channel_items(small, 42) for _ in range(3))
    big = b"x" * (16 << 20)
    rounds = 5
    result["channel_16MiB_us"] = statistics.median(channel_items(rounds, big) / rounds * 1e6 for _ in range(3))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
