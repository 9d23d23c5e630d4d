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
        // Field by field, not through key paths: this runs for every CUSTOMER change.
        func set(_ value: String?, _ field: inout String?) {
            if let value { field = value.isEmpty ? nil : value }
        }
        guard change.contact != nil || change.phone != nil || change.email != nil || change.owner != nil else {
            return customer
        }
        set(change.contact, &customer.contact)
        set(change.phone, &customer.phone)
        set(change.email, &customer.email)
        set(change.owner, &customer.owner)
        return customer
    }

    /// `contact="…"`, `phone="…"`, … for every contact field that changed (`""`: cleared).
    static func contactDifferences(_ before: Customer, _ after: Customer, into words: inout [String]) {
        func compare(_ key: String, _ old: String?, _ new: String?) {
            if old != new { words.append(key + "=" + Quoting.quoted(new ?? "")) }
        }
        compare("contact", before.contact, after.contact)
        compare("phone", before.phone, after.phone)
        compare("email", before.email, after.email)
        compare("owner", before.owner, after.owner)
    }
}
