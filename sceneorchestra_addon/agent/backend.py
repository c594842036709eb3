"""What every orchestrator backend shares: the interface, the errors, the per-sample seeds, the
reading of free-form model output into trajectory text, and the regenerate-until-valid loop.

An orchestrator turns an instruction into ``n`` complete trajectories (canonical text, as
``core.trajectory.format`` writes it, each of which ``trajectory.load`` accepts). A model output that
does not validate is regenerated with a new seed, at most ``max_attempts`` times in all (the paper's
code: 3); after that the backend raises :class:`GenerationFailed` with every attempt's problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from ..core import trajectory as T


class BackendError(RuntimeError):
    """A backend cannot do its job: a missing model file, llama.cpp not installed, a server that
    does not answer... The message says what went wrong, where, and what to do about it."""


class GenerationFailed(BackendError):
    """No valid trajectory after every attempt. ``failures`` holds each attempt's output text and
    the reason it was rejected (the validation issues, or that it was cut off)."""

    def __init__(self, message: str, failures: Sequence[tuple[str, str]]):
        super().__init__(message)
        self.failures = list(failures)


@runtime_checkable
class Orchestrator(Protocol):
    """Writes whole tool-call trajectories for an instruction."""

    def generate(self, instruction: str, n: int = 1, seed: int = 0) -> list[str]:
        """``n`` valid trajectories (canonical text); deterministic for a given seed where the
        backend allows it (llama.cpp does; a remote server may not)."""
        ...


@runtime_checkable
class Ranker(Protocol):
    """Picks the best of several candidate trajectories for one instruction (the discriminator)."""

    def rank(self, instruction: str, candidates: Sequence[str]) -> int: ...


@dataclass
class GenerationStats:
    """Counters a backend keeps over its lifetime (for benchmarks and reports)."""

    samples: int = 0  # trajectories asked for
    valid: int = 0  # trajectories returned
    attempts: int = 0  # model calls made for them
    cut_off: int = 0  # attempts stopped by max_tokens before the trajectory's end
    invalid: int = 0  # attempts that finished but did not validate
    tokens: int = 0  # completion tokens generated
    seconds: float = 0.0  # wall time inside the model calls
    calls: int = 0  # calls a call-by-call decoder wrote and executed (kept or not)
    rejected_calls: int = 0  # of those, calls whose execution failed, so they were sampled again or ended the trajectory
    steered_calls: int = 0  # calls kept while requirement steering held the grammar to unmet requirements
    reasons: list[str] = field(default_factory=list)  # the last few rejection reasons

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Completion:
    """One raw model answer."""

    text: str
    finish_reason: str  # "stop" (the model or the grammar ended it), "length" (max_tokens) ...
    tokens: int = 0
    seconds: float = 0.0


def sample_seed(seed: int, sample: int, attempt: int) -> int:
    """The sampler seed of one attempt of one sample: distinct for every (seed, sample, attempt)
    and the same on every run. A 31-bit value, which every server accepts."""
    state = np.random.SeedSequence([int(seed) & 0xFFFFFFFF, int(sample), int(attempt)]).generate_state(1, dtype=np.uint32)
    return int(state[0] & 0x7FFFFFFF)


# ---------------------------------------------------------------- reading free-form output

_THINK = re.compile(r"<think>.*?(</think>|\Z)", re.S)
_NUMBERED_CALL = re.compile(r"^\s*(?:[-*+]\s+)?[*_`]*(\d{1,4})\s*[.)][*_`]*\s+[*_`]*([A-Za-z_][A-Za-z0-9_]*\s*\()")


def _call_end(text: str, start: int) -> int:
    """Index just past the parenthesis that closes the one opened before ``start``, or -1.
    Parentheses inside string literals do not count."""
    depth, quote, i = 1, "", start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def extract_calls(text: str) -> str:
    """The numbered tool-call lines of a free-form answer, one a line, up to the first ``terminate``.

    Chat models wrap trajectories in prose, markdown lists, code fences, bold numbers, backticks and
    ``<think>`` blocks; this keeps ``N. tool(...)`` (also written ``N) tool(...)``) and drops the rest,
    including text after a call's closing parenthesis. A call whose parentheses never close is kept
    as written so that validation reports it. Nothing is evaluated."""
    out: list[str] = []
    for line in _THINK.sub("", text).splitlines():
        m = _NUMBERED_CALL.match(line)
        if not m:
            continue
        start = m.start(2)
        end = _call_end(line, m.end(2))
        call = line[start:end] if end > 0 else line[start:].rstrip(" `*_")
        out.append(f"{m.group(1)}. {call}")
        if call.startswith("terminate"):
            break
    return "\n".join(out) + ("\n" if out else "")


def rejection(text: str, finish_reason: str) -> tuple[str | None, str]:
    """(canonical trajectory, "") when ``text`` is a valid trajectory, else (None, why not)."""
    try:
        return T.format(T.load(text)), ""
    except T.TrajectoryError as exc:
        problems = [str(i) for i in exc.issues]
        shown = "; ".join(problems[:5]) + (f"; ... ({len(problems) - 5} more)" if len(problems) > 5 else "")
        if finish_reason == "length":
            return None, f"cut off by max_tokens before the trajectory ended ({shown})"
        return None, shown


def generate_valid(
    complete: Callable[[int], Completion],
    read: Callable[[str], str],
    stats: GenerationStats,
    max_attempts: int,
    what: str,
) -> str:
    """Call ``complete(attempt)`` until ``read(text)`` validates, at most ``max_attempts`` times;
    return the canonical trajectory or raise GenerationFailed listing every attempt's problems."""
    failures: list[tuple[str, str]] = []
    stats.samples += 1
    for attempt in range(max_attempts):
        out = complete(attempt)
        stats.attempts += 1
        stats.tokens += out.tokens
        stats.seconds += out.seconds
        canonical, why = rejection(read(out.text), out.finish_reason)
        if canonical is not None:
            stats.valid += 1
            return canonical
        if out.finish_reason == "length":
            stats.cut_off += 1
        else:
            stats.invalid += 1
        stats.reasons = (stats.reasons + [why])[-10:]
        failures.append((out.text, why))
    lines = "\n".join(f"  attempt {i + 1}: {why}" for i, (_, why) in enumerate(failures))
    raise GenerationFailed(f"no valid trajectory for {what} after {max_attempts} attempts:\n{lines}", failures)


