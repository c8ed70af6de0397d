"""Global segmentation by dynamic programming.

Labels: 0 = opening, 1..N = guiding questions, N+1 = closing. Every segment gets one label; a chapter is a
run of one label. The score of a labelling is the sum of per-segment emissions, minus a cost for each new
chapter (lower at pauses and cues), plus label-specific bonuses where a chapter is entered (a question read
aloud, an ordinal cue). Each question is used at most once and may be skipped; the opening comes first and
the closing last. With order="auto" the questions may come in any order: the state then carries the set of
questions already used (a bitmask), which stays small for the handful of questions an event announces.
"""

from __future__ import annotations

import numpy as np

NEG = -1e18
MAX_FREE_ORDER = 8  # above this many questions the set of used questions is too large to track


def segment(emit: np.ndarray, switch: np.ndarray, enter: np.ndarray, *, free_order: bool,
            pins: dict[int, int] | None = None, order_cost: float = 0.0,
            opening_discount: float = 0.0) -> list[tuple[int, int]]:
    """Best labelling as a list of (label, first segment index), in time order.

    opening_discount: taken off the switch cost when leaving the opening (announced-order search with many
    questions ignores it).
    emit, enter: (N+2) x n arrays; switch: n array; pins: question -> the segment its chapter must start at.
    """
    n_labels, n = emit.shape
    nq = n_labels - 2
    pins = pins or {}
    if free_order and nq <= MAX_FREE_ORDER:
        runs = _masked(emit, switch, enter, nq, pins, free=True, order_cost=order_cost, opening_discount=opening_discount)
    else:
        runs = _masked(emit, switch, enter, nq, pins, free=False, order_cost=order_cost, opening_discount=opening_discount) if nq <= MAX_FREE_ORDER else None
        if runs is None:
            runs = _monotone(emit, switch, enter, pins)
    if runs is None:  # pins contradict the announced order: let them win
        runs = _masked(emit, switch, enter, nq, pins, free=True, order_cost=order_cost, opening_discount=opening_discount) if nq <= MAX_FREE_ORDER else [(0, 0)]
    return runs


def _masked(emit, switch, enter, nq, pins, *, free, order_cost=0.0, opening_discount=0.0):
    n_labels, n = emit.shape
    close = nq + 1
    n_masks = 1 << nq
    # Transitions into question q: target (q, m) from any open state with mask m without q's bit.
    tgt_q, tgt_m, src_m = [], [], []
    for q in range(1, nq + 1):
        bit = 1 << (q - 1)
        for m in range(n_masks):
            if m & bit and (free or (m ^ bit) < bit):
                tgt_q.append(q)
                tgt_m.append(m)
                src_m.append(m ^ bit)
    tgt_q, tgt_m, src_m = np.array(tgt_q, dtype=np.int64), np.array(tgt_m, dtype=np.int64), np.array(src_m, dtype=np.int64)
    # Entering q after a later-announced question was already discussed costs a little: order is the default.
    late = np.where((src_m >> tgt_q) > 0, order_cost, 0.0)
    # From the empty set the only open state is the opening: every webinar has one, leaving it costs less.
    from_opening = np.where(src_m == 0, opening_discount, 0.0)
    pin_at = {i: q for q, i in pins.items()}
    pinned = np.zeros(n_labels, dtype=bool)
    for q in pins:
        pinned[q] = True

    ptr = np.full((n, n_labels, n_masks), -1, dtype=np.int8)
    value = np.full((n_labels, n_masks), NEG)
    first_q = pin_at.get(0)
    if first_q is not None:
        value[first_q, 1 << (first_q - 1)] = emit[first_q, 0]
    else:
        value[0, 0] = emit[0, 0]
        for q in range(1, nq + 1):
            if not pinned[q]:
                value[q, 1 << (q - 1)] = emit[q, 0] + enter[q, 0]
    valid_mask = np.zeros((n_labels, n_masks), dtype=bool)
    valid_mask[0, 0] = True
    valid_mask[tgt_q, tgt_m] = True
    valid_mask[close, :] = True
    for i in range(1, n):
        open_states = value[:close]
        src_label = np.argmax(open_states, axis=0)
        best_open = open_states[src_label, np.arange(n_masks)]
        stay = value
        new = np.full((n_labels, n_masks), NEG)
        cand_q = best_open[src_m] - switch[i] + from_opening + enter[tgt_q, i] - late
        allowed = ~pinned[tgt_q] if i not in pin_at else tgt_q == pin_at[i]
        cand_q = np.where(allowed, cand_q, NEG)
        new[tgt_q, tgt_m] = cand_q
        new[close] = best_open - switch[i] + enter[close, i]
        if i in pin_at:
            new[np.arange(n_labels) != pin_at[i]] = NEG
            take = new > NEG / 2
            stay = np.full_like(value, NEG)
        else:
            take = new > stay
        value = np.where(take, new, stay) + emit[:, i, None]
        value[~valid_mask] = NEG
        p = ptr[i]
        p[tgt_q, tgt_m] = np.where(take[tgt_q, tgt_m], src_label[src_m], -1)
        p[close] = np.where(take[close], src_label, -1)
    if pins:  # every pinned question must be in the final set
        need = sum(1 << (q - 1) for q in pins)
        value[:, (np.arange(n_masks) & need) != need] = NEG
    label, mask = np.unravel_index(int(np.argmax(value)), value.shape)
    if value[label, mask] <= NEG / 2:
        return None
    runs = []
    for i in range(n - 1, 0, -1):
        prev = int(ptr[i, label, mask])
        if prev >= 0:
            runs.append((int(label), i))
            if label != close:
                mask ^= 1 << (label - 1)
            label = prev
    runs.append((int(label), 0))
    return runs[::-1]


def _monotone(emit, switch, enter, pins):
    """Announced order only (used when there are too many questions to track the set used)."""
    n_labels, n = emit.shape
    pin_at = {i: q for q, i in pins.items()}
    value = np.full(n_labels, NEG)
    value[pin_at.get(0, 0)] = emit[pin_at.get(0, 0), 0]
    ptr = np.full((n, n_labels), -1, dtype=np.int64)
    for i in range(1, n):
        prefix_arg = np.zeros(n_labels, dtype=np.int64)
        best = np.full(n_labels, NEG)
        run_best, run_arg = NEG, 0
        for lab in range(n_labels):
            best[lab], prefix_arg[lab] = run_best, run_arg
            if value[lab] > run_best and lab < n_labels - 1:
                run_best, run_arg = value[lab], lab
        new = best - switch[i] + enter[:, i]
        for q in pins:
            new[q] = new[q] if pin_at.get(i) == q else NEG
        take = new > value
        if i in pin_at:
            take = np.ones(n_labels, dtype=bool)
            new = np.where(np.arange(n_labels) == pin_at[i], new, NEG)
        value = np.where(take, new, value) + emit[:, i]
        ptr[i] = np.where(take, prefix_arg, -1)
    label = int(np.argmax(value))
    if value[label] <= NEG / 2:
        return None
    runs = []
    for i in range(n - 1, 0, -1):
        if ptr[i, label] >= 0:
            runs.append((label, i))
            label = int(ptr[i, label])
    runs.append((label, 0))
    return runs[::-1]
