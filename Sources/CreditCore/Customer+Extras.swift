/// The fields kept in `CustomerExtras`, read without copying the others and
/// changed in place (`_modify`) once the customer holds its box alone.
extension Customer {
    /// Whether any extra may be set: false means every one is nil, empty or zero.
    var hasExtras: Bool { extras.box != nil }

    /// Lets go of extras that were made and left empty (a field cleared that was never set makes
    /// them), so that a customer with none pays nothing for them and CHECK skips them.
    mutating func dropEmptyExtras() {
        if let box = extras.box, box.extras.isEmpty { extras = CustomerExtras.Slot() }
    }

    /// The customer's own payment terms (net or end-of-month days); nil means the class default (R-COL-4).
    public var ownTerms: Terms? {
        get { extras.box?.extras.ownTerms }
        _modify { yield &extras.owned().extras.ownTerms }
    }

    /// A limit that holds until the end of its day, then the own (or class) limit comes back.
    public var temporaryLimit: TemporaryLimit? {
        get { extras.box?.extras.temporaryLimit }
        _modify { yield &extras.owned().extras.temporaryLimit }
    }

    /// The next credit review, when set by hand or by REVIEWED; nil: creation + the class interval.
    public var review: Day? {
        get { extras.box?.extras.review }
        _modify { yield &extras.owned().extras.review }
    }

    public var block: ManualBlock? {
        get { extras.box?.extras.block }
        _modify { yield &extras.owned().extras.block }
    }

    public internal(set) var payments: KeyedList<Payment> {
        get { extras.box?.extras.payments ?? [] }
        _modify { yield &extras.owned().extras.payments }
    }

    public internal(set) var overrides: PersistentList<Override> {
        get { extras.box?.extras.overrides ?? [] }
        _modify { yield &extras.owned().extras.overrides }
    }

    public internal(set) var log: PersistentList<LogEntry> {
        get { extras.box?.extras.log ?? [] }
        _modify { yield &extras.owned().extras.log }
    }

    /// Post-dated cheques and the like.
    public internal(set) var instruments: PersistentList<Instrument> {
        get { extras.box?.extras.instruments ?? [] }
        _modify { yield &extras.owned().extras.instruments }
    }

    public internal(set) var guarantees: PersistentList<Guarantee> {
        get { extras.box?.extras.guarantees ?? [] }
        _modify { yield &extras.owned().extras.guarantees }
    }

    /// Credit notes: receipts like payments, but not money received.
    public internal(set) var creditNotes: KeyedList<Payment> {
        get { extras.box?.extras.creditNotes ?? [] }
        _modify { yield &extras.owned().extras.creditNotes }
    }

    public internal(set) var promises: PersistentList<Promise> {
        get { extras.box?.extras.promises ?? [] }
        _modify { yield &extras.owned().extras.promises }
    }

    public internal(set) var plan: PaymentPlan? {
        get { extras.box?.extras.plan }
        _modify { yield &extras.owned().extras.plan }
    }

    /// Credit set aside for orders that passed CHECK and are not invoiced yet.
    public internal(set) var reservations: PersistentList<Reservation> {
        get { extras.box?.extras.reservations ?? [] }
        _modify { yield &extras.owned().extras.reservations }
    }

    /// The newest CHECK entries, kept apart from `log` so the oldest can be dropped cheaply.
    public internal(set) var checks: CheckTrail {
        get { extras.box?.extras.checks ?? CheckTrail() }
        _modify { yield &extras.owned().extras.checks }
    }

    /// The sum of pending instruments, kept as they change.
    public internal(set) var pendingInstruments: Money {
        get { extras.box?.extras.pendingInstruments ?? .zero }
        _modify { yield &extras.owned().extras.pendingInstruments }
    }

    /// Money received beyond every open item; it settles the next invoices.
    public internal(set) var credit: Money {
        get { extras.box?.extras.credit ?? .zero }
        _modify { yield &extras.owned().extras.credit }
    }

    /// Whom to speak to, and how (R-COL-10); nil: not recorded.
    public var contact: String? {
        get { extras.box?.extras.contact }
        _modify { yield &extras.owned().extras.contact }
    }

    public var phone: String? {
        get { extras.box?.extras.phone }
        _modify { yield &extras.owned().extras.phone }
    }

    public var email: String? {
        get { extras.box?.extras.email }
        _modify { yield &extras.owned().extras.email }
    }

    /// The collector who follows the customer up: a user's name (R-COL-10).
    public var owner: String? {
        get { extras.box?.extras.owner }
        _modify { yield &extras.owned().extras.owner }
    }

    /// The day the last NOTE set for the next follow-up; any later NOTE replaces it (R-COL-10).
    public internal(set) var followUp: Day? {
        get { extras.box?.extras.followUp }
        _modify { yield &extras.owned().extras.followUp }
    }
}
