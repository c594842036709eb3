"""The discriminator: ranks k candidate trajectories for one instruction and returns the index of the
best, without executing any of them (the paper's second model; k = 4 in its code).

It runs on a :class:`LlamaBackend` (its own fine-tuned GGUF) with a grammar that admits exactly the
indices 0 .. k-1, decoded greedily, so the answer is always a usable index and the same candidates
always get the same answer.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from . import prompts
from .backend import BackendError
from .llama import LlamaBackend


@functools.lru_cache(maxsize=64)
def index_gbnf(k: int) -> str:
    """A grammar whose only sentences are "0", "1", ... "k-1" (then end of text)."""
    if k < 1:
        raise ValueError("no candidates to rank")
    return "root ::= " + " | ".join(f'"{i}"' for i in range(k)) + "\n"


class Discriminator:
    """``rank(instruction, candidates) -> index`` with a GGUF model on llama.cpp.

    ``guide`` is the tool guide's detail in the prompt (as the model was trained; see
    ``prompts.tool_guide``)."""

    def __init__(self, backend: LlamaBackend, guide: str | None = None):
        self.backend = backend
        self.guide = backend.guide if guide is None else guide
        prompts.tool_guide(self.guide)

    def rank(self, instruction: str, candidates: Sequence[str]) -> int:
        """The index (0 .. k-1) of the candidate trajectory expected to build the best scene.
        One candidate needs no model call."""
        k = len(candidates)
        if k == 0:
            raise ValueError("no candidates to rank")
        if k == 1:
            return 0
        prompt = prompts.discriminator_prompt(instruction, candidates, self.guide)
        # greedy, and no repetition penalty: the digits in the prompt must not bias the answer
        out = self.backend.complete(prompt, index_gbnf(k), seed=0, max_tokens=len(str(k - 1)) + 1, temperature=0.0, repeat_penalty=1.0)
        answer = out.text.strip()
        if not answer.isdigit() or not 0 <= int(answer) < k:
            raise BackendError(f"the discriminator answered {out.text!r}, not an index 0..{k - 1} (finish: {out.finish_reason})")
        return int(answer)
