"""Where other apps plug their demo evidence and work in progress into the applications demo."""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.models import User

from applications.models import Application, JobStage

DemoHook = Callable[..., None]

# Other apps record the evidence behind each demo decision (screening decisions, exam scores,
# scorecards) through hooks called just before an application leaves a stage of their kind:
# hook(application=, stage=, passed=, reason=, when=, hr=, rng=). `passed` is False for one
# about to be rejected there, with the rejection reason code. They register from their own
# demo module's `register_hooks()`, which the load_demo command calls first.
_stage_hooks: dict[str, DemoHook] = {}

# The apps that own a stage kind record the work in progress there through a hook:
# hook(application=, stage=, scene=, entered=, now=, hr=, rng=), where `entered` is when the
# application entered the stage and `now` the moment the scene is seen at (the load, or just
# before the application leaves the stage): what has happened falls between the two, what is
# to come after `now`. Scenes: screening "pass", "hold" or "" (no decision yet); exam
# "invited"; interview "upcoming", "awaiting_scorecard". Registered from `register_hooks()`.
_live_hooks: dict[str, DemoHook] = {}


def register_stage_hook(kind: str, hook: DemoHook) -> None:
    _stage_hooks[kind] = hook


def register_live_hook(kind: str, hook: DemoHook) -> None:
    _live_hooks[kind] = hook


def record_evidence(
    application: Application,
    stage: JobStage,
    *,
    passed: bool,
    reason: str,
    when: dt.date,
    hr: User,
    rng: random.Random,
) -> None:
    """Let the app owning the stage record why the application leaves it (or is rejected)."""
    hook = _stage_hooks.get(stage.kind)
    if hook is not None:
        hook(
            application=application,
            stage=stage,
            passed=passed,
            reason=reason,
            when=when,
            hr=hr,
            rng=rng,
        )


def play_live_scene(
    application: Application,
    stage: JobStage,
    scene: str,
    *,
    entered: dt.datetime,
    now: dt.datetime,
    hr: User,
    rng: random.Random,
) -> None:
    """Let the app owning the stage record the work in progress there."""
    hook = _live_hooks.get(stage.kind)
    if hook is not None:
        hook(
            application=application,
            stage=stage,
            scene=scene,
            entered=entered,
            now=now,
            hr=hr,
            rng=rng,
        )
