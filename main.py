"""消协投诉调解台 — start the GUI, or run a command: `python main.py --help`."""
import time

STARTED = time.perf_counter()  # --smoke reports milliseconds from here to the painted list

if __name__ == "__main__":
    import gc
    import sys

    # The imports before the first paint leave ~56,000 tracked objects behind, nearly all for good
    # (modules, classes, functions): the collector walked them 47 times (~5 ms) to free next to
    # nothing. It is off until app.cli.main knows what runs: a command switches it on again, the
    # window hands it to the UI thread's timer (app/ui/ui_thread_gc.py), which switches it off anyway.
    gc.disable()

    from app import runtime
    runtime.prepare(sys.argv[1:])  # log file, missing console, exception hook (installed builds)

    from app.cli import main

    sys.exit(runtime.guarded(main))
