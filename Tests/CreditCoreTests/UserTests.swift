import CreditCore
import Testing

/// Users: the server's own names are no user's; a deleted
/// user's name is retired for good and their overrides end with them.
@Suite struct UserTests {
    static let credential = Credential(secret: "s3cret", salt: [1, 2, 3])

    @Test(arguments: ["system", "SERVER", "Server", "*"])
    func reservedNames_AreRefused(name: String) {
        var books = Books()
        #expect(
            books.refusal(.addUser(name: name, role: .clerk, credential: Self.credential), as: Books.admin) == .badValue
        )
    }

    @Test func deletedName_IsNeverGivenAgain() throws {
        var books = Books()
        try books.apply(.deleteUser(name: "mo"), as: Books.admin)
        #expect(books.ledger.deletedUsers == ["mo": books.now])
        books.advance(days: 400)
        #expect(
            books.refusal(.addUser(name: "mo", role: .manager, credential: Self.credential), as: Books.admin)
                == .userExists)
    }

    /// Only overrides in the deleted user's name that have not ended; each in its customer's trail.
    @Test func deletingAManager_RevokesTheirOverridesThatStillStand() throws {
        var books = Books()
        for customer in ["C1", "C2"] {
            try books.customer(customer)
            try books.block(customer)
        }
        let phoned = try books.override("C1", for: "3d", phone: "mo", as: Books.clerk)  // OV-1: pending
        let own = try books.override("C2", for: "3d", as: Books.otherManager)  // OV-2: live
        let ended = try books.override("C2", for: "1h", as: Books.otherManager)  // OV-3: expires
        let others = try books.override("C1", for: "3d", as: Books.manager)  // OV-4: dana's
        books.advance(.hours(2))
        try books.apply(.deleteUser(name: "mo"), as: Books.admin)
        for id in [phoned.id, own.id] {
            let revocation = try #require(books.ledger.override(id)?.revoked)
            #expect(revocation == Revocation(at: books.now, by: Books.admin.name, note: "user mo was deleted"))
        }
        #expect(books.ledger.override(ended.id)?.revoked == nil)
        #expect(books.ledger.override(others.id)?.revoked == nil)
        #expect(books.ledger.customer("C1")?.history().last?.detail == #"override=OV-1 note="user mo was deleted""#)
        #expect(try books.check("C1").override == others.id)
    }

    @Test func rollback_RestoresTheUserTheRetiredNameAndTheOverrides() throws {
        var books = Books()
        try books.customer("C1")
        try books.block("C1")
        try books.override("C1", for: "3d", as: Books.otherManager)
        let before = books.ledger
        books.ledger.beginTurn()
        try books.apply(.deleteUser(name: "mo"), as: Books.admin)
        books.ledger.rollbackTurn()
        #expect(books.ledger.users == before.users)
        #expect(books.ledger.deletedUsers.isEmpty)
        #expect(books.ledger.customers == before.customers)
    }
}
