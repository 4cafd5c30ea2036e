"""The spool on a real SQLite file: numbered once, kept until acknowledged, across restarts."""

from __future__ import annotations

from pathlib import Path

from device.sample_spool import SampleSpool


def test_readings_are_numbered_per_source_from_one(tmp_path: Path) -> None:
    spool = SampleSpool(tmp_path / "spool.db")
    assert spool.append("s1", "hrm", [{"hr": 120}, {"hr": 121}]) == [1, 2]
    assert spool.append("s1", "footpod", [{"speed": 3.1}]) == [1]
    assert spool.append("s1", "hrm", [{"hr": 122}]) == [3]
    assert spool.append("s2", "hrm", [{"hr": 90}]) == [1]
    assert [item.seq for item in spool.pending("s1", "hrm")] == [1, 2, 3]
    assert spool.sources("s1") == ["footpod", "hrm"]


def test_an_acknowledged_reading_leaves_the_spool_and_the_rest_stay_in_order(
    tmp_path: Path,
) -> None:
    spool = SampleSpool(tmp_path / "spool.db")
    spool.append("s1", "hrm", [{"hr": 100 + n} for n in range(10)])
    spool.acknowledge("s1", "hrm", 6)
    waiting = spool.pending("s1", "hrm")
    assert [item.seq for item in waiting] == [7, 8, 9, 10]
    assert waiting[0].reading == {"hr": 106}
    assert spool.acked("s1", "hrm") == 6 and spool.waiting("s1") == 4
    spool.acknowledge("s1", "hrm", 3)  # an old ack arriving late changes nothing
    assert spool.acked("s1", "hrm") == 6 and spool.waiting("s1") == 4


def test_a_restarted_bridge_keeps_what_was_unsent_and_never_reuses_a_number(
    tmp_path: Path,
) -> None:
    path = tmp_path / "spool.db"
    spool = SampleSpool(path)
    spool.append("s1", "footpod", [{"distance": float(n)} for n in range(5)])
    spool.acknowledge("s1", "footpod", 5)  # all sent and stored
    spool.append("s1", "footpod", [{"distance": 5.0}, {"distance": 6.0}])
    spool.close()  # the bridge stops here, two readings unsent

    again = SampleSpool(path)
    assert [item.seq for item in again.pending("s1", "footpod")] == [6, 7]
    assert again.append("s1", "footpod", [{"distance": 7.0}]) == [8]


def test_the_server_acknowledging_more_than_the_bridge_remembers_moves_the_counter_on(
    tmp_path: Path,
) -> None:
    # A spool file lost or replaced while the server holds seqs up to 40: new readings must
    # not reuse numbers the server would take for duplicates.
    spool = SampleSpool(tmp_path / "spool.db")
    spool.acknowledge("s1", "hrm", 40)
    assert spool.append("s1", "hrm", [{"hr": 130}]) == [41]


def test_pending_reads_after_a_seq_and_in_bounded_batches(tmp_path: Path) -> None:
    spool = SampleSpool(tmp_path / "spool.db")
    spool.append("s1", "hrm", [{"hr": 100} for _ in range(500)])
    batch = spool.pending("s1", "hrm", after=250, limit=200)
    assert (batch[0].seq, batch[-1].seq, len(batch)) == (251, 450, 200)


def test_a_new_spool_meeting_a_server_that_holds_older_readings_renumbers_its_own(
    tmp_path: Path,
) -> None:
    # The spool file was lost: the server holds hrm 1..40 from it. Readings taken since were
    # numbered 1..3 here and never sent; they must follow the server's, not be taken for its.
    spool = SampleSpool(tmp_path / "spool.db")
    spool.append("s1", "hrm", [{"hr": 120}, {"hr": 121}, {"hr": 122}])
    spool.reconcile("s1", "hrm", 40)
    waiting = spool.pending("s1", "hrm")
    assert [(item.seq, item.reading["hr"]) for item in waiting] == [(41, 120), (42, 121), (43, 122)]
    assert spool.append("s1", "hrm", [{"hr": 123}]) == [44]


def test_readings_sent_before_a_drop_leave_when_the_server_says_it_holds_them(
    tmp_path: Path,
) -> None:
    spool = SampleSpool(tmp_path / "spool.db")
    spool.append("s1", "hrm", [{"hr": 100 + n} for n in range(10)])
    spool.mark_sent("s1", "hrm", 8)  # 1..8 went out; the acks were lost with the link
    spool.reconcile("s1", "hrm", 8)
    assert [item.seq for item in spool.pending("s1", "hrm")] == [9, 10]


def test_a_server_that_lost_acknowledged_readings_gets_the_waiting_ones_numbered_after_its_own(
    tmp_path: Path,
) -> None:
    # The server was restored from a backup holding 1..5, but had acknowledged up to 8.
    spool = SampleSpool(tmp_path / "spool.db")
    spool.append("s1", "footpod", [{"distance": float(n)} for n in range(10)])
    spool.mark_sent("s1", "footpod", 8)
    spool.acknowledge("s1", "footpod", 8)
    spool.reconcile("s1", "footpod", 5)
    waiting = spool.pending("s1", "footpod")
    assert [(item.seq, item.reading["distance"]) for item in waiting] == [(6, 8.0), (7, 9.0)]
    assert spool.append("s1", "footpod", [{"distance": 10.0}]) == [8]


def test_a_spool_closes_as_a_context_manager(tmp_path: Path) -> None:
    with SampleSpool(tmp_path / "spool.db") as spool:
        spool.append("s1", "hrm", [{"hr": 100}])
    with SampleSpool(tmp_path / "spool.db") as again:
        assert again.waiting("s1") == 1
