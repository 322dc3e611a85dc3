"""Screening bench: rule evaluations, blind masking and exam results per second (pure code).

The parsed CVs of the labelled corpus (`demo/cv_samples.labelled_corpus()`) are read
once; then each is evaluated against a realistic set of criteria, masked for blind screening,
and exam results are computed for 300 and 3,000 scripts with ranks and a top N.

Run from anywhere: `python bench/screening_bench.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from applications.cv import parse_cv  # noqa: E402
from demo.cv_samples import labelled_corpus  # noqa: E402
from screening import marking, rules  # noqa: E402
from screening.blind import Masker  # noqa: E402

RANKS = {"other": 0, "bachelor": 1, "master": 2, "phd": 3}
CRITERIA = rules.Criteria(
    min_degree="master",
    min_years=2,
    required_languages=("English",),
    desired_languages=("Chinese", "French"),
    required_skills=("Python",),
    desired_skills=("Project management", "Grant writing", "Scientific writing", "GIS"),
    knockouts=(rules.KnockoutQuestion(1, "Work permit?", "yes_no", "yes"),),
    nationality_rule=rules.NOT_HOST,
    deadline=date(2019, 1, 2),
)


def facts_of(parsed: dict, text: str, nationality: str) -> rules.Facts:
    fields = {
        name: rules.CVField(parsed[name]["value"], parsed[name]["source"])
        for name in ("highest_degree", "years_experience", "languages", "skills")
    }
    return rules.Facts(
        cv_read=True,
        fields=fields,
        cv_text=text,
        answers={"1": {"answer": "yes"}},
        nationality=nationality,
        nationality_name=nationality,
        submitted_on=date(2018, 12, 20),
    )


def timed(label: str, count: int, run) -> None:
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(
        f"{label:<44} {count / elapsed:>10,.0f} per second  ({1e6 * elapsed / count:,.0f} µs each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus")
    args = parser.parse_args()

    corpus = []
    for profile, _layout, pdf, _labels in labelled_corpus():
        parsed = parse_cv(pdf).as_dict()
        text = parsed.pop("text")["value"] or ""
        corpus.append((profile, parsed, text))
    print(f"{len(corpus)} parsed CVs from the labelled corpus\n")

    facts = [facts_of(p, t, "DE") for _profile, p, t in corpus]
    outcomes: dict[str, int] = {}

    def evaluate() -> None:
        for _ in range(args.repeat):
            for one in facts:
                result = rules.evaluate(CRITERIA, one, degree_ranks=RANKS)
                outcomes[result.recommendation] = outcomes.get(result.recommendation, 0) + 1

    timed("rule evaluation (13 criteria)", args.repeat * len(facts), evaluate)
    print(f"{'':<44} recommendations: {dict(sorted(outcomes.items()))}")

    maskers = [
        (Masker(names=[profile.name], phones=[profile.phone or ""]), text)
        for profile, _parsed, text in corpus
    ]

    def mask() -> None:
        for _ in range(args.repeat):
            for masker, text in maskers:
                masker(text)

    timed("blind masking of a whole CV text", args.repeat * len(maskers), mask)

    rng = random.Random(2019)  # noqa: S311 - reproducible marks
    sections = [marking.Section(i, f"S{i}", Decimal(m)) for i, m in ((1, 30), (2, 40), (3, 30))]
    for size in (300, 3000):
        scripts = [
            marking.Script(
                key=n,
                attendance="present" if rng.random() > 0.05 else "absent",
                marks={
                    s.id: {
                        "first": Decimal(rng.randint(0, int(s.max_points))),
                        "second": Decimal(rng.randint(0, int(s.max_points))),
                    }
                    for s in sections
                },
            )
            for n in range(size)
        ]

        def results(scripts=scripts) -> None:
            marking.exam_results(
                sections, scripts, pass_mark=Decimal(60), threshold=Decimal(100), top_n=50
            )

        timed(f"exam results, ranks and top N ({size:,} scripts)", 1, results)


if __name__ == "__main__":
    main()
