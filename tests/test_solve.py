"""The chapter search itself (`replay.chapters.solve`): the semi-Markov search over whole chapters agrees with
the per-segment search when it may start a chapter anywhere and pays nothing for length, and a length cost
evens out chapters the topic evidence cannot tell apart."""

from __future__ import annotations

import numpy as np
import pytest

from replay.chapters.solve import segment, segment_spans


def _no_length_cost(seconds):
    return np.zeros(len(seconds))


@pytest.mark.parametrize("seed", range(40))
def test_whole_chapter_search_matches_the_segment_search(seed):
    rng = np.random.default_rng(seed)
    nq = int(rng.integers(1, 5))
    n = int(rng.integers(3, 40))
    emit = rng.normal(0.0, 3.0, (nq + 2, n))
    switch = rng.uniform(2.0, 20.0, n)
    enter = np.where(rng.random((nq + 2, n)) < 0.1, rng.uniform(0.0, 30.0, (nq + 2, n)), 0.0)
    pins = {int(rng.integers(1, nq + 1)): int(rng.integers(1, n))} if seed % 3 == 0 else {}
    common = dict(free_order=bool(seed % 2), pins=pins, order_cost=float(rng.uniform(0, 10)),
                  opening_discount=float(rng.uniform(0, 5)), reverse=seed % 4 == 1)
    expected = segment(emit, switch, enter, **common)
    got = segment_spans(emit, switch, enter, cands=np.arange(n), times=np.arange(n + 1.0),
                        length_cost=_no_length_cost, **common)
    assert got == expected


def test_length_cost_evens_out_chapters_the_words_cannot_separate():
    # Opening (segment 0), then two questions over 20 segments whose words fit both equally: without a length
    # cost the tie is broken anywhere; with one, each question gets about half.
    n = 21
    emit = np.zeros((4, n))
    emit[0, 0] = 5.0
    emit[0, 1:] = -5.0
    emit[3, :] = -5.0
    emit[1, 1:] = 1.0
    emit[2, 1:] = 1.0
    switch = np.full(n, 1.0)
    enter = np.zeros((4, n))
    times = np.arange(n + 1.0) * 10.0

    def length_cost(seconds):
        return 0.5 * 100.0 * np.log(np.maximum(seconds, 1.0) / 100.0) ** 2

    runs = segment_spans(emit, switch, enter, cands=np.arange(n), times=times, length_cost=length_cost,
                         free_order=False)
    assert runs == [(0, 0), (1, 1), (2, 11)]


def test_chapters_start_only_at_candidates_and_pins_are_kept():
    n = 30
    rng = np.random.default_rng(1)
    emit = rng.normal(0.0, 1.0, (5, n))
    switch = np.full(n, 5.0)
    enter = np.zeros((5, n))
    cands = np.array([0, 4, 9, 13, 20, 26])
    runs = segment_spans(emit, switch, enter, cands=cands, times=np.append(cands * 10.0, n * 10.0),
                         length_cost=_no_length_cost, free_order=True, pins={2: 13})
    assert all(i in cands for _, i in runs)
    assert (2, 13) in runs


@pytest.mark.parametrize("spans", [False, True])
def test_questions_announced_in_reverse_order_cost_nothing_taken_from_the_last(spans):
    # Opening, question 3, then two segments whose words fit questions 1 and 2 alike (question 1 a little
    # better first): in free order both orders pay the same order cost, and the words decide (3, 1, 2); when
    # the moderator said the questions go from the last to the first, 3, 2, 1 is the one order that pays none.
    emit = np.full((5, 5), -10.0)
    emit[0, 0] = emit[3, 1] = emit[4, 4] = 10.0
    emit[1, 2:4] = emit[2, 2:4] = 5.0
    emit[1, 2] += 0.5
    enter = np.zeros((5, 5))
    enter[1:3, 2:4] = 20.0  # both questions are ranked in both places: each is surely discussed
    switch = np.full(5, 1.0)
    common = dict(free_order=True, order_cost=3.0)
    if spans:
        def solve(**kw):
            return segment_spans(emit, switch, enter, cands=np.arange(5), times=np.arange(6.0),
                                 length_cost=_no_length_cost, **common, **kw)
    else:
        def solve(**kw):
            return segment(emit, switch, enter, **common, **kw)
    assert [lab for lab, _ in solve()] == [0, 3, 1, 2, 4]
    assert [lab for lab, _ in solve(reverse=True)] == [0, 3, 2, 1, 4]
