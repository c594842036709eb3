"""The model-facing side: prompts, and the orchestrator backends that turn an instruction into
tool-call trajectories (llama.cpp in process: ``agent.llama``; an OpenAI-compatible server:
``agent.http``), plus the discriminator (``agent.discriminator``).

Import the backend modules where they are used: llama_cpp and requests load only then.
"""

from __future__ import annotations

from .backend import BackendError, GenerationFailed, Orchestrator, Ranker

__all__ = ["BackendError", "GenerationFailed", "Orchestrator", "Ranker"]
