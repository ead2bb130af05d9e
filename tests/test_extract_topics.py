"""How the parsed extractor chooses a claim's topic among the tracker's, on sentences of our own making."""

from __future__ import annotations

from pathlib import Path

import pytest

from ist import store
from ist.dates import FuzzyDate
from ist.extract import Article, extractor
from ist.model import ActorsFile, Topic, TopicsFile
from ist.registry import Registry

ROOT = Path(__file__).parents[1]
# A topic a user of a mission's story adds: people on the ground, not pledged.
ON_THE_GROUND = Topic(id="deployed-personnel", values=["quantity"], unit="personnel",
                      description="How many personnel the actor actually has on the ground in a mission "
                                  "(deployed or arrived, not pledged).")
LEAVING = Topic(id="withdrawal", values=["stance", "text"],
                description="The actor's position on its contingent or a mission leaving the country, being "
                            "suspended or drawn down.")


def registry(*extra: Topic) -> Registry:
    actors = ActorsFile.model_validate(store.load_fast(ROOT / "tests" / "fixtures" / "add" / "actors.yaml")).actors
    topics = TopicsFile.model_validate(store.load_fast(ROOT / "ist" / "data" / "topics.yaml")).topics + list(extra)
    return Registry({a.id: a for a in actors}, {t.id: t for t in topics})


def topics_of(text: str, reg: Registry) -> list[tuple[str, str]]:
    ex = extractor("parsed").extract(Article(text=text, published=FuzzyDate.parse("2025-11-12")), reg)
    return [(c.actor, c.topic) for c in ex.claims]


@pytest.mark.parametrize("text", [
    "Canada is willing to deploy engineers in a post-ceasefire Haiti.",  # where, not what about
    "Kenyan forces could join a multinational force to monitor a truce.",  # what for, not what
    "Kenya is ready to join a force tied to the truce.",  # which force, not what about
])
def test_where_and_what_for_are_not_the_topic(text):
    found = topics_of(text, registry())
    assert found and not [t for _, t in found if t == "ceasefire"], found


def test_a_word_standing_for_an_actor_points_to_no_topic():
    # "government" shares its root with governance, but it names who is to act, not what the position is about
    found = topics_of("Kenya wants the government to speed up the withdrawal of the force.", registry(LEAVING))
    assert found == [("kenya", "withdrawal")]


def test_what_a_counted_subject_does_chooses_among_topics_counted_alike():
    found = topics_of("Two dozen soldiers from Jamaica arrived in the capital on Thursday.", registry(ON_THE_GROUND))
    assert found == [("jamaica", "deployed-personnel")]


def test_the_circumstances_of_a_position_are_not_its_topic():
    found = topics_of("Kenya vowed to continue providing support to Haiti in the face of calls to withdraw its police.",
                      registry(LEAVING))
    assert "withdrawal" not in {t for _, t in found}, found
    # and the calls are nobody's position the sentence names
    assert topics_of("Kenya will keep its police in the capital despite calls for a ceasefire.", registry()) == []


@pytest.mark.parametrize("text", ["Haiti opposes Kenyan troops in the capital.",
                                  "Russia slammed plans by Romania to send troops to Ukraine."])
def test_a_position_on_another_partys_forces_is_one_on_their_presence(text):
    holder = text.split()[0].lower()
    assert (holder, "foreign-presence") in topics_of(text, registry())


def test_ones_own_forces_are_no_foreign_presence():
    assert topics_of("Canada supports sending its troops to the capital.", registry()) == [("canada", "troop-contribution")]


def _claims(text: str, reg: Registry) -> list:
    return extractor("parsed").extract(Article(text=text, published=FuzzyDate.parse("2025-11-12")), reg).claims


def test_a_dateline_is_not_part_of_the_sentence_after_it():
    (c,) = _claims("Leaders met on Monday.\n\nPORT SYLVAN, Freedonia, May 4 — Kenya is ready to send troops.", registry())
    assert (c.actor, c.quote) == ("kenya", "Kenya is ready to send troops.")


