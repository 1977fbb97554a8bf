"""Every metric of the semantic layer compiles for every breakdown and filter it allows,
for a recruiter and for an admin, into SQL the guard accepts (no database needed)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest

from data_layer.recruiting.metrics import MetricFilters, MetricQuery, MetricRejected
from data_layer.recruiting.metrics.compile import compile_metric, literal_sql
from data_layer.recruiting.metrics.plans import PLANS
from data_layer.recruiting.semantic import METRICS
from data_layer.recruiting.sql_guard import guard_sql

TODAY = datetime.date(2026, 11, 28)
RECRUITER = uuid.UUID("3e115dd8-278d-5a8a-947c-00000000002a")
FILTER_VALUES: dict[str, dict[str, Any]] = {
    "period": {"period_start": datetime.date(2026, 6, 1), "period_end": TODAY},
    "within_days": {"within_days": 30},
    "statuses": {"statuses": ["placed"]},
    "specialty": {"specialty": "ICU"},
    "profession": {"profession": "Registered Nurse"},
    "state_code": {"state_code": "TX"},
    "job_id": {"job_id": uuid.uuid4()},
    "job_type": {"job_type": "travel"},
    "recruiter_id": {"recruiter_id": uuid.uuid4()},
    "candidate_id": {"candidate_id": uuid.uuid4()},
    "share_id": {"share_id": uuid.uuid4()},
    "hot": {"hot": True},
    "featured": {"featured": False},
    "source": {"source": "website"},
    "referral_source": {"referral_source": "Employee Referral"},
    "certification": {"certification": "ACLS"},
    "shift": {"shift": "Nights"},
    "pay": {"min_weekly_pay": 2500.0, "max_hourly_pay": 90.0},
}


def _sql(query: MetricQuery, hint: uuid.UUID | None) -> str:
    compiled = compile_metric(query, today=TODAY, max_rows=50, recruiter_hint=hint)
    return literal_sql(compiled.statement)


def test_every_metric_has_a_plan() -> None:
    assert set(PLANS) == set(METRICS)


@pytest.mark.parametrize("metric", sorted(METRICS))
@pytest.mark.parametrize("hint", [None, RECRUITER], ids=["admin", "recruiter"])
def test_every_allowed_breakdown_and_filter_compiles_to_guarded_sql(
    metric: str, hint: uuid.UUID | None
) -> None:
    allowed = METRICS[metric]
    queries = [MetricQuery(metric=metric), MetricQuery(metric=metric, list_rows=True)]
    queries += [MetricQuery(metric=metric, group_by=[dim]) for dim in allowed.dimensions]
    queries += [
        MetricQuery(metric=metric, filters=MetricFilters(**FILTER_VALUES[name]))
        for name in allowed.filters
    ]
    for query in queries:
        sql = _sql(query, hint)
        assert "public." not in sql
        guard_sql(sql, max_rows=51)  # raises SQLRejected if the shown SQL would not pass


def test_what_the_semantic_layer_does_not_allow_is_rejected() -> None:
    for metric, allowed in METRICS.items():
        for name, values in FILTER_VALUES.items():
            if name in allowed.filters:
                continue
            with pytest.raises(MetricRejected):
                _sql(MetricQuery(metric=metric, filters=MetricFilters(**values)), None)


def test_periods_are_whole_utc_days() -> None:
    sql = _sql(
        MetricQuery(
            metric="applications",
            filters=MetricFilters(
                period_start=datetime.date(2026, 6, 1), period_end=datetime.date(2026, 6, 30)
            ),
        ),
        None,
    )
    assert "m.applied_at >= '2026-06-01 00:00:00+00:00'" in sql
    assert "m.applied_at < '2026-07-01 00:00:00+00:00'" in sql


def test_a_recruiters_statement_names_their_rows_for_the_index() -> None:
    sql = _sql(MetricQuery(metric="applications"), RECRUITER)
    assert f"m.recruiter_id = '{RECRUITER}'" in sql
    assert "ANY (ARRAY(SELECT" in sql
    assert "recruiter_id" not in _sql(MetricQuery(metric="applications"), None)


def test_source_certification_shift_and_pay_are_bound_conditions() -> None:
    """Each new filter is one more condition on the copilot views (it can only narrow)."""
    filters = MetricFilters(
        source="Recruiter Share",
        certification="acls",
        shift="night",
        min_weekly_pay=2500,
        max_hourly_pay=90,
        state_code="TX",
    )
    sql = _sql(MetricQuery(metric="applications", filters=filters), RECRUITER)
    assert "m.source = 'recruiter_share'" in sql
    assert "EXISTS (SELECT 1" in sql and "FROM copilot.certifications AS cert" in sql
    assert "upper(cert.certification) = 'ACLS'" in sql
    assert "strpos(lower(j.shift), 'night') > 0" in sql
    assert "strpos(lower(j.shift), 'rotat') = 0" in sql
    assert "weekly_pay >= 2500" in sql and "hourly_pay <= 90" in sql
    guard_sql(sql, max_rows=51)
    listed = _sql(
        MetricQuery(
            metric="candidates",
            list_rows=True,
            filters=filters.__class__(certification="BLS", referral_source="Website"),
        ),
        None,
    )
    assert "m.referral_source = 'Website'" in listed and "'BLS'" in listed
    own = _sql(
        MetricQuery(metric="certifications_expiring", filters=MetricFilters(certification="pals")),
        RECRUITER,
    )
    assert "upper(m.certification) = 'PALS'" in own and "EXISTS" not in own


def test_bad_shift_and_pay_bounds_are_rejected_in_words() -> None:
    with pytest.raises(MetricRejected, match="no shift called"):
        _sql(MetricQuery(metric="open_jobs", filters=MetricFilters(shift="lunch")), None)
    with pytest.raises(MetricRejected, match="minimum above its maximum"):
        _sql(
            MetricQuery(
                metric="open_jobs",
                filters=MetricFilters(min_weekly_pay=3000, max_weekly_pay=2000),
            ),
            None,
        )


def test_how_i_got_this_names_the_new_filters() -> None:
    from data_layer.recruiting.metrics.describe import filters_text

    query = MetricQuery(
        metric="applications",
        filters=MetricFilters(
            source="referral",
            referral_source="employee referral",
            certification="acls",
            shift="Nights",
            min_weekly_pay=2500,
            max_hourly_pay=90,
        ),
    )
    words = filters_text(
        query, PLANS["applications"], TODAY, {"employee referral": "Employee Referral"}
    )
    for said in (
        "source referral",
        "referral source Employee Referral",
        "holding ACLS",
        "night shift",
        "paying at least $2,500 a week",
        "paying at most $90 an hour",
    ):
        assert said in words, (said, words)
