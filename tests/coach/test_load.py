"""Training load: the published worked examples, a hand-computed fitness/fatigue series, which
method a run gets, and the daily and weekly series a load chart reads."""

from __future__ import annotations

import datetime as dt

import pytest

from server.coach.history import RunRecord, Segment
from server.coach.load import (
    activity_load,
    rtss,
    srpe,
    srpe_load,
    training_load,
    trimp,
    trimp_load,
)
from server.coach.settings import CoachSettings
from server.files.activity import Sport
from server.workouts import AthleteProfile
from tests.coach.runners import ATHLETE, TODAY, days_ago, easy, regular_weeks, tempo

SETTINGS = CoachSettings()


def test_an_hour_at_threshold_pace_is_100_rtss() -> None:
    # TrainingPeaks' definition: an hour at functional threshold pace scores 100.
    assert rtss(3600, 1000 / 255, 1000 / 255) == pytest.approx(100)


def test_rtss_worked_example_an_hour_at_445_with_threshold_415() -> None:
    # Worked example (run.analyticszone.app rTSS calculator): threshold 4:15/km (255 s), an hour
    # at 4:45/km (285 s): IF = 255 / 285 = 0.895, rTSS = 1 h x 0.801 x 100 = 80.
    assert rtss(3600, 1000 / 285, 1000 / 255) == pytest.approx(80.06, abs=0.01)
    run = RunRecord.manual(TODAY, "running", 12_632, 3600, athlete=AthleteProfile())
    profile = AthleteProfile(threshold_pace_s_per_km=255)
    load = activity_load(run, profile)
    assert load.method == "pace"
    assert load.intensity == pytest.approx(0.895, abs=0.001)
    assert load.load == pytest.approx(80, abs=0.1)


def test_banister_trimp_worked_example() -> None:
    # Worked example (calculatorhub.com TRIMP calculator): 45 min at 150 bpm, resting 60, max
    # 190, a man: HRr = 90 / 130 = 0.6923, weighting 0.64 e^(1.92 x 0.6923) = 2.418,
    # TRIMP = 45 x 0.6923 x 2.418 = 75.3 (the page shows 75.36 from rounded steps).
    assert trimp(45, 150, 60, 190, "male") == pytest.approx(75.36, rel=1e-3)
    # The same session for a woman: 0.86 e^(1.67 x 0.6923) = 2.733, TRIMP = 85.1.
    assert trimp(45, 150, 60, 190, "female") == pytest.approx(85.14, abs=0.01)
    # Without the athlete's sex, the geometric mean of the two curves lies between them.
    assert 75.33 < trimp(45, 150, 60, 190, "neutral") < 85.14


def test_an_hour_at_threshold_heart_rate_is_100() -> None:
    athlete = AthleteProfile(max_hr=190, resting_hr=50, lthr=172)
    assert trimp_load(60, 172, athlete, SETTINGS) == pytest.approx(100)
    assert trimp_load(30, 172, athlete, SETTINGS) == pytest.approx(50)
    easy_hour = trimp_load(60, 140, athlete, SETTINGS)
    assert easy_hour is not None and 40 < easy_hour < 60  # an easy hour, as hrTSS scores it


def test_session_rpe_worked_example() -> None:
    # Foster et al. 2001: load = session RPE (CR-10) x minutes; 60 minutes at RPE 6 = 360 AU.
    assert srpe(6, 60) == 360
    # Scaled so that an hour at RPE 7 is 100: 360 x 100 / 420 = 85.7.
    assert srpe_load(6, 60) == pytest.approx(85.71, abs=0.01)
    assert srpe_load(7, 60) == pytest.approx(100)


def test_fitness_fatigue_and_form_match_a_hand_computed_week() -> None:
    loads = [100.0, 0.0, 50.0, 0.0, 0.0, 80.0, 60.0]
    first = dt.date(2026, 3, 2)  # a Monday, the first day with any training
    history = [
        RunRecord(day=first + dt.timedelta(days=i), duration_s=3600) for i, x in enumerate(loads)
    ]
    series = training_load(history, first, first + dt.timedelta(days=6), ATHLETE, loads=loads)
    # By hand, from zero: CTL += (load - CTL) / 42, ATL += (load - ATL) / 7,
    # TSB = yesterday's CTL - yesterday's ATL.
    #  day 1, load 100: CTL = 100/42 = 2.3810         ATL = 100/7 = 14.2857          TSB = 0
    #  day 2, load 0:   CTL = 2.3810 x 41/42 = 2.3243 ATL = 14.2857 x 6/7 = 12.2449  TSB = -11.9048
    #  day 3, load 50:  CTL = 2.3243 + 47.6757/42 = 3.4594
    #                   ATL = 12.2449 + 37.7551/7 = 17.6385                          TSB = -9.9206
    #  day 4, load 0:   CTL = 3.4594 x 41/42 = 3.3770 ATL = 17.6385 x 6/7 = 15.1187  TSB = -14.1791
    #  day 5, load 0:   CTL = 3.3770 x 41/42 = 3.2966 ATL = 15.1187 x 6/7 = 12.9589  TSB = -11.7417
    #  day 6, load 80:  CTL = 3.2966 + 76.7034/42 = 5.1229
    #                   ATL = 12.9589 + 67.0411/7 = 22.5362                          TSB = -9.6623
    #  day 7, load 60:  CTL = 5.1229 + 54.8771/42 = 6.4295
    #                   ATL = 22.5362 + 37.4638/7 = 27.8882                          TSB = -17.4133
    expected = [
        (2.3810, 14.2857, 0.0),
        (2.3243, 12.2449, -11.9048),
        (3.4594, 17.6385, -9.9206),
        (3.3770, 15.1187, -14.1791),
        (3.2966, 12.9589, -11.7417),
        (5.1229, 22.5362, -9.6623),
        (6.4295, 27.8882, -17.4133),
    ]
    got = [(d.ctl, d.atl, d.tsb) for d in series.days]
    assert got == [pytest.approx(row, abs=1e-4) for row in expected]
    assert [d.load for d in series.days] == loads


