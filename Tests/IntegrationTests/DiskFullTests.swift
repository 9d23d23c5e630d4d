import Foundation
import Glibc
import Testing

/// A full disk (a small tmpfs as the data folder): changes are refused with `ERR READONLY` and
/// not applied, reads go on, writes resume by themselves once there is room, and a SIGKILL
/// afterwards loses no acknowledged write. Needs root for `mount`; fails, never skips, without it.
@Suite struct DiskFullTests {
    static let readOnly = "ERR READONLY the journal cannot be written, so changes are refused; reads go on"

    /// A temp folder whose `data` is a fresh 512 KiB tmpfs holding a filler file, so the test
    /// can make room by deleting it. Unmounted and removed by `remove()`.
    final class SmallDisk {
        let folder: String
        var data: String { folder + "/data" }
        var filler: String { data + "/filler" }

        init(fillerBytes: Int) throws {
            folder =
                FileManager.default.temporaryDirectory.appendingPathComponent("creditgate-full-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            let (status, output) = SmallDisk.run(
                "/bin/mount", ["-t", "tmpfs", "-o", "size=512k,mode=700", "tmpfs", data])
            guard status == 0 else {
                try? FileManager.default.removeItem(atPath: folder)
                throw TestFailure(
                    """
                    DiskFullTests need to mount a 512 KiB tmpfs as the data folder (as root, or with \
                    CAP_SYS_ADMIN): `mount -t tmpfs -o size=512k,mode=700 tmpfs \(data)` exited with \(status): \(output)
                    """)
            }
            guard FileManager.default.createFile(atPath: filler, contents: Data(repeating: 0x46, count: fillerBytes))
            else {
                remove()
                throw TestFailure("cannot write the filler file \(filler)")
            }
        }

        func remove() {
            _ = SmallDisk.run("/bin/umount", [data])
            try? FileManager.default.removeItem(atPath: folder)
        }

        static func run(_ tool: String, _ arguments: [String]) -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            do {
                try process.run()
            } catch {
                return (-1, "\(error)")
            }
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
    }

    /// An INVOICE of about 200 bytes: long ids and order, as an ERP sends them.
    static func invoice(_ number: Int) -> (request: String, id: String) {
        let id = "INV/2026/" + String(repeating: "0", count: 50) + String(format: "%05d", number)
        let order = "ORDER-" + String(repeating: "x", count: 50) + String(format: "%05d", number)
        return ("INVOICE C1 \(id) 1.00 date=2026-03-01 due=2099-12-31 order=\(order)", id)
    }