# ---------------------------------------------------------------- one next call (stepwise)


def numbered(history: Sequence[tuple[str, str]]) -> list[T.Call]:
    """The executed calls of a stepwise history, parsed (numbers as written or 1, 2, 3 ...)."""
    calls = []
    for i, (text, _) in enumerate(history, start=1):
        line = text.strip()
        if not line[:1].isdigit():
            line = f"{i}. {line}"
        try:
            calls.extend(T.parse(line).calls)
        except T.TrajectoryError as exc:
            raise BackendError(f"history entry {i} is not a tool call: {exc}") from exc
    return calls


def check_next_call(history: Sequence[tuple[str, str]], call_text: str) -> str:
    """Validate one proposed next call in the context of the history (first call an initializer,
    terminate last, arguments in range) and return it as canonical ``N. tool(...)``.
    Raises TrajectoryError for the call's problems, BackendError for a broken history."""
    previous = numbered(history)
    number = len(previous) + 1
    body = call_text.strip()
    found = extract_calls(f"{number}. {body}") if not body[:1].isdigit() else extract_calls(body)
    new = T.parse(found or f"{number}. {body}").calls
    if len(new) != 1:
        raise T.TrajectoryError([T.Issue(1, f"expected one call, found {len(new)}")])
    call = T.Call(number, new[0].tool, new[0].args, line=number)  # issues of the new call carry its number as line
    calls = [T.Call(i + 1, c.tool, c.args) for i, c in enumerate(previous)] + [call]
    if call.tool != "terminate":
        calls.append(T.Call(number + 1, "terminate", (("status", "success"),)))
    try:
        T.validate(T.Trajectory(tuple(calls)))
    except T.TrajectoryError as exc:
        own = [i for i in exc.issues if i.line == number]
        if not own:
            raise BackendError(f"the history is not a valid trajectory prefix: {exc}") from exc
        raise T.TrajectoryError(own) from None
    return T.format_call(call)