def test_a_run_gets_its_load_from_the_best_data_it_has() -> None:
    day = TODAY
    paced = RunRecord.manual(day, "running", 10_000, 3300, athlete=ATHLETE, avg_hr=150, rpe=4)
    assert activity_load(paced, ATHLETE).method == "pace"
    belt = RunRecord.manual(
        day, "running", 10_000, 3300, athlete=ATHLETE, avg_hr=150, treadmill=True
    )
    assert activity_load(belt, ATHLETE).method == "heart_rate"
    felt = RunRecord.manual(day, "running", None, 3000, athlete=ATHLETE, rpe=5)
    assert activity_load(felt, ATHLETE).method == "rpe"
    assert activity_load(felt, ATHLETE).load == pytest.approx(srpe_load(5, 50))
    bare = RunRecord.manual(day, "running", None, 3600, athlete=ATHLETE)
    assert activity_load(bare, ATHLETE).method == "duration"
    assert activity_load(bare, ATHLETE).load == pytest.approx(56.25)  # an hour at IF 0.75
    ride = RunRecord.manual(day, Sport.CYCLING, 30_000, 3600, athlete=ATHLETE, avg_hr=130)
    assert activity_load(ride, ATHLETE).method == "heart_rate"  # a bike's pace is not a run's
    no_vdot = AthleteProfile(max_hr=190, resting_hr=50)
    assert activity_load(paced, no_vdot).method == "heart_rate"


@pytest.mark.parametrize(("metres", "seconds"), [(10_000, 1e-300), (42_195, 60), (5_000, 0.5)])
def test_a_run_with_an_impossible_pace_is_loaded_by_heart_rate_not_by_pace(
    metres: float, seconds: float
) -> None:
    """A file or a typo with a near-zero time is no pace at all: no infinite load, no crash."""
    run = RunRecord(day=TODAY, distance_m=metres, duration_s=seconds, avg_hr=150, source="imported")
    load = activity_load(run, ATHLETE)
    assert load.method != "pace" and load.load == load.load and load.load < 1_000


def test_an_interval_session_is_not_washed_out_by_its_recoveries() -> None:
    # 6 x 400 m in 94 s with 400 m jogs in 2:30: by segment, the reps count at their own pace.
    reps = [Segment(seconds=94, metres=400), Segment(seconds=150, metres=400)] * 6
    run = RunRecord(day=TODAY, distance_m=4800, duration_s=6 * 244, segments=tuple(reps))
    flat = RunRecord(day=TODAY, distance_m=4800, duration_s=6 * 244)
    assert activity_load(run, ATHLETE).load > activity_load(flat, ATHLETE).load * 1.05


def test_an_imported_tempo_is_hard_and_scores_like_one() -> None:
    run = tempo(days_ago(1))
    assert run.hard and run.hard_why == "20 min faster than marathon pace"
    load = activity_load(run, ATHLETE)
    assert load.method == "pace" and 50 < load.load < 70
    assert not easy(days_ago(1), 10).hard


def test_daily_and_weekly_series_for_a_load_chart() -> None:
    history = [*regular_weeks(6, 40, track_day=False), tempo(days_ago(7))]  # a free Wednesday
    history.append(RunRecord.manual(days_ago(5), Sport.CYCLING, 40_000, 5400, athlete=ATHLETE))
    first, last = days_ago(13), TODAY
    series = training_load(history, first, last, ATHLETE)
    assert [d.date for d in series.days] == [first + dt.timedelta(days=i) for i in range(14)]
    by_day = {d.date: d for d in series.days}
    assert by_day[days_ago(7)].hard and by_day[days_ago(7)].distance_m == 8700
    assert by_day[days_ago(5)].distance_m == 0 and by_day[days_ago(5)].duration_s == 5400
    assert all(d.ctl > 0 and d.atl >= 0 for d in series.days)
    assert series.days[-1].tsb == pytest.approx(series.days[-2].ctl - series.days[-2].atl)
    weeks = series.weeks
    assert [w.week.weekday() for w in weeks] == [0, 0, 0]  # ISO weeks from Monday
    assert weeks[0].week <= first and weeks[-1].week + dt.timedelta(days=6) >= last
    full = weeks[1]
    assert full.distance_m == pytest.approx(
        sum(d.distance_m for d in series.days if full.week <= d.date < full.week + dt.timedelta(7))
    )
    assert sum(w.hard_sessions for w in weeks) == 1


def test_the_acute_chronic_ratio_of_a_steady_runner_is_about_one() -> None:
    series = training_load(regular_weeks(8, 40), days_ago(7), days_ago(1), ATHLETE)
    assert all(d.acwr is not None and 0.8 < d.acwr < 1.3 for d in series.days)


def test_five_years_of_runs_compute_in_one_pass() -> None:
    history = regular_weeks(52 * 5, 40)
    series = training_load(history, days_ago(52 * 5 * 7), TODAY, ATHLETE)
    assert len(series.days) == 52 * 5 * 7 + 1
    # After years of the same weeks, fitness is the mean daily load.
    recent = [r for r in history if r.day > days_ago(42)]
    mean = sum(activity_load(r, ATHLETE).load for r in recent) / 42
    assert series.days[-1].ctl == pytest.approx(mean, rel=0.1)