@pytest.mark.parametrize("text, sentences", [
    ("SYLVAN CITY — The council voted on Monday.", ["SYLVAN CITY —", "The council voted on Monday."]),
    ("Sylvan City, May 4 (Wire) - The council voted.", ["Sylvan City, May 4 (Wire) -", "The council voted."]),
    ("UNSYL — the bloc — voted on Monday.", ["UNSYL — the bloc — voted on Monday."]),  # an aside, not a dateline
    ("The minister - a veteran - voted.", ["The minister - a veteran - voted."]),
])
def test_datelines_are_told_from_asides(text, sentences):
    from ist.extract.nlp import pipeline

    assert [s.text.strip() for s in pipeline()(text).sents] == sentences


def test_an_actors_ally_or_neighbour_is_not_the_actor():
    assert _claims("Haiti's neighbour said it would send troops.", registry()) == []


def test_a_users_topic_without_cue_words_takes_text_claims_by_its_own_words():
    (c,) = _claims("Kenya said its contingent would leave the country in March.", registry(LEAVING))
    assert (c.actor, c.topic, c.value.kind) == ("kenya", "withdrawal", "text")


@pytest.mark.parametrize("text, actor", [
    ("Kenya said the withdrawal of its police would begin in March.", "kenya"),  # the speaker's own plan
    ("The withdrawal of Kenyan police would begin in March, Haiti said.", "kenya"),  # whose police
])
def test_a_withdrawal_announced_as_a_plan_is_the_withdrawing_partys(text, actor):
    found = [(c.actor, c.topic, c.value.stance.value) for c in _claims(text, registry(LEAVING))]
    assert found == [(actor, "withdrawal", "withdraws")]


def test_a_name_modifying_a_thing_does_not_hold_what_is_said_of_the_thing():
    # whose position that is the sentence does not say; "the Kenyan contingent" is Kenya's own, and says so
    assert _claims("Kenyan membership in the mission is essential, the minister said.", registry()) == []
    (c,) = _claims("The Kenyan contingent is ready to deploy to the capital.", registry())
    assert c.actor == "kenya"


def test_the_word_stating_a_stance_does_not_choose_its_topic():
    # "commitments" names a stance (an offer), not the topic counting commitments; with nothing else said, abstain
    assert _claims("Additional commitments came from Jamaica and Canada.", registry()) == []
    assert topics_of("Kenya offered to send police officers.", registry()) == [("kenya", "troop-contribution")]


def test_a_participle_the_parser_hangs_on_the_verb_still_only_describes():
    found = topics_of("Kenya is ready to join the force of the coalition, led by Canada and Jamaica.", registry())
    assert found and "leadership" not in {t for _, t in found}, found


def test_words_describing_the_source_are_no_claim():
    found = topics_of("Jamaica offered 300 soldiers, according to two officials familiar with the talks but not "
                      "authorized to speak.", registry())
    assert found == [("jamaica", "troop-contribution")]


def _stances(text: str) -> list[tuple[str, str, str]]:
    return [(c.actor, c.topic, c.value.stance.value) for c in _claims(text, registry()) if c.value.kind == "stance"]


def test_no_indication_of_a_position_is_none():
    assert _claims("Kenya has given no indication that it will send troops.", registry()) == []


def test_neither_nor_negates_what_both_do():
    found = _stances("Kenya will help, and neither Jamaica nor Canada have expressed willingness to send forces.")
    assert {(a, s) for a, _, s in found} == {("jamaica", "refuses"), ("canada", "refuses")}


def test_an_inverted_condition_is_a_condition_and_not_the_topic():
    (c,) = _claims("Jamaica would send troops should the gangs refuse to disarm.", registry())
    assert (c.topic, c.value.stance.value, c.conditions) == (
        "troop-contribution", "conditional", ["should the gangs refuse to disarm"])


def test_walking_that_back_is_about_what_was_offered():
    found = _stances("Jamaica said it was willing to send 300 troops, but Jamaican officials have walked that back.")
    assert found == [("jamaica", "troop-contribution", "withdraws")]


def test_another_partys_troops_not_allowed_in_are_the_speakers_position_on_their_presence():
    found = _stances("Kenyan troops would never be stationed in the capital, Haiti's foreign minister said.")
    assert found == [("haiti", "foreign-presence", "rules_out")]
    assert _stances("Kenyan troops will be deployed next week.") == [("kenya", "troop-contribution", "willing")]


