from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.models import Trivselsmaaling
from portal.services import trivselsmaaling_create, who5_score

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
KEYS = ("happy", "calm", "active", "rested", "interest")


class Who5ScoreTests:
    @pytest.mark.parametrize(
        "svar,score",
        [
            ([5, 5, 5, 5, 5], 100),
            ([0, 0, 0, 0, 0], 0),
            ([3, 2, 4, 1, 5], 60),
            ([3, 2, 3, 2, 3], 52),  # the example in DOMAIN.md 6.2
            ([1, 1, 1, 1, 1], 20),  # "(raw − 5) × 4" would give 0: the wrong formula
        ],
    )
    def test_it_scores_raw_sum_times_four(self, svar: list[int], score: int) -> None:
        assert who5_score(svar) == score

    @pytest.mark.parametrize("svar", [[6, 0, 0, 0, 0], [-1, 0, 0, 0, 0], [1, 2, 3, 4], [1, 2, 3, 4, 5, 0], ["3", 1, 1, 1, 1], [True, 1, 1, 1, 1], [2.5, 1, 1, 1, 1]])
    def test_it_refuses_invalid_answers(self, svar: list[object]) -> None:
        with pytest.raises(ValidationError) as exc:
            who5_score(svar)
        assert "who5" in exc.value.message_dict


@pytest.mark.django_db
class TrivselsmaalingCreateTests:
    def test_it_saves_the_answers_with_the_exact_score(self, cast) -> None:  # type: ignore[no-untyped-def]
        m = trivselsmaaling_create(
            borger=cast.erik, who5=dict(zip(KEYS, [3, 2, 4, 1, 5], strict=True)), actor=cast.erik_user,
            livstilfredshed=7, livsmod={"haab": 4, "tryghed": 5}, bemaerkning=" Bedre end sidst ", now=NOW,
        )
        m.refresh_from_db()
        assert (m.who5_score, m.who5_raw, m.livstilfredshed, m.livsmod_haab, m.livsmod_hverdag) == (60, 15, 7, 4, None)
        assert m.bemaerkning == "Bedre end sidst"
        assert m.sag == cast.sag_erik and m.besvaret_at == NOW and m.indtastet_af == cast.erik_user
        assert not m.lav_trivsel and not m.mulig_depression
        assert m.events.count() == 1  # history (pghistory)

    def test_it_flags_low_wellbeing_and_likely_depression(self, cast) -> None:  # type: ignore[no-untyped-def]
        m = trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 1), actor=cast.erik_user, now=NOW)
        assert m.who5_score == 20 and m.lav_trivsel and m.mulig_depression

    def test_it_requires_all_five_who5_answers(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            trivselsmaaling_create(borger=cast.erik, who5={"happy": 3, "calm": 3}, actor=cast.erik_user, now=NOW)
        assert exc.value.message_dict["who5_active"] == ["Vælg et svar."]
        assert not Trivselsmaaling.objects.exists()

    def test_it_refuses_out_of_range_optional_answers(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            trivselsmaaling_create(
                borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, livstilfredshed=11,
                livsmod={"haab": 0}, now=NOW,
            )
        assert exc.value.message_dict == {
            "livstilfredshed": ["Vælg et tal fra 0 til 10."],
            "livsmod_haab": ["Vælg et svar fra 1 til 5."],
        }

    def test_the_database_refuses_a_wrong_score(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(IntegrityError), transaction.atomic():
            # (raw − 5) × 4 = 40 for raw 15: the wrong formula is refused by the database.
            Trivselsmaaling.objects.create(
                borger=cast.erik, besvaret_at=NOW, who5_happy=3, who5_calm=2, who5_active=4, who5_rested=1,
                who5_interest=5, who5_score=40,
            )

    def test_the_database_refuses_an_item_above_five(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(IntegrityError), transaction.atomic():
            Trivselsmaaling.objects.create(
                borger=cast.erik, besvaret_at=NOW, who5_happy=6, who5_calm=0, who5_active=0, who5_rested=0,
                who5_interest=0, who5_score=24,
            )
