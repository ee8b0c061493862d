"""Startup cost: envguard.load("vibelog") against an equivalent pydantic-settings class.

Each variant runs as a whole fresh process on the same environment (the shipped
production example), several times; the script prints medians and ratios. It also
times validating a 10,000-variable file in-process.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bytecode import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vibelog" / ".env.production"

VARIANTS = {
    "python (empty)": "pass",
    "import pydantic": "import pydantic",
    "import envguard": "import envguard",
    "envguard.load('vibelog')": "import envguard; envguard.load('vibelog')",
    # secrets become pydantic SecretStr on first read: this variant pays for pydantic too
    "envguard.load + read every value": "import envguard; dict(envguard.load('vibelog'))",
    "pydantic-settings VibelogSettings()": (
        f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); "
        "from vibelog_settings import VibelogSettings; VibelogSettings()"
    ),
    # the same class through envguard: pydantic-settings' own env source fed with what
    # envguard read, plus envguard's checks of the built-in variables it names
    "envguard.load(VibelogSettings)": (
        f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); "
        "import envguard; from vibelog_settings import VibelogSettings; "
        "envguard.load(VibelogSettings)"
    ),
}


def example_environ() -> dict[str, str]:
    from envguard.sources.dotenv import read_dotenv

    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEXT", "NODE_ENV"))}
    env.update({v.key: v.value or "" for v in read_dotenv(EXAMPLE).vars})
    return env


def time_process(code: str, env: dict[str, str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def time_big_file() -> float:
    from envguard.schema.loader import load_stack
    from envguard.validate import check_files

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".env"
        path.write_text("".join(f"VAR_{i}=value-{i}\n" for i in range(10_000))
                        + EXAMPLE.read_text())
        schema = load_stack("vibelog")
        start = time.perf_counter()
        result = check_files([path], schema, "production")
        elapsed = time.perf_counter() - start
        assert len(result.findings) >= 10_000
        return elapsed


def time_model_in_process(env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median seconds of ``VibelogSettings()`` and of ``envguard.load(VibelogSettings)``
    in one warm process (imports and the schema cache paid once, as in a long-lived app
    that builds its settings again, or a test suite that builds them per test)."""
    from vibelog_settings import VibelogSettings

    import envguard

    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        VibelogSettings()
        envguard.load(VibelogSettings)

        def median(fn: object) -> float:
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                for _ in range(20):
                    fn()  # type: ignore[operator]
                samples.append((time.perf_counter() - start) / 20)
            return statistics.median(samples)

        # interleaved, so a busy neighbour slows both alike
        own, through = [], []
        for _ in range(3):
            own.append(median(VibelogSettings))
            through.append(median(lambda: envguard.load(VibelogSettings)))
        return min(own), min(through)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    env = example_environ()
    times = {name: time_process(code, env, runs) for name, code in VARIANTS.items()}
    for name, seconds in times.items():
        print(f"{name:<40} {seconds * 1000:8.1f} ms (median of {runs})")
    load = times["envguard.load('vibelog')"]
    peer = times["pydantic-settings VibelogSettings()"]
    added = times["import envguard"] - times["python (empty)"]
    print(f"\nenvguard.load / pydantic-settings: {load / peer:.2f}x (goal <= 0.5x)")
    every = times["envguard.load + read every value"]
    print(f"envguard.load + read every value / pydantic-settings: {every / peer:.2f}x")
    pydantic = times["import pydantic"] - times["python (empty)"]
    print(f"import envguard adds {added * 1000:.1f} ms over an empty interpreter "
          f"(pydantic itself: {pydantic * 1000:.1f} ms)")
    own = times["pydantic-settings VibelogSettings()"]
    through = times["envguard.load(VibelogSettings)"]
    print(f"envguard.load(VibelogSettings) / VibelogSettings(), whole process: "
          f"{through / own:.2f}x")
    own, through = time_model_in_process(env, runs)
    print(f"envguard.load(VibelogSettings) / VibelogSettings(), warm, in process: "
          f"{through * 1000:.2f} ms / {own * 1000:.2f} ms = {through / own:.2f}x "
          "(goal <= 1.1x)")
    print(f"validate a 10,000-variable file: {time_big_file():.3f} s (goal < 0.5 s)")


if __name__ == "__main__":
    main()