def test_ordering_ones_own_forces_to_prepare_a_withdrawal_is_withdrawing():
    found = _stances("Jamaica's prime minister has ordered the army to begin preparations for a withdrawal of its troops.")
    assert found == [("jamaica", "troop-contribution", "withdraws")]
    assert _stances("Canada asked Jamaica to begin a withdrawal of its troops.") == []


def test_new_names_get_the_kind_their_use_shows():
    reg = Registry({}, registry().topics)

    def candidates(text: str) -> dict[str, str]:
        ex = extractor("parsed").extract(Article(text=text, published=FuzzyDate.parse("2025-11-12")), reg)
        return {c.name: c.kind.value for c in ex.candidates}

    # people take no article: "the Varanis" is a group, whatever the entity recognizer says
    assert candidates("The Varanis refused to disarm.") == {"Varanis": "organization"}
    # places have no digits: spaCy's small model takes this rebel group for a place
    assert candidates("M23 said it would not disarm.") == {"M23": "organization"}


def stances_of(text: str, reg: Registry) -> list[tuple[str, str, str, list[str]]]:
    ex = extractor("parsed").extract(Article(text=text, published=FuzzyDate.parse("2025-11-12")), reg)
    return [(c.actor, c.topic, c.value.stance.value, c.conditions) for c in ex.claims if c.value.kind == "stance"]


def test_what_an_actor_takes_part_in_is_not_the_topic():
    # the operation names where Kenya would take part; the position is on taking part
    assert [t for _, t, _, _ in stances_of("Kenya will participate in the naval operation.", registry())] == ["participation"]


def test_refusing_to_act_alone_is_an_offer_with_others():
    found = stances_of("Kenya will never participate unilaterally in the operation.", registry())
    assert found == [("kenya", "participation", "conditional", ["not unilaterally"])]


def test_a_decision_not_yet_made_is_hesitation_not_silence():
    found = stances_of("Kenya said it has not decided whether it will join the mission.", registry())
    assert [(a, s) for a, _, s, _ in found] == [("kenya", "hesitant")]


POLICE = Topic(id="police-contribution", values=["quantity", "stance"], unit="police officers",
               description="How many police officers the actor offers or would send.")


def test_a_topic_counted_in_the_counted_word_wins_over_words_of_deploying():
    # "deploy" is a word of troop contribution; the officers counted are the police topic's unit
    ex = extractor("parsed").extract(Article(text="Kenya has committed to deploy 1,000 police officers.",
                                             published=FuzzyDate.parse("2025-11-12")), registry(POLICE))
    assert [(c.actor, c.topic) for c in ex.claims if c.value.kind == "quantity"] == [("kenya", "police-contribution")]


def test_who_is_named_in_a_clause_of_purpose_holds_no_position():
    found = topics_of("Kenya will send engineers to help Haitian police restore order in the capital.", registry())
    assert {a for a, _ in found} == {"kenya"}, found


def test_those_a_phrase_is_said_to_include_hold_its_position():
    found = stances_of("Other countries that have said they are willing to send troops include Kenya and Jamaica.",
                       registry())
    assert {(a, s) for a, _, s, _ in found} == {("kenya", "willing"), ("jamaica", "willing")}, found


def test_names_with_digits_are_actors_and_their_digits_count_nothing():
    from ist.model import Actor, ActorKind

    reg = registry()
    rebels = Actor(id="r7", name="R7", kind=ActorKind.organization, aliases=["April 7 Front"])
    reg = Registry({**reg.actors, "r7": rebels}, reg.topics)
    ex = extractor("parsed").extract(Article(text="The R7 holds 40% of the province. The April 7 Front is ready to "
                                             "join the talks.", published=FuzzyDate.parse("2025-11-12")), reg)
    found = [(c.actor, c.topic, str(c.value)) for c in ex.claims]
    assert ("r7", "territorial-control", "40%") in found, found
    assert not [f for f in found if f[2] == "7%" or f[2].startswith("7 ")], found
    assert {a for a, _, _ in found} == {"r7"}, found


def candidates_of(text: str) -> dict[str, str]:
    ex = extractor("parsed").extract(Article(text=text, published=FuzzyDate.parse("2025-11-12")), registry())
    return {c.name: c.kind.value for c in ex.candidates}


