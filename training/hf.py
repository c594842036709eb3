"""Hugging Face side of the pipeline: the tokenizer wrapper, the tiny from-scratch Llama, loading a
checkpoint (with LoRA through peft when it is a pretrained base), and records -> datasets.Dataset.

One of the few files that import torch / transformers (with train_sft.py, train_dpo.py).
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

BOS, EOS = "<s>", "</s>"
# Tiny presets: (hidden, layers, heads, ffn). All sizes are multiples of 32 (Q8_0 blocks).
PRESETS = {
    "nano": (64, 2, 2, 192),  # ~0.4 M parameters + embeddings: tests
    "tiny": (192, 4, 4, 512),  # ~2 M + 2 x vocab x 192: trains in minutes on 2 CPU cores
    "small": (384, 6, 6, 1024),  # ~11 M + embeddings: a GPU or a patient CPU
}


def wrap_tokenizer(tokenizer_json: Path) -> PreTrainedTokenizerFast:
    """A transformers tokenizer around our tokenizer.json (BOS prepended by its post-processor,
    EOS doubles as padding)."""
    tok = PreTrainedTokenizerFast(tokenizer_file=str(tokenizer_json), bos_token=BOS, eos_token=EOS, pad_token=EOS)
    tok.model_max_length = 4096
    return tok


def load_tokenizer(path: Path):
    path = Path(path)
    if path.is_file():
        return wrap_tokenizer(path)
    return AutoTokenizer.from_pretrained(str(path))


def tiny_config(vocab_size: int, preset: str = "tiny", context: int = 2048, bos_id: int = 0, eos_id: int = 1) -> LlamaConfig:
    hidden, layers, heads, ffn = PRESETS[preset]
    return LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=hidden,
        intermediate_size=ffn,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=heads,
        max_position_embeddings=context,
        rms_norm_eps=1e-5,
        rope_theta=10000.0,
        tie_word_embeddings=False,
        bos_token_id=bos_id,
        eos_token_id=eos_id,
        pad_token_id=eos_id,
    )


def new_model(tok, preset: str = "tiny", context: int = 2048, seed: int = 0) -> LlamaForCausalLM:
    torch.manual_seed(seed)
    cfg = tiny_config(len(tok), preset, context, tok.bos_token_id, tok.eos_token_id)
    return LlamaForCausalLM(cfg)


def load_model(path: str | Path, lora: bool = False, lora_r: int = 8):
    """A causal LM from a local checkpoint; with ``lora`` wrapped in a peft LoRA adapter on all
    linear layers (r=8 as in the paper)."""
    model = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch.float32)
    if lora:
        from peft import LoraConfig, get_peft_model

        cfg = LoraConfig(r=lora_r, lora_alpha=2 * lora_r, target_modules="all-linear", task_type="CAUSAL_LM")
        model = get_peft_model(model, cfg)
    return model


def n_params(model) -> int:
    return sum(p.numel() for p in model.parameters())


def to_dataset(records: list[dict], keys: tuple[str, ...]):
    from datasets import Dataset

    return Dataset.from_dict({k: [r[k] for r in records] for k in keys})


def trainer_args(args, dest: Path) -> dict:
    """The trl config arguments SFT and DPO share: epochs, learning rate, batch, length, seed, CPU
    unless CUDA is there, no intermediate checkpoints or reporting."""
    return {
        "output_dir": str(dest / "_trainer"),
        "num_train_epochs": args.epochs,
        "learning_rate": args.lr,
        "per_device_train_batch_size": args.batch,
        "max_length": args.max_length,
        "logging_steps": 10,
        "save_strategy": "no",
        "report_to": [],
        "use_cpu": not torch.cuda.is_available(),
        "seed": args.seed,
    }


def train_and_save(trainer, tok, dest: Path, label: str, timer) -> None:
    """Run a trl trainer and write a plain checkpoint (LoRA adapters merged) the exporter reads."""
    with timer(label):
        trainer.train()
    model = trainer.model
    if hasattr(model, "merge_and_unload"):
        model = model.merge_and_unload()
    model.save_pretrained(str(dest))
    tok.save_pretrained(str(dest))
    print(f"saved {dest}")
