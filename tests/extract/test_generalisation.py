"""The general rules added after the extra4/extra5 rounds, one test each, on sentences that are
not in any case file."""

from __future__ import annotations

from peaceledger.domain.dates import FuzzyDate
from peaceledger.extract import extract_facts
from peaceledger.extract.sentences import split_sentences


def _facts(text: str, published: str = "2024-10-10") -> list[tuple[object, ...]]:
    return [
        (c.who, c.metric.value, int(c.value) if c.value is not None else None)
        for c in extract_facts(text, FuzzyDate.parse(published))
    ]


def _dated(text: str, published: str = "2024-10-10") -> list[tuple[object, ...]]:
    return [
        (c.who, c.metric.value, c.date_of_fact.iso if c.date_of_fact else "")
        for c in extract_facts(text, FuzzyDate.parse(published))
    ]


def test_a_sentence_runs_on_over_a_single_line_break() -> None:
    text = (
        "Belize has two\nsoldiers in Haiti, while Jamaica has 24 and the Bahamas\n6, "
        "officials said."
    )
    assert len(split_sentences(text)) == 1
    assert ("BLZ", "personnel_deployed", 2) in _facts(text)
    assert ("BHS", "personnel_deployed", 6) in _facts(text)


def test_a_headline_line_is_still_its_own_sentence() -> None:
    assert len(split_sentences("Kenyan police land in Haiti\nThe first 200 officers landed.")) == 2


def test_a_currency_prefix_is_not_a_state() -> None:
    got = _facts("Donors have deposited US$40 million in the mission's trust fund.")
    assert got == [("@MSS-HTI", "funding_paid", 40_000_000)]


def test_a_un_official_as_addressee_is_not_a_destination() -> None:
    got = _facts(
        "Chad's president confirmed an offer of 800 troops in a letter to UN chief Guterres."
    )
    assert got == [("TCD", "personnel_pledged", 800)]


def test_aid_next_to_a_mission_amount_only_spoils_its_own_amount() -> None:
    got = _facts(
        "Ottawa announced C$20m for the security force alongside C$15m in humanitarian aid."
    )
    assert got == [("CAN", "funding_pledged", 20_000_000)]


def test_more_than_the_figure_is_a_comparison_not_a_hedge() -> None:
    found = extract_facts(
        "The US paid far more than the $90 million held by the trust fund.",
        FuzzyDate.parse("2024-10-10"),
    )
    fund = [c for c in found if c.value == 90_000_000]
    assert fund and fund[0].qualifier.value == "exact" and fund[0].actor is None


def test_remaining_before_a_figure_is_not_a_level() -> None:
    assert _facts("Belize withdrew its remaining two soldiers from the mission.") == [
        ("BLZ", "personnel_withdrawn", 2)
    ]


def test_raising_the_number_to_governs_only_the_figure_after_it() -> None:
    got = _facts(
        "A fresh batch of 150 Kenyan officers flew into Port-au-Prince, raising the number of "
        "Kenyan police serving under the MSS to 750."
    )
    assert got == [("KEN", "personnel_arrived", 150), ("KEN", "personnel_deployed", 750)]


def test_a_mission_that_is_led_or_joined_is_not_the_owner() -> None:
    assert _facts("Rwanda has offered to join the force with 500 police officers.") == [
        ("RWA", "personnel_pledged", 500)
    ]


def test_coordinated_plan_makes_a_bare_verb_a_pledge() -> None:
    got = _facts("Benin has agreed to join a multinational force in Haiti and send 1,500 troops.")
    assert got == [("BEN", "personnel_pledged", 1500)]


def test_the_mission_lost_members() -> None:
    got = _facts("The force has lost four members since it deployed, the mission said.")
    assert got == [("@MSS-HTI", "fatalities", 4)]


def test_the_host_police_losses_are_not_the_missions() -> None:
    text = "The HNP, with about 9,000 officers, has lost 50 members this year."
    assert _facts(text) == []


def test_an_ordinal_member_of_the_force_is_the_missions_toll() -> None:
    got = _facts("A Jamaican soldier was killed on Monday, the third member of the force to die.")
    assert got == [("@MSS-HTI", "fatalities", 3)]


