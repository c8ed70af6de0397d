"""Global segmentation by dynamic programming.

Labels: 0 = opening, 1..N = guiding questions, N+1 = closing. Every segment gets one label; a chapter is a
run of one label. The score of a labelling is the sum of per-segment emissions, minus a cost for each new
chapter (lower at pauses and cues), plus label-specific bonuses where a chapter is entered (a question read
aloud, an ordinal cue). Each question is used at most once and may be skipped; the opening comes first and
the closing last. With order="auto" the questions may come in any order: the state then carries the set of
questions already used (a bitmask), which stays small for the handful of questions an event announces.

`segment` labels segment by segment (a hidden-Markov search); `segment_spans` does the same search over whole
chapters (semi-Markov), which lets a chapter's score depend on its length, at the price of restricting
chapter starts to candidate segments.
"""

from __future__ import annotations

import numpy as np

NEG = -1e18
MAX_FREE_ORDER = 8  # above this many questions the set of used questions is too large to track


def segment(emit: np.ndarray, switch: np.ndarray, enter: np.ndarray, *, free_order: bool,
            pins: dict[int, int] | None = None, order_cost: float = 0.0,
            opening_discount: float = 0.0, cands: np.ndarray | None = None,
            allowed: np.ndarray | None = None, counted: np.ndarray | None = None,
            count_cost: float = 0.0, reverse: bool = False) -> list[tuple[int, int]]:
    """Best labelling as a list of (label, first segment index), in time order.

    opening_discount: taken off the switch cost when leaving the opening (announced-order search with many
    questions ignores it).
    emit, enter: (N+2) x n arrays; switch: n array; pins: question -> the segment its chapter must start at.
    cands, allowed: optionally, the sorted segments where a chapter may start (0 first, pins among them) and
    which labels may start at each (labels x candidates); the search then steps from candidate to candidate.
    counted: optionally, per label and segment, the set of questions (a bitmask) that the moderator's count says
    were taken before a chapter of that label starting there ("notre deuxième question": the first); each one
    missing costs count_cost.
    reverse: the moderator said the questions are taken from the last to the first: an earlier-announced
    question discussed before costs order_cost, not a later one.
    """
    n_labels, n = emit.shape
    nq = n_labels - 2
    pins = pins or {}
    if cands is None:
        cands, allowed = np.arange(n), None
    masked = dict(cands=cands, allowed=allowed, order_cost=order_cost, opening_discount=opening_discount,
                  counted=counted, count_cost=count_cost, reverse=reverse)
    if free_order and nq <= MAX_FREE_ORDER:
        runs = _masked(emit, switch, enter, nq, pins, free=True, **masked)
    else:
        runs = _masked(emit, switch, enter, nq, pins, free=False, **masked) if nq <= MAX_FREE_ORDER else None
        if runs is None:
            runs = _monotone(emit, switch, enter, pins)
    if runs is None:  # pins contradict the announced order: let them win
        runs = _masked(emit, switch, enter, nq, pins, free=True, **masked) if nq <= MAX_FREE_ORDER else [(0, 0)]
    return runs


