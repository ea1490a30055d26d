"""What the Python checks of the built site share: a tally of checks that ends the run, and a reader of the
site's files."""
import os
import sys

failures = []
checks = 0


def check(ok, message):
    """Counts a check, records its message when it fails, and returns `ok`."""
    global checks
    checks += 1
    if not ok:
        failures.append(message)
    return ok


def finish(name):
    """Prints the failures and the count; exits non-zero if any check failed."""
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{name}: {checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


def reader(site):
    """A function that reads a file of the site, by its path from the site's root, as text."""
    def read(rel):
        with open(os.path.join(site, rel), encoding="utf-8") as f:
            return f.read()
    return read
