"""Hypothesis strategies for intakes."""

from __future__ import annotations

from hypothesis import strategies as st

from hearth.program.content import ACTIVITIES, AREAS, CONCERNS
from hearth.program.plan import BODY_CHANGE_CAUSES, MEDICINES, PHYSICAL, TIMES, Intake


def tag_sets(
    vocabulary: tuple[str, ...], max_size: int | None = None
) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(vocabulary), max_size=max_size or len(vocabulary))


def intakes(person: str) -> st.SearchStrategy[Intake]:
    return st.builds(
        Intake,
        person=st.just(person),
        concerns=tag_sets(CONCERNS),
        body_change_causes=tag_sets(BODY_CHANGE_CAUSES),
        physical=tag_sets(PHYSICAL),
        pain_areas=tag_sets(AREAS, 3),
        off_limit_areas=tag_sets(AREAS, 6),
        off_limit_activities=tag_sets(ACTIVITIES, 2),
        medicines=tag_sets(MEDICINES),
        pace=st.sampled_from(["slow", "steady"]),
        session_minutes=st.none() | st.sampled_from([10, 15, 20, 30, 45, 60]),
        times=tag_sets(TIMES),
    )
