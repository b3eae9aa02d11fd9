""" "Me, my partner, our couple" has one answer: the household from hearth.couples."""

from __future__ import annotations

import ast
from pathlib import Path

from hearth.couples import actions
from hearth.couples.access import household, people_in
from hearth.program.state import situation
from tests.conftest import Personas

ROOT = Path(__file__).resolve().parents[2]

# Modules outside hearth/couples that may name the Membership model, and why. None of
# them may read who is linked now: that is the household's (or current_memberships') job.
MEMBERSHIP_WRITERS = {
    "hearth/ops/management/commands/load_demo.py": "makes the demo couple, backdated",
}


def _outside_couples() -> list[Path]:
    hearth = ROOT / "hearth"
    return [
        path
        for path in sorted(hearth.rglob("*.py"))
        if path.relative_to(hearth).parts[0] != "couples" and "migrations" not in path.parts
    ]


def _names(tree: ast.AST) -> set[str]:
    """Every identifier, attribute, keyword and string in a module: a lookup such as
    ``memberships__left_at__isnull`` shows up in one of them."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            found.add(node.arg)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.alias):
            found.add(node.name)
    return found


def test_no_module_outside_couples_decides_who_is_linked_now() -> None:
    """Whether a membership is current (its ``left_at``) is read only in hearth.couples, so
    a partner who left is gone from every app at once, and Membership is named elsewhere
    only by the few modules listed with their reason."""
    reads, named = [], set()
    for path in _outside_couples():
        words = _names(ast.parse(path.read_text()))
        where = path.relative_to(ROOT).as_posix()
        if any("left_at" in word for word in words):
            reads.append(where)
        if "Membership" in words:
            named.add(where)
    assert reads == []
    assert named <= set(MEMBERSHIP_WRITERS), sorted(named - set(MEMBERSHIP_WRITERS))


def test_the_old_names_for_a_couple_are_gone() -> None:
    """Each of these answered part of what ``household(user)`` answers whole."""
    old = {"Pair", "current_pair", "program_people", "partner_of", "active_membership"}
    found = sorted(
        f"{path.relative_to(ROOT).as_posix()}: {name}"
        for path in sorted(ROOT.joinpath("hearth").rglob("*.py"))
        for name in _names(ast.parse(path.read_text())) & old
    )
    assert found == []


def test_a_linked_person_sees_their_partner_and_couple(personas: Personas) -> None:
    home = household(personas.partner_a)
    assert home.user == personas.partner_a and home.partner == personas.partner_b
    assert home.is_couple and not home.alone
    assert home.couple is not None and home.couple_id == home.couple.pk
    assert home.people == [personas.partner_a, personas.partner_b]
    assert sorted(people_in(home.couple_id)) == sorted(
        [personas.partner_a.pk, personas.partner_b.pk]
    )


def test_a_person_on_their_own_is_alone(personas: Personas) -> None:
    home = household(personas.solo)
    assert home.alone and not home.is_couple
    assert home.partner is None and home.couple is None and home.couple_id is None
    assert home.people == [personas.solo]
    assert people_in(None, personas.solo.pk) == [personas.solo.pk]
    assert people_in(None) == []


def test_after_leaving_both_are_alone_and_the_couple_has_nobody(personas: Personas) -> None:
    couple_id = household(personas.partner_a).couple_id
    actions.leave_couple(personas.partner_a)
    for person in (personas.partner_a, personas.partner_b):
        home = household(person)
        assert home.alone and home.membership is None and home.people == [person]
    assert household(personas.partner_b).end_notice
    assert people_in(couple_id) == []


def test_the_program_takes_who_is_who_from_the_household(personas: Personas) -> None:
    sit = situation(personas.partner_a)
    assert sit.household == household(personas.partner_a)
    assert (sit.user, sit.partner) == (personas.partner_a, personas.partner_b)
    assert sit.couple == household(personas.partner_a).couple and sit.is_couple
    assert not situation(personas.solo).is_couple
