"""CV parser bench: per-field accuracy on the labelled corpus, speed beside extract_text.

Run from anywhere: `python bench/cv_bench.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pdfminer.high_level import extract_text  # noqa: E402

from applications.cv import parse_cv  # noqa: E402
from applications.cv.runner import parse_cv_isolated  # noqa: E402
from demo.cv_samples import labelled_corpus  # noqa: E402

THRESHOLD = 0.5


def fold(text: str | None) -> str | None:
    """Accent-, case- and space-insensitive form used to compare names."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold()).replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())


def score(parsed: dict[str, Any], labels: dict[str, Any]) -> dict[str, tuple[bool, float]]:
    """field -> (correct, confidence) for one CV."""
    value = {k: v["value"] for k, v in parsed.items()}
    conf = {k: v["confidence"] for k, v in parsed.items()}
    years = value["years_experience"]
    return {
        "name": (fold(value["name"]) == fold(labels["name"]), conf["name"]),
        "email": (value["email"] == labels["email"], conf["email"]),
        "phone": (value["phone"] == labels["phone"], conf["phone"]),
        "highest_degree": (
            value["highest_degree"] == labels["highest_degree"],
            conf["highest_degree"],
        ),
        "years_experience": (
            years is not None and abs(years - labels["years_experience"]) <= 1.0,
            conf["years_experience"],
        ),
    }


def languages_f1(parsed: dict[str, Any], labels: dict[str, Any]) -> float:
    got = {item["language"] for item in parsed["languages"]["value"]}
    want = set(labels["languages"])
    if not got and not want:
        return 1.0
    tp = len(got & want)
    precision = tp / len(got) if got else 0.0
    recall = tp / len(want) if want else 0.0
    return 0.0 if tp == 0 else 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions (best of)")
    parser.add_argument("--verbose", action="store_true", help="print every wrong field")
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = labelled_corpus()
    print(f"labelled corpus: {len(corpus)} CVs generated in {time.perf_counter() - started:.1f} s")

    fields = ("name", "email", "phone", "highest_degree", "years_experience")
    correct = dict.fromkeys(fields, 0)
    confident = dict.fromkeys(fields, 0)
    confident_correct = dict.fromkeys(fields, 0)
    nulls_kept = nulls_total = 0
    f1s: list[float] = []
    pages = 0
    for profile, layout, data, labels in corpus:
        parsed = parse_cv(data)
        pages += parsed.page_count
        result = parsed.as_dict()
        for name, (ok, confidence) in score(result, labels).items():
            correct[name] += ok
            if confidence >= THRESHOLD:
                confident[name] += 1
                confident_correct[name] += ok
            if not ok and args.verbose:
                print(
                    f"  wrong {name:17s} {layout:12s} {profile.nationality}: "
                    f"got {result[name]['value']!r}, want {labels[name]!r}"
                )
        for key in ("email", "phone"):
            if labels[key] is None:
                nulls_total += 1
                nulls_kept += result[key]["value"] is None
        f1s.append(languages_f1(result, labels))

    n = len(corpus)
    print(
        f"\nper-field accuracy on {n} CVs ({pages} pages); precision = accuracy among "
        f"values with confidence >= {THRESHOLD}"
    )
    print(f"  {'field':18s} {'accuracy':>9s} {'precision':>10s} {'coverage':>9s}")
    for name in fields:
        precision = confident_correct[name] / confident[name] if confident[name] else 0.0
        print(f"  {name:18s} {correct[name] / n:9.1%} {precision:10.1%} {confident[name] / n:9.1%}")
    print(f"  {'languages F1':18s} {statistics.mean(f1s):9.3f}")
    print(f"  nulls kept null (no e-mail/phone invented): {nulls_kept}/{nulls_total}")

    files = [data for _, _, data, _ in corpus]

    def timed(fn: Any) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for data in files:
                fn(data)
            best = min(best, time.perf_counter() - t0)
        return best

    plain = timed(lambda data: extract_text(io.BytesIO(data)))
    ours = timed(parse_cv)
    print(f"\nspeed (best of {args.repeat}, {n} CVs, {pages} pages, one process):")
    print(f"  pdfminer extract_text : {1000 * plain / pages:7.1f} ms/page {n / plain:7.1f} CVs/s")
    print(f"  parse_cv              : {1000 * ours / pages:7.1f} ms/page {n / ours:7.1f} CVs/s")
    print(f"  ratio parse_cv / extract_text: {ours / plain:.2f} (target <= 1.3)")

    sample = files[:8]
    t0 = time.perf_counter()
    for data in sample:
        parse_cv_isolated(data)
    isolated = (time.perf_counter() - t0) / len(sample)
    t0 = time.perf_counter()
    for data in sample:
        parse_cv(data)
    direct = (time.perf_counter() - t0) / len(sample)
    print(
        f"  parse_cv_isolated     : {1000 * isolated:7.1f} ms/CV "
        f"(subprocess overhead {1000 * (isolated - direct):.0f} ms/CV)"
    )


if __name__ == "__main__":
    main()