def _transitions(nq: int, free: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Transitions into a question: target question q with used set m, from an open state whose used set is
    m without q (in announced order, only from sets of earlier questions)."""
    tgt_q, tgt_m, src_m = [], [], []
    for q in range(1, nq + 1):
        bit = 1 << (q - 1)
        for m in range(1 << nq):
            if m & bit and (free or (m ^ bit) < bit):
                tgt_q.append(q)
                tgt_m.append(m)
                src_m.append(m ^ bit)
    return tuple(np.array(x, dtype=np.int64) for x in (tgt_q, tgt_m, src_m))


def _shortfall(need: np.ndarray, tgt_q: np.ndarray, src_m: np.ndarray) -> np.ndarray:
    """How many of the questions that the moderator's count says were taken before (`need`: a bitmask per
    label, or labels x starts) the used set src_m lacks, per transition (or starts x transitions)."""
    lacking = need[tgt_q].T & ~src_m
    bits = np.zeros_like(lacking)
    for b in range(int(need.max()).bit_length()):
        bits += (lacking >> b) & 1
    return bits


def _late(tgt_q: np.ndarray, src_m: np.ndarray, order_cost: float, reverse: bool) -> np.ndarray:
    """The order cost of each transition: entering q after a later-announced question was discussed (or,
    taken in reverse, an earlier-announced one)."""
    before = src_m & ((1 << (tgt_q - 1)) - 1) if reverse else src_m >> tgt_q
    return np.where(before > 0, order_cost, 0.0)


def _masked(emit, switch, enter, nq, pins, *, free, cands, allowed=None, order_cost=0.0, opening_discount=0.0,
            counted=None, count_cost=0.0, reverse=False):
    n_labels, n = emit.shape
    close = nq + 1
    n_masks = 1 << nq
    tgt_q, tgt_m, src_m = _transitions(nq, free)
    # Entering q after a later-announced question was already discussed costs a little: order is the default.
    late = _late(tgt_q, src_m, order_cost, reverse)
    # From the empty set the only open state is the opening: every webinar has one, leaving it costs less.
    from_opening = np.where(src_m == 0, opening_discount, 0.0)
    pin_at = {i: q for q, i in pins.items()}
    pinned = np.zeros(n_labels, dtype=bool)
    for q in pins:
        pinned[q] = True
    # Between two candidates no chapter starts: every state just adds up the emissions in between.
    prefix = np.concatenate([np.zeros((n_labels, 1)), np.cumsum(emit, axis=1)], axis=1)

    ptr = np.full((len(cands), n_labels, n_masks), -1, dtype=np.int8)
    value = np.full((n_labels, n_masks), NEG)
    first_q = pin_at.get(0)
    if first_q is not None:
        value[first_q, 1 << (first_q - 1)] = emit[first_q, 0]
    else:
        value[0, 0] = emit[0, 0]
        for q in range(1, nq + 1):
            if not pinned[q] and (allowed is None or allowed[q, 0]):
                value[q, 1 << (q - 1)] = emit[q, 0] + enter[q, 0]
    valid_mask = np.zeros((n_labels, n_masks), dtype=bool)
    valid_mask[0, 0] = True
    valid_mask[tgt_q, tgt_m] = True
    valid_mask[close, :] = True
    for k in range(1, len(cands)):
        i, before = int(cands[k]), int(cands[k - 1])
        value = value + (prefix[:, i] - prefix[:, before + 1])[:, None]
        open_states = value[:close]
        src_label = np.argmax(open_states, axis=0)
        best_open = open_states[src_label, np.arange(n_masks)]
        stay = value
        new = np.full((n_labels, n_masks), NEG)
        cand_q = best_open[src_m] - switch[i] + from_opening + enter[tgt_q, i] - late
        if counted is not None and counted[:, i].any():
            cand_q = cand_q - count_cost * _shortfall(counted[:, i], tgt_q, src_m)
        may = ~pinned[tgt_q] if i not in pin_at else tgt_q == pin_at[i]
        if allowed is not None:
            may = may & allowed[tgt_q, k]
        new[tgt_q, tgt_m] = np.where(may, cand_q, NEG)
        if allowed is None or allowed[close, k]:
            new[close] = best_open - switch[i] + enter[close, i]
        if i in pin_at:
            new[np.arange(n_labels) != pin_at[i]] = NEG
            take = new > NEG / 2
            stay = np.full_like(value, NEG)
        else:
            take = new > stay
        value = np.where(take, new, stay) + emit[:, i, None]
        value[~valid_mask] = NEG
        p = ptr[k]
        p[tgt_q, tgt_m] = np.where(take[tgt_q, tgt_m], src_label[src_m], -1)
        p[close] = np.where(take[close], src_label, -1)
    value = value + (prefix[:, n] - prefix[:, int(cands[-1]) + 1])[:, None]
    if pins:  # every pinned question must be in the final set
        need = sum(1 << (q - 1) for q in pins)
        value[:, (np.arange(n_masks) & need) != need] = NEG
    label, mask = np.unravel_index(int(np.argmax(value)), value.shape)
    if value[label, mask] <= NEG / 2:
        return None
    runs = []
    for k in range(len(cands) - 1, 0, -1):
        prev = int(ptr[k, label, mask])
        if prev >= 0:
            runs.append((int(label), int(cands[k])))
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


def segment_spans(emit: np.ndarray, switch: np.ndarray, enter: np.ndarray, *, cands: np.ndarray,
                  times: np.ndarray, length_cost, free_order: bool, pins: dict[int, int] | None = None,
                  order_cost: float = 0.0, opening_discount: float = 0.0,
                  allowed: np.ndarray | None = None, counted: np.ndarray | None = None,
                  count_cost: float = 0.0, reverse: bool = False) -> list[tuple[int, int]] | None:
    """The same search as `segment`, over whole chapters (a semi-Markov model): a chapter may start only at a
    candidate segment (a turn start, a cue), and a question's chapter pays `length_cost(seconds)` for its
    length, so that one question is not squeezed into a few minutes while its neighbour takes twenty.

    cands: sorted candidate segment indices, starting with 0 (pins must be among them);
    times: the start time of each candidate, then the end of the recording (len(cands) + 1 values);
    allowed: optionally, which labels may start at which candidate (labels x candidates).
    Returns None when there are too many questions to track the set used, or the pins cannot be met.
    """
    n_labels, n = emit.shape
    nq = n_labels - 2
    if nq > MAX_FREE_ORDER:
        return None
    pins = pins or {}
    close = nq + 1
    n_masks = 1 << nq
    k_count = len(cands)
    bounds = np.append(cands, n)
    prefix = np.concatenate([np.zeros((n_labels, 1)), np.cumsum(emit, axis=1)], axis=1)[:, bounds]
    cand_of = {int(c): k for k, c in enumerate(cands)}
    pin_k = {q: cand_of[i] for q, i in pins.items()}
    pinned_at = {k: q for q, k in pin_k.items()}
    tgt_q, tgt_m, src_m = _transitions(nq, free_order)
    trans_bonus = np.where(src_m == 0, opening_discount, 0.0) - _late(tgt_q, src_m, order_cost, reverse)
    # Where a chapter may start, for each label: a pinned question only at its pin, and only it there.
    may_start = np.ones((n_labels, k_count), dtype=bool) if allowed is None else allowed.copy()
    for q, k in pin_k.items():
        may_start[q] = False
        may_start[q, k] = True
    for k, q in pinned_at.items():
        may_start[:, k] = False
        may_start[q, k] = True
    start_gain = enter[:, cands] - switch[cands][None, :]  # entering label at candidate k (k > 0)
    counts_at = counted[:, cands].any(axis=0) if counted is not None else None
    start_gain[:, 0] = enter[:, 0]

    value = np.full((k_count + 1, n_labels, n_masks), NEG)
    from_k = np.full((k_count + 1, n_labels, n_masks), -1, dtype=np.int32)
    from_label = np.full((k_count + 1, n_labels, n_masks), -1, dtype=np.int8)
    # The best value of a labelling ending at each candidate with an open chapter, per used set: masks x
    # candidates, so that the search over a chapter's start runs along contiguous memory.
    best_open = np.full((n_masks, k_count + 1), NEG)
    best_open_label = np.zeros((n_masks, k_count + 1), dtype=np.int8)
    transitions, masks = np.arange(len(tgt_q)), np.arange(n_masks)
    pin_list = sorted(pinned_at)
    for b in range(1, k_count + 1):
        # A chapter may not run over a pin: it starts at or after the last pinned candidate before b.
        a_min = max([k for k in pin_list if k < b], default=0)
        v = value[b]
        if a_min == 0:  # the first chapter: the opening, or a question from the very start
            span0 = prefix[:, b] - prefix[:, 0]
            v[0, 0] = span0[0]
            from_k[b, 0, 0] = 0
            cost0 = length_cost(times[b:b + 1] - times[:1])[0]
            for q in range(1, nq + 1):
                if may_start[q, 0]:
                    v[q, 1 << (q - 1)] = span0[q] + start_gain[q, 0] - cost0
                    from_k[b, q, 1 << (q - 1)] = 0
        lo = max(a_min, 1)  # later starts: candidates lo..b-1
        if lo < b:
            span = prefix[:, b][:, None] - prefix[:, lo:b]  # labels x starts
            cost = length_cost(times[b] - times[lo:b])
            # What a chapter of each label starting at each candidate brings, then per transition.
            gain = np.where(may_start[:, lo:b], start_gain[:, lo:b] + span, NEG)
            cand = best_open[src_m, lo:b] + (gain[:close] - cost)[tgt_q] + trans_bonus[:, None]  # transitions x starts
            if counted is not None and (rows := counts_at[lo:b]).any():
                cand[:, rows] -= count_cost * _shortfall(counted[:, cands[lo:b][rows]], tgt_q, src_m).T
            pick = np.argmax(cand, axis=1)
            got = cand[transitions, pick]
            better = got > v[tgt_q, tgt_m]  # than a question chapter from the very start
            tq, tm = tgt_q[better], tgt_m[better]
            v[tq, tm] = got[better]
            from_k[b, tq, tm] = lo + pick[better]
            from_label[b, tq, tm] = best_open_label[src_m[better], lo + pick[better]]
            cc = best_open[:, lo:b] + gain[close]
            pick = np.argmax(cc, axis=1)
            v[close] = cc[masks, pick]
            from_k[b, close] = lo + pick
            from_label[b, close] = best_open_label[masks, lo + pick]
        if b < k_count:
            best_open_label[:, b] = np.argmax(v[:close], axis=0)
            best_open[:, b] = v[:close].max(axis=0)
    final = value[k_count].copy()
    if pins:
        need = sum(1 << (q - 1) for q in pins)
        final[:, (np.arange(n_masks) & need) != need] = NEG
    label, mask = (int(x) for x in np.unravel_index(int(np.argmax(final)), final.shape))
    if final[label, mask] <= NEG / 2:
        return None
    runs, b = [], k_count
    while True:
        k, prev = int(from_k[b, label, mask]), int(from_label[b, label, mask])
        runs.append((label, int(cands[k])))
        if k == 0:
            break
        if label != close:
            mask ^= 1 << (label - 1)
        b, label = k, prev
    return runs[::-1]
