import CreditCore

/// BLOCK and UNBLOCK: a manual block on stated grounds, and its release (R-BLK-3, R-UNB-4,
/// R-UNB-5). Their rows, canonical journal lines and replies.
extension VerbTable {
    static let blocks: [VerbSpec] = [
        VerbSpec(
            "BLOCK", "BLOCK <customer> reason=<code> note=\"…\"",
            "Blocks a customer by hand, on stated grounds.",
            arguments: 1...1, keys: ["reason", "note"], required: ["reason", "note"], role: .clerk,
            access: .write
        ) { line, _ throws(CreditError) in
            .command(
                .block(
                    customer: try line.identifier(0, "customer"),
                    reason: try line.required(line.reasonCode("reason"), "reason="), note: try line.note()))
        },
        idAndNote(
            "UNBLOCK", "UNBLOCK <customer> note=\"…\"", "Lifts a manual block, with a written reason.",
            id: "customer", role: .clerk, Command.unblock),
    ]
}

extension Command {
    static func line(block customer: String, reason: String, note: String) -> String {
        "BLOCK \(customer) reason=\(reason) note=" + Quoting.quoted(note)
    }
}

extension Reply {
    static func blocked(_ customer: String, _ block: ManualBlock) -> String {
        "\(customer) blocked reason=\(block.reason) exposure=\(block.exposure)"
    }

    static func unblocked(_ customer: String, exposure: Money) -> String {
        "\(customer) unblocked exposure=\(exposure)"
    }
}