def test_a_states_official_speaks_for_it_and_is_no_candidate():
    found = candidates_of("Kenya's Foreign Minister Ada Korvel said the country was ready to send troops. "
                          "Korvel said the Government would decide soon.")
    assert not {"Ada Korvel", "Korvel", "Government", "the Government"} & set(found), found


def test_a_titled_name_is_a_person_whatever_the_entity_label():
    found = candidates_of("Defence Minister Ada Korvel said she was ready to send troops.")
    assert found.get("Ada Korvel") in (None, "person"), found


def test_the_whole_a_part_is_taken_from_is_nobodys_and_gives_the_unit():
    ex = extractor("parsed").extract(Article(text="Of the 5,000 soldiers pledged, Kenya will send 1,200.",
                                             published=FuzzyDate.parse("2025-11-12")), registry())
    assert [(c.actor, str(c.value)) for c in ex.claims if c.value.kind == "quantity"] == [("kenya", "1,200 troops")]


def test_a_subject_joined_to_another_is_a_candidate_too():
    assert "Ruritania" in candidates_of("Kenya and Ruritania have withdrawn their soldiers from the mission.")


def test_the_present_progressive_states_a_position():
    found = stances_of("Kenya is not sending troops to the mission.", registry())
    assert [(a, s) for a, _, s, _ in found] == [("kenya", "rules_out")]


def test_foreign_troops_are_another_partys_presence():
    found = stances_of("Kenya does not want any foreign troops remaining on its soil.", registry())
    assert [(a, t, s) for a, t, s, _ in found] == [("kenya", "foreign-presence", "opposes")]


def test_a_refusal_for_what_is_to_come_is_decided():
    assert [s for _, _, s, _ in stances_of("Kenya will not agree to send troops.", registry())] == ["refuses"]
    assert [s for _, _, s, _ in stances_of("Kenya has not agreed to send troops.", registry())] == ["hesitant"]


def test_a_share_needs_words_saying_what_it_is_a_share_of():
    def shares(text):
        ex = extractor("parsed").extract(Article(text=text, published=FuzzyDate.parse("2025-11-12")), registry())
        return [(c.actor, c.topic) for c in ex.claims if c.value.kind == "quantity"]

    assert shares("Kenya supports the average 36 percent reduction agreed last year.") == []
    assert shares("Kenya controls 36 percent of the region.") == [("kenya", "territorial-control")]


def test_a_surname_after_the_full_name_is_that_person_whatever_the_label():
    found = candidates_of("The economy minister, Ada Korvel, said on Monday that talks went well. Korvel said Kenya "
                          "would not agree.")
    assert "Korvel" not in found and found.get("Ada Korvel", "person") == "person", found


JOINING = Topic(id="bloc-accession", values=["stance", "text"],
                description="The actor's position on a country joining the bloc (applying, approving or blocking a bid).")


def test_on_a_tie_the_users_own_topic_wins_over_a_default():
    found = stances_of("Kenya expressed its willingness to join the alliance.", registry(JOINING))
    assert [(a, t) for a, t, _, _ in found] == [("kenya", "bloc-accession")], found


def test_a_surname_named_before_the_full_name_is_merged_into_the_person():
    found = candidates_of("Korvel says Kenya will not approve the bid. President Ada Korvel said on Monday that "
                          "Kenya will not approve the bid.")
    assert "Korvel" not in found, found


def test_approving_is_a_stance():
    found = stances_of("Kenya will not approve the bid to join the alliance.", registry(JOINING))
    assert [(a, t, s) for a, t, s, _ in found] == [("kenya", "bloc-accession", "opposes")], found


def test_a_clause_taken_out_of_a_text_claim_leaves_no_stray_comma():
    from ist.extract.nlp import pipeline
    from ist.extract.parsed import _text

    doc = pipeline()("Kenya warned that, if the talks fail, it would leave.")
    kept = [t for t in doc if not 4 <= t.i <= 7]  # without "if the talks fail"
    assert _text(kept[1:-1]) == "warned that it would leave"


def test_a_stand_in_naming_an_unknown_owner_is_not_the_last_actor():
    found = stances_of("Kenya said it would send troops. The government of Ruritania has rejected the deployment.",
                       registry())
    assert [(a, s) for a, _, s, _ in found] == [("kenya", "willing")], found


TALKS = Topic(id="peace-talks", values=["stance", "text"],
              description="Whether the actor takes part in, suspends or boycotts peace talks or negotiations.")


