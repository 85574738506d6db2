"""Robustness over raw ZeroMQ: forged and malformed input, huge and deep cells, interrupts,
abort-on-error and shutdown. The kernel must answer what is valid, drop what is not, and live."""

import os
import signal
import time

from jupyter_client.session import Session


def outputs(messages, msg_type):
    return [m for m in messages if m["msg_type"] == msg_type]


def test_forged_signature_is_dropped_and_not_executed(kernel):
    msg = kernel.session.msg("execute_request", dict(code="forged = 1", silent=False, store_history=True,
                                                     user_expressions={}, allow_stdin=False, stop_on_error=True))
    frames = kernel.session.serialize(msg)
    frames[1] = b"0" * 64  # a well-formed but wrong signature
    kernel.send_frames(kernel.shell, frames)
    assert kernel.recv(kernel.shell, timeout=1.0) is None
    assert kernel.recv(kernel.iopub, timeout=0.2) is None
    frames[1] = b""  # no signature at all
    kernel.send_frames(kernel.shell, frames)
    assert kernel.recv(kernel.shell, timeout=0.5) is None
    reply, _ = kernel.execute("forged")
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "NameError"
    assert "signature" in kernel.stderr()


def test_wrong_key_gets_no_reply(kernel):
    intruder = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
    intruder.send(kernel.shell, intruder.msg("kernel_info_request", {}))
    assert kernel.recv(kernel.shell, timeout=1.0) is None


def test_malformed_frames_and_json_do_not_crash(kernel):
    session = kernel.session
    header = session.pack(session.msg_header("execute_request"))
    garbage = [
        [b"no delimiter at all"],
        [b"<IDS|MSG>", b""],
        [b"<IDS|MSG>", b"sig", b"{", b"{}", b"{}", b"{}"],
        [b"<IDS|MSG>", b"", b"[]", b"{}", b"{}", b"{}"],
        [b"<IDS|MSG>", b"", header, b"not json", b"{}", b"{}"],
        [os.urandom(1 << 20)],
        [b"<IDS|MSG>"] + [os.urandom(64) for _ in range(5)],
    ]
    for frames in garbage:
        kernel.send_frames(kernel.shell, frames)
        kernel.send_frames(kernel.control, frames)
    # Signed but semantically broken: code is a number.
    bad_id = kernel.send(kernel.shell, "execute_request", {"code": 42})
    reply = kernel.reply_to(kernel.shell, bad_id, timeout=5)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "BadRequest"
    assert kernel.process.poll() is None
    reply, _ = kernel.execute("1 + 1")
    assert reply["content"]["status"] == "ok"
    assert kernel.heartbeat() == b"ping"


def test_unknown_message_type_is_logged_with_status_but_no_reply(kernel):
    msg_id = kernel.send(kernel.shell, "frobnicate_request", {})
    states = [m["content"]["execution_state"] for m in kernel.iopub_until_idle(msg_id, timeout=5)]
    assert states == ["busy", "idle"]
    assert kernel.reply_to(kernel.shell, msg_id, timeout=0.5) is None
    assert "frobnicate_request" in kernel.stderr()


