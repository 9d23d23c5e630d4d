/// What most customers of a large book never have: their own terms, a
/// temporary limit, a review date, a block, a plan, payments, credit notes,
/// overrides, instruments, guarantees, promises, reservations, a history, a
/// CHECK trail, contact details and a follow-up. `Customer` keeps them behind one reference (`Slot`) that stays
/// nil until one of them is set, so a customer with none pays 8 bytes for
/// them instead of ~370 (a million customers: ~370 MB).
struct CustomerExtras: Hashable, Sendable {
    var ownTerms: Terms?
    var temporaryLimit: TemporaryLimit?
    var review: Day?
    var block: ManualBlock?
    var payments: KeyedList<Payment> = []
    var overrides: PersistentList<Override> = []
    var log: PersistentList<LogEntry> = []
    var instruments: PersistentList<Instrument> = []
    var guarantees: PersistentList<Guarantee> = []
    var creditNotes: KeyedList<Payment> = []
    var promises: PersistentList<Promise> = []
    var plan: PaymentPlan?
    var reservations: PersistentList<Reservation> = []
    var checks = CheckTrail()
    var pendingInstruments: Money = .zero
    var credit: Money = .zero
    var contact: String?
    var phone: String?
    var email: String?
    var owner: String?
    var followUp: Day?

    /// None of them set: each field asked in turn (a restart asks it of every customer; making
    /// empty extras to compare with cost 4% of a restart).
    var isEmpty: Bool {
        ownTerms == nil && temporaryLimit == nil && review == nil && block == nil && payments.isEmpty
            && overrides.isEmpty && log.isEmpty && instruments.isEmpty && guarantees.isEmpty && creditNotes.isEmpty
            && promises.isEmpty && plan == nil && reservations.isEmpty && checks.isEmpty && pendingInstruments == .zero
            && credit == .zero && contact == nil && phone == nil && email == nil && owner == nil && followUp == nil
    }
}

extension CustomerExtras {
    /// The extras behind one reference: nil while none is set, copied on write
    /// like an `Array` (changed in place only while one customer holds the
    /// box, so the copy a snapshot or an undo keeps never sees a change). Two
    /// slots are equal when their extras are, a nil slot equal to empty extras.
    struct Slot: Hashable, Sendable {
        /// `@unchecked Sendable`: changed only while uniquely referenced (`owned()`).
        final class Box: @unchecked Sendable {
            var extras: CustomerExtras

            init(_ extras: CustomerExtras) {
                self.extras = extras
            }
        }

        private(set) var box: Box?

        init(_ extras: CustomerExtras = CustomerExtras()) {
            box = extras.isEmpty ? nil : Box(extras)
        }

        /// The box, made this slot's own (and created) first: the place to change an extra.
        mutating func owned() -> Box {
            if !isKnownUniquelyReferenced(&box) { box = Box(box?.extras ?? CustomerExtras()) }
            return box!
        }

        static func == (lhs: Slot, rhs: Slot) -> Bool {
            lhs.box === rhs.box || (lhs.box?.extras ?? CustomerExtras()) == (rhs.box?.extras ?? CustomerExtras())
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(box?.extras ?? CustomerExtras())
        }
    }
}
