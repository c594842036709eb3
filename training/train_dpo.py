"""Stage 5b: preference optimisation with trl's DPOTrainer (sigmoid loss, beta 0.1, as in the paper)
on prompt/chosen/rejected JSONL files, starting from a checkpoint that is also the frozen reference
model (the paper's stage chain: stepwise DPO after trajectory SFT, trajectory DPO after that).

``--lora`` trains a LoRA adapter (peft) on a pretrained base instead of all weights. Resumable: a
finished output folder (config.json present) is kept unless ``--force``.

    python training/train_dpo.py --out out/training --data traj_dpo --init sft --save dpo --epochs 3
"""

from __future__ import annotations

import argparse
from pathlib import Path

try:
    from training import common as C
except ImportError:
    import common as C


def build_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training")
    ap.add_argument("--data", required=True, help="dataset names (files <out>/<name>.jsonl), comma separated")
    ap.add_argument("--init", required=True, help="checkpoint folder (name under <out>/models/ or a path): policy start and reference")
    ap.add_argument("--save", required=True, help="checkpoint folder name under <out>/models/")
    ap.add_argument("--lora", action="store_true")
    ap.add_argument("--beta", type=float, default=0.1)
    ap.add_argument("--loss", default="sigmoid")
    ap.add_argument("--epochs", type=float, default=3)
    ap.add_argument("--lr", type=float, default=5e-5, help="the paper's LoRA uses 5e-6; a tiny full model needs more")
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--max-length", type=int, default=1024)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--force", action="store_true")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = build_args(argv)
    out = Path(args.out)
    dest = out / "models" / args.save
    src = out / "models" / args.init if (out / "models" / args.init).exists() else Path(args.init)
    if (dest / "config.json").exists() and not args.force:
        print(f"{dest} exists: kept (use --force to retrain)")
        return 0
    records = C.dataset_records(out, args.data)
    if not records:
        print(f"no preference pairs in {args.data}: {dest} is a copy of {src} (lower the thresholds to get pairs)")
        import shutil

        shutil.copytree(src, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("_trainer"))
        return 0

    import torch
    from trl import DPOConfig, DPOTrainer

    from training import hf

    torch.set_num_threads(args.threads)
    model, tok = hf.load_model(src, lora=args.lora), hf.load_tokenizer(src)
    print(f"DPO on {len(records)} pairs from {args.data}; start and reference {src}")
    config = DPOConfig(**hf.trainer_args(args, dest), beta=args.beta, loss_type=[args.loss])
    trainer = DPOTrainer(model=model, args=config, train_dataset=hf.to_dataset(records, ("prompt", "chosen", "rejected")), processing_class=tok)
    hf.train_and_save(trainer, tok, dest, f"DPO {args.save}", C.Timer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
