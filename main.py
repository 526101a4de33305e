"""消协投诉调解台 — start the GUI, or run a command: `python main.py --help`."""
import time

STARTED = time.perf_counter()  # --smoke reports milliseconds from here to the painted list

if __name__ == "__main__":
    import sys

    from app import runtime
    runtime.prepare(sys.argv[1:])  # log file, missing console, exception hook (installed builds)

    from app.cli import main

    sys.exit(runtime.guarded(main))