def test_what_is_taken_part_in_names_a_topic_about_taking_part():
    found = stances_of("Kenya will not participate in further negotiations.", registry(TALKS))
    assert [(a, t) for a, t, _, _ in found] == [("kenya", "peace-talks")], found


def test_the_government_is_never_the_person_who_speaks_of_it():
    from ist.model import Actor, ActorKind

    reg = registry(TALKS)
    reg = Registry({**reg.actors, "ada-korvel": Actor(id="ada-korvel", name="Ada Korvel", kind=ActorKind.person)},
                   reg.topics)
    ex = extractor("parsed").extract(Article(text="Kenya rejected the request. Deputy Chairman Ada Korvel announced "
                                             "that the government will not participate in further negotiations.",
                                             published=FuzzyDate.parse("2025-11-12")), reg)
    assert {c.actor for c in ex.claims if c.topic == "peace-talks"} == {"kenya"}, [(c.actor, c.topic) for c in ex.claims]


def test_it_after_an_unknown_speaker_is_nobody_known():
    found = stances_of("Kenya agreed to extend the truce. The general command of the armed forces said that it "
                       "suspended its participation in the negotiations.", registry(TALKS))
    assert [(a, s) for a, _, s, _ in found if s == "withdraws"] == [], found


def test_what_one_party_accuses_another_of_is_neither_ones_position():
    found = stances_of("Kenya accused Jamaica of withdrawing from the negotiations.", registry(TALKS))
    assert [s for _, _, s, _ in found] == [], found


def test_an_official_titled_by_a_state_is_no_candidate_however_the_title_is_parsed():
    found = candidates_of("Kenya rejected U.S. Secretary of State Ada Korvel's request to resume the talks. "
                          "On Tuesday, Korvel spoke with Kenya's president.")
    assert not {"Ada Korvel", "Korvel"} & set(found), found


def test_a_role_noun_says_what_the_position_is_about():
    # "contributors" names the part Kenya would play; "offer" or "commitment" would not
    assert [(a, t) for a, t, _, _ in stances_of("Potential contributors include Kenya.", registry())] == [
        ("kenya", "troop-contribution")]


def test_a_text_claim_ends_before_the_conjunction_of_the_next_clause():
    ex = extractor("parsed").extract(Article(text="Kenya voted to extend the mandate of the mission for another year, "
                                             "but Jamaica said it had doubts.", published=FuzzyDate.parse("2025-11-12")),
                                     registry())
    texts = [c.value.text for c in ex.claims if c.value.kind == "text"]
    assert texts and not [t for t in texts if t.endswith((" but", ","))], texts


def test_of_two_subjects_the_one_next_to_the_verb_speaks():
    # the parser may split "Kenya's ally the Bahamas" into two subjects of "said"
    ex = extractor("parsed").extract(Article(text="The council voted to extend the mission, but Kenya's ally the "
                                             "Bahamas said changes should be made to the mission's mandate.",
                                             published=FuzzyDate.parse("2025-11-12")), registry())
    assert "bahamas" in {c.actor for c in ex.claims if c.topic == "mandate"}, [(c.actor, c.topic) for c in ex.claims]


def test_a_clause_the_parse_leaves_without_subject_is_the_speakers_statement():
    # "consider" with a predicate regards rather than weighs; the parser gives "would be considered" no subject
    ex = extractor("parsed").extract(Article(text="Kenya's president said on Saturday that any foreign troops deployed "
                                             "to the border, particularly while the war was still ongoing, would be "
                                             "considered legitimate targets by Kenya's forces.",
                                             published=FuzzyDate.parse("2025-11-12")), registry())
    assert [(c.actor, c.topic, c.value.kind) for c in ex.claims] == [("kenya", "use-of-force", "text")], \
        [(c.actor, c.topic, str(c.value)) for c in ex.claims]


def test_an_acronym_of_a_new_name_is_its_alias():
    ex = extractor("parsed").extract(Article(text="The FDF said it would not send troops. The Freedonian Defence "
                                             "Force has refused to send troops before.",
                                             published=FuzzyDate.parse("2025-11-12")), registry())
    found = {c.name: c.aliases for c in ex.candidates}
    assert found.get("Freedonian Defence Force") == ["FDF"] and "FDF" not in found, found
