import Foundation

/// A program run on a pseudo-terminal, as a person at a keyboard would run it: a small driver in
/// python3 (standard library `pty`) owns the terminal's master side and takes one command per
/// line from the test — type a line, wait for some text to appear, wait for the exit — and
/// answers each with one JSON line. Every wait has a deadline.
final class TerminalSession {
    private let driver: ScriptProcess

    static let driverSource = #"""
        import json, os, pty, select, subprocess, sys, time
        argv, env = json.loads(sys.argv[1]), json.loads(sys.argv[2])
        master, slave = pty.openpty()
        child = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        pending = b""

        def fill(deadline):
            global pending
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                return False
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                return None
            pending += chunk
            return True

        def answer(**fields):
            print(json.dumps(fields), flush=True)

        for command in sys.stdin:
            verb, _, text = command.rstrip("\n").partition(" ")
            if verb == "type":
                os.write(master, text.encode() + b"\r")
                answer(ok=True, text="")
            elif verb == "expect":
                deadline = time.monotonic() + 10
                want = text.encode()
                while want not in pending:
                    if not fill(deadline):
                        break
                if want in pending:
                    end = pending.index(want) + len(want)
                    seen, pending = pending[:end], pending[end:]
                    answer(ok=True, text=seen.decode("utf-8", "replace"))
                else:
                    answer(ok=False, text=pending.decode("utf-8", "replace"))
            elif verb == "exit":
                deadline = time.monotonic() + 10
                while fill(deadline):
                    pass
                try:
                    status = child.wait(max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
                    status = -9
                answer(ok=True, status=status, text=pending.decode("utf-8", "replace"))
        """#

    /// Starts `arguments` on a new terminal with exactly `environment`.
    init(_ arguments: [String], environment: [String: String]) throws {
        let encode = { (value: Any) throws -> String in
            String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
        }
        driver = try ScriptProcess(["python3", "-c", Self.driverSource, try encode(arguments), try encode(environment)])
    }

    /// Types `line` and Enter.
    func type(_ line: String) throws {
        _ = try command("type " + line)
    }

    /// Waits until `text` appears and returns everything shown up to and including it.
    @discardableResult
    func expect(_ text: String) throws -> String {
        let answer = try command("expect " + text)
        guard answer["ok"] as? Bool == true else {
            throw TestFailure("'\(text)' did not appear on the terminal; it showed: \(answer["text"] ?? "")")
        }
        return answer["text"] as? String ?? ""
    }

    /// Waits for the program to end: its exit status and what it showed last.
    func exit() throws -> (status: Int, text: String) {
        let answer = try command("exit")
        return (answer["status"] as? Int ?? -1, answer["text"] as? String ?? "")
    }

    private func command(_ line: String) throws -> [String: Any] {
        try driver.write(line + "\n")
        guard let reply = try driver.readLine(within: 20),
            let answer = try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any]
        else {
            throw TestFailure("the terminal driver stopped; stderr: \(driver.errorText())")
        }
        return answer
    }
}
