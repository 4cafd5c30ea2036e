"""Uploading a watch's files from the phone: on the history screen and on a session's results,
each file's fate said in words (a new run, a run already here, or why it was refused)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.api.uploading import DATA, FR110_RUN, TCX_RUN
from tests.web.browser import Phone, make_athlete, sign_in
from tests.web.test_screens import check_screen, new_session


def test_history_uploads_watch_files_and_lists_the_runs(phone: Phone, tmp_path: Path) -> None:
    sign_in(phone, make_athlete(phone.server, "uma"))
    page = phone.page
    page.get_by_role("link", name="History").click()
    picker = page.get_by_label("FIT, TCX or GPX files")
    picker.set_input_files([DATA / FR110_RUN, DATA / TCX_RUN])
    lines = page.locator(".upload-line")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Imported as a new run.")
    expect(lines.nth(1)).to_contain_text("Imported as a new run.")
    runs = page.locator("#watch-runs li[data-activity]")
    expect(runs).to_have_count(2)
    expect(runs.first).to_contain_text("4.84 km")
    cut = tmp_path / "cut.fit"
    cut.write_bytes((DATA / FR110_RUN).read_bytes()[:9000])
    picker.set_input_files([DATA / FR110_RUN, cut])
    expect(lines.nth(2)).to_contain_text("Already here: nothing new in this file.")
    expect(lines.nth(3)).to_contain_text("Not imported:")
    expect(lines.nth(3)).to_contain_text("at byte")
    expect(runs).to_have_count(2)
    check_screen(page, "history with uploads")


def test_the_results_of_an_unrun_session_offer_the_watchs_file(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "vera")
    session_id = new_session(phone.server, athlete)
    sign_in(phone, athlete)
    page = phone.page
    page.goto(f"/#/results/{session_id}")
    expect(page.get_by_role("heading", name="Ran it with your watch?")).to_be_visible()
    with page.expect_response(
        lambda reply: reply.url.endswith("/v1/uploads") and reply.request.method == "POST"
    ) as sent:
        page.get_by_label("FIT, TCX or GPX files").set_input_files(DATA / FR110_RUN)
    assert sent.value.json()["status"] == "imported"  # the card took the file
    expect(page.get_by_role("heading", name="Ran it with your watch?")).to_be_visible()
    check_screen(page, "results with the upload card")
