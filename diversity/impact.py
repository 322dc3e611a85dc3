"""The adverse-impact calculation (the four-fifths rule) over counts of applications: a pure
module, no ORM; `diversity.selectors` feeds it from one aggregate query of the event log.

For each stage of a job's pipeline (the first stage of each kind after `applied`), the
*base* of a group is the number of its applications that reached the stage before it, and
its *selected* the number that reached the stage itself ("reached" is the furthest stage an
application ever entered, as in the job funnel, so a back-move changes nothing):

    rate(g)        = selected(g) / base(g)
    highest        = max rate(g) over the groups that are compared
    impact ratio   = rate(g) / highest
    flagged        = impact ratio < 4/5

Groups compared are those with at least MIN_GROUP_SIZE applications at the base of the stage
and a disclosed answer. A smaller group is not shown at all (no counts, no rate: a handful of
people could be recognised) and cannot be the highest group either. "Prefer not to say" and
"no answer" are shown with their counts and rate (when large enough) but are never the highest
and never flagged: they are not a group of people with something in common. When the highest
rate is 0 (nobody of any compared group was selected) there is no ratio to compute and no
group is marked the highest. Rates are exact fractions, so a ratio of exactly 0.8 is not
flagged.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from diversity.options import NO_ANSWER, PREFER_NOT_TO_SAY

MIN_GROUP_SIZE = 5
FOUR_FIFTHS = Fraction(4, 5)
UNDISCLOSED = (PREFER_NOT_TO_SAY, NO_ANSWER)


@dataclass(frozen=True)
class Reached:
    """`count` applications of one job with these answers (dimension → group code) whose
    furthest stage is the one at `furthest` (a position in the job's pipeline)."""

    job_id: int
    answers: Mapping[str, str]
    furthest: int
    count: int


@dataclass
class Tally:
    base: int = 0
    selected: int = 0


@dataclass(frozen=True)
class GroupImpact:
    group: str
    hidden: bool  # fewer than MIN_GROUP_SIZE at the base: no figures at all
    undisclosed: bool  # "Prefer not to say" or no answer: counted, never compared
    base: int | None = None
    selected: int | None = None
    rate: Fraction | None = None
    ratio: Fraction | None = None
    highest: bool = False
    flagged: bool = False


@dataclass(frozen=True)
class StageImpact:
    kind: str
    groups: list[GroupImpact]
    highest_rate: Fraction | None

    @property
    def flagged(self) -> list[GroupImpact]:
        return [group for group in self.groups if group.flagged]


def stage_steps(stages: Iterable[tuple[int, str]]) -> list[tuple[str, int, int]]:
    """(kind, position of the stage before it, its position) for the first stage of each kind
    after the pipeline's first stage, from a job's (position, kind) pairs."""
    ordered = sorted(stages)
    seen = {ordered[0][1]} if ordered else set()
    steps = []
    for index in range(1, len(ordered)):
        position, kind = ordered[index]
        if kind not in seen:
            steps.append((kind, ordered[index - 1][0], position))
        seen.add(kind)
    return steps


def tally(
    rows: Iterable[Reached],
    pipelines: Mapping[int, Sequence[tuple[int, str]]],
    dimension: str,
) -> dict[str, dict[str, Tally]]:
    """{stage kind: {group: Tally}} of one dimension, summed over the jobs: an application
    counts at a stage only if its job's pipeline has a stage of that kind."""
    steps = {job_id: stage_steps(stages) for job_id, stages in pipelines.items()}
    # Every stage some pipeline has is reported, even one nobody reached.
    tallies: dict[str, dict[str, Tally]] = {
        kind: {} for job_steps in steps.values() for kind, _previous, _position in job_steps
    }
    for row in rows:
        group = row.answers.get(dimension, NO_ANSWER)
        for kind, previous, position in steps.get(row.job_id, []):
            if row.furthest < previous:
                break
            counts = tallies[kind].setdefault(group, Tally())
            counts.base += row.count
            if row.furthest >= position:
                counts.selected += row.count
    return tallies


def _ordered_groups(tallies: Mapping[str, Tally], order: Sequence[str]) -> list[str]:
    """The offered groups in their order (even with nobody in them: an empty group is shown as
    small, not left out), then removed ones by code, then the undisclosed answers."""
    offered = [code for code in order if code not in UNDISCLOSED]
    others = sorted(code for code in tallies if code not in offered and code not in UNDISCLOSED)
    return offered + others + [code for code in UNDISCLOSED if code in tallies]


def stage_impact(kind: str, tallies: Mapping[str, Tally], order: Sequence[str] = ()) -> StageImpact:
    """Rates, impact ratios and flags of the groups at one stage (see the module docstring)."""
    groups = _ordered_groups(tallies, order)
    counts = {code: tallies.get(code, Tally()) for code in groups}
    large = {code: c for code, c in counts.items() if c.base >= MIN_GROUP_SIZE}
    rates = {code: Fraction(c.selected, c.base) for code, c in large.items()}
    compared = [rates[code] for code in rates if code not in UNDISCLOSED]
    highest = max(compared) if compared else None
    results = []
    for code in groups:
        undisclosed = code in UNDISCLOSED
        if code not in large:
            results.append(GroupImpact(group=code, hidden=True, undisclosed=undisclosed))
            continue
        rate = rates[code]
        ratio = None if undisclosed or not highest else rate / highest
        results.append(
            GroupImpact(
                group=code,
                hidden=False,
                undisclosed=undisclosed,
                base=large[code].base,
                selected=large[code].selected,
                rate=rate,
                ratio=ratio,
                highest=not undisclosed and bool(highest) and rate == highest,
                flagged=ratio is not None and ratio < FOUR_FIFTHS,
            )
        )
    return StageImpact(kind=kind, groups=results, highest_rate=highest)


def adverse_impact(
    rows: Iterable[Reached],
    pipelines: Mapping[int, Sequence[tuple[int, str]]],
    dimension: str,
    *,
    kinds: Sequence[str],
    order: Sequence[str] = (),
) -> list[StageImpact]:
    """The stages of one dimension in the order of `kinds` (those no job has are left out)."""
    tallies = tally(rows, pipelines, dimension)
    return [stage_impact(kind, tallies[kind], order) for kind in kinds if kind in tallies]