def test_a_council_sentence_before_a_ceiling() -> None:
    got = _facts(
        "The Security Council adopted the resolution on Monday. "
        "The force may number up to 3,000 uniformed personnel and 100 civilians."
    )
    assert got == [
        ("@MSS-HTI", "personnel_authorized", 3000),
        ("@MSS-HTI", "personnel_authorized", 100),
    ]


def test_a_council_ceiling_is_never_a_countrys() -> None:
    got = _facts(
        "Nepal said it would contribute troops to the force, which the Security Council "
        "authorised with a ceiling of 4,000 personnel."
    )
    assert ("@MSS-HTI", "personnel_authorized", 4000) in got
    assert ("NPL", "personnel_pledged", None) in got


def test_a_future_month_is_a_target_not_the_date_of_the_pledge() -> None:
    got = _dated(
        "Kenya will deploy another 300 police officers to Haiti in February, officials said on "
        "Monday.",
        "2024-12-18",
    )
    assert got == [("KEN", "personnel_pledged", "2024-12-16")]


def test_since_a_clause_is_not_the_date_of_the_level() -> None:
    got = _dated(
        "The mission has grown to 1,200 personnel since the Kenyan contingent first landed in "
        "June.",
        "2025-02-10",
    )
    assert got == [("@MSS-HTI", "personnel_deployed", "2025-02-10")]


def test_others_already_serving_is_a_level() -> None:
    got = _facts("The new officers will join 380 others already serving in Haiti.")
    assert [(m, v) for _, m, v in got] == [("personnel_deployed", 380)]


def test_figure_then_plan_participle_is_a_plan() -> None:
    got = _facts("The mission has some 600 officers, a fraction of the 2,500 envisaged.")
    assert ("@MSS-HTI", "personnel_pledged", 2500) in got


def test_a_headline_restating_its_story_is_one_fact() -> None:
    text = (
        "Kenya to send 300 more officers to Haiti\n"
        "Kenya will send another 300 police officers to Haiti, the ministry said on Wednesday."
    )
    got = _facts(text, "2024-10-10")
    assert got == [("KEN", "personnel_pledged", 300)]


def test_of_whom_n_are_noun() -> None:
    got = _facts("The force now numbers 900 personnel, of whom 700 are Kenyan police officers.")
    assert ("KEN", "personnel_deployed", 700) in got


def test_countries_listed_after_a_colon() -> None:
    got = _facts("Five countries have offered troops: Benin (1,500), Chad, Nepal and Rwanda (200).")
    assert sorted(got, key=str) == sorted(
        [
            ("BEN", "personnel_pledged", 1500),
            ("RWA", "personnel_pledged", 200),
            ("TCD", "personnel_pledged", None),
            ("NPL", "personnel_pledged", None),
        ],
        key=str,
    )


def test_a_named_other_mission_earlier_in_the_sentence() -> None:
    assert _facts("UNMIH, which left Haiti in 1996, had some 6,000 troops at its height.") == []


def test_troops_in_other_un_missions() -> None:
    assert _facts("Nepal already has 5,000 soldiers in UN missions elsewhere.") == []


def test_share_of_a_planned_whole() -> None:
    got = _facts("Under 500 of the 2,500 personnel the force was supposed to have are in Haiti.")
    assert ("@MSS-HTI", "personnel_deployed", 500) in got
    assert ("@MSS-HTI", "personnel_pledged", 2500) in got


def test_a_total_of_a_list_of_countries_is_the_missions() -> None:
    got = _facts(
        "Chad, Benin, Nepal and Rwanda have pledged personnel, bringing total pledges to "
        "about 4,000."
    )
    assert ("@MSS-HTI", "personnel_pledged", 4000) in got
    assert ("RWA", "personnel_pledged", None) in got


def test_a_direct_pledge_of_people() -> None:
    assert _facts("Barbados has pledged 40 people to the mission.") == [
        ("BRB", "personnel_pledged", 40)
    ]


def test_has_and_a_gapped_list() -> None:
    got = _facts("Kenya has 700 officers in Haiti, while Guatemala has 150 and El Salvador 70.")
    assert ("GTM", "personnel_deployed", 150) in got
    assert ("SLV", "personnel_deployed", 70) in got


def test_definite_people_continue_the_previous_actor() -> None:
    got = _facts(
        "Kenya sent 200 more police officers on Monday. The officers will join 400 others "
        "already serving in Haiti."
    )
    assert ("KEN", "personnel_deployed", 400) in got
