"""What every command of the command line shares: the exit codes and the output-folder check.

Exit codes: 0 success, 2 invalid input (the prompt, trajectory, scene or specs; every problem on
stderr, one per line), 3 the output could not be written, 4 the backend failed (a model that
cannot load, a server that does not answer).
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_OUTPUT = 3
EXIT_BACKEND = 4


def prepare_out_dir(out: Path) -> str | None:
    """Create the output folder; a message if it cannot be written, else None."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".sceneorchestra-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        return f"cannot write to {out}: {exc.strerror or exc}"
    return None
