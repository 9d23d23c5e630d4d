/// Contacts and follow-ups (R-COL-10): whom to speak to at the customer, how,
/// and which collector follows it up.
extension Ledger {
    /// The contact fields of a CUSTOMER change, or throws and changes nothing; an empty value clears a field.
    func validateContacts(_ change: CustomerChange) throws(CreditError) {
        if let phone = change.phone, !phone.isEmpty {
            let allowed = Set("0123456789+-() .")
            guard phone.count <= 32, phone.allSatisfy(allowed.contains), phone.filter(\.isNumber).count >= 3 else {
                throw CreditError(
                    .badValue, "phone= is digits with + - ( ) . or spaces, at most 32, like +972-3-5551234")
            }
        }
        if let email = change.email, !email.isEmpty {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
            else {
                throw CreditError(.badValue, "email= is an address like accounts@example.com")
            }
        }
        if let owner = change.owner, !owner.isEmpty {
            guard let user = users[owner] else {
                throw CreditError(.unknownUser, "no user \(owner) to own \(change.id)")
            }
            guard user.role >= .clerk, user.role != .replica else {
                throw CreditError(.badValue, "owner= is a collector: \(owner) is a \(user.role)")
            }
        }
    }

    /// The customer with the contact fields of `change` set (an empty value: cleared).
    static func withContacts(_ change: CustomerChange, on before: Customer) -> Customer {
        var customer = before
        func set(_ value: String?, _ field: WritableKeyPath<Customer, String?>) {
            if let value { customer[keyPath: field] = value.isEmpty ? nil : value }
        }
        set(change.contact, \.contact)
        set(change.phone, \.phone)
        set(change.email, \.email)
        set(change.owner, \.owner)
        return customer
    }

    /// `contact="…"`, `phone="…"`, … for every contact field that changed (`""`: cleared).
    static func contactDifferences(_ before: Customer, _ after: Customer) -> [String] {
        [("contact", \Customer.contact), ("phone", \.phone), ("email", \.email), ("owner", \.owner)].compactMap {
            key, field in
            after[keyPath: field] == before[keyPath: field]
                ? nil : "\(key)=" + Quoting.quoted(after[keyPath: field] ?? "")
        }
    }
}
