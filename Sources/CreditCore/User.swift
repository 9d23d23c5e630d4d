/// A person or terminal that may sign in, with its role. The secret itself is
/// never kept: only a salted SHA-256 of it.
public struct User: Hashable, Sendable {
    public let name: String
    public let role: Role
    public let credential: Credential
    /// A manager's ceiling: the most `amount=` and `total=` of an override in their name may be.
    public let overrideMax: Money?

    public init(name: String, role: Role, credential: Credential, overrideMax: Money? = nil) {
        self.name = name
        self.role = role
        self.credential = credential
        self.overrideMax = overrideMax
    }
}

/// `salt` and `SHA-256(salt ‖ secret)`, both hex on the wire and in files.
public struct Credential: Hashable, Sendable, CustomStringConvertible {
    public let salt: [UInt8]
    public let digest: [UInt8]

    public init(salt: [UInt8], digest: [UInt8]) {
        self.salt = salt
        self.digest = digest
    }

    /// A new credential for `secret` with the given random salt.
    public init(secret: String, salt: [UInt8]) {
        self.init(salt: salt, digest: SHA256.hash(salt + Array(secret.utf8)))
    }

    /// Compares in constant time, so a timing attack learns nothing.
    public func matches(_ secret: String) -> Bool {
        ConstantTime.equals(SHA256.hash(salt + Array(secret.utf8)), digest)
    }

    /// `<salt hex>:<digest hex>`, the form journaled and snapshotted.
    public var description: String { SHA256.hex(salt) + ":" + SHA256.hex(digest) }

    public init?(parsing text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let salt = Credential.bytes(hex: parts[0]),
            let digest = Credential.bytes(hex: parts[1]), digest.count == 32, !salt.isEmpty
        else { return nil }
        self.init(salt: salt, digest: digest)
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
