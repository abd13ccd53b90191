"""Select the `emoji` prompt ensemble for the trained model, as the CLIP paper selected its ImageNet ensemble on
held-out data: greedy forward selection (the harness' algorithm, `clip-eval templates`) over the candidates of
src/prompts/templates/emoji-candidates.json, scored on the suite's `train` split (the linear probe's training
images: the training distribution, never a test split). Writes src/prompts/templates/emoji.json.

    /usr/bin/python3 tools/train-tiny-clip/select-templates.py [--dry-run]

train.py runs the same selection (and records it in training_metrics.json) after training and with
--evaluate-only; this entry point only selects, to inspect the trace or refresh the set.
"""
import argparse
import os

import torch

from data import load_manifest
from train import REPO, load_checkpoint, select_ensemble


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--suite", default=os.path.join(REPO, ".cache", "train-tiny-clip", "suite"))
    p.add_argument("--work", default=os.path.join(REPO, ".cache", "train-tiny-clip"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dry-run", action="store_true", help="print the selection without writing emoji.json")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model, tokenizer, _, _ = load_checkpoint(args.work)
    selection = select_ensemble(model, tokenizer, args, load_manifest(args.suite), write=not args.dry_run)
    print(f"selected {len(selection['selected'])} of {selection['candidate_count']} candidates on "
          f"'{selection['split']}' ({selection['n']} images)")
    for template, top1 in sorted(selection["top1_per_candidate"].items(), key=lambda kv: -kv[1]):
        print(f"  {top1:.4f}  {template}{'  (selected)' if template in selection['selected'] else ''}")


if __name__ == "__main__":
    main()
