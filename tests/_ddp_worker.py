"""A two-process DDP run for ``tests/test_adapters_torch.py`` (spawned, not collected).

Every rank trains the same model on its own data with DDP (gloo backend), steps
a ``ScheduleLR``, and all-gathers the lr and momentum at every step. Half-way,
rank 0 writes a checkpoint; every rank then rebuilds model, optimizer and
scheduler, loads it and runs the second half again. Each rank writes what it
saw to ``<dir>/rank<r>.json`` for the parent to check.
"""

from __future__ import annotations

import json
import os
from typing import Any

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

import schedax as sx
from schedax.adapters.torch import ScheduleLR

STEPS = 16
HALF = 7
LR = sx.warmup(sx.cosine(0.1, 0.001, 12), 4)
MOMENTUM = sx.linear(0.95, 0.85, 16)


def build(seed: int = 0) -> tuple[Any, torch.optim.Optimizer, ScheduleLR]:
    torch.manual_seed(seed)
    model = DistributedDataParallel(torch.nn.Linear(3, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    return model, opt, ScheduleLR(opt, LR, momentum=MOMENTUM)


def train(model: Any, opt: torch.optim.Optimizer, sched: ScheduleLR, steps: range) -> list[Any]:
    rank, world = dist.get_rank(), dist.get_world_size()
    seen = []
    for k in steps:
        gen = torch.Generator().manual_seed(1000 * k + rank)
        x = torch.randn(4, 3, generator=gen)
        model(x).pow(2).mean().backward()
        opt.step()
        opt.zero_grad()
        sched.step()
        group = opt.param_groups[0]
        mine = torch.tensor([group["lr"], group["momentum"]], dtype=torch.float64)
        everyone = [torch.zeros(2, dtype=mine.dtype) for _ in range(world)]
        dist.all_gather(everyone, mine)
        weights = [p.detach().clone() for p in model.parameters()]
        seen.append(
            {
                "step": sched.last_epoch,
                "values": [t.tolist() for t in everyone],
                "weights": [w.flatten().tolist() for w in weights],
            }
        )
    return seen


def worker(rank: int, world: int, directory: str) -> None:
    dist.init_process_group(
        "gloo", init_method=f"file://{directory}/store", rank=rank, world_size=world
    )
    try:
        model, opt, sched = build()
        first = train(model, opt, sched, range(HALF))
        path = os.path.join(directory, "checkpoint.pt")
        if rank == 0:
            torch.save(
                {
                    "model": model.state_dict(),
                    "optimizer": opt.state_dict(),
                    "scheduler": sched.state_dict(),
                },
                path,
            )
        dist.barrier()
        straight = train(model, opt, sched, range(HALF, STEPS))

        model, opt, sched = build(seed=1)  # other initial weights: the checkpoint wins
        state = torch.load(path, weights_only=True)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        resumed = train(model, opt, sched, range(HALF, STEPS))
        with open(os.path.join(directory, f"rank{rank}.json"), "w") as f:
            json.dump({"first": first, "straight": straight, "resumed": resumed}, f)
    finally:
        dist.destroy_process_group()
