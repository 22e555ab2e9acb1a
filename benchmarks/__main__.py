"""``python -m benchmarks``: pin threads first, then run the suite."""

from benchmarks._threads import pin_threads

if __name__ == "__main__":
    threads = pin_threads()

    from benchmarks.cli import main

    raise SystemExit(main(threads=threads))