def test_two_hundred_thousand_line_cell(kernel):
    code = "x = 1\n" * 100_000 + "x = x + 1\n" * 100_000
    reply, messages = kernel.execute(code + "x", timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert outputs(messages, "execute_result")[0]["content"]["data"]["text/plain"] == "100001"


def test_hundred_thousand_deep_nesting_is_a_syntax_error(kernel):
    for code in ["(" * 100_000 + "1" + ")" * 100_000, "[" * 100_000, "-" * 100_000 + "1",
                 "x = " + "f(" * 100_000]:
        reply, messages = kernel.execute(code, timeout=60)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "SyntaxError"
        assert len(outputs(messages, "error")) == 1
    reply, _ = kernel.execute("2 + 2")
    assert reply["content"]["status"] == "ok"


def test_unicode_round_trip(kernel):
    text = "héllo ✓ 🙂 中文 \u00e9\u0301"
    reply, messages = kernel.execute(f's = "{text}"\nprint(s)\ns')
    assert reply["content"]["status"] == "ok"
    assert "".join(m["content"]["text"] for m in outputs(messages, "stream")) == text + "\n"
    result = outputs(messages, "execute_result")[0]["content"]["data"]["text/plain"]
    assert text in result
    # Completion offsets are in code points: the emoji counts once.
    code = 's2 = "🙂"; pri'
    msg_id = kernel.send(kernel.shell, "complete_request", {"code": code, "cursor_pos": len(code)})
    reply = kernel.reply_to(kernel.shell, msg_id)
    assert reply["content"]["matches"] == ["print"]
    assert reply["content"]["cursor_start"] == len(code) - 3
    assert reply["content"]["cursor_end"] == len(code)


def test_interrupt_stops_long_work_and_keeps_names(kernel):
    reply, _ = kernel.execute("kept = 41")
    assert reply["content"]["status"] == "ok"
    msg_id = kernel.submit("for i in range(1000000000000) { counter = i }")
    time.sleep(1.0)
    # The heartbeat answers while the cell computes.
    assert kernel.heartbeat(timeout=1.0) == b"ping"
    sent = time.time()
    interrupt_id = kernel.send(kernel.control, "interrupt_request", {})
    assert kernel.reply_to(kernel.control, interrupt_id, timeout=2)["content"]["status"] == "ok"
    reply = kernel.reply_to(kernel.shell, msg_id, timeout=5)
    assert time.time() - sent < 1.5, "the cell should stop within a second of the interrupt"
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    kernel.drain()
    reply, messages = kernel.execute("kept + 1")
    assert outputs(messages, "execute_result")[0]["content"]["data"]["text/plain"] == "42"
    reply, messages = kernel.execute("counter > 0")
    assert outputs(messages, "execute_result")[0]["content"]["data"]["text/plain"] == "true"


def test_sigint_interrupts_too(kernel):
    msg_id = kernel.submit("for i in range(1000000000000) { y = i }")
    time.sleep(0.5)
    kernel.process.send_signal(signal.SIGINT)
    reply = kernel.reply_to(kernel.shell, msg_id, timeout=3)
    assert reply["content"]["ename"] == "Interrupted"
    assert kernel.process.poll() is None


def test_queued_executes_are_aborted_after_an_error(kernel):
    first = kernel.submit('for i in range(300000) { z = i }\nassert false, "stop here"')
    queued = [kernel.submit(f"queued{n} = {n}") for n in range(3)]
    assert kernel.reply_to(kernel.shell, first, timeout=60)["content"]["status"] == "error"
    statuses = [kernel.reply_to(kernel.shell, q, timeout=10)["content"]["status"] for q in queued]
    assert statuses == ["aborted"] * 3
    kernel.drain()
    reply, _ = kernel.execute("queued0")
    assert reply["content"]["ename"] == "NameError"


def test_shutdown_on_control_exits_the_process(kernel):
    msg_id = kernel.send(kernel.control, "shutdown_request", {"restart": False})
    reply = kernel.reply_to(kernel.control, msg_id, timeout=5)
    assert reply["content"] == {"status": "ok", "restart": False}
    assert kernel.process.wait(timeout=5) == 0


def test_shutdown_during_long_work(kernel):
    kernel.submit("for i in range(1000000000000) { w = i }")
    time.sleep(0.5)
    msg_id = kernel.send(kernel.control, "shutdown_request", {"restart": False})
    assert kernel.reply_to(kernel.control, msg_id, timeout=5)["content"]["status"] == "ok"
    assert kernel.process.wait(timeout=5) == 0


def test_errors_leave_earlier_names_and_show_a_caret(kernel):
    reply, messages = kernel.execute("a = 1\nb = undefined_name + 1\nc = 3")
    content = reply["content"]
    assert content["ename"] == "NameError"
    assert any("^" in line for line in content["traceback"])
    assert any("line 2" in line for line in content["traceback"])
    reply, messages = kernel.execute("a")
    assert outputs(messages, "execute_result")[0]["content"]["data"]["text/plain"] == "1"
    reply, _ = kernel.execute("c")
    assert reply["content"]["ename"] == "NameError"


def test_output_shows_while_long_work_runs(kernel):
    started = time.time()
    msg_id = kernel.submit('print("first")\nprint("second")\nfor i in range(6000000) { v = i }\nprint("done")')
    arrivals = []
    while True:
        message = kernel.recv(kernel.iopub, timeout=60)
        assert message is not None
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            arrivals.append((message["content"]["text"], time.time() - started))
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    finished = time.time() - started
    assert "".join(text for text, _ in arrivals) == "first\nsecond\ndone\n"
    # "second" was written 0 ms after "first": coalescing holds it at most ~50 ms, not until the loop ends.
    second = next(t for text, t in arrivals if "second" in text)
    assert finished - second > 0.5, (arrivals, finished)


def test_shutdown_on_shell_still_works(kernel):
    # Deprecated since protocol 5.4, but older clients send it there.
    msg_id = kernel.send(kernel.shell, "shutdown_request", {"restart": False})
    reply = kernel.reply_to(kernel.shell, msg_id, timeout=5)
    assert reply["content"] == {"status": "ok", "restart": False}
    assert kernel.process.wait(timeout=5) == 0


def test_heartbeat_answers_during_long_work(kernel):
    kernel.submit("for i in range(1000000000000) { h = i }")
    time.sleep(0.3)
    for _ in range(5):
        started = time.time()
        assert kernel.heartbeat(timeout=1.0) == b"ping"
        assert time.time() - started < 0.5
    kernel.send(kernel.control, "interrupt_request", {})


FIT_SETUP = """data = sine(count: 2000, noise: 0.05, seed: 1)
model net {
  input(1)
  dense(64, activation: relu)
  dense(64, activation: relu)
  dense(1)
}"""


def test_fit_shows_progress_in_place_and_stops_on_interrupt(kernel):
    reply, _ = kernel.execute(FIT_SETUP)
    assert reply["content"]["status"] == "ok", reply["content"]
    _, before = kernel.execute("predict(net, data[0])")
    untrained = outputs(before, "execute_result")[0]["content"]["data"]["text/plain"]
    msg_id = kernel.submit("h = fit(net, data, epochs: 100000, batch: 8)")
    displays = []
    deadline = time.time() + 30
    while len(displays) < 3 and time.time() < deadline:
        message = kernel.recv(kernel.iopub, timeout=5)
        if message and message["msg_type"] in ("display_data", "update_display_data"):
            displays.append(message)
    assert displays[0]["msg_type"] == "display_data"
    display_id = displays[0]["content"]["transient"]["display_id"]
    assert all(m["msg_type"] == "update_display_data" for m in displays[1:])
    assert all(m["content"]["transient"]["display_id"] == display_id for m in displays)
    assert "epoch" in displays[-1]["content"]["data"]["text/plain"]
    sent = time.time()
    kernel.send(kernel.control, "interrupt_request", {})
    reply = kernel.reply_to(kernel.shell, msg_id, timeout=10)
    assert time.time() - sent < 2
    assert reply["content"]["ename"] == "Interrupted"
    kernel.drain()
    # The weights reached were kept: the model's output moved, and the next cell runs.
    after, messages = kernel.execute("predict(net, data[0])")
    assert after["content"]["status"] == "ok"
    assert outputs(messages, "execute_result")[0]["content"]["data"]["text/plain"] != untrained


def test_a_print_flood_is_cut_at_the_cell_limit_and_the_kernel_goes_on(kernel):
    reply, messages = kernel.execute('for i in range(1000000) { print(i) }', timeout=120)
    assert reply["content"]["status"] == "ok"
    text = "".join(m["content"]["text"] for m in outputs(messages, "stream"))
    assert text.startswith("0\n1\n2\n")
    assert text.endswith("\n[output truncated: this cell printed more than 4 MB; the rest is not shown]\n")
    assert len(text.encode()) < (4 << 20) + 200
    reply, messages = kernel.execute('print("next")')
    assert "".join(m["content"]["text"] for m in outputs(messages, "stream")) == "next\n"