    /// Writes invoices of 1.00 until one is refused; returns how many were acknowledged.
    static func fillUntilRefused(_ admin: TestClient, from first: Int) throws -> Int {
        for number in first..<(first + 5_000) {
            let reply = try admin.request(invoice(number).request)
            if reply.hasPrefix("ERR ") {
                #expect(reply == readOnly)
                return number - first
            }
            #expect(
                reply.hasPrefix("OK C1 invoice=\(invoice(number).id) amount=1.00 open=1.00 due=2099-12-31 exposure="),
                "\(reply)")
        }
        throw TestFailure("5000 invoices fit on a 512 KiB disk: the disk never filled")
    }

    static func check(_ exposure: Int) -> String {
        "OK C1 available=\(1_000_000 - exposure).00 exposure=\(exposure).00"
    }

    @Test func fullDisk_RefusesChanges_KeepsReads_ResumesWhenFreed_AndLosesNothing() throws {
        let disk = try SmallDisk(fillerBytes: 384 << 10)
        defer { disk.remove() }
        let server = try ServerProcess(["--snapshot-every", "0"], directory: disk.folder)
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=1000000 note=fixture", "OK C1 created")

        let acknowledged = try DiskFullTests.fillUntilRefused(admin, from: 0)
        #expect(acknowledged > 100, "the journal had about 128 KiB")
        let refused = DiskFullTests.invoice(acknowledged).request
        #expect(
            server.newLog().contains("error: journal write failed (write: No space left on device"),
            "\(server.newLog())")

        // Reads go on, and the refused invoice is not there.
        try admin.expect("CHECK C1", DiskFullTests.check(acknowledged))
        let status = try admin.reply("STATUS C1")
        #expect(status.first == "OK *\(acknowledged + 2) C1")
        #expect(status.last?.hasPrefix("invoice \(DiskFullTests.invoice(acknowledged - 1).id) ") == true)
        try admin.expect("PING", "PONG")
        try admin.expect("CUSTOMER C2", DiskFullTests.readOnly)
        try admin.expect("CHECK C2", "ERR UNKNOWN_CUSTOMER C2 is not a customer")
        // A HOLD is still the safe answer (its audit entry is dropped); a pass that must reserve is refused.
        let over = 1_000_000 - acknowledged + 1
        try admin.expect(
            "CHECK C1 \(over)",
            "HOLD C1 reasons=OVER_LIMIT available=\(over - 1).00 exposure=\(acknowledged).00"
                + " limit=1000000.00 amount=\(over).00")
        try admin.expect("CHECK C1 1 order=SO-1", DiskFullTests.readOnly)

        // Room again: within a deadline the same invoice is taken, once.
        try FileManager.default.removeItem(atPath: disk.filler)
        var reply = ""
        try ServerProcess.waitUntil("writes resume after the filler is deleted", seconds: 10) {
            reply = try admin.request(refused)
            return !reply.hasPrefix("ERR READONLY ")
        }
        #expect(
            reply
                == "OK C1 invoice=\(DiskFullTests.invoice(acknowledged).id) amount=1.00 open=1.00 due=2099-12-31 exposure=\(acknowledged + 1).00"
        )
        try admin.expect(refused, reply)
        try admin.expect("CUSTOMER C2", "OK C2 created")
        try admin.expect("CHECK C1", DiskFullTests.check(acknowledged + 1))
        let before = try admin.reply("STATUS C1")

        try server.restart()
        #expect(!server.newLog().contains("incomplete"), "\(server.newLog())")
        let after = try server.admin()
        #expect(try after.reply("STATUS C1") == before)
        try after.expect("CHECK C1", DiskFullTests.check(acknowledged + 1))
        try after.expect("CHECK C2", "OK C2 available=10000.00 exposure=0.00")
    }

    /// Two connections pipelining while the disk fills: a turn whose group commit fails is
    /// answered again, every change in it refused, so each connection sees OKs and then only
    /// ERR READONLY — and exactly the acknowledged invoices are there, before and after SIGKILL.
    @Test func fullDiskUnderPipelinedTurns_AcknowledgesExactlyWhatIsKept() throws {
        let disk = try SmallDisk(fillerBytes: 448 << 10)
        defer { disk.remove() }
        let server = try ServerProcess(["--snapshot-every", "0"], directory: disk.folder)
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        let clients = [admin, try server.admin()]
        try admin.expect("CUSTOMER C1 limit=1000000 note=fixture", "OK C1 created")
        try admin.expect("CUSTOMER C2 limit=1000000 note=fixture", "OK C2 created")
        var kept = [0, 0]
        var refused = [false, false]
        var batch = 0
        while !refused.allSatisfy({ $0 }) {
            guard batch < 200 else { throw TestFailure("200 batches fit on a 512 KiB disk: the disk never filled") }
            for (index, client) in clients.enumerated() {
                let lines = (0..<25).map { number in
                    DiskFullTests.invoice(batch * 25 + number).request.replacingOccurrences(
                        of: "INVOICE C1 ", with: "INVOICE C\(index + 1) ")
                }
                try client.send(lines.joined(separator: "\n"))
            }
            for (index, client) in clients.enumerated() {
                for _ in 0..<25 {
                    let reply = try client.readLine()
                    if reply.hasPrefix("OK C\(index + 1) invoice=") {
                        #expect(!refused[index], "an OK after ERR READONLY on connection \(index): \(reply)")
                        kept[index] += 1
                    } else {
                        #expect(reply == DiskFullTests.readOnly)
                        refused[index] = true
                    }
                }
            }
            batch += 1
        }
        func expectKept(_ client: TestClient) throws {
            for index in 0..<2 {
                try client.expect(
                    "CHECK C\(index + 1)",
                    "OK C\(index + 1) available=\(1_000_000 - kept[index]).00 exposure=\(kept[index]).00")
                #expect(try client.reply("STATUS C\(index + 1)").first == "OK *\(kept[index] + 2) C\(index + 1)")
            }
        }
        try expectKept(admin)
        try server.restart()
        #expect(!server.newLog().contains("incomplete"), "\(server.newLog())")
        try expectKept(try server.admin())
    }

    /// A SNAPSHOT on a full disk cannot start a new journal file: it is refused, and must leave
    /// nothing behind that stops the next start-up.
    @Test func snapshotOnFullDisk_IsRefused_AndTheNextStartRecoversEverything() throws {
        let disk = try SmallDisk(fillerBytes: 448 << 10)
        defer { disk.remove() }
        let server = try ServerProcess(["--snapshot-every", "0"], directory: disk.folder)
        defer { server.stop(signal: SIGKILL) }
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=1000000 note=fixture", "OK C1 created")
        let acknowledged = try DiskFullTests.fillUntilRefused(admin, from: 0)
        try admin.expect("SNAPSHOT", startsWith: "ERR READONLY cannot start a new journal file: ")

        try FileManager.default.removeItem(atPath: disk.filler)
        try ServerProcess.waitUntil("writes resume after the filler is deleted", seconds: 10) {
            try !admin.request("CUSTOMER C2 limit=5").hasPrefix("ERR READONLY ")
        }
        try admin.expect("INVOICE C2 X1 3 date=2026-03-01 due=2099-12-31", startsWith: "OK C2 invoice=X1 ")
        try admin.expect("CHECK C1", DiskFullTests.check(acknowledged))

        try server.restart()
        let after = try server.connect()
        try after.expect("CHECK C1", DiskFullTests.check(acknowledged))
        try after.expect("CHECK C2", "OK C2 available=2.00 exposure=3.00")
    }
}
